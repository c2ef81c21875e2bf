/**
 * Sealing the room secret to each member (device/room-secret.ts; threat-model T22): a box opens
 * only with its member's key, a removed member (no box) cannot open the new secret, and any
 * tampering is detected with a code.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { decodeRekey } from '$lib/core/settings';
import { openRoomSecret, sealRoomSecret } from '$lib/device/room-secret';
import * as ed from '$lib/core/ed25519';
import type { CircleId, MemberKey } from '$lib/core/types';
import { CIRCLE, OTHER_CIRCLE, person } from '../core/helpers';

const maya = person('Maya');
const ravi = person('Ravi');
const zoe = person('Zoë');
const me = (p: typeof maya) => ({ publicKey: p.key, secretKey: p.secret });
const bytes = (tag: string) => sha256Bytes(utf8ToBytes(tag));
const SECRET = bytes('room secret');

const seal = (recipients = [maya.key, ravi.key], circle: CircleId = CIRCLE) =>
	sealRoomSecret({ circle, secret: SECRET, ephemeral: bytes('ephemeral'), recipients });

const flip = (hex: string, at: number) => {
	const b = hexToBytes(hex);
	b[at] = b[at]! ^ 1;
	return bytesToHex(b);
};

describe('the room secret, sealed to each member', () => {
	it('each recipient opens the same secret with their own key', () => {
		const r = seal();
		expect(decodeRekey(r).ok).toBe(true);
		expect(openRoomSecret(CIRCLE, r, me(maya))).toEqual({ ok: true, secret: bytesToHex(SECRET) });
		expect(openRoomSecret(CIRCLE, r, me(ravi))).toEqual({ ok: true, secret: bytesToHex(SECRET) });
	});

	it('a removed member (no box) cannot open it', () => {
		expect(openRoomSecret(CIRCLE, seal(), me(zoe))).toEqual({ ok: false, code: 'secret-box-not-yours' });
	});

	it('a box opens only with the right member key: someone else’s box under one’s own name does not', () => {
		const r = seal();
		const stolen = { epk: r.epk, sealed: { [zoe.key]: r.sealed[ravi.key]! } };
		expect(openRoomSecret(CIRCLE, stolen, me(zoe))).toEqual({ ok: false, code: 'secret-box-tampered' });
		// Zoë's secret key with Ravi's public key (she claims to be Ravi): no.
		expect(openRoomSecret(CIRCLE, r, { publicKey: ravi.key, secretKey: zoe.secret })).toEqual({
			ok: false,
			code: 'secret-box-tampered'
		});
	});

	it('tampering with the box, the ephemeral key or the circle is detected', () => {
		const r = seal();
		for (const at of [0, 31, 32, 47])
			expect(
				openRoomSecret(
					CIRCLE,
					{ ...r, sealed: { ...r.sealed, [maya.key]: flip(r.sealed[maya.key]!, at) } },
					me(maya)
				)
			).toEqual({ ok: false, code: 'secret-box-tampered' });
		expect(openRoomSecret(CIRCLE, { ...r, epk: flip(r.epk, 3) }, me(maya))).toEqual({
			ok: false,
			code: 'secret-box-tampered'
		});
		expect(openRoomSecret(CIRCLE, { ...r, epk: '00'.repeat(32) }, me(maya))).toEqual({
			ok: false,
			code: 'secret-box-tampered'
		});
		expect(openRoomSecret(OTHER_CIRCLE, r, me(maya))).toEqual({ ok: false, code: 'secret-box-tampered' });
	});

	it('a fresh ephemeral key gives unrelated boxes for the same secret', () => {
		const a = seal();
		const b = sealRoomSecret({
			circle: CIRCLE,
			secret: SECRET,
			ephemeral: bytes('other'),
			recipients: [maya.key]
		});
		expect(b.epk).not.toBe(a.epk);
		expect(b.sealed[maya.key]).not.toBe(a.sealed[maya.key]);
		expect(openRoomSecret(CIRCLE, b, me(maya))).toEqual({ ok: true, secret: bytesToHex(SECRET) });
	});

	it('gives the worked example of docs/protocol/settings.md byte for byte', () => {
		const seed = new Uint8Array(32).fill(1);
		const key = bytesToHex(ed.publicKeyOf(seed)) as MemberKey;
		expect(key).toBe('8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c');
		const circle = 'c1'.repeat(16) as CircleId;
		const r = sealRoomSecret({
			circle,
			secret: new Uint8Array(32).fill(0x5e),
			ephemeral: new Uint8Array(32).fill(2),
			recipients: [key]
		});
		expect(r).toEqual({
			epk: 'ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59',
			sealed: {
				[key]:
					'902b629ad9faf52dcebdf856c120946d5e726f377c0ed326e0f4258046a3226dc93745409186af80d126e50953147f6f'
			}
		});
		expect(openRoomSecret(circle, r, { publicKey: key, secretKey: seed })).toEqual({
			ok: true,
			secret: '5e'.repeat(32)
		});
	});
});
