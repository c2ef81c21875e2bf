/**
 * Threat model T11, T12 and T45: a second entry for an (author, seq) is evidence, never a
 * rewrite. On v1 the branch dated earliest stood and every other branch was retracted, with
 * everything chained after it: a forker could un-fire a reset, come back after leaving, or (the
 * founder) take back every admission. Each test below failed on v1.
 */
import { describe, expect, it } from 'vitest';
import { entryId } from '$lib/core/entry';
import type { Entry } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

/** Another entry with the same author, seq and prev as `e`, dated `earlier` ms before it. */
const forkOf = (e: Entry, earlier: number, text = 'a second version'): Entry => ({
	...e,
	hlc: [e.hlc[0] - earlier, 0],
	type: 'note.post',
	body: { text }
});

/** Every delivery order we try: as written, reversed, and the fork first. */
const orders = (entries: Entry[], fork: Entry): Entry[][] => [
	[...entries, fork],
	[...entries, fork].reverse(),
	[fork, ...entries]
];

describe('a fork rewrites nothing', () => {
	it('one of three callers cannot un-fire a reset by forking their call (T11)', () => {
		const s = new Scenario(T0, NAMES);
		const calls = ['Maya', 'Zoë', 'Aïcha'].map((n, i) =>
			s.write(n, T0 + 10 * DAY + i * HOUR, 'reset.call', { reason: 'start over' })
		);
		s.write('Ngọc', T0 + 11 * DAY, 'note.post', { text: 'after the reset' });
		expect(s.open().state(T0 + 12 * DAY).reset.history).toHaveLength(1);
		// Zoë signs another entry with her call's seq, dated a minute before the call.
		const fork = forkOf(calls[1]!, 60_000);
		const heads = new Set<string>();
		for (const order of orders(s.entries, fork)) {
			const c = s.open(order);
			expect(c.state(T0 + 12 * DAY).reset.history).toHaveLength(1);
			expect(c.ledger.isAccepted(entryId(calls[1]!))).toBe(true);
			expect(c.ledger.isAccepted(entryId(fork))).toBe(true);
			expect(c.ledger.forks).toEqual([
				{ author: s.keyOf('Zoë'), seq: calls[1]!.seq, ids: [entryId(calls[1]!), entryId(fork)].sort() }
			]);
			heads.add(c.ledger.head());
		}
		expect(heads.size).toBe(1);
	});

	it('the founder cannot take back the admissions by forking their second entry (T11)', () => {
		const s = new Scenario(T0, NAMES);
		const second = s.entries.find((e) => e.author === s.keyOf('Maya') && e.seq === 2)!;
		expect(second.type).toBe('member.admit');
		const fork = forkOf(second, 30_000, 'never mind');
		for (const order of orders(s.entries, fork)) {
			const c = s.open(order);
			const roster = c.ledger.state().roster;
			expect(roster).toHaveLength(NAMES.length);
			expect(c.ledger.quarantine).toEqual([]);
			expect(c.ledger.forks).toHaveLength(1);
		}
	});

	it('a member who left cannot come back by forking the leave (T12)', () => {
		const s = new Scenario(T0, NAMES);
		s.leave('Tomasz', T0 + 5 * DAY);
		const leave = s.entries[s.entries.length - 1]!;
		const fork = forkOf(leave, 60_000, 'still here');
		// ...and goes on writing on the forked branch, after the leave
		const after: Entry = {
			...fork,
			seq: fork.seq + 1,
			prev: entryId(fork),
			hlc: [leave.hlc[0] + DAY, 0],
			body: { text: 'I am back' }
		};
		for (const order of orders([...s.entries, after], fork)) {
			const c = s.open(order);
			const tomasz = c.ledger.state().members.get(s.keyOf('Tomasz'))!;
			expect(tomasz.ended).toBe('left');
			expect(c.ledger.isAccepted(entryId(leave))).toBe(true);
			expect(c.ledger.verdict(entryId(after))).toMatchObject({
				status: 'quarantined',
				reason: 'not-a-member'
			});
		}
	});

	it('a phone restored from an old backup forks by accident and loses nothing (T45)', () => {
		const s = new Scenario(T0, NAMES);
		const written = [1, 2, 3].map((i) =>
			s.write('Ngọc', T0 + i * DAY, 'note.post', { text: `old phone ${i}` })
		);
		// The restored phone knew only up to the first note: it writes the next seq again.
		const stale: Entry = {
			...written[1]!,
			hlc: [T0 + 4 * DAY, 0],
			body: { text: 'new phone' }
		};
		const c = s.open([...s.entries, stale]);
		for (const e of [...written, stale]) expect(c.ledger.isAccepted(entryId(e))).toBe(true);
		expect(c.ledger.forks.map((f) => f.seq)).toEqual([written[1]!.seq]);
		// The next entry goes on from the longest branch, so the fork does not grow.
		expect(c.ledger.nextFor(s.keyOf('Ngọc'), T0 + 5 * DAY).prev).toBe(entryId(written[2]!));
	});
});
