import { describe, expect, it } from 'vitest';
import { bytesToHex } from '$lib/core/bytes';
import { createJoinRequest, signJoinRequest, verifyJoinRequest } from '$lib/core/membership/join';
import type { CircleId, EntryId, MemberKey } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import * as invite from '$lib/sync/invite';

const INVITE: invite.Invite = {
	circle: '0123456789abcdef0123456789abcdef' as CircleId,
	secret: 'ff'.repeat(32),
	genesis: 'e0'.repeat(32) as EntryId,
	name: 'Elm St Tools — Zoë’s shed'
};

describe('invites', () => {
	it('round-trip through the link and the bare code', () => {
		const link = invite.inviteLink('https://circulate.example/', INVITE);
		expect(link).toMatch(/^https:\/\/circulate\.example\/join#CI1:[A-Z2-7]+$/);
		expect(link.length).toBeLessThan(300);
		expect(invite.parseInvite(link)).toEqual(INVITE);
		expect(invite.parseInvite(invite.encodeInvite(INVITE))).toEqual(INVITE);
		expect(invite.parseInvite(` ${link.replace('#', '%23').replace('%23', '#')} `)).toEqual(INVITE);
	});

	it('carry who invites, the commons and the members count, and read without them', () => {
		const full = { ...INVITE, from: 'Maya', commons: 'the tools in the shed behind no. 14', members: 7 };
		const link = invite.inviteLink('https://circulate.example', full);
		expect(link.length).toBeLessThan(300);
		expect(invite.parseInvite(link)).toEqual(full);
		// an older invite (no tail) reads as before
		expect(invite.parseInvite(invite.encodeInvite(INVITE))).toEqual(INVITE);
		// a long commons is cut, on a character, with an ellipsis
		const long = invite.parseInvite(invite.encodeInvite({ ...full, commons: 'ü'.repeat(200) }));
		expect(new TextEncoder().encode(long.commons).length).toBeLessThanOrEqual(invite.INVITE_COMMONS_MAX);
		expect(long.commons).toMatch(/^ü+…$/);
		expect(invite.parseInvite(invite.encodeInvite({ ...full, from: '', commons: '' }))).toEqual({
			...INVITE,
			from: '',
			commons: '',
			members: 7
		});
	});

	it('say clearly when a QR code is not an invite', () => {
		const table: [string, RegExp][] = [
			['https://example.org/menu', /^This QR code is not a Circulate invite\.$/],
			['CO1:ABCDEF', /not a Circulate invite/],
			['CI9:ABCDEF', /newer Circulate/],
			['CI1:AB', /does not read/],
			['CI1:0000', /does not read/]
		];
		for (const [t, re] of table) expect(() => invite.parseInvite(t), t).toThrow(re);
	});

	it('join requests travel as a code and keep their signature', async () => {
		const pair = await ed.generateKeyPair();
		const unsigned = createJoinRequest({
			circle: INVITE.circle,
			key: pair.publicKey as MemberKey,
			name: 'Ravi',
			nonce: bytesToHex(new Uint8Array(16).fill(3)),
			now: 1_763_900_000_000
		});
		const req = await signJoinRequest(unsigned, (m) => ed.sign(pair.secretKey, m));
		const code = invite.encodeJoinRequest(req);
		expect(code).toMatch(/^CJ1:[A-Z2-7]+$/);
		expect(code.length).toBeLessThan(300);
		const back = invite.parseJoinRequest(code.toLowerCase());
		expect(back).toEqual(req);
		expect(verifyJoinRequest(back)).toBe(true);
		expect(() => invite.parseJoinRequest(invite.inviteLink('https://x.example', INVITE))).toThrow(
			/circle’s invite/
		);
		expect(() => invite.parseJoinRequest('hello')).toThrow(/not a Circulate join request/);
		expect(() => invite.parseJoinRequest(code.slice(0, 100))).toThrow(/does not read/);
	});
});
