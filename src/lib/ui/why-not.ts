/**
 * Say why, before the tap (issue 13): an action that cannot succeed in this circle says so where
 * its button would be, instead of failing or, worse, "succeeding" with nobody to carry it.
 */
import type { Millis } from '$lib/core/types';
import { formatCircle } from './format';
import { m } from '$lib/i18n';

/** Why no mandate can be proposed: its delegate is drawn among the others, never the proposer. */
export const mandateWhyNot = (members: number): string | null =>
	members >= 2
		? null
		: 'A mandate’s delegate is drawn from the other members, never the proposer, and you are the circle’s only member. Invite someone first; then a mandate can be proposed.';

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
	const parts = resting.map(
		(r) =>
			`${r.name} is ${r.why === 'benched' ? 'benched' : 'away'} through ${formatCircle(r.until - 1, off, false)}`
	);
	if (resting.length < members)
		parts.push(
			resting.length
				? 'the others rest after a recent turn (the charter’s cooldown)'
				: 'everyone rests after a recent turn (the charter’s cooldown)'
		);
	return `Nobody eligible: ${parts.join('; ')}.`;
};
