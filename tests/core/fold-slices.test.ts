/**
 * Start-up folds a long saved history in slices, in the total order (core/order.ts inFoldOrder,
 * state/circle-session.ts): the same entries must give the same ledger and the same view of every
 * domain as one `add` of them in any order. fast-check prints the seed and the slice size of a
 * failure; replay with { seed, path }.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import { openCircle, type Circle } from '$lib/core/circle';
import { inFoldOrder } from '$lib/core/order';
import { DOMAINS } from '$lib/core/domains';
import type { Arrival } from '$lib/core/ledger';
import { rng, shuffle } from './sim';

const demo = demoCircle('fold-slices', { days: 90 });
const now = demo.end + 60_000;
const all: Arrival[] = demo.entries.map((entry) => ({ entry, sigValid: true, id: entryId(entry) }));

const outcome = (c: Circle) => ({
	head: c.ledger.head(),
	accepted: [...c.ledger.acceptedIdList],
	at: [...c.ledger.acceptedAtList],
	quarantine: c.ledger.quarantine,
	pending: c.ledger.pending.length,
	views: DOMAINS.map((d) => c.view(d, now))
});

const whole = (() => {
	const c = openCircle(demo.circle, { trustDecoded: true });
	c.add(all, now);
	return outcome(c);
})();

describe('a history folded in slices in the total order (start-up)', () => {
	it('the demo is long enough to be sliced, and every entry in it is accepted', () => {
		expect(all.length).toBeGreaterThan(300);
		expect(whole.accepted).toHaveLength(all.length);
	});

	it('inFoldOrder sorts by the total order and keeps every arrival', () => {
		const r = rng(7);
		const sorted = inFoldOrder(shuffle(all, r));
		expect(sorted).toHaveLength(all.length);
		expect(new Set(sorted.map((a) => a.id)).size).toBe(all.length);
		for (let i = 1; i < sorted.length; i++) {
			const [a, b] = [sorted[i - 1]!.entry, sorted[i]!.entry];
			expect(a.hlc[0] < b.hlc[0] || (a.hlc[0] === b.hlc[0] && a.hlc[1] <= b.hlc[1])).toBe(true);
		}
	});

	it('any slice size, from any delivery order, gives what one add gives: ledger and every domain', () => {
		fc.assert(
			fc.property(fc.integer(), fc.integer({ min: 1, max: 400 }), (seed, size) => {
				const ordered = inFoldOrder(shuffle(all, rng(seed)));
				const c = openCircle(demo.circle, { trustDecoded: true });
				for (let i = 0; i < ordered.length; i += size) c.add(ordered.slice(i, i + size), now);
				expect(outcome(c)).toEqual(whole);
			}),
			{ numRuns: 12 }
		);
	});

	it('a withheld entry that arrives after the sliced fold lands where one add puts it', () => {
		const late = all[Math.floor(all.length / 2)]!;
		const rest = inFoldOrder(all.filter((a) => a !== late));
		const c = openCircle(demo.circle, { trustDecoded: true });
		for (let i = 0; i < rest.length; i += 97) c.add(rest.slice(i, i + 97), now);
		c.add([late], now);
		expect(outcome(c)).toEqual(whole);
	});
});
