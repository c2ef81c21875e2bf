import { describe, expect, it } from 'vitest';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import { Ledger } from '$lib/core/ledger';
import type { Entry } from '$lib/core/types';

const demo = demoCircle('missing-test', { days: 60 });
const ledgerOf = (entries: readonly Entry[]) => {
	const l = new Ledger(demo.circle);
	l.add(
		entries.map((entry) => ({ entry, sigValid: true })),
		demo.end
	);
	return l;
};

describe('entries named but never received (T38, the Audit screen)', () => {
	it('none in a whole history; withheld ones, named by others, are counted, in any delivery order', () => {
		expect(ledgerOf(demo.entries).missing).toBe(0);
		const named = new Set(demo.entries.flatMap((e) => e.seen ?? []));
		const withheld = demo.entries.filter((e) => named.has(entryId(e))).slice(-3);
		expect(withheld.length).toBe(3);
		const rest = demo.entries.filter((e) => !withheld.includes(e));
		const forward = ledgerOf(rest);
		expect(forward.missing).toBeGreaterThanOrEqual(1);
		expect(ledgerOf([...rest].reverse()).missing).toBe(forward.missing);
		// They arrive: nothing is missing any more.
		forward.add(
			withheld.map((entry) => ({ entry, sigValid: true })),
			demo.end
		);
		expect(forward.missing).toBe(0);
	});
});
