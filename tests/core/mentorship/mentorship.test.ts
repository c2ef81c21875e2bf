/**
 * The mentorship inversion through the real ledger: the pairs (newest teaches most senior, pairs
 * the last audit found close skipped) pinned by tests/core/vectors/mentorship.json (regenerate only
 * on purpose: UPDATE_VECTORS=1); sessions and reflections, with the attacks a modified app could
 * try beside each rule; any delivery order gives the same view.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as ms from '$lib/core/mentorship';
import * as pa from '$lib/core/pairaudit';
import { mentorship } from '$lib/core/domains';
import { openCircle } from '$lib/core/circle';
import type { MemberKey, Millis } from '$lib/core/types';
import { DAY, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli', 'Fay'];
const T0 = utc(2025, 3, 3, 9);
const Q1 = T0 + 100 * DAY;
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const FILE = new URL('../vectors/mentorship.json', import.meta.url);

const viewOf = (s: Scenario, now: Millis) => s.open().view<ms.MentorshipView>(mentorship, now);
const codes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);
const named = (s: Scenario, pairs: readonly (readonly [MemberKey, MemberKey])[]) =>
	pairs.map(([a, b]) => `${s.names.get(a)}→${s.names.get(b)}`);

describe('the mentorship inversion', () => {
	it('pairs the newest with the most senior, the next newest with the next most senior', () => {
		const s = new Scenario(T0, NAMES); // joined in this order, a minute apart
		const v = viewOf(s, Q1);
		expect(
			named(
				s,
				v.pairs.map((p) => [p.mentor, p.apprentice])
			)
		).toEqual(['Fay→Ama', 'Eli→Bo', 'Dee→Cyd']);
		expect(v.skipped).toEqual([]);
		expect(v.year).toBe(0);
	});

	it('two admitted at one instant (one witness released both): the later admitted is the newer', () => {
		// Keys chosen so that key order says the opposite of admission order.
		const at = T0 + DAY;
		const members = [
			{ key: 'aa'.repeat(32) as MemberKey, since: T0, admitted: 0 },
			{ key: 'bb'.repeat(32) as MemberKey, since: T0 + 60_000, admitted: 1 },
			{ key: 'ff'.repeat(32) as MemberKey, since: at, admitted: 2 },
			{ key: 'cc'.repeat(32) as MemberKey, since: at, admitted: 3 }
		];
		expect(ms.inversionPairs(members, []).pairs).toEqual([
			['cc'.repeat(32), 'aa'.repeat(32)],
			['ff'.repeat(32), 'bb'.repeat(32)]
		]);
	});

	it('skips a pair the last counted audit found already close', () => {
		const s = new Scenario(T0, NAMES);
		const k = (n: string) => s.keyOf(n);
		const interviews = new Map<MemberKey, pa.Interview>([
			[k('Fay'), { work: [k('Ama')], outside: [], rarely: [] }],
			[k('Eli'), { work: [], outside: [k('Ama')], rarely: [] }]
		]);
		const t = s.write('Cyd', Q1, pa.TIES, pa.aggregate(1, NAMES.map(k), interviews));
		s.write('Eli', Q1 + DAY, pa.AGREE, pa.agreeBody(s.id(t)));
		const v = viewOf(s, Q1 + 2 * DAY);
		expect(
			named(
				s,
				v.pairs.map((p) => [p.mentor, p.apprentice])
			)
		).toEqual(['Fay→Bo', 'Eli→Cyd', 'Dee→Ama']);
		expect(named(s, v.skipped)).toEqual(['Fay→Ama', 'Eli→Ama']);
		expect(v.audit).toBe(s.id(t));
	});

	it('logs sessions and one reflection each; attacks are refused with a code', () => {
		const s = new Scenario(T0, NAMES);
		const [fay, ama, bo] = [s.keyOf('Fay'), s.keyOf('Ama'), s.keyOf('Bo')];
		const at = Q1;
		s.write(
			'Fay',
			at,
			ms.SESSION,
			ms.sessionBody({ mentor: fay, apprentice: ama, on: at, taught: 'Fixing the bike pump' })
		);
		s.write(
			'Ama',
			at + DAY,
			ms.SESSION,
			ms.sessionBody({ mentor: fay, apprentice: ama, on: at, taught: 'The sign-up sheet' })
		);
		// Attacks: a third party logs for them; the senior "teaches" the newest; dated ahead; no pair.
		s.write(
			'Bo',
			at + DAY,
			ms.SESSION,
			ms.sessionBody({ mentor: fay, apprentice: ama, on: at, taught: 'x' })
		);
		s.write(
			'Ama',
			at + DAY,
			ms.SESSION,
			ms.sessionBody({ mentor: ama, apprentice: fay, on: at, taught: 'x' })
		);
		s.write('Fay', at + DAY, ms.SESSION, { mentor: fay, apprentice: ama, on: at + 2 * DAY, taught: 'x' });
		s.write('Fay', at + DAY, ms.SESSION, { mentor: fay, apprentice: fay, on: at, taught: 'x' });
		s.write(
			'Fay',
			at + 2 * DAY,
			ms.REFLECT,
			ms.reflectBody({ mentor: fay, apprentice: ama, again: 'yes', note: 'Fun' })
		);
		s.write('Ama', at + 2 * DAY, ms.REFLECT, ms.reflectBody({ mentor: fay, apprentice: ama, again: 'no' }));
		s.write('Fay', at + 3 * DAY, ms.REFLECT, ms.reflectBody({ mentor: fay, apprentice: ama, again: 'no' })); // twice
		s.write('Bo', at + 3 * DAY, ms.REFLECT, ms.reflectBody({ mentor: fay, apprentice: ama, again: 'no' }));
		s.write('Fay', at + 3 * DAY, ms.REFLECT, { mentor: fay, apprentice: ama, again: 'maybe' });
		expect(codes(s, at + 4 * DAY)).toEqual([
			'mentorship-not-pair',
			'mentorship-direction',
			'mentorship-date',
			'mentorship-self',
			'mentorship-reflected',
			'mentorship-not-pair',
			'mentorship-again'
		]);
		const v = viewOf(s, at + 4 * DAY);
		const pair = v.pairs.find((p) => p.mentor === fay)!;
		expect(pair.sessions.map((x) => x.taught)).toEqual(['Fixing the bike pump', 'The sign-up sheet']);
		expect(pair.reflections.map((r) => [s.names.get(r.by), r.again, r.note])).toEqual([
			['Fay', 'yes', 'Fun'],
			['Ama', 'no', '']
		]);
		expect(bo).toBeTruthy();
	});

	it('a new year starts fresh: last year’s sessions move to the earlier list', () => {
		const s = new Scenario(T0, NAMES);
		const [fay, ama] = [s.keyOf('Fay'), s.keyOf('Ama')];
		s.write('Fay', Q1, ms.SESSION, ms.sessionBody({ mentor: fay, apprentice: ama, on: Q1, taught: 'Pump' }));
		const v = viewOf(s, T0 + 400 * DAY);
		expect(v.year).toBe(1);
		expect(v.pairs.every((p) => p.sessions.length === 0)).toBe(true);
		expect(v.earlier.map((x) => x.taught)).toEqual(['Pump']);
	});

	it('any delivery order gives the same view (property)', () => {
		const s = new Scenario(T0, NAMES);
		const [fay, ama, eli, bo] = [s.keyOf('Fay'), s.keyOf('Ama'), s.keyOf('Eli'), s.keyOf('Bo')];
		s.write('Fay', Q1, ms.SESSION, ms.sessionBody({ mentor: fay, apprentice: ama, on: Q1, taught: 'Pump' }));
		s.write(
			'Bo',
			Q1 + 1,
			ms.SESSION,
			ms.sessionBody({ mentor: eli, apprentice: bo, on: Q1, taught: 'Rota' })
		);
		s.write('Ama', Q1 + 2, ms.REFLECT, ms.reflectBody({ mentor: fay, apprentice: ama, again: 'yes' }));
		s.write('Ama', Q1 + 3, ms.REFLECT, ms.reflectBody({ mentor: fay, apprentice: ama, again: 'no' }));
		const now = Q1 + DAY;
		const want = JSON.stringify(viewOf(s, now));
		fc.assert(
			fc.property(fc.shuffledSubarray(s.entries, { minLength: s.entries.length }), (order) => {
				const c = openCircle(s.circle, { verifyJoin: () => true });
				c.add(
					order.map((entry) => ({ entry, sigValid: true })),
					now
				);
				expect(JSON.stringify(c.view(mentorship, now))).toBe(want);
			}),
			{ numRuns: 20, ...SEED }
		);
	});

	it('matches tests/core/vectors/mentorship.json', () => {
		const key = (i: number) => i.toString(16).padStart(64, '0') as MemberKey;
		const roster = (n: number, same = false) =>
			Array.from({ length: n }, (_, i) => ({ key: key(i + 1), since: same ? 0 : (n - i) * 1000 }));
		const tie = (a: number, b: number): pa.Tie => [key(Math.min(a, b)), key(Math.max(a, b)), 1];
		const cases = [
			{ name: 'six, nobody close', members: roster(6), close: [] as pa.Tie[] },
			{ name: 'seven, odd one out', members: roster(7), close: [] },
			{ name: 'six, newest close to the two most senior', members: roster(6), close: [tie(1, 6), tie(1, 5)] },
			{ name: 'four founded together (key order)', members: roster(4, true), close: [tie(1, 4)] },
			{ name: 'everyone close', members: roster(3), close: [tie(1, 2), tie(1, 3), tie(2, 3)] }
		];
		const short = (k: string) => Number.parseInt(k, 16);
		const got = {
			about:
				'Golden mentorship pairs (tests/core/mentorship/mentorship.test.ts). Members key(i) joined at since. Regenerate only on purpose: UPDATE_VECTORS=1.',
			cases: cases.map((c) => {
				const p = ms.inversionPairs(c.members, c.close);
				return {
					name: c.name,
					pairs: p.pairs.map(([a, b]) => [short(a), short(b)]),
					skipped: p.skipped.map(([a, b]) => [short(a), short(b)])
				};
			})
		};
		if (process.env.UPDATE_VECTORS === '1' || !existsSync(FILE))
			writeFileSync(FILE, JSON.stringify(got, null, '\t') + '\n');
		expect(got).toEqual(JSON.parse(readFileSync(FILE, 'utf8')));
	});
});
