/**
 * Sentences for the credit domain's codes (core/credit), and the words for its flags. Amounts
 * arrive as integers in the unit's smallest step with the unit's `decimals`; they are shown
 * with a real minus sign and the unit's name.
 */
import { formatAmount } from '$lib/core/credit/economy';
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];

const num = (x: Params, key: string): number => {
	const v = Number(x?.[key] ?? 0);
	return Number.isFinite(v) ? v : 0;
};

/** An amount with its unit: "−2.50 hours". */
export const amountText = (n: number, decimals: number, unit: string): string =>
	`${formatAmount(n, decimals).replace('-', '−')} ${unit}`;

const amountOf = (x: Params, key: string): string =>
	amountText(num(x, key), num(x, 'decimals') || (x?.decimals === 0 ? 0 : 2), String(x?.unit ?? 'hours'));

export const CREDIT_MESSAGES: Record<string, (params: Params) => string> = {
	// a payee's code (core/credit/pay-code.ts)
	'pay-code-not-one': () =>
		'That is not a payment code. Ask the payee to show theirs again (Credit → Get paid).',
	'pay-code-amount': () => 'That payment code has an amount this app cannot read.',
	'pay-code-other-circle': () => 'That payment code is for another circle. Nothing was filled in.',
	'pay-code-self': () => 'That is your own payment code: show it to the one who pays you.',
	'credit-payee': () => 'a payment names the member it pays',
	'credit-payer': () => 'a request names the member asked to pay',
	'credit-amount': (x) =>
		`An amount is a whole number of the unit’s smallest steps, from 1 to ${num(x, 'max').toLocaleString('en')}.`,
	'credit-memo': (x) => `Keep the note under ${num(x, 'max')} characters.`,
	'credit-request': () => 'the request a payment answers must be an entry id',
	'credit-limits': () => 'A floor is zero or below and a ceiling zero or above.',
	'credit-self': () => 'Nobody pays themselves, or asks themselves to pay.',
	'credit-payer-not-member': () => 'Only an active member can pay: this account is frozen or unknown.',
	'credit-payee-not-member': () =>
		'That person is not an active member of this circle: a frozen account receives nothing.',
	'credit-no-such-entry': () => 'there is no such payment, request or proposal',
	'credit-not-pending': (x) => `that is no longer waiting (${String(x?.status ?? 'settled')})`,
	'credit-not-yours': () => 'only the member a payment or request concerns can answer it',
	'credit-frozen': () => 'the payer has left since: their account is frozen',
	'credit-own-decision': () => 'nobody proposes or supports a decision about their own account',
	'credit-member': () => 'a limit is set for an active member',
	'credit-write-off-active': () => 'only the balance of a member who has left can be written off',
	'credit-nothing-to-write-off': () => 'that account holds nothing to write off',
	'credit-decided': () => 'that decision already has the support it needs',
	'credit-already-supported': () => 'this member already supports that decision',
	'credit-below-floor': (x) => {
		const room = num(x, 'balance') - num(x, 'pending') - num(x, 'floor');
		const pending = num(x, 'pending')
			? `, with ${amountOf(x, 'pending')} of payments waiting for their payee`
			: '';
		return `Refused: this payment of ${amountOf(x, 'amount')} would take you to ${amountOf(x, 'after')}, below your floor of ${amountOf(x, 'floor')}. You have ${amountOf(x, 'balance')}${pending}, so you can pay at most ${amountText(Math.max(0, room), num(x, 'decimals') || (x?.decimals === 0 ? 0 : 2), String(x?.unit ?? 'hours'))} now.`;
	}
};

/** What each flag means, for a person, about someone else's account (name filled in). */
export const flagText = (flag: string, name: string): string => {
	switch (flag) {
		case 'over-ceiling':
			return `${name} is full — pay someone else, or ${name} spends.`;
		case 'over-floor':
			return `${name} is below their floor: they have spent more than the circle agreed. Talk with them; the payments still count.`;
		case 'forked':
			return `${name}’s phone signed two entries with one number (a forked log): the same balance may have been spent twice. Both payments count; look at it together (Audit).`;
		default:
			return flag;
	}
};

/** The same, said to the account's own member. */
export const ownFlagText = (flag: string): string => {
	switch (flag) {
		case 'over-ceiling':
			return 'You are full: you have earned more than the circle’s ceiling. Spend some, or ask payers to pay someone else.';
		case 'over-floor':
			return 'You are below your floor: payments you made on another phone, or offline, went past it. Earn some back before you pay again.';
		case 'forked':
			return 'Your key signed two entries with one number (two phones with one key, or a restored backup): both count. Sync your phones.';
		default:
			return flag;
	}
};

/** A flag's short name, for a badge. */
export const FLAG_LABELS: Record<string, string> = {
	'over-floor': 'below floor',
	'over-ceiling': 'full',
	forked: 'forked log'
};
