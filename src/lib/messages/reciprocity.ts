/** Sentences for the reciprocity domain's codes (core/reciprocity) and its warnings. */
import type { Rejection } from '$lib/core/host/domain';
import type { Signal } from '$lib/core/reciprocity';

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

/** A warning in plain words: a mirror, never a verdict. */
export const signalText = (s: Signal, name: string, windowDays: number): string => {
	const x = s.params;
	switch (s.code) {
		case 'mostly-giving':
			return `${name} mostly gives: ${x.given} given, ${x.received} received in ${windowDays} days. Is anyone letting ${name} receive?`;
		case 'mostly-receiving':
			return `${name} mostly receives: ${x.received} received, ${x.given} given in ${windowDays} days. Is there something ${name} would like to offer?`;
		case 'quiet':
			return `${name} has been quiet: nothing given or received for ${x.days} days. Worth a check-in.`;
		case 'carries':
			return `${name} carries the circle: ${x.given} of the ${x.total} things members gave in ${windowDays} days (more than twice an even share among ${x.members}).`;
	}
};

/** What each kind is called on the screen. */
export const KIND_LABELS: Record<string, string> = {
	hours: 'Hours given',
	tools: 'Tools lent',
	skills: 'Skills taught',
	meals: 'Meals shared',
	care: 'Care'
};

/** An amount in its kind's own unit: "1 h 30 min", "2 loans", "1 session", "3 meals". */
export const contributionAmount = (kind: string, amount: number): string => {
	const n = (one: string, many: string) => `${amount} ${amount === 1 ? one : many}`;
	switch (kind) {
		case 'hours':
		case 'care': {
			const h = Math.floor(amount / 60);
			const m = amount % 60;
			return h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`;
		}
		case 'tools':
			return n('loan', 'loans');
		case 'skills':
			return n('session', 'sessions');
		default:
			return n('meal', 'meals');
	}
};
