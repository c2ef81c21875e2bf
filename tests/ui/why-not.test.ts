import { describe, expect, it } from 'vitest';
import { mandateWhyNot, nobodyEligibleText, resetWhyNot } from '$lib/ui/why-not';

describe('say why, before the tap', () => {
	it('a circle of one cannot propose a mandate; two can', () => {
		expect(mandateWhyNot(1)).toMatch(/never the proposer, and you are the circle’s only member/);
		expect(mandateWhyNot(2)).toBeNull();
	});

	it('a reset needs its number of members', () => {
		const table: [number, number, string | null][] = [
			[1, 3, 'A reset needs 3 members to call it; the circle has 1. Once it has 3, any 3 of them can.'],
			[2, 3, 'A reset needs 3 members to call it; the circle has 2. Once it has 3, any 3 of them can.'],
			[3, 3, null],
			[8, 3, null]
		];
		for (const [members, needed, want] of table) expect(resetWhyNot(members, needed)).toBe(want);
	});

	it('"nobody eligible" says who sits out and until when', () => {
		// Benched through the 11th in a circle at UTC+13:45: it ends at that circle's midnight after the
		// 11th, which is 10:15 UTC on the 11th. Every phone, in any zone, reads the 11th.
		const until = Date.UTC(2026, 11, 11, 10, 15);
		const text = nobodyEligibleText([{ name: 'Kwame', why: 'benched', until }], 1, 13 * 60 + 45);
		expect(text).toMatch(/^Nobody eligible: Kwame is benched through \D*11\D*2026\D*\.$/);
		expect(
			nobodyEligibleText(
				[
					{ name: 'Kwame', why: 'benched', until },
					{ name: 'Zoë', why: 'away', until }
				],
				4
			)
		).toMatch(
			/^Nobody eligible: Kwame is benched through .+; Zoë is away through .+; the others rest after a recent turn \(the charter’s cooldown\)\.$/
		);
		expect(nobodyEligibleText([], 3)).toBe(
			'Nobody eligible: everyone rests after a recent turn (the charter’s cooldown).'
		);
	});
});
