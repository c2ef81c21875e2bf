/**
 * Threat model T15: nobody silences anyone alone. A bench needs the charter's threshold of
 * supporters (never fewer than two), lasts at most the charter's maximum, lapses when its
 * supporters leave and ends with a hard reset. (On v1 one member benched anyone from every role
 * for up to a year, again and again; the bench outlived its author's membership.)
 */
import { describe, expect, it } from 'vitest';
import * as rotation from '$lib/core/rotation';
import type { EntryId } from '$lib/core/types';
import { DAY, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);
const UNTIL = T0 + 80 * DAY;

/** Tomasz proposes benching Ngọc from every role; returns the proposal's id. */
const propose = (s: Scenario, at = T0 + 2 * DAY, until = UNTIL): EntryId =>
	s.id(
		s.write('Tomasz', at, rotation.BENCH, rotation.benchBody(s.keyOf('Ngọc'), null, until, 'held the floor'))
	);
const second = (s: Scenario, who: string, proposal: EntryId, at: number) =>
	s.write(who, at, rotation.BENCH_SECOND, rotation.benchSecondBody(proposal));

/** Whether Ngọc holds any role in a stretch frozen after `from` and starting before `to`. */
const drawnBetween = (s: Scenario, from: number, to = UNTIL) =>
	s
		.fold(T0 + 200 * DAY)
		.history.filter((h) => h.freezeAt > from && h.start < to)
		.some((h) => h.holders.includes(s.keyOf('Ngọc')));

describe('nobody benches anyone alone', () => {
	it('one member’s bench, written again and again, keeps nobody out of a draw', () => {
		const s = new Scenario(T0, NAMES);
		for (let i = 0; i < 3; i++) propose(s, T0 + (2 + 20 * i) * DAY, T0 + (60 + 20 * i) * DAY);
		expect(drawnBetween(s, T0 + 2 * DAY)).toBe(true);
		const st = s.fold(T0 + 3 * DAY);
		expect(st.benches).toEqual([]);
		expect(st.benchProposals.map((p) => [p.supporters.length, p.needed])).toEqual([
			[1, 3],
			[1, 3],
			[1, 3]
		]);
	});

	it('takes effect at the support that reaches the charter’s threshold', () => {
		const s = new Scenario(T0, NAMES);
		const p = propose(s);
		second(s, 'Maya', p, T0 + 3 * DAY);
		expect(s.fold(T0 + 4 * DAY).benches).toEqual([]);
		// The benched member cannot support it; nor can anyone twice.
		second(s, 'Ngọc', p, T0 + 4 * DAY);
		second(s, 'Maya', p, T0 + 4 * DAY + 1);
		expect(s.fold(T0 + 5 * DAY).benches).toEqual([]);
		second(s, 'Zoë', p, T0 + 5 * DAY);
		const st = s.fold(T0 + 6 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['bench-own-support', 'bench-already-supported']);
		expect(st.benches.map((b) => [b.at, b.supporters.length, b.needed])).toEqual([[T0 + 5 * DAY, 3, 3]]);
		expect(st.benchProposals).toEqual([]);
		expect(drawnBetween(s, T0 + 5 * DAY)).toBe(false);
	});

	it('is bounded by the charter: longer than its maximum (90 days by default) is refused', () => {
		const s = new Scenario(T0, NAMES);
		propose(s, T0 + 2 * DAY, T0 + 2 * DAY + 300 * DAY);
		expect(s.fold(T0 + 3 * DAY).rejected.map((r) => [r.code, r.params])).toEqual([
			['bench-span', { maxDays: 90 }]
		]);
	});

	it('in a circle of two nobody benches the other; in a circle of three it takes both others', () => {
		const two = new Scenario(T0, ['Maya', 'Ngọc']);
		two.write('Maya', T0 + DAY, rotation.BENCH, rotation.benchBody(two.keyOf('Ngọc'), null, UNTIL, 'x'));
		const st2 = two.fold(T0 + 2 * DAY);
		expect(st2.benches).toEqual([]);
		expect(st2.benchProposals[0]!.needed).toBe(2);
		const three = new Scenario(T0, ['Maya', 'Ngọc', 'Tomasz']);
		const p = propose(three);
		expect(three.fold(T0 + 3 * DAY).benches).toEqual([]);
		second(three, 'Maya', p, T0 + 3 * DAY);
		expect(three.fold(T0 + 4 * DAY).benches).toHaveLength(1);
	});

	it('has no effect, with a reason: benching oneself, supporting nothing, too late or once in force', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, rotation.BENCH, rotation.benchBody(s.keyOf('Maya'), null, UNTIL, 'tired'));
		second(s, 'Zoë', 'ab'.repeat(32) as EntryId, T0 + DAY);
		const p = propose(s, T0 + 2 * DAY, T0 + 10 * DAY);
		second(s, 'Maya', p, T0 + 11 * DAY);
		const q = propose(s, T0 + 12 * DAY);
		second(s, 'Maya', q, T0 + 13 * DAY);
		second(s, 'Zoë', q, T0 + 13 * DAY);
		second(s, 'Aïcha', q, T0 + 14 * DAY);
		const st = s.fold(T0 + 15 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual([
			'bench-self',
			'bench-proposal',
			'bench-over',
			'bench-in-force'
		]);
		expect(st.benches.map((b) => b.supporters.map((m) => s.names.get(m)))).toEqual([
			['Tomasz', 'Maya', 'Zoë']
		]);
	});

	it('lapses once fewer of its supporters than it needed are still members', () => {
		const s = new Scenario(T0, NAMES);
		const p = propose(s);
		second(s, 'Maya', p, T0 + 3 * DAY);
		second(s, 'Zoë', p, T0 + 3 * DAY + 1);
		expect(drawnBetween(s, T0 + 3 * DAY)).toBe(false);
		s.leave('Tomasz', T0 + 20 * DAY);
		expect(drawnBetween(s, T0 + 21 * DAY)).toBe(true);
		expect(s.fold(T0 + 30 * DAY).benches[0]!.lifted).toBe(true);
	});

	it('a hard reset lifts every bench', () => {
		const s = new Scenario(T0, NAMES);
		const p = propose(s);
		second(s, 'Maya', p, T0 + 3 * DAY);
		second(s, 'Zoë', p, T0 + 3 * DAY + 1);
		for (const [i, n] of ['Maya', 'Zoë', 'Aïcha'].entries())
			s.write(n, T0 + 30 * DAY + i * 3_600_000, 'reset.call', { reason: 'start over' });
		expect(s.fold(T0 + 31 * DAY).reset.history).toHaveLength(1);
		expect(drawnBetween(s, T0 + 31 * DAY)).toBe(true);
	});
});
