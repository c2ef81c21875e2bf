/**
 * Say why, before the tap (issue 13): an action that cannot succeed in this circle says so where
 * its button would be, instead of failing or, worse, "succeeding" with nobody to carry it.
 */
import type { Millis } from '$lib/core/types';
import { formatCircle } from './format';
import { m } from '$lib/i18n';

/** Why no mandate can be proposed: its delegate is drawn among the others, never the proposer. */
export const mandateWhyNot = (members: number): string | null =>
	members >= 2 ? null : m.why_not_mandate_alone();

/** Why no reset can happen: it takes `needed` members calling it. */
export const resetWhyNot = (members: number, needed: number): string | null =>
	members >= needed ? null : m.reset_why_not({ needed, members });

export interface Resting {
	name: string;
	why: 'benched' | 'away';
	/** When it ends: the circle's midnight after the last day. */
	until: Millis;
}

/**
 * Why a role has nobody eligible: who sits out and through which day; when that does not cover everyone,
 * the others are resting after a turn (the charter's cooldown and term limits).
 */
export const nobodyEligibleText = (resting: readonly Resting[], members: number, off = 0): string => {
	// The last day as it was entered, in the circle's time (`off`, the charter's offset): the same on every phone.
	const parts = resting.map((r) => {
		const through = { name: r.name, date: formatCircle(r.until - 1, off, false) };
		return r.why === 'benched' ? m.why_not_benched(through) : m.why_not_away(through);
	});
	if (resting.length < members) parts.push(resting.length ? m.why_not_others_rest() : m.why_not_all_rest());
	return m.why_not_nobody({ reasons: parts.join('; ') });
};
