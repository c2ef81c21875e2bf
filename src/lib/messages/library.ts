/** Sentences for the library domain's codes (core/library). */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const LIBRARY_MESSAGES: Record<string, (params: Params) => string> = {
	'library-name': (x) => `Give the item a name under ${p(x, 'max')} characters.`,
	'library-category': (x) => `Keep the category under ${p(x, 'max')} characters.`,
	'library-photo': (x) => `The photo must be a small picture (under ${p(x, 'max')} characters once shrunk).`,
	'library-note': (x) => `Keep the note under ${p(x, 'max')} characters.`,
	'library-keeper': () => 'The keeper must be an active member, or the circle.',
	'library-value': (x) => `A replacement value is a whole number up to ${p(x, 'max')}.`,
	'library-policy': () => 'A borrow policy has whole numbers of days and renewals.',
	'library-status': () => 'An item is available, in repair, missing or retired.',
	'library-borrower': () => 'Only an active member can borrow.',
	'library-no-such-item': () => 'there is no such item',
	'library-not-keeper': () => 'Only the item’s keeper can do that (any member, for the circle’s own items).',
	'library-not-lendable': (x) => `That item cannot be lent now (${p(x, 'status')}).`,
	'library-already-held': () => 'You already hold a place in this item’s queue.',
	'library-no-such-hold': () => 'there is no such reservation',
	'library-not-yours': () => 'only the member it concerns can do that',
	'library-hold-ended': () => 'that reservation has already ended',
	'library-self': () => 'A keeper does not lend to themselves.',
	'library-out': () =>
		'That item was already out to someone else when this handover came: it does not count. Hand it back, or reserve the next slot.',
	'library-handover-time': (x) =>
		`A handover or return is dated when it really happened: not in the future, not more than ${p(x, 'days')} days back, and never before the item last came back.`,
	'library-due': (x) => `A loan ends after it starts and lasts at most ${p(x, 'days')} days.`,
	'library-no-such-loan': () => 'there is no such loan',
	'library-already-received': () => 'that handover is already confirmed',
	'library-returned': () => 'that loan has already been returned',
	'library-renewals': (x) =>
		`Someone is waiting for it and the ${p(x, 'max')} renewal(s) this item allows are used: bring it back.`
};
