/**
 * Threat model T33 and T43 (docs/protocol/threat-model.md).
 *
 * T33: a stamp whose counter is at its largest value must not stop anyone from writing. An
 * outsider's entry (quarantined) no longer moves anyone's clock, and a member's is followed by
 * `[ms + 1, 0]` instead of a counter past the safe integers.
 *
 * T43: the ledger judges future-dated entries by the `now` it was given last, not the largest
 * ever: a phone whose clock jumped ahead and was corrected holds again what is too far ahead,
 * exactly as a fresh ledger given the same entries at the corrected time does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as hlc from '$lib/core/hlc';
import { Ledger } from '$lib/core/ledger';
import { openCircle } from '$lib/core/circle';
import { demoCircle } from '$lib/core/demo';
import * as membership from '$lib/core/membership/fold';
import { CIRCLE, T0, arrival, genesisOf, idOf, joinRequestOf, note, person, sign, write } from '../helpers';
import type { Entry } from '$lib/core/types';
import { evaluate } from '../reference';
import { CIRCLE as SIM, batches, rng, shuffle, simulate, snapshot, type What } from '../sim';

const maya = person('Maya');
const ana = person('Ana');
const mallory = person('Mallory');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const TOP = Number.MAX_SAFE_INTEGER;

const circleOfTwo = () => {
	const l = new Ledger(CIRCLE);
	l.add([arrival(genesisOf(maya))], T0);
	write(l, maya, T0 + MIN, (s) => membership.admit(s, joinRequestOf(ana, T0 + MIN)));
	return l;
};

/** An entry by `p` stamped `stamp`, chained after `p`'s own entries in `l`. */
const stamped = (l: Ledger, p: typeof maya, stamp: [number, number], text = 'tick') =>
	sign(note(text)({ ...l.nextFor(p.key, stamp[0]), hlc: stamp }), p);

describe('a clock counter at its maximum (T33)', () => {
	it('tick carries into the milliseconds instead of leaving the safe integers', () => {
		expect(hlc.tick([5, TOP], 3)).toEqual([6, 0]);
		expect(hlc.tick([5, TOP - 1], 3)).toEqual([5, TOP]);
		expect(hlc.tick([5, TOP], 9)).toEqual([9, 0]);
	});

	it('an outsider’s entry stamped [now + 9 min, 2^53 − 1] stops nobody, and moves nobody’s clock', () => {
		const l = circleOfTwo();
		const now = T0 + 10 * MIN;
		const attack = stamped(l, mallory, [now + 9 * MIN, TOP]);
		l.add([arrival(attack)], now);
		expect(l.verdict(idOf(attack))).toMatchObject({ reason: 'not-a-member' });
		const e = write(l, ana, now, note('still writing'));
		expect(l.isAccepted(idOf(e))).toBe(true);
		expect(e.hlc).toEqual([now, 0]);
	});

	it('a member’s entry stamped [now + 9 min, 2^53 − 1] is followed by [that ms + 1, 0]', () => {
		const l = circleOfTwo();
		const now = T0 + 10 * MIN;
		const attack = stamped(l, ana, [now + 9 * MIN, TOP]);
		l.add([arrival(attack)], now);
		expect(l.isAccepted(idOf(attack))).toBe(true);
		const e = write(l, maya, now, note('still writing'));
		expect(l.isAccepted(idOf(e))).toBe(true);
		expect(e.hlc).toEqual([now + 9 * MIN + 1, 0]);
		// The attacker's own next entry goes on too.
		const own = write(l, ana, now, note('me too'));
		expect(l.isAccepted(idOf(own))).toBe(true);
	});
});

describe('the future horizon follows the clock it was given last (T43)', () => {
	it('after a clock jumps a year ahead and is corrected, an entry a day ahead is held', () => {
		const l = circleOfTwo();
		l.add([], T0 + 365 * DAY); // the phone's clock jumped ahead
		const now = T0 + 10 * MIN; // and was put right
		const early = stamped(l, ana, [now + DAY, 0], 'tomorrow');
		l.add([arrival(early)], now);
		expect(l.verdict(idOf(early))).toMatchObject({ reason: 'future-timestamp' });
		expect(l.now).toBe(now);
	});

	it('an entry taken in while the clock was ahead is held again, as a fresh ledger holds it', () => {
		const l = circleOfTwo();
		const ahead = T0 + 30 * DAY;
		const early = stamped(l, ana, [ahead, 0], 'from the future');
		const after = write(l, maya, T0 + 2 * MIN, note('in the present'));
		const r1 = l.add([arrival(early)], ahead);
		expect(r1.accepted).toEqual([idOf(early)]);
		const now = T0 + 3 * MIN;
		const r2 = l.add([], now);
		expect(r2.retracted).toEqual([idOf(early)]);
		expect(l.verdict(idOf(early))).toMatchObject({ reason: 'future-timestamp' });
		expect(l.isAccepted(idOf(after))).toBe(true);

		const fresh = new Ledger(CIRCLE);
		const all: Entry[] = [...l.accepted, early];
		fresh.add(all.map(arrival), now);
		expect(fresh.acceptedIdList).toEqual(l.acceptedIdList);
		expect(fresh.state().head).toBe(l.state().head);
		expect(fresh.quarantine.map((q) => [q.id, q.reason])).toEqual(l.quarantine.map((q) => [q.id, q.reason]));

		// When the clock comes round to it again, it counts.
		const r3 = l.add([], ahead);
		expect(r3.accepted).toEqual([idOf(early)]);
		expect(l.isAccepted(idOf(early))).toBe(true);
	});

	it('the writer’s own entry dated while its clock was ahead keeps its seq', () => {
		const l = circleOfTwo();
		const ahead = T0 + 30 * DAY;
		const mine = write(l, ana, ahead, note('written with a wrong clock'));
		l.add([], T0 + 3 * MIN);
		expect(l.verdict(idOf(mine))).toMatchObject({ reason: 'future-timestamp' });
		const next = l.nextFor(ana.key, T0 + 4 * MIN);
		expect(next.seq).toBe(mine.seq + 1);
		expect(next.prev).toBe(idOf(mine));
	});
});

describe('a clock put back, with every domain (T43)', () => {
	it('a demo circle judged at its end and then at a day in its middle equals a fresh one at that day', () => {
		const demo = demoCircle('clock-put-back', { days: 60 });
		const arrivals = demo.entries.map((e) => ({ entry: e, sigValid: true }));
		const middle = demo.entries[Math.floor(demo.entries.length / 2)]!.hlc[0];
		const c = openCircle(demo.circle, { verifyJoin: () => true });
		c.add(arrivals, demo.end);
		const r = c.add([], middle);
		expect(r.retracted.length).toBeGreaterThan(0);
		const fresh = openCircle(demo.circle, { verifyJoin: () => true });
		fresh.add(arrivals, middle);
		expect(c.ledger.acceptedIdList).toEqual(fresh.ledger.acceptedIdList);
		expect(c.ledger.state()).toEqual(fresh.ledger.state());
		expect(c.state(middle)).toEqual(fresh.state(middle));
		// And forward again, as if nothing had happened.
		c.add([], demo.end);
		const whole = openCircle(demo.circle, { verifyJoin: () => true });
		whole.add(arrivals, demo.end);
		expect(c.ledger.state()).toEqual(whole.ledger.state());
		expect(c.state(demo.end)).toEqual(whole.state(demo.end));
	});
});

describe('a clock that goes back and forth (T43, property)', () => {
	const world = fc.record({
		actions: fc.array(
			fc.record({
				kind: fc.constant('write' as const),
				who: fc.nat(6),
				what: fc.constantFrom<What>('note', 'admit', 'leave', 'future', 'rename', 'fork'),
				target: fc.nat(20),
				dt: fc.integer({ min: 0, max: 400 })
			}),
			{ minLength: 4, maxLength: 24 }
		),
		devices: fc.integer({ min: 2, max: 4 }),
		skews: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 5, maxLength: 5 })
	});

	it('whatever clocks it was given on the way, the ledger is the one for its entries and its last now', () => {
		fc.assert(
			fc.property(world, fc.integer(), (w, seed) => {
				const { entries, arrival, end } = simulate(w.actions, w.devices, w.skews);
				const r = rng(seed);
				const l = new Ledger(SIM);
				let now = end;
				for (const batch of batches(shuffle(entries, r), r)) {
					now = end + Math.floor((r() - 0.6) * 120 * MIN); // two hours back to fifty minutes ahead
					l.add(batch.map(arrival), now);
				}
				const fresh = new Ledger(SIM);
				fresh.add(entries.map(arrival), now);
				expect(snapshot(l)).toEqual(snapshot(fresh));
				const naive = evaluate(SIM, entries.map(arrival), now);
				expect(l.acceptedIdList).toEqual(naive.accepted);
				expect(l.acceptedIdList.length).toBeGreaterThan(0);
			}),
			{ numRuns: 40 }
		);
	}, 300_000);
});
