/**
 * Golden vectors for the ledger format (docs/PROTOCOL.md): canonical bytes, ids,
 * signatures, a join request, a non-ASCII member name and the ledger head. The test
 * rebuilds everything from fixed keys and inputs and fails on any difference from the
 * committed file. Regenerate deliberately (a format change) with UPDATE_GOLDEN=1.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import * as ed from '$lib/core/ed25519';
import * as join from '$lib/core/membership/join';
import * as membership from '$lib/core/membership/fold';
import { bytesToHex, concatBytes, hexToBytes, sha256Hex, utf8ToBytes } from '$lib/core/bytes';
import { encodeEntry, entryId, signingBytes, verifySignature } from '$lib/core/entry';
import { CIRCLE_ID_TAG, circleIdFor, createGenesis } from '$lib/core/membership/genesis';
import { Ledger } from '$lib/core/ledger';
import { computeHead } from '$lib/core/state';
import type { CircleId, Entry, MemberKey } from '$lib/core/types';

const FILE = new URL('./vectors/ledger.json', import.meta.url);
const T = Date.UTC(2026, 2, 29, 0, 30, 0); // the night the clocks change in Europe: no matter, UTC only

const keyOf = (secretHex: string) => ({
	secret: hexToBytes(secretHex),
	key: bytesToHex(ed.publicKeyOf(hexToBytes(secretHex))) as MemberKey
});
const maya = keyOf('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const zoe = keyOf('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
const SEED = sha256Hex('golden genesis seed');
/** The circle id is bound to its founder and genesis seed (protocol v2, T19). */
const CIRCLE: CircleId = circleIdFor(maya.key, SEED);

const signed = (u: Parameters<typeof signingBytes>[0], secret: Uint8Array): Entry => ({
	...u,
	sig: bytesToHex(ed.sign(signingBytes(u), secret))
});

const build = () => {
	const l = new Ledger(CIRCLE, { founder: maya.key });
	const genesis = signed(
		createGenesis({
			founderKey: maya.key,
			founderName: 'Maya',
			name: 'Elm Street Tool Library',
			commons: 'the tools in the shed behind no. 14',
			seed: SEED,
			now: T
		}),
		maya.secret
	);
	l.add([{ entry: genesis, sigValid: true }], T);
	const ju = join.createJoinRequest({
		circle: CIRCLE,
		key: zoe.key,
		name: 'Zoë Ñúñez-Øster 梯子',
		nonce: '000102030405060708090a0b0c0d0e0f',
		now: T + 60_000
	});
	const request = { ...ju, sig: bytesToHex(ed.sign(join.joinSigningBytes(ju), zoe.secret)) };
	const admit = signed(membership.admit(l.nextFor(maya.key, T + 120_000), request), maya.secret);
	l.add([{ entry: admit, sigValid: true }], T + 120_000);
	const post = signed(
		membership.draft(l.nextFor(zoe.key, T + 120_000), 'note.post', {
			text: 'Ladder lent to no. 9 — “thanks!” 🪜'
		}),
		zoe.secret
	);
	l.add([{ entry: post, sigValid: true }], T + 120_000);
	const rename = signed(membership.rename(l.nextFor(zoe.key, T + 180_000), 'Elm St. Tools'), zoe.secret);
	l.add([{ entry: rename, sigValid: true }], T + 180_000);
	const entries = [genesis, admit, post, rename];
	return {
		description:
			'Circulate ledger golden vectors (docs/PROTOCOL.md). Keys are RFC 8032 test secrets. signing = canonical JSON (RFC 8785) of the entry without sig; canonical = with sig; id = SHA-256(canonical).',
		circle: CIRCLE,
		circleId: {
			description: 'circle = first 16 bytes of SHA-256(UTF-8(tag) || founder key || genesis seed)',
			tag: CIRCLE_ID_TAG,
			founder: maya.key,
			seed: SEED,
			hashedHex: bytesToHex(concatBytes(utf8ToBytes(CIRCLE_ID_TAG), hexToBytes(maya.key), hexToBytes(SEED)))
		},
		keys: { maya: maya.key, zoe: zoe.key },
		joinRequest: {
			value: request,
			signing: new TextDecoder().decode(join.joinSigningBytes(request)),
			signingHex: bytesToHex(join.joinSigningBytes(request))
		},
		entries: entries.map((e) => ({
			type: e.type,
			signing: new TextDecoder().decode(signingBytes(e)),
			signingHex: bytesToHex(signingBytes(e)),
			sig: e.sig,
			canonical: new TextDecoder().decode(encodeEntry(e)),
			id: entryId(e)
		})),
		state: {
			accepted: [...l.acceptedIdList],
			name: l.state().name,
			roster: [...l.state().roster],
			memberNames: l.state().roster.map((k) => l.state().members.get(k)!.name),
			head: l.state().head
		}
	};
};

describe('ledger golden vectors', () => {
	const built = build();
	if (process.env.UPDATE_GOLDEN === '1') writeFileSync(FILE, JSON.stringify(built, null, '\t') + '\n');
	const golden = JSON.parse(readFileSync(FILE, 'utf8')) as ReturnType<typeof build>;

	it('rebuilds byte for byte', () => {
		expect(built).toEqual(golden);
	});

	it('are self-consistent for another implementation: ids, signatures, head', () => {
		for (const v of golden.entries) {
			expect(bytesToHex(utf8ToBytes(v.signing))).toBe(v.signingHex);
			expect(sha256Hex(utf8ToBytes(v.canonical))).toBe(v.id);
			const entry = JSON.parse(v.canonical) as Entry;
			expect(ed.verify(hexToBytes(v.sig), utf8ToBytes(v.signing), hexToBytes(entry.author))).toBe(true);
			expect(verifySignature(entry)).toBe(true);
		}
		expect(golden.state.accepted).toEqual(golden.entries.map((v) => v.id));
		expect(computeHead(golden.circle, golden.state.accepted)).toBe(golden.state.head);
		const c = golden.circleId;
		expect(c.hashedHex).toBe(bytesToHex(utf8ToBytes(c.tag)) + c.founder + c.seed);
		expect(sha256Hex(hexToBytes(c.hashedHex)).slice(0, 32)).toBe(golden.circle);
		expect(JSON.parse(golden.entries[0]!.canonical)).toMatchObject({
			author: c.founder,
			circle: golden.circle,
			body: { seed: c.seed }
		});
		const jr = golden.joinRequest;
		expect(ed.verify(hexToBytes(jr.value.sig), hexToBytes(jr.signingHex), hexToBytes(jr.value.key))).toBe(
			true
		);
		expect(golden.state.memberNames).toContain('Zoë Ñúñez-Øster 梯子');
	});
});
