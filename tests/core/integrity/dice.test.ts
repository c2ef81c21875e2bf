/**
 * Threat model T4 and T6: nobody chooses the seed a dice ceremony brings.
 * T4: whoever writes the `seed.ceremony` entry, having seen every reveal, cannot change the
 * seed (on v1 they typed the dice digits after the reveals, and could try dice strings until
 * the seed drew whom they liked). T6: a member who withholds their reveal picks between two
 * seeds (the ceremony's and the previous one), never a third.
 */
import { describe, expect, it } from 'vitest';
import * as canonicalBytes from '../../../src/lib/core/bytes';
import * as ceremony from '$lib/core/seeds';
import type { Json } from '../../../src/lib/core/canonical';
import type { EntryId, MemberKey } from '../../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);
const CID = 'cd'.repeat(8);
const WHO = ['Maya', 'Zoë', 'Ngọc'];
const VALUES = ['11', '22', '33'].map((x) => x.repeat(32));
const DICE = ['', '1', '6616', '3526', '1'.repeat(120)];

/** Three phones commit, Maya closes; those in `revealing` reveal on the ledger. */
const opened = (revealing: readonly string[]): Scenario => {
	const s = new Scenario(T0, NAMES);
	const commitments = WHO.map((n, i) => {
		const body = ceremony.commitBody(CID, s.keyOf(n), VALUES[i]!, '2');
		s.write(n, T0 + 8 * DAY + i, ceremony.COMMIT, body);
		return { member: s.keyOf(n), commitment: body.commitment };
	});
	const close = s.id(
		s.write('Maya', T0 + 8 * DAY + 10, ceremony.CLOSE, ceremony.closeBody(CID, commitments))
	);
	WHO.forEach((n, i) => {
		if (revealing.includes(n))
			s.write(n, T0 + 8 * DAY + 20 + i, ceremony.REVEAL, ceremony.revealBody(CID, close, VALUES[i]!, '2'));
	});
	return s;
};
const closeOf = (s: Scenario): EntryId => s.fold(T0 + 8 * DAY + HOUR).ceremonies[0]!.closes[0]!.close;

/**
 * Every `seed.ceremony` body `author` could write from what they know: the reveals on the
 * ledger (plus `own`, their own value, revealed or not), any dice, and the seed by the v1 rule
 * or by the honest builder; returns the seed in force a day later for each.
 */
const outcomes = (revealing: readonly string[], author: string, own: number | null): Set<string> => {
	const seen = new Set<string>();
	const probe = opened(revealing);
	const known = probe.fold(T0 + 8 * DAY + HOUR).ceremonies[0]!.closes[0]!.reveals.slice();
	const reveals = known.slice();
	if (own !== null && !reveals.some((r) => r.member === probe.keyOf(WHO[own]!)))
		reveals.push({ member: probe.keyOf(WHO[own]!), value: VALUES[own]!, dice: '2' });
	// All reveals, only those on the ledger, or all with their dice dropped.
	const sets = [reveals, known, reveals.map((r) => ({ ...r, dice: '' }))];
	for (const set of sets)
		for (const dice of DICE) {
			const sorted = set.slice().sort((a, b) => (a.member < b.member ? -1 : 1));
			const v1 = canonicalBytes.sha256Hex(
				canonicalBytes.concatBytes(
					canonicalBytes.hexToBytes(probe.seed),
					...sorted
						.map((r) => r.value)
						.sort()
						.map(canonicalBytes.hexToBytes),
					canonicalBytes.utf8ToBytes(dice)
				)
			);
			const honest = ceremony.ceremonyBody(CID, closeOf(probe), probe.seed, sorted).seed;
			for (const seed of [v1, honest]) {
				const s = opened(revealing);
				s.write(author, T0 + 8 * DAY + HOUR, ceremony.CEREMONY, {
					ceremony: CID,
					close: closeOf(s),
					reveals: sorted as unknown as Json,
					dice,
					seed
				});
				seen.add(s.fold(T0 + 9 * DAY).seeds.at(-1)!.seed);
			}
		}
	return seen;
};

describe('a dice ceremony’s seed is nobody’s choice', () => {
	it('T4: the writer of the ceremony entry, having seen every reveal, cannot change the seed', () => {
		const seeds = outcomes(WHO, 'Maya', 0);
		// A body that does not complete the ceremony leaves the previous seed (anyone can then
		// write the right one); every body that completes it gives the same seed.
		seeds.delete(opened(WHO).seed);
		expect(seeds.size).toBe(1);
	});

	it('the dice are rolled before anyone reveals: committed with a value, shown with its reveal', () => {
		const s = opened(WHO);
		const st = s.fold(T0 + 8 * DAY + HOUR);
		expect(st.ceremonies[0]!.closes[0]!.reveals.map((r) => r.dice)).toEqual(['2', '2', '2']);
		// A reveal whose dice differ from the committed ones does not match its commitment.
		const t = opened(['Maya', 'Zoë']);
		t.write(
			'Ngọc',
			T0 + 8 * DAY + 30,
			ceremony.REVEAL,
			ceremony.revealBody(CID, closeOf(t), VALUES[2]!, '5')
		);
		expect(t.fold(T0 + 8 * DAY + HOUR).rejected.map((r) => r.code)).toEqual(['reveal-mismatch']);
	});

	it('T6: a withholder picks between the previous seed and the ceremony’s, never a third', () => {
		const full = opened(WHO);
		const st = full.fold(T0 + 8 * DAY + HOUR);
		full.write(
			'Zoë',
			T0 + 8 * DAY + HOUR,
			ceremony.CEREMONY,
			ceremony.ceremonyBody(CID, closeOf(full), full.seed, st.ceremonies[0]!.closes[0]!.reveals)
		);
		const next = full.fold(T0 + 9 * DAY).seeds.at(-1)!.seed;
		// Ngọc has seen Maya's and Zoë's values and withholds hers; whatever ceremony entry she or
		// anyone writes, the seed is the previous one or the ceremony's.
		const withheld = opened(['Maya', 'Zoë']);
		expect(withheld.fold(T0 + 8 * DAY + HOUR).ceremonies[0]!.closes[0]!.ready).toBe(false);
		for (const [author, own] of [
			['Ngọc', 2],
			['Maya', null]
		] as const)
			for (const seed of outcomes(['Maya', 'Zoë'], author, own))
				expect([withheld.seed, next]).toContain(seed);
		// Without her reveal the ceremony does not complete: the seed in force stays the previous one.
		withheld.write('Maya', T0 + 8 * DAY + HOUR, ceremony.CEREMONY, {
			ceremony: CID,
			close: closeOf(withheld),
			reveals: withheld.fold(T0 + 8 * DAY + HOUR).ceremonies[0]!.closes[0]!.reveals as unknown as Json,
			seed: next
		});
		const after = withheld.fold(T0 + 9 * DAY);
		expect(after.seeds.at(-1)!.seed).toBe(withheld.seed);
		expect(after.rejected.map((r) => r.code)).toContain('reveals-missing');
	});
});

describe('the worked example of seeds.md', () => {
	it('commitments and seed', () => {
		const maya = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' as MemberKey;
		const zoe = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c' as MemberKey;
		const cid = 'abababababababab';
		const previous = 'd034f219e7acbe2c243cfdd68b67713cc0bb6688db60a668217dc0ce48cfc070';
		const reveals = [
			{ member: maya, value: '11'.repeat(32), dice: '6621' },
			{ member: zoe, value: '22'.repeat(32), dice: '' }
		];
		expect(ceremony.commitmentFor(cid, maya, reveals[0]!.value, '6621')).toBe(
			'dde47c2cede597d00d46b531f3fb522568c6af0b4a685edb7e1b9486c9de3f71'
		);
		expect(ceremony.commitmentFor(cid, zoe, reveals[1]!.value, '')).toBe(
			'544b135f160ad78eccfeedb70a3934007ce435e5d5d4f5a0a86c937a8723ec53'
		);
		const close = 'cd'.repeat(32) as EntryId;
		const body = ceremony.ceremonyBody(cid, close, previous, reveals);
		expect(body.seed).toBe('eb98ad0c957e9af2bf69f10d14ea6ac438ba027d5d0e9c5fc6eb29d8c0811a01');
		expect(body.reveals.map((r) => r.member)).toEqual([zoe, maya]);
	});
});
