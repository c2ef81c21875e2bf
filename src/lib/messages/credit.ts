/**
 * What the credit domain's codes (core/credit) need to be worded, and the words for its flags.
 * Amounts arrive as integers in the unit's smallest step with the unit's `decimals`; they are shown
 * with a real minus sign and the unit's name. The sentences are in the message files
 * (`rule_credit_*` in rules.json, `credit_flag_*` in credit.json).
 */
import { DEFAULT_UNIT, formatAmount } from '$lib/core/credit/economy';
import { say, type Params } from './say';

const num = (x: Params, key: string): number => {
	const v = Number(x?.[key] ?? 0);
	return Number.isFinite(v) ? v : 0;
};

/** An amount with its unit: "−2.50 hours". */
export const amountText = (n: number, decimals: number, unit: string): string =>
	`${formatAmount(n, decimals).replace('-', '−')} ${unit}`;

const decimalsOf = (x: Params): number => num(x, 'decimals') || (x?.decimals === 0 ? 0 : 2);
const amountOf = (x: Params, n: number): string =>
	amountText(n, decimalsOf(x), String(x?.unit ?? DEFAULT_UNIT));

/** Variants of the credit sentences (rules.ts): a refusal with payments still waiting says so. */
export const creditVariant: Record<string, (x: Params) => string> = {
	'credit-below-floor': (x) => (num(x, 'pending') ? 'pending' : '')
};

/** The amounts a credit sentence shows, each in its unit. */
export const creditInputs: Record<string, (x: Params) => Record<string, unknown>> = {
	'credit-below-floor': (x) => ({
		amount: amountOf(x, num(x, 'amount')),
		after: amountOf(x, num(x, 'after')),
		floor: amountOf(x, num(x, 'floor')),
		balance: amountOf(x, num(x, 'balance')),
		pending: amountOf(x, num(x, 'pending')),
		room: amountOf(x, Math.max(0, num(x, 'balance') - num(x, 'pending') - num(x, 'floor')))
	})
};

const FLAGS = ['over-ceiling', 'over-floor', 'forked'];
const flagKey = (flag: string) => flag.replace(/-/g, '_');

/** What each flag means, for a person, about someone else's account (name filled in). */
export const flagText = (flag: string, name: string): string =>
	(FLAGS.includes(flag) && say(`credit_flag_${flagKey(flag)}`, { name })) || flag;

/** The same, said to the account's own member. */
export const ownFlagText = (flag: string): string =>
	(FLAGS.includes(flag) && say(`credit_own_flag_${flagKey(flag)}`)) || flag;

/** A flag's short name, for a badge. */
export const flagLabel = (flag: string): string =>
	(FLAGS.includes(flag) && say(`credit_flag_label_${flagKey(flag)}`)) || flag;
