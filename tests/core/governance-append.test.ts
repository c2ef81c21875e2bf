/**
 * Governance.update's append-only hint (the Ledger's `acceptedCuts`) may skip the prefix
 * check only when the ledger really only appended. Here late entries force the Ledger to
 * refold (cut its accepted list back) between updates: the hinted Governance must still
 * equal a fresh fold every time.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoCircle } from '$lib/core/demo';
import { Ledger } from '$lib/core/ledger';
import { Governance, fold } from '$lib/core/governance';

const demo = demoCircle('append-hint', { days: 90 });

describe('Governance.update with the append-only hint', () => {
	it('equals a fresh fold after appends and after refolds, in any delivery order', () => {
		fc.assert(
			fc.property(
				fc.shuffledSubarray(demo.entries, { minLength: demo.entries.length }),
				fc.integer({ min: 1, max: 12 }),
				(order, batches) => {
					const ledger = new Ledger(demo.circle, { checkpointEvery: 16 });
					const gov = new Governance();
					const size = Math.ceil(order.length / batches);
					let cutsSeen = 0;
					for (let i = 0; i < order.length; i += size) {
						ledger.add(
							order.slice(i, i + size).map((entry) => ({ entry, sigValid: true })),
							demo.end
						);
						const hinted = gov
							.update(ledger.accepted, ledger.state(), ledger.acceptedIdList, { cuts: ledger.acceptedCuts })
							.state(demo.end);
						expect(hinted).toEqual(fold(ledger.accepted, ledger.state(), demo.end, ledger.acceptedIdList));
						cutsSeen = ledger.acceptedCuts;
					}
					return cutsSeen >= 0;
				}
			),
			{ numRuns: 25 }
		);
	});

	it('is exercised: an entry arriving late makes the ledger cut back', () => {
		// Withhold one entry from the middle: later entries by other members are accepted
		// first, so its arrival sorts before them and the ledger refolds.
		const late = demo.entries[Math.floor(demo.entries.length / 2)]!;
		const ledger = new Ledger(demo.circle, { checkpointEvery: 16 });
		ledger.add(
			demo.entries.filter((e) => e !== late).map((entry) => ({ entry, sigValid: true })),
			demo.end
		);
		const before = ledger.acceptedCuts;
		const result = ledger.add([{ entry: late, sigValid: true }], demo.end);
		expect(result.refolded).toBe(true);
		expect(ledger.acceptedCuts).toBeGreaterThan(before);
	});
});
