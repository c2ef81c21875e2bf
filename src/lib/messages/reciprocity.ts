/** Sentences for the reciprocity domain's codes (core/reciprocity) and its warnings. */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');
const UNITS: Record<string, string> = { minutes: 'minutes', sessions: 'sessions', meals: 'meals' };

export const RECIPROCITY_MESSAGES: Record<string, (params: Params) => string> = {
	'reciprocity-kind': () => 'A contribution is hours, a skill taught, a meal or care.',
	'reciprocity-tools-from-library': () => 'Loans count on their own, from the library: nothing to record.',
	'reciprocity-amount': (x) =>
		`Give a whole number from 1 to ${p(x, 'max')} ${UNITS[p(x, 'unit')] ?? p(x, 'unit')}.`,
	'reciprocity-member': () => 'Both sides of a contribution must be active members (or the whole circle).',
	'reciprocity-self': () => 'Someone gives to someone else, or to the circle.',
	'reciprocity-date': (x) =>
		`A contribution is dated when it happened: not in the future, not more than ${p(x, 'days')} days back.`,
	'reciprocity-note': (x) => `Keep the note under ${p(x, 'max')} characters.`,
	'reciprocity-not-party': () => 'Only the one who gave or the one who received records a contribution.',
	'reciprocity-no-such-record': () => 'there is no such contribution',
	'reciprocity-confirmed': () => 'that contribution is already confirmed',
	'reciprocity-not-receiver': () =>
		'Only the one who received it confirms a contribution (for a gift to the circle, anyone but the giver).'
};
