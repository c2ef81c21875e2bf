/**
 * Rituals the circle adds to its calendar (issue 10, item 6), through the real ledger and domains:
 * anyone adds, changes or cancels one (a circle has no owners; every version names its author),
 * weekly and monthly repeats in the circle's time, and the attacks a modified app could try: a
 * ritual dated absurdly, a non-member's, a flood, changing a cancelled one. Property: any delivery
 * order gives the same rituals. A failing property prints its seed; replay with FC_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as rit from '$lib/core/rituals';
import { rituals } from '$lib/core/domains';
import type { Entry, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee'];
const T0 = utc(2026, 3, 2, 9); // a Monday
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const viewOf = (s: Scenario, entries: readonly Entry[] = s.entries): rit.Ritual[] =>
	s.open(entries).view<rit.Ritual[]>(rituals, T0 + 400 * DAY);
const codes = (s: Scenario, entries: readonly Entry[] = s.entries) =>
	s
		.open(entries)
		.state(T0 + 400 * DAY)
		.rejected.map((r) => r.code);

const meal = (at: Millis, over: Partial<rit.RitualFields> = {}): rit.RitualFields => ({
	name: 'Shared meal',
	at,
	minutes: 120,
	every: 'week',
	note: 'Bring a dish',
	...over
});

describe('rituals', () => {
	it('anyone adds one; anyone changes it (named); anyone cancels it, for good', () => {
		const s = new Scenario(T0, NAMES);
		const add = s.write('Ama', T0 + DAY, rit.ADD, rit.addBody(meal(T0 + 4 * DAY + 10 * HOUR)));
		const id = s.id(add);
		let [r] = viewOf(s);
		expect(r).toMatchObject({
			id,
			name: 'Shared meal',
			every: 'week',
			proposer: s.keyOf('Ama'),
			cancelled: null
		});
		// Bo moves Ama's meal: allowed (nobody owns a ritual), and the version names Bo.
		s.write('Bo', T0 + 2 * DAY, rit.CHANGE, rit.changeBody(id, meal(T0 + 4 * DAY + 10 * HOUR + 30 * 60_000)));
		[r] = viewOf(s);
		expect(r!.at).toBe(T0 + 4 * DAY + 10 * HOUR + 30 * 60_000);
		expect(r!.versions.map((v) => v.author)).toEqual([s.keyOf('Ama'), s.keyOf('Bo')]);
		s.write('Cyd', T0 + 3 * DAY, rit.CANCEL, rit.cancelBody(id, 'Rain'));
		[r] = viewOf(s);
		expect(r!.cancelled).toMatchObject({ author: s.keyOf('Cyd'), reason: 'Rain' });
		// Cancelled is final: a later change or cancel is refused.
		s.write('Ama', T0 + 4 * DAY, rit.CHANGE, rit.changeBody(id, meal(T0 + 5 * DAY)));
		s.write('Dee', T0 + 4 * DAY + 1, rit.CANCEL, rit.cancelBody(id, ''));
		expect(codes(s)).toEqual(['ritual-cancelled', 'ritual-cancelled']);
		expect(viewOf(s)[0]!.versions).toHaveLength(2);
	});

	it('attack: a ritual dated absurdly (1970, 2999, or moved there) is refused on every phone', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', T0 + DAY, rit.ADD, rit.addBody(meal(0)));
		s.write('Bo', T0 + DAY + 1, rit.ADD, rit.addBody(meal(utc(2999, 1, 1))));
		s.write('Bo', T0 + DAY + 2, rit.ADD, rit.addBody(meal(T0 + DAY - 32 * DAY)));
		const ok = s.write('Bo', T0 + DAY + 3, rit.ADD, rit.addBody(meal(T0 + DAY + 700 * DAY)));
		s.write('Cyd', T0 + DAY + 4, rit.CHANGE, rit.changeBody(s.id(ok), meal(utc(2999, 1, 1))));
		expect(codes(s)).toEqual(['ritual-far', 'ritual-far', 'ritual-far', 'ritual-far']);
		expect(viewOf(s).map((r) => r.at)).toEqual([T0 + DAY + 700 * DAY]);
	});

	it('attack: an ex-member’s ritual, or a change by one, never counts', () => {
		const s = new Scenario(T0, NAMES);
		const add = s.write('Ama', T0 + DAY, rit.ADD, rit.addBody(meal(T0 + 3 * DAY)));
		s.leave('Dee', T0 + 2 * DAY);
		s.write('Dee', T0 + 3 * DAY, rit.ADD, rit.addBody(meal(T0 + 5 * DAY, { name: 'Not ours' })));
		s.write('Dee', T0 + 3 * DAY + 1, rit.CANCEL, rit.cancelBody(s.id(add), 'gone'));
		const v = viewOf(s);
		expect(v.map((r) => r.name)).toEqual(['Shared meal']);
		expect(v[0]!.cancelled).toBeNull();
	});

	it('attack: a flood of rituals stops at the cap; cancelling one makes room', () => {
		const s = new Scenario(T0, NAMES);
		const first = s.write('Bo', T0 + DAY, rit.ADD, rit.addBody(meal(T0 + 2 * DAY, { name: 'r0' })));
		for (let i = 1; i <= rit.UPCOMING_MAX; i++)
			s.write('Bo', T0 + DAY + i, rit.ADD, rit.addBody(meal(T0 + 2 * DAY, { name: `r${i}` })));
		expect(codes(s)).toEqual(['ritual-many']);
		s.write('Ama', T0 + DAY + 100, rit.CANCEL, rit.cancelBody(s.id(first), 'too many'));
		s.write('Bo', T0 + DAY + 101, rit.ADD, rit.addBody(meal(T0 + 2 * DAY, { name: 'again' })));
		expect(codes(s)).toEqual(['ritual-many']);
		expect(viewOf(s).filter((r) => !r.cancelled)).toHaveLength(rit.UPCOMING_MAX);
	});

	it('decodes only what the protocol says', () => {
		const k = rituals.kinds.find((x) => x.type === rit.ADD)!;
		const code = (b: Record<string, unknown>) => {
			const d = k.decode(b);
			return d.ok ? 'ok' : d.rejection.code;
		};
		const good = { ...meal(T0) };
		expect(code(good)).toBe('ok');
		expect(code({ ...good, name: '  ' })).toBe('ritual-name');
		expect(code({ ...good, name: 'x'.repeat(81) })).toBe('ritual-name');
		expect(code({ ...good, note: 'x'.repeat(281) })).toBe('ritual-note');
		expect(code({ ...good, at: 1.5 })).toBe('ritual-when');
		expect(code({ ...good, at: -1 })).toBe('ritual-when');
		expect(code({ ...good, minutes: 4 })).toBe('ritual-minutes');
		expect(code({ ...good, every: 'year' })).toBe('ritual-every');
		const c = rituals.kinds.find((x) => x.type === rit.CHANGE)!;
		expect(c.decode({ ...good, ritual: 'xyz' }).ok).toBe(false);
	});

	it('any delivery order gives the same rituals (two changes signed offline: the later in the ledger’s order wins)', () => {
		const s = new Scenario(T0, NAMES);
		const a = s.write('Ama', T0 + DAY, rit.ADD, rit.addBody(meal(T0 + 4 * DAY)));
		const b = s.write(
			'Bo',
			T0 + DAY + HOUR,
			rit.ADD,
			rit.addBody(meal(T0 + 5 * DAY, { name: 'Silent walk', every: 'month' }))
		);
		s.write('Cyd', T0 + 2 * DAY, rit.CHANGE, rit.changeBody(s.id(a), meal(T0 + 4 * DAY + HOUR)));
		s.write('Dee', T0 + 2 * DAY + 5, rit.CHANGE, rit.changeBody(s.id(a), meal(T0 + 4 * DAY + 2 * HOUR)));
		s.write('Ama', T0 + 3 * DAY, rit.CANCEL, rit.cancelBody(s.id(b), 'weather'));
		s.write('Bo', T0 + 3 * DAY + 1, rit.CHANGE, rit.changeBody(s.id(b), meal(T0 + 6 * DAY)));
		const want = JSON.stringify(viewOf(s));
		expect(viewOf(s).find((r) => r.id === s.id(a))!.at).toBe(T0 + 4 * DAY + 2 * HOUR);
		fc.assert(
			fc.property(fc.shuffledSubarray(s.entries, { minLength: s.entries.length }), (order) => {
				expect(JSON.stringify(viewOf(s, order))).toBe(want);
				expect(codes(s, order)).toEqual(['ritual-cancelled']);
			}),
			{ numRuns: 40, ...SEED }
		);
	});
});

describe('when a ritual comes next, in the circle’s time', () => {
	const off = 60; // UTC+01:00
	it('once: until it has ended, then never', () => {
		const r = meal(T0, { every: 'once' });
		expect(rit.nextOccurrence(r, T0 - DAY, off)).toBe(T0);
		expect(rit.nextOccurrence(r, T0 + HOUR, off)).toBe(T0);
		expect(rit.nextOccurrence(r, T0 + 2 * HOUR, off)).toBeNull();
	});
	it('weekly: every 7 days from the first', () => {
		const r = meal(T0);
		expect(rit.nextOccurrence(r, T0 + 2 * HOUR, off)).toBe(T0 + 7 * DAY);
		expect(rit.nextOccurrence(r, T0 + 20 * DAY, off)).toBe(T0 + 21 * DAY);
	});
	it('monthly: the same day and time in the circle’s calendar, skipping months without that day', () => {
		// 31 Jan 2026, 00:30 at UTC+01:00 is 30 Jan 23:30 UTC.
		const first = utc(2026, 1, 30, 23, 30);
		const r = meal(first, { every: 'month' });
		expect(rit.nextOccurrence(r, first + 3 * HOUR, off)).toBe(utc(2026, 3, 30, 23, 30)); // no 31 Feb
		expect(rit.nextOccurrence(r, utc(2026, 4, 1), off)).toBe(utc(2026, 5, 30, 23, 30)); // no 31 Apr
		expect(rit.nextOccurrence(r, utc(2026, 6, 1), off)).toBe(utc(2026, 7, 30, 23, 30));
	});
	it('a property: the next time is never over, and no earlier time is still on', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: T0, max: T0 + 60 * DAY }),
				fc.integer({ min: 0, max: 800 * DAY }),
				fc.constantFrom<rit.Every>('once', 'week', 'month'),
				fc.constantFrom(0, 60, -420, 825),
				(at, later, every, off) => {
					const r = meal(at, { every });
					const now = at + later;
					const t = rit.nextOccurrence(r, now, off);
					if (t === null) expect(every).toBe('once');
					else {
						expect(t + r.minutes * 60_000).toBeGreaterThan(now);
						expect(t).toBeGreaterThanOrEqual(at);
					}
				}
			),
			{ numRuns: 300, ...SEED }
		);
	});
});
