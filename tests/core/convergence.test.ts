/**
 * The ledger's central promise: the same entries give the same state in any delivery
 * order, any batching, and across devices that sync in any order. fast-check prints
 * the seed and the shrunk counterexample of a failure; replay with { seed, path }.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as hlc from '$lib/core/hlc';
import { Ledger } from '$lib/core/ledger';
import { entryId } from '$lib/core/entry';
import { evaluate } from './reference';
import { CIRCLE, batches, rng, shuffle, simulate, snapshot, type Action, type What } from './sim';

const WHATS: What[] = [
	...(['note', 'note', 'note', 'admit', 'admit', 'admit', 'leave', 'propose', 'propose'] as const),
	...(['second', 'second', 'second', 'second'] as const),
	...(['rename', 'fork', 'forge', 'future', 'foreign', 'genesis', 'broken', 'backwards', 'gap'] as const)
];

const action: fc.Arbitrary<Action> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('write' as const),
			who: fc.nat(6),
			what: fc.constantFrom(...WHATS),
			target: fc.nat(20),
			dt: fc.integer({ min: 0, max: 400 })
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('sync' as const), a: fc.nat(4), b: fc.nat(4) }) }
);

const world = fc.record({
	actions: fc.array(action, { minLength: 4, maxLength: 28 }),
	devices: fc.integer({ min: 2, max: 5 }),
	skews: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 5, maxLength: 5 })
});

const checkInvariants = (l: Ledger, universe: number) => {
	const accepted = l.acceptedIdList;
	const q = l.quarantine.map((x) => x.id);
	const pending = l.pending.map(entryId);
	const all = new Set([...accepted, ...q, ...pending]);
	expect(all.size).toBe(accepted.length + q.length + pending.length);
	expect(all.size).toBe(universe);
	// In the order they took effect (fold.ts): instants never go back, an entry never takes
	// effect before its own stamp, and an entry comes after every accepted entry it names that is
	// dated before it (a reference to a later one is not causal and counts for nothing).
	const ids = l.acceptedIdList;
	const at = l.acceptedAtList;
	const position = new Map(ids.map((id, i) => [id, i]));
	for (let i = 0; i < l.accepted.length; i++) {
		const e = l.accepted[i]!;
		if (i > 0) expect(at[i]).toBeGreaterThanOrEqual(at[i - 1]!);
		expect(at[i]).toBeGreaterThanOrEqual(e.hlc[0]);
		for (const named of [e.prev, ...(e.seen ?? [])]) {
			const j = named === null ? undefined : position.get(named);
			if (j !== undefined && hlc.compare(l.accepted[j]!.hlc, e.hlc) < 0) expect(j).toBeLessThan(i);
		}
	}
};

describe('convergence', () => {
	it('any delivery order and batching gives identical state', () => {
		fc.assert(
			fc.property(world, fc.integer(), fc.constantFrom(1, 2, 3, 512), (w, seed, every) => {
				const { entries, arrival, end } = simulate(w.actions, w.devices, w.skews);
				const universe = new Set(entries.map(entryId)).size;
				const reference = new Ledger(CIRCLE);
				reference.add(entries.map(arrival), end);
				checkInvariants(reference, universe);
				// The incremental ledger matches a naive reading of the protocol text.
				const naive = evaluate(CIRCLE, entries.map(arrival), end);
				expect(reference.acceptedIdList).toEqual(naive.accepted);
				expect(new Map(reference.quarantine.map((q) => [q.id, q.reason]))).toEqual(naive.quarantined);
				expect(reference.pending.map(entryId).sort()).toEqual(naive.pending);
				const r = rng(seed);
				const l = new Ledger(CIRCLE, { checkpointEvery: every });
				let now = end - 40 * 60_000;
				for (const batch of batches(shuffle([...entries, ...entries.slice(0, 3)], r), r)) {
					now += Math.floor(r() * 3 * 60_000);
					l.add(batch.map(arrival), Math.min(now, end));
				}
				l.add([], end);
				checkInvariants(l, universe);
				expect(snapshot(l)).toEqual(snapshot(reference));
			}),
			{ numRuns: 50 }
		);
	}, 300_000);

	it('2–5 devices holding parts of the history and syncing in any order converge', () => {
		fc.assert(
			fc.property(
				world,
				fc.integer({ min: 2, max: 5 }),
				fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 12 }),
				fc.integer(),
				(w, k, syncs, seed) => {
					const { entries, arrival, end } = simulate(w.actions, w.devices, w.skews);
					const r = rng(seed);
					const devices = Array.from(
						{ length: k },
						(_, i) => new Ledger(CIRCLE, { checkpointEvery: 1 + (i % 3) })
					);
					const holdings = devices.map(() => [] as typeof entries);
					for (const e of shuffle(entries, r)) holdings[Math.floor(r() * k)]!.push(e);
					devices.forEach((d, i) => {
						for (const b of batches(holdings[i]!, r)) d.add(b.map(arrival), end - 30 * 60_000);
					});
					const known = (d: Ledger) => [
						...d.accepted,
						...d.pending,
						...d.quarantine.flatMap((q) => (q.entry ? [q.entry] : []))
					];
					const pull = (a: number, b: number, now: number) => {
						for (const batch of batches(shuffle(known(devices[b]!), r), r))
							devices[a]!.add(batch.map(arrival), now);
					};
					let now = end - 30 * 60_000;
					for (const [a, b] of syncs) {
						now += 60_000;
						pull(a % k, b % k, now);
					}
					// Finally everyone meets everyone, at the same clock.
					for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (a !== b) pull(a, b, end);
					for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (a !== b) pull(a, b, end);
					const first = snapshot(devices[0]!);
					for (const d of devices) expect(snapshot(d)).toEqual(first);
					const fresh = new Ledger(CIRCLE);
					fresh.add(entries.map(arrival), end);
					expect(first).toEqual(snapshot(fresh));
				}
			),
			{ numRuns: 30 }
		);
	}, 300_000);
});

describe('the generated worlds are interesting', () => {
	it('cover every reason, pending entries, removals and forks', () => {
		const reasons = new Set<string>();
		let pending = 0;
		let removed = 0;
		let forks = 0;
		fc.assert(
			fc.property(world, fc.integer(), (w, seed) => {
				const { entries, arrival, end } = simulate(w.actions, w.devices, w.skews);
				const l = new Ledger(CIRCLE, { checkpointEvery: 2 });
				const r = rng(seed);
				// Judged at the last write's clock, so future-dated entries are still held.
				for (const b of batches(shuffle(entries, r), r)) l.add(b.map(arrival), end - 60 * 60_000);
				for (const q of l.quarantine) reasons.add(q.reason);
				pending += l.pending.length;
				forks += l.forks.length;
				removed += [...l.state().members.values()].filter((m) => m.ended === 'removed').length;
			}),
			{ numRuns: 60, seed: 20261123 }
		);
		expect([...reasons].sort()).toEqual(
			[
				'bad-signature',
				'broken-chain',
				'future-timestamp',
				'invalid-body',
				'not-a-member',
				'wrong-circle'
			].sort()
		);
		expect(pending).toBeGreaterThan(0);
		expect(removed).toBeGreaterThan(0);
		expect(forks).toBeGreaterThan(0);
	}, 300_000);
});
