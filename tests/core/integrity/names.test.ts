/**
 * Threat model T34 (docs/protocol/threat-model.md): names checked exactly as the protocol says.
 * A modified app signs a genesis, a rename or a join request whose names carry a direction
 * override, an invisible character, a control character, or text that is not trimmed or not in
 * NFC. Before v2 readers checked all of it only for join requests (and only C0 controls and DEL):
 * a genesis or a rename with such a name was accepted, and a right-to-left override in a member's
 * name made it read as another. Every phone now refuses each of them with a code; honest names in
 * any script, with emoji joiners and flags, still pass.
 *
 * Entries are built field by field, as a modified app would; the writers' own refusals are
 * checked too.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '$lib/core/ledger';
import * as membership from '$lib/core/membership/fold';
import { createGenesis } from '$lib/core/membership/genesis';
import * as join from '$lib/core/membership/join';
import * as ed from '$lib/core/ed25519';
import { bytesToHex } from '$lib/core/bytes';
import { entryId } from '$lib/core/entry';
import type { CircleId, Entry, Millis } from '$lib/core/types';
import { T0, arrival, person, refusalOf, sign, type Person } from '../helpers';

const MIN = 60_000;
const maya = person('Maya', 'names');
const ana = person('Ana', 'names');

/** A bound genesis with these texts, signed as any app can (no writer's check). */
const genesisWith = (texts: { name?: string; commons?: string; founder?: string }): Entry => {
	const honest = createGenesis({
		founderKey: maya.key,
		founderName: 'Maya',
		name: 'Elm Street Tools',
		commons: 'the shed',
		seed: 'ab'.repeat(32),
		now: T0
	});
	return sign({ ...honest, body: { ...honest.body, ...texts } }, maya);
};

const CIRCLE: CircleId = genesisWith({}).circle;

const verdictOf = (l: Ledger, e: Entry) => {
	const v = l.verdict(entryId(e));
	if (v?.status !== 'quarantined') return v?.status;
	return `${v.reason}/${v.detail ?? ''}/${String(v.params?.problem ?? '')}`;
};

/** A join request signed by `p` under exactly `name` (a modified app skips the writer's check). */
const requestNamed = (p: Person, name: string, at: Millis): join.JoinRequest => {
	const u: join.UnsignedJoinRequest = {
		v: 1,
		kind: join.JOIN_KIND,
		circle: CIRCLE,
		key: p.key,
		name,
		nonce: bytesToHex(new Uint8Array(16).fill(at % 251)),
		time: at
	};
	return { ...u, sig: bytesToHex(ed.sign(join.joinSigningBytes(u), p.secret)) };
};

/** Bad texts, what each hides, and the code a reader gives for it in a name. */
const BAD: [string, string, string][] = [
	['right-to-left override', 'Maya\u202Egnp.exe', 'control'],
	['left-to-right isolate', '\u2066Maya\u2069', 'control'],
	['right-to-left mark', 'Ma\u200Fya', 'control'],
	['zero width space', 'Ma\u200Bya', 'control'],
	['byte order mark', 'Ma\uFEFFya', 'control'],
	['soft hyphen', 'Ma\u00ADya', 'control'],
	['C1 control (NEL)', 'Ma\u0085ya', 'control'],
	['line separator', 'Ma\u2028ya', 'control'],
	['tab', 'Ma\tya', 'control'],
	['not NFC (e + combining diaeresis)', 'Zoe\u0308', 'text-not-nfc'],
	['not trimmed', ' Maya', 'surrounding-spaces']
];

const GOOD = ['Zoë', 'Ngọc', 'İlkay', 'محمد', 'זואי', '梯子', 'می‌خواهم', '👩‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️'];

describe('T34: names are checked exactly as the protocol says', () => {
	it.each(BAD)('a genesis whose circle name has a %s founds nothing', (_, text, code) => {
		const g = genesisWith({ name: text });
		const l = new Ledger(CIRCLE);
		l.add([arrival(g)], T0 + MIN);
		expect(l.state().founded).toBe(false);
		expect(verdictOf(l, g)).toBe(
			`invalid-body/genesis-naming/${code === 'control' ? 'circle-name-control' : code}`
		);
	});

	it.each(BAD)('a genesis whose founder name has a %s founds nothing', (_, text, code) => {
		const g = genesisWith({ founder: text });
		const l = new Ledger(CIRCLE);
		l.add([arrival(g)], T0 + MIN);
		expect(verdictOf(l, g)).toBe(
			`invalid-body/genesis-naming/${code === 'control' ? 'member-name-control' : code}`
		);
	});

	it.each(BAD)('a genesis whose commons has a %s founds nothing', (_, text, code) => {
		const g = genesisWith({ commons: `the shed ${text}`.trimStart() });
		const l = new Ledger(CIRCLE);
		l.add([arrival(g)], T0 + MIN);
		// " Maya" inside the commons is not at its start: only the characters count there.
		const expected = code === 'control' ? 'commons-control' : code === 'surrounding-spaces' ? null : code;
		expect(verdictOf(l, g)).toBe(expected ? `invalid-body/genesis-naming/${expected}` : 'accepted');
	});

	it.each(BAD)('a rename to a name with a %s changes nothing', (_, text, code) => {
		const l = new Ledger(CIRCLE);
		l.add([arrival(genesisWith({}))], T0);
		const slot = l.nextFor(maya.key, T0 + MIN);
		const e = sign(membership.draft(slot, membership.RENAME, { name: text }), maya);
		l.add([arrival(e)], T0 + MIN);
		expect(l.state().name).toBe('Elm Street Tools');
		expect(verdictOf(l, e)).toBe(
			`invalid-body/rename-naming/${code === 'control' ? 'circle-name-control' : code}`
		);
	});

	it.each(BAD)('an admission of a joiner named with a %s admits nobody', (_, text) => {
		const l = new Ledger(CIRCLE);
		l.add([arrival(genesisWith({}))], T0);
		const r = requestNamed(ana, text, T0 + MIN);
		const slot = l.nextFor(maya.key, T0 + MIN);
		const e = sign(
			membership.draft(slot, membership.ADMIT, { member: ana.key, name: text, request: r }),
			maya
		);
		l.add([arrival(e)], T0 + MIN);
		expect(l.state().roster).toEqual([maya.key]);
		expect(verdictOf(l, e)).toBe('invalid-body/admit-request-unusable/join-name');
	});

	it('writers refuse or normalise the same texts', () => {
		const genesis = (over: { name?: string; founderName?: string; commons?: string }) =>
			refusalOf(() =>
				createGenesis({
					founderKey: maya.key,
					founderName: 'Maya',
					name: 'Elm',
					commons: '',
					seed: 'ab'.repeat(32),
					now: T0,
					...over
				})
			);
		expect(genesis({ name: 'Elm\u202E' })).toEqual({ code: 'circle-name-control' });
		expect(genesis({ founderName: 'Ma\u200Bya' })).toEqual({ code: 'member-name-control' });
		expect(genesis({ commons: 'shed\u2066' })).toEqual({ code: 'commons-control' });
		const g = createGenesis({
			founderKey: maya.key,
			founderName: ' Zoe\u0308 ',
			name: ' Caf\u0065\u0301 ',
			commons: ' the shed ',
			seed: 'ab'.repeat(32),
			now: T0
		});
		expect(g.body).toMatchObject({ founder: 'Zoë', name: 'Café', commons: 'the shed' });
		const l = new Ledger(g.circle);
		l.add([arrival(sign(g, maya))], T0);
		expect(l.state().founded).toBe(true);
		const slot = l.nextFor(maya.key, T0 + MIN);
		expect(refusalOf(() => membership.rename(slot, 'Elm\u2067'))).toEqual({ code: 'circle-name-control' });
		expect(
			refusalOf(() =>
				join.createJoinRequest({
					circle: CIRCLE,
					key: ana.key,
					name: 'A\u202Ena',
					nonce: 'ab'.repeat(16),
					now: T0
				})
			)
		).toEqual({ code: 'member-name-control' });
		// A lone surrogate cannot be signed at all (canonical bytes refuse it); typed, it is refused too.
		expect(genesis({ founderName: 'Ma\uD800ya' })).toEqual({ code: 'member-name-control' });
	});

	it.each(GOOD)('honest names pass everywhere: %s', (name) => {
		const g = genesisWith({ name, founder: name, commons: name });
		const l = new Ledger(CIRCLE);
		l.add([arrival(g)], T0);
		expect(verdictOf(l, g)).toBe('accepted');
		const r = requestNamed(ana, name, T0 + MIN);
		expect(join.decodeJoinRequest(r)).toEqual(r);
		const e = sign(
			membership.draft(l.nextFor(maya.key, T0 + MIN), membership.ADMIT, {
				member: ana.key,
				name,
				request: r
			}),
			maya
		);
		l.add([arrival(e)], T0 + MIN);
		expect(verdictOf(l, e)).toBe('accepted');
	});
});
