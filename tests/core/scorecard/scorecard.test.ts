/**
 * The sovereignty scorecard, through the real ledger: purchases avoided from the library (once per
 * borrower, category and year), shared meals from the mirror, records that count once another
 * member seconds them, the local-autonomy ratio and sufficiency rounds, month by month. Attacks by
 * a member with a modified app sit beside each rule. A failing property prints its seed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as sc from '$lib/core/scorecard';
import * as lib from '$lib/core/library';
import * as rc from '$lib/core/reciprocity';
import { scorecard } from '$lib/core/domains';
import type { Entry, EntryId, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee'];
const T0 = utc(2025, 3, 3, 9);
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const viewOf = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries): sc.ScorecardView =>
	s.open(entries).view<sc.ScorecardView>(scorecard, now);
const codes = (s: Scenario, now: Millis) =>
	s
		.open(s.entries)
		.state(now)
		.rejected.map((r) => r.code);

const item = (s: Scenario, name: string, category: string, value: number): EntryId =>
	s.id(s.write('Ama', T0 + HOUR, lib.ITEM, lib.itemBody({ name, category, keeper: s.keyOf('Ama'), value })));
const borrow = (s: Scenario, it: EntryId, who: string, at: Millis, back = at + 2 * DAY) => {
	const lend = s.write('Ama', at, lib.LEND, lib.lendBody(it, s.keyOf(who), at, 7));
	s.write(who, at + 60_000, lib.RECEIVE, lib.receiveBody(s.id(lend)));
	s.write(who, back, lib.RETURN, lib.returnBody(s.id(lend), back));
};

describe('the scorecard', () => {
	it('a borrowed tool is a purchase avoided, once per borrower, category and year', () => {
		const s = new Scenario(T0, NAMES);
		const drill = item(s, 'Cordless drill', 'Power tools', 120);
		const saw = item(s, 'Jigsaw', 'Power tools', 90);
		const ladder = item(s, 'Ladder', 'Ladders', 60);
		borrow(s, drill, 'Bo', T0 + DAY);
		borrow(s, saw, 'Bo', T0 + 5 * DAY); // the same category, the same year: not again
		borrow(s, ladder, 'Bo', T0 + 10 * DAY);
		borrow(s, drill, 'Cyd', T0 + 40 * DAY);
		borrow(s, drill, 'Bo', utc(2026, 1, 10, 9)); // a new year
		const v = viewOf(s, utc(2026, 2, 1));
		expect(v.totals).toMatchObject({ purchasesAvoided: 4, valueAvoided: 120 + 60 + 120 + 120 });
		expect(v.avoided.map((a) => [s.names.get(a.borrower), a.category, a.year])).toEqual([
			['Bo', 'Power tools', 2026],
			['Cyd', 'Power tools', 2025],
			['Bo', 'Ladders', 2025],
			['Bo', 'Power tools', 2025]
		]);
		expect(v.months.map((m) => m.month)).toEqual([
			'2025-03',
			'2025-04',
			'2025-05',
			'2025-06',
			'2025-07',
			'2025-08',
			'2025-09',
			'2025-10',
			'2025-11',
			'2025-12',
			'2026-01',
			'2026-02'
		]);
		expect(v.months[0]).toMatchObject({ purchasesAvoided: 2, valueAvoided: 180 });
		expect(v.months[1]).toMatchObject({ purchasesAvoided: 1, valueAvoided: 120 });
		// Not before the borrower confirmed the handover.
		const s2 = new Scenario(T0, NAMES);
		const d2 = item(s2, 'Drill', 'Tools', 100);
		s2.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(d2, s2.keyOf('Bo'), T0 + DAY, 7));
		expect(viewOf(s2, T0 + 2 * DAY).totals.purchasesAvoided).toBe(0);
	});

	it('records count once another member seconds them; the autonomy ratio; rounds; meals from the mirror', () => {
		const s = new Scenario(T0, NAMES);
		const at = T0 + DAY;
		const rec = (b: Parameters<typeof sc.recordBody>[0], by = 'Ama') =>
			s.id(s.write(by, at, sc.RECORD, sc.recordBody(b)));
		const dep = rec({ kind: 'dependency', what: 'Compost from our own bins', on: at });
		const rep = rec({ kind: 'repair', what: 'Mended the wheelbarrow', on: at });
		const d1 = rec({ kind: 'decision', what: 'Open on Sundays', on: at, outside: false });
		const d2 = rec({ kind: 'decision', what: 'A shed on the council lot', on: at, outside: true });
		const round = s.id(
			s.write(
				'Bo',
				at,
				sc.ROUND,
				sc.roundBody({
					answers: { tools: 'yes', time: 'partly', skills: 'yes', care: 'no', space: 'partly' },
					on: at
				})
			)
		);
		s.write(
			'Cyd',
			at,
			rc.RECORD,
			rc.recordBody({ kind: 'meals', amount: 6, giver: s.keyOf('Bo'), receiver: s.keyOf('Cyd'), on: at })
		);
		let v = viewOf(s, at + HOUR);
		expect(v.totals).toMatchObject({ dependencies: 0, repairs: 0, decisions: 0, meals: 6 });
		expect(v.pending).toHaveLength(5);
		for (const id of [dep, rep, d1, d2, round]) s.write('Dee', at + HOUR, sc.SECOND, sc.secondBody(id));
		v = viewOf(s, at + 2 * HOUR);
		expect(v.totals).toMatchObject({
			dependencies: 1,
			repairs: 1,
			decisions: 2,
			localDecisions: 1,
			meals: 6
		});
		expect(v.autonomyPermille).toBe(500);
		expect(v.rounds.map((r) => r.answers)).toEqual([
			{ tools: 'yes', time: 'partly', skills: 'yes', care: 'no', space: 'partly' }
		]);
		expect(v.pending).toEqual([]);
	});

	it('attack: nobody pads the scorecard alone (own second, twice, misdated, malformed)', () => {
		const s = new Scenario(T0, NAMES);
		const at = T0 + 100 * DAY;
		const own = s.id(s.write('Ama', at, sc.RECORD, sc.recordBody({ kind: 'repair', what: 'x', on: at })));
		s.write('Ama', at + 1, sc.SECOND, sc.secondBody(own));
		s.write('Bo', at + 2, sc.SECOND, sc.secondBody(own));
		s.write('Cyd', at + 3, sc.SECOND, sc.secondBody(own));
		s.write('Ama', at + 4, sc.RECORD, { kind: 'repair', what: 'y', on: at + DAY });
		s.write('Ama', at + 5, sc.RECORD, { kind: 'repair', what: 'y', on: at - 61 * DAY });
		s.write('Ama', at + 6, sc.RECORD, { kind: 'decision', what: 'y', on: at });
		s.write('Ama', at + 7, sc.RECORD, { kind: 'purchase', what: 'y', on: at });
		s.write('Ama', at + 8, sc.ROUND, { answers: { tools: 'yes' }, what: '', on: at });
		expect(codes(s, at + DAY)).toEqual([
			'scorecard-own-record',
			'scorecard-seconded',
			'scorecard-date',
			'scorecard-date',
			'scorecard-outside',
			'scorecard-kind',
			'scorecard-answers'
		]);
		expect(viewOf(s, at + DAY).totals.repairs).toBe(1);
	});

	it('any delivery order gives the same scorecard (property)', () => {
		const s = new Scenario(T0, NAMES);
		const tools = [
			item(s, 'Drill', 'Power', 100),
			item(s, 'Saw', 'Power', 80),
			item(s, 'Rake', 'Garden', 20)
		];
		for (let i = 0; i < 12; i++) borrow(s, tools[i % 3]!, NAMES[1 + (i % 3)]!, T0 + (1 + 4 * i) * DAY);
		for (let i = 0; i < 6; i++) {
			const at = T0 + (2 + 5 * i) * DAY;
			const r = s.write(
				NAMES[i % 4]!,
				at,
				sc.RECORD,
				sc.recordBody({
					kind: sc.RECORD_KINDS[i % 4]!,
					what: `r${i}`,
					on: at,
					...(i % 4 === 3 ? { outside: i % 2 === 0 } : {})
				})
			);
			s.write(NAMES[(i + 1) % 4]!, at + HOUR, sc.SECOND, sc.secondBody(s.id(r)));
		}
		const now = T0 + 60 * DAY;
		const want = JSON.stringify(viewOf(s, now));
		fc.assert(
			fc.property(fc.shuffledSubarray([...s.entries], { minLength: s.entries.length }), (order) => {
				expect(JSON.stringify(viewOf(s, now, order))).toBe(want);
			}),
			{ numRuns: 20, ...SEED }
		);
	});
});
