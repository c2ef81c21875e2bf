/**
 * The Reciprocity screen's words, in the member's language (reciprocity_* in reciprocity.json): its
 * warnings in plain words, what each kind is called and how an amount reads in its own unit. Apart
 * from the rule sentences (reciprocity.ts), so they load with the screen, not with the app.
 */
import type { Signal } from '$lib/core/reciprocity';
import { intlLocale, m } from '$lib/i18n';

const num = (v: unknown): string =>
	typeof v === 'number' ? new Intl.NumberFormat(intlLocale()).format(v) : String(v ?? '');

/** A warning in plain words: a mirror, never a verdict. */
export const signalText = (s: Signal, name: string, windowDays: number): string => {
	const x = s.params;
	const days = num(windowDays);
	switch (s.code) {
		case 'mostly-giving':
			return m.reciprocity_signal_giving({ name, given: num(x.given), received: num(x.received), days });
		case 'mostly-receiving':
			return m.reciprocity_signal_receiving({ name, given: num(x.given), received: num(x.received), days });
		case 'quiet':
			return m.reciprocity_signal_quiet({ name, days: num(x.days) });
		case 'carries':
			return m.reciprocity_signal_carries({
				name,
				given: num(x.given),
				total: num(x.total),
				days,
				members: num(x.members)
			});
	}
};

/** What each kind is called on the screen. */
export const kindLabel = (kind: string): string => {
	switch (kind) {
		case 'hours':
			return m.reciprocity_kind_hours();
		case 'tools':
			return m.reciprocity_kind_tools();
		case 'skills':
			return m.reciprocity_kind_skills();
		case 'meals':
			return m.reciprocity_kind_meals();
		default:
			return m.reciprocity_kind_care();
	}
};

/** An amount in its kind's own unit: "1 h 30 min", "2 loans", "1 session", "3 meals". */
export const contributionAmount = (kind: string, amount: number): string => {
	switch (kind) {
		case 'hours':
		case 'care': {
			// h and min are the same symbols in every language the app speaks.
			const h = Math.floor(amount / 60);
			const min = amount % 60;
			return h && min ? `${num(h)} h ${num(min)} min` : h ? `${num(h)} h` : `${num(min)} min`;
		}
		case 'tools':
			return m.reciprocity_amount_loans({ count: amount });
		case 'skills':
			return m.reciprocity_amount_sessions({ count: amount });
		default:
			return m.reciprocity_amount_meals({ count: amount });
	}
};
