/**
 * The scale simulation's generator (tests/bench/support/federation-sim.ts, issue 14 item 6) on a
 * small sample: the same seed writes the same ledger byte for byte, and the fold of it agrees in
 * any delivery order, with or without the signature verdicts a phone keeps between folds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	coordinators,
	foldFederation,
	levies,
	participants,
	proposalStatus,
	type FederationState,
	foldMemo
} from '$lib/core/federation';
import { simulateFederation } from '../../bench/support/federation-sim';

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const SAMPLE = { seed: 'sample', circles: 6, members: 5, days: 240 };

const summary = (s: FederationState, now: number) => ({
	participants: participants(s).map((p) => ({ circle: p.circle, seats: p.seats, roster: p.roster })),
	circles: [...s.circles.values()].sort((a, b) => (a.circle < b.circle ? -1 : 1)),
	proposals: [...s.proposals.values()]
		.sort((a, b) => (a.id < b.id ? -1 : 1))
		.map((p) => ({ ...p, status: proposalStatus(s, p, now) })),
	contributions: s.contributions,
	levies: levies(s, now),
	coordinators: coordinators(s, now),
	templates: [...s.templates.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1)),
	forks: s.forks,
	refused: [...s.refused].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
	ids: [...s.ids].sort()
});

describe('the scale simulation', () => {
	const sim = simulateFederation(SAMPLE);
	const verdicts = foldMemo();
	const base = summary(foldFederation(sim.federation, sim.entries, verdicts), sim.end);

	it('is deterministic: one seed, one ledger, byte for byte; another seed, another', () => {
		const again = simulateFederation(SAMPLE);
		expect(JSON.stringify(again.entries)).toBe(JSON.stringify(sim.entries));
		expect(again.federation).toBe(sim.federation);
		const other = simulateFederation({ ...SAMPLE, seed: 'other' });
		expect(JSON.stringify(other.entries)).not.toBe(JSON.stringify(sim.entries));
	});

	it('writes plausible activity the rules accept (only the rejoin attempts are refused)', () => {
		const s = foldFederation(sim.federation, sim.entries, verdicts);
		expect(s.genesis).not.toBeNull();
		expect(s.circles.size).toBe(SAMPLE.circles);
		expect(participants(s).length).toBeLessThan(SAMPLE.circles);
		expect(s.proposals.size).toBeGreaterThan(10);
		expect(s.templates.size).toBe(sim.written['protocol.template']);
		expect([...s.templates.values()].some((t) => t.template.parent !== null)).toBe(true);
		expect(s.refused.map((r) => r.rejection.code)).toEqual(
			Array.from({ length: sim.rejoinAttempts }, () => 'fed-withdrawn')
		);
		expect(s.forks).toEqual([]);
	});

	it('a fold with kept verdicts equals one that checks every signature', () => {
		expect(summary(foldFederation(sim.federation, sim.entries), sim.end)).toEqual(base);
	});

	it('property: any delivery order, any duplicates, gives the same federation', () => {
		fc.assert(
			fc.property(
				fc.shuffledSubarray(sim.entries, { minLength: sim.entries.length, maxLength: sim.entries.length }),
				fc.array(fc.nat({ max: sim.entries.length - 1 }), { maxLength: 5 }),
				(order, dup) => {
					const s = foldFederation(sim.federation, [...order, ...dup.map((i) => sim.entries[i]!)], verdicts);
					expect(summary(s, sim.end)).toEqual(base);
				}
			),
			{ numRuns: 20, ...SEED }
		);
	});
});
