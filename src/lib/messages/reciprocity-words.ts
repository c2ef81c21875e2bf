/**
 * The Reciprocity screen's words: its warnings in plain words, what each kind is called and how an
 * amount reads in its own unit. Apart from the rule sentences (reciprocity.ts), so they load with the
 * screen, not with the app.
 */
import type { Signal } from '$lib/core/reciprocity';

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
