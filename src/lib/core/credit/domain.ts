/**
 * The credit domain: the circle's mutual credit (DESIGN.md §11; CES, TimeOverflow, Komunitin,
 * Credit Commons). docs/protocol/credit.md.
 *
 *   credit.transfer   {to, amount, memo, request}          the payer pays a member
 *   credit.request    {from, amount, memo}                 a member asks another to pay them
 *   credit.accept     {transfer}                           the payee accepts (charter: payee must accept)
 *   credit.decline    {entry, reason}                      the payee declines a payment; either side a request
 *   credit.limit      {member, floor, ceiling, reason}     proposes a member's own limits (a circle decision)
 *   credit.write-off  {member, reason}                     proposes moving a departed member's balance to the commons
 *   credit.support    {proposal}                           supports a limit or write-off proposal
 *
 * Reads: membership (who may pay and be paid), the charter (the economy section).
 */
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, rosterAt, spanAround } from '../membership/view';
import {
	bad,
	kind,
	ok,
	refuse,
	reject,
	type Decoded,
	type Domain,
	type FoldContext,
	type Rejection
} from '../host/domain';
import { CreditBook, type CreditContext, type Decision } from './book';
import { AMOUNT_MAX, economyOf } from './economy';
import { accountOf, creditView, pendingOut, type CreditView } from './view';
import type { EntryId, MemberKey } from '../types';

export const TRANSFER = 'credit.transfer';
export const REQUEST = 'credit.request';
export const ACCEPT = 'credit.accept';
export const DECLINE = 'credit.decline';
export const LIMIT = 'credit.limit';
export const WRITE_OFF = 'credit.write-off';
export const SUPPORT = 'credit.support';

export const MEMO_MAX = 280;

export type TransferBody = { to: MemberKey; amount: number; memo: string; request: EntryId | null };
export type RequestBody = { from: MemberKey; amount: number; memo: string };
export type AcceptBody = { transfer: EntryId };
export type DeclineBody = { entry: EntryId; reason: string };
export type LimitBody = { member: MemberKey; floor: number; ceiling: number; reason: string };
export type WriteOffBody = { member: MemberKey; reason: string };
export type SupportBody = { proposal: EntryId };

const isAmount = (x: unknown): x is number =>
	Number.isSafeInteger(x) && (x as number) >= 1 && (x as number) <= AMOUNT_MAX;
const memoOf = (x: unknown): string | null =>
	x === undefined ? '' : typeof x === 'string' && x.length <= MEMO_MAX ? x : null;

const decodeTransfer = (b: { [key: string]: unknown }): Decoded<TransferBody> => {
	if (!isHex(b.to, 32)) return bad('credit-payee');
	if (!isAmount(b.amount)) return bad('credit-amount', { max: AMOUNT_MAX });
	const memo = memoOf(b.memo);
	if (memo === null) return bad('credit-memo', { max: MEMO_MAX });
	if (!(b.request === undefined || b.request === null || isHex(b.request, 32))) return bad('credit-request');
	return ok({
		to: b.to as MemberKey,
		amount: b.amount,
		memo,
		request: (b.request ?? null) as EntryId | null
	});
};

const decodeRequest = (b: { [key: string]: unknown }): Decoded<RequestBody> => {
	if (!isHex(b.from, 32)) return bad('credit-payer');
	if (!isAmount(b.amount)) return bad('credit-amount', { max: AMOUNT_MAX });
	const memo = memoOf(b.memo);
	if (memo === null) return bad('credit-memo', { max: MEMO_MAX });
	return ok({ from: b.from as MemberKey, amount: b.amount, memo });
};

const decodeLimit = (b: { [key: string]: unknown }): Decoded<LimitBody> => {
	if (!isHex(b.member, 32)) return bad('credit-member');
	const { floor, ceiling } = b;
	if (
		!Number.isSafeInteger(floor) ||
		!Number.isSafeInteger(ceiling) ||
		(floor as number) > 0 ||
		(floor as number) < -AMOUNT_MAX ||
		(ceiling as number) < 0 ||
		(ceiling as number) > AMOUNT_MAX
	)
		return bad('credit-limits', { max: AMOUNT_MAX });
	const reason = memoOf(b.reason);
	if (reason === null) return bad('credit-memo', { max: MEMO_MAX });
	return ok({ member: b.member as MemberKey, floor: floor as number, ceiling: ceiling as number, reason });
};

/** Made once per fold context (the host keeps one per membership state), not once per payment. */
const contexts = new WeakMap<FoldContext, CreditContext>();

const context = (ctx: FoldContext): CreditContext => {
	let made = contexts.get(ctx);
	if (made) return made;
	made = {
		isActive: (m, t) => isActiveAt(ctx.members.members.get(m), t),
		wasMember: (m, t) => {
			const s = ctx.members.members.get(m);
			return !!s && (s.spans ?? [s]).some((x) => x.since <= t);
		},
		rosterAt: (t) => rosterAt(ctx.members, t),
		// Looked up at each call: a rewind gives the host other books.
		charterAt: (t) => ctx.book(charter).contentAt(t)
	};
	contexts.set(ctx, made);
	return made;
};

export const credit: Domain<CreditBook, CreditView> = {
	name: 'credit',
	version: 1,
	reads: [membership, charter],
	charterSection: 'economy',
	init: () => new CreditBook(),
	clone: (book) => book.clone(),
	snapshot: (book) => book.snapshot(),
	restore: (book, s) => book.rewind(s as number),
	kinds: [
		kind({
			type: TRANSFER,
			decode: decodeTransfer,
			apply: (book, e, ctx) => book.pay(e.id, e.author, e.at, e.body, context(ctx))
		}),
		kind({
			type: REQUEST,
			decode: decodeRequest,
			apply: (book, e, ctx) => book.ask(e.id, e.author, e.at, e.body, context(ctx))
		}),
		kind({
			type: ACCEPT,
			decode: (b): Decoded<AcceptBody> =>
				isHex(b.transfer, 32) ? ok({ transfer: b.transfer as EntryId }) : bad('credit-no-such-entry'),
			apply: (book, e, ctx) => book.accept(e.body.transfer, e.author, e.at, context(ctx))
		}),
		kind({
			type: DECLINE,
			decode: (b): Decoded<DeclineBody> => {
				if (!isHex(b.entry, 32)) return bad('credit-no-such-entry');
				const reason = memoOf(b.reason);
				return reason === null
					? bad('credit-memo', { max: MEMO_MAX })
					: ok({ entry: b.entry as EntryId, reason });
			},
			apply: (book, e) => book.decline(e.body.entry, e.author, e.at)
		}),
		kind({
			type: LIMIT,
			decode: decodeLimit,
			apply: (book, e, ctx) => book.propose(e.id, e.author, e.at, { kind: 'limit', ...e.body }, context(ctx))
		}),
		kind({
			type: WRITE_OFF,
			decode: (b): Decoded<WriteOffBody> => {
				if (!isHex(b.member, 32)) return bad('credit-member');
				const reason = memoOf(b.reason);
				return reason === null
					? bad('credit-memo', { max: MEMO_MAX })
					: ok({ member: b.member as MemberKey, reason });
			},
			apply: (book, e, ctx) =>
				book.propose(
					e.id,
					e.author,
					e.at,
					{ kind: 'write-off', member: e.body.member, floor: null, ceiling: null, reason: e.body.reason },
					context(ctx)
				)
		}),
		kind({
			type: SUPPORT,
			decode: (b): Decoded<SupportBody> =>
				isHex(b.proposal, 32) ? ok({ proposal: b.proposal as EntryId }) : bad('credit-no-such-entry'),
			apply: (book, e, ctx) => book.support(e.body.proposal, e.author, e.at, context(ctx))
		})
	],
	view: (book, now, ctx) => {
		const c = ctx.book(charter);
		const members = ctx.members.members;
		const value = creditView(book, economyOf(c.contentAt(now)), members.keys(), (m) =>
			isActiveAt(members.get(m), now)
		);
		// It changes when a charter version comes into force or the roster changes (frozen accounts).
		return {
			value,
			...spanAround(
				ctx.members,
				now,
				c.versions.map((v) => v.ratifiedAt)
			)
		};
	}
};

// ---- the honest payer's phone: checks before it signs ----

/**
 * Whether `from` may pay `to` the `amount` now, on what this phone holds. The floor is the one
 * limit a phone can keep: only the payer debits the payer, so if the payer's own phone refuses
 * to go below it, no merge of anything others sign can take them below it (payments to them only
 * raise their balance). Payments of theirs still waiting for a payee count as spent.
 */
export const checkPayment = (
	view: CreditView,
	from: MemberKey,
	to: MemberKey,
	amount: number
): Rejection | null => {
	const payer = accountOf(view, from);
	if (!payer || payer.status !== 'active') return reject('credit-payer-not-member');
	if (to === from) return reject('credit-self');
	const payee = accountOf(view, to);
	if (!payee || payee.status !== 'active') return reject('credit-payee-not-member');
	if (!isAmount(amount)) return reject('credit-amount', { max: AMOUNT_MAX });
	const pending = pendingOut(view, from);
	const after = payer.balance - pending - amount;
	if (after < payer.floor!)
		return reject('credit-below-floor', {
			balance: payer.balance,
			pending,
			amount,
			after,
			floor: payer.floor!,
			unit: view.economy.unit,
			decimals: view.economy.decimals
		});
	return null;
};

// ---- builders ----

const memo = (text: string): string => {
	const t = text.trim();
	if (t.length > MEMO_MAX) refuse('credit-memo', { max: MEMO_MAX });
	return t;
};

/** A payment this phone may sign: refused (with the numbers) below the payer's floor. */
export const transferBody = (
	view: CreditView,
	from: MemberKey,
	to: MemberKey,
	amount: number,
	text: string,
	request: EntryId | null = null
): TransferBody => {
	const problem = checkPayment(view, from, to, amount);
	if (problem) refuse(problem.code, problem.params);
	return { to, amount, memo: memo(text), request };
};

export const requestBody = (
	view: CreditView,
	by: MemberKey,
	from: MemberKey,
	amount: number,
	text: string
): RequestBody => {
	if (from === by) refuse('credit-self');
	if (accountOf(view, from)?.status !== 'active') refuse('credit-payer-not-member');
	if (!isAmount(amount)) refuse('credit-amount', { max: AMOUNT_MAX });
	return { from, amount, memo: memo(text) };
};

export const acceptBody = (transfer: EntryId): AcceptBody => ({ transfer });
export const declineBody = (entry: EntryId, reason: string): DeclineBody => ({ entry, reason: memo(reason) });
export const limitBody = (member: MemberKey, floor: number, ceiling: number, reason: string): LimitBody => {
	if (
		!Number.isSafeInteger(floor) ||
		!Number.isSafeInteger(ceiling) ||
		floor > 0 ||
		ceiling < 0 ||
		floor < -AMOUNT_MAX ||
		ceiling > AMOUNT_MAX
	)
		refuse('credit-limits', { max: AMOUNT_MAX });
	return { member, floor, ceiling, reason: memo(reason) };
};
export const writeOffBody = (member: MemberKey, reason: string): WriteOffBody => ({
	member,
	reason: memo(reason)
});
export const supportBody = (proposal: EntryId): SupportBody => ({ proposal });

export type { Decision };
