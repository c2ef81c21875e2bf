/**
 * The library domain: the circle's lending library (DESIGN.md §11). docs/protocol/library.md.
 *
 *   library.item    {name, category, photo, condition, keeper, value, policy}   adds an item
 *   library.status  {item, status, condition}      the keeper: available, in repair, missing, retired
 *   library.reserve {item}                          a hold, queued in the ledger's order
 *   library.cancel  {hold}                          the holder withdraws it
 *   library.lend    {item, borrower, at, due}       the keeper's half of a handover (at: the real time)
 *   library.receive {lend}                          the borrower's half: the loan is out from `at`
 *   library.policy  {item, policy}                  the keeper changes an item's borrow policy
 *   library.approve {hold}                          the keeper approves a hold (items that need approval)
 *   library.handover {item, lender, at, due, nonce, sig}  the borrower, with the keeper's signed offer
 *                                                   (handover-code.ts): a handover both confirmed
 *   library.renew   {loan, due}                     the borrower, a new due date
 *   library.return  {loan, at, condition}           the borrower or the keeper
 *
 * Reads: membership (who may borrow), the charter (the library section).
 */
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, spanAround } from '../membership/view';
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
import type { CharterContent } from '../charter/content';
import { DAY, LibraryBook, type ItemStatus, type Policy } from './book';
import { offerSignatureOk, type HandoverCode } from './handover-code';
import { libraryView, someoneWaits, type LibraryView } from './view';
import type { EntryId, MemberKey, Millis } from '../types';

export const ITEM = 'library.item';
export const STATUS = 'library.status';
export const RESERVE = 'library.reserve';
export const CANCEL = 'library.cancel';
export const LEND = 'library.lend';
export const RECEIVE = 'library.receive';
export const RENEW = 'library.renew';
export const RETURN = 'library.return';
export const APPROVE = 'library.approve';
export const POLICY = 'library.policy';
export const HANDOVER = 'library.handover';

export const NAME_MAX = 80;
export const CATEGORY_MAX = 40;
export const NOTE_MAX = 280;
/** A photo shrunk on the phone: a data: URL of at most this many characters (about 6 KB of JPEG). */
export const PHOTO_MAX = 8192;
export const VALUE_MAX = 1_000_000;
const STATUSES: readonly ItemStatus[] = ['available', 'repair', 'missing', 'retired'];

export interface LibraryRules {
	/** Days a ready hold waits for collection before it lapses. */
	holdDays: number;
	/** Defaults of an item's borrow policy. */
	policy: Policy;
}

const int = (x: unknown, lo: number, hi: number): x is number =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/** The charter's `library` section, read leniently (defaults where a field is unusable). */
export const libraryRules = (c: CharterContent | { [key: string]: unknown }): LibraryRules => {
	const raw = (c as { [key: string]: unknown }).library;
	const l = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as {
		[key: string]: unknown;
	};
	return {
		holdDays: int(l.holdDays, 1, 60) ? l.holdDays : 3,
		policy: {
			loanDays: int(l.loanDays, 1, 366) ? l.loanDays : 14,
			renewals: int(l.renewals, 0, 20) ? l.renewals : 1,
			approval: typeof l.approval === 'boolean' ? l.approval : false,
			bufferDays: int(l.bufferDays, 0, 30) ? l.bufferDays : 0
		}
	};
};

export type ItemBody = {
	name: string;
	category: string;
	photo: string;
	condition: string;
	keeper: MemberKey | null;
	value: number;
	policy: Partial<Policy>;
};

const text = (x: unknown, max: number): string | null =>
	x === undefined ? '' : typeof x === 'string' && x.length <= max ? x : null;

const decodePolicy = (x: unknown): Partial<Policy> | null => {
	if (x === undefined) return {};
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return null;
	const p = x as { [key: string]: unknown };
	const out: Partial<Policy> = {};
	if (p.loanDays !== undefined) {
		if (!int(p.loanDays, 1, 366)) return null;
		out.loanDays = p.loanDays;
	}
	if (p.renewals !== undefined) {
		if (!int(p.renewals, 0, 20)) return null;
		out.renewals = p.renewals;
	}
	if (p.bufferDays !== undefined) {
		if (!int(p.bufferDays, 0, 30)) return null;
		out.bufferDays = p.bufferDays;
	}
	if (p.approval !== undefined) {
		if (typeof p.approval !== 'boolean') return null;
		out.approval = p.approval;
	}
	return out;
};

const decodeItem = (b: { [key: string]: unknown }): Decoded<ItemBody> => {
	const name = typeof b.name === 'string' ? b.name.trim() : '';
	if (!name || (b.name as string).length > NAME_MAX) return bad('library-name', { max: NAME_MAX });
	const category = text(b.category, CATEGORY_MAX);
	if (category === null) return bad('library-category', { max: CATEGORY_MAX });
	const photo = text(b.photo, PHOTO_MAX);
	if (photo === null || (photo !== '' && !/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/.test(photo)))
		return bad('library-photo', { max: PHOTO_MAX });
	const condition = text(b.condition, NOTE_MAX);
	if (condition === null) return bad('library-note', { max: NOTE_MAX });
	if (!(b.keeper === null || b.keeper === undefined || isHex(b.keeper, 32))) return bad('library-keeper');
	if (!(b.value === undefined || int(b.value, 0, VALUE_MAX))) return bad('library-value', { max: VALUE_MAX });
	const policy = decodePolicy(b.policy);
	if (policy === null) return bad('library-policy');
	return ok({
		name,
		category: category.trim(),
		photo,
		condition,
		keeper: (b.keeper ?? null) as MemberKey | null,
		value: (b.value ?? 0) as number,
		policy
	});
};

const id = (x: unknown, code: string): Decoded<EntryId> => (isHex(x, 32) ? ok(x as EntryId) : bad(code));

const rulesAt = (ctx: FoldContext, t: Millis): LibraryRules => libraryRules(ctx.book(charter).contentAt(t));
const active = (ctx: FoldContext, m: MemberKey, t: Millis) => isActiveAt(ctx.members.members.get(m), t);

/**
 * Whether `borrower` may take `item` at entry instant `t` as far as approval goes: true for items
 * that need none; else the borrower holds a place in the item's queue at `t` that its keeper approved.
 */
const approvedFor = (book: LibraryBook, ctx: FoldContext, item: EntryId, borrower: MemberKey, t: Millis) => {
	const it = book.items.get(item);
	if (!it || !it.policy.approval) return true;
	const v = libraryView(book, t, rulesAt(ctx, t).holdDays).value;
	return v.items.find((i) => i.id === item)?.queue.some((h) => h.holder === borrower && h.approved) ?? false;
};

export type HandoverBody = Omit<HandoverCode, 'circle'>;

export const library: Domain<LibraryBook, LibraryView> = {
	name: 'library',
	version: 2,
	reads: [membership, charter],
	charterSection: 'library',
	init: () => new LibraryBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: ITEM,
			decode: decodeItem,
			apply: (book, e, ctx) => {
				const b = e.body;
				if (b.keeper !== null && !active(ctx, b.keeper, e.at)) return reject('library-keeper');
				const policy = { ...rulesAt(ctx, e.at).policy, ...b.policy };
				return book.add(e.id, e.author, e.at, { ...b, policy });
			}
		}),
		kind({
			type: STATUS,
			decode: (b): Decoded<{ item: EntryId; status: ItemStatus; condition: string | null }> => {
				const item = id(b.item, 'library-no-such-item');
				if (!item.ok) return item;
				if (!STATUSES.includes(b.status as ItemStatus)) return bad('library-status');
				const condition = b.condition === undefined ? null : text(b.condition, NOTE_MAX);
				if (b.condition !== undefined && condition === null) return bad('library-note', { max: NOTE_MAX });
				return ok({ item: item.body, status: b.status as ItemStatus, condition });
			},
			apply: (book, e) => book.setStatus(e.body.item, e.author, e.body.status, e.body.condition)
		}),
		kind({
			type: POLICY,
			decode: (b): Decoded<{ item: EntryId; policy: Partial<Policy> }> => {
				const item = id(b.item, 'library-no-such-item');
				if (!item.ok) return item;
				const policy = decodePolicy(b.policy);
				if (policy === null || b.policy === undefined) return bad('library-policy');
				return ok({ item: item.body, policy });
			},
			apply: (book, e) => book.setPolicy(e.body.item, e.author, e.body.policy)
		}),
		kind({
			type: RESERVE,
			decode: (b): Decoded<{ item: EntryId }> => {
				const item = id(b.item, 'library-no-such-item');
				return item.ok ? ok({ item: item.body }) : item;
			},
			apply: (book, e, ctx) => {
				const v = libraryView(book, e.at, rulesAt(ctx, e.at).holdDays).value;
				const queued =
					v.items.find((i) => i.id === e.body.item)?.queue.some((h) => h.holder === e.author) ?? false;
				return book.reserve(e.id, e.author, e.at, e.body.item, queued);
			}
		}),
		kind({
			type: CANCEL,
			decode: (b): Decoded<{ hold: EntryId }> => {
				const h = id(b.hold, 'library-no-such-hold');
				return h.ok ? ok({ hold: h.body }) : h;
			},
			apply: (book, e) => book.cancel(e.body.hold, e.author, e.at)
		}),
		kind({
			type: LEND,
			decode: (b): Decoded<{ item: EntryId; borrower: MemberKey; at: Millis; due: Millis }> => {
				const item = id(b.item, 'library-no-such-item');
				if (!item.ok) return item;
				if (!isHex(b.borrower, 32)) return bad('library-borrower');
				if (!Number.isSafeInteger(b.at) || !Number.isSafeInteger(b.due))
					return bad('library-due', { days: 366 });
				return ok({
					item: item.body,
					borrower: b.borrower as MemberKey,
					at: b.at as number,
					due: b.due as number
				});
			},
			apply: (book, e, ctx) => {
				if (!active(ctx, e.body.borrower, e.at)) return reject('library-borrower');
				return book.lend(e.id, e.author, e.at, e.body);
			}
		}),
		kind({
			type: RECEIVE,
			decode: (b): Decoded<{ lend: EntryId }> => {
				const l = id(b.lend, 'library-no-such-loan');
				return l.ok ? ok({ lend: l.body }) : l;
			},
			apply: (book, e, ctx) => {
				const l = book.loans.get(e.body.lend);
				const ok = l ? approvedFor(book, ctx, l.item, e.author, e.at) : true;
				return book.receive(e.id, e.author, e.body.lend, ok);
			}
		}),
		kind({
			type: APPROVE,
			decode: (b): Decoded<{ hold: EntryId }> => {
				const h = id(b.hold, 'library-no-such-hold');
				return h.ok ? ok({ hold: h.body }) : h;
			},
			apply: (book, e) => book.approve(e.body.hold, e.author, e.at)
		}),
		kind({
			type: HANDOVER,
			decode: (b): Decoded<HandoverBody> => {
				const item = id(b.item, 'library-no-such-item');
				if (!item.ok) return item;
				if (!isHex(b.lender, 32)) return bad('library-not-keeper');
				if (!Number.isSafeInteger(b.at) || !Number.isSafeInteger(b.due))
					return bad('library-due', { days: 366 });
				if (!isHex(b.nonce, 16) || !isHex(b.sig, 64)) return bad('handover-code-signature');
				return ok({
					item: item.body,
					lender: b.lender as MemberKey,
					at: b.at as number,
					due: b.due as number,
					nonce: b.nonce,
					sig: b.sig
				});
			},
			apply: (book, e, ctx) => {
				const b = e.body;
				// The keeper's half: their signature over this circle, item, times and nonce.
				if (!offerSignatureOk(ctx.circle, b, b.sig)) return reject('handover-code-signature');
				if (!active(ctx, b.lender, e.at)) return reject('library-not-keeper');
				return book.handover(e.id, e.author, e.at, b, approvedFor(book, ctx, b.item, e.author, e.at));
			}
		}),
		kind({
			type: RENEW,
			decode: (b): Decoded<{ loan: EntryId; due: Millis }> => {
				const l = id(b.loan, 'library-no-such-loan');
				if (!l.ok) return l;
				if (!Number.isSafeInteger(b.due)) return bad('library-due', { days: 366 });
				return ok({ loan: l.body, due: b.due as number });
			},
			apply: (book, e, ctx) => {
				const loan = book.loans.get(e.body.loan);
				if (!loan) return reject('library-no-such-loan');
				const v = libraryView(book, e.at, rulesAt(ctx, e.at).holdDays).value;
				return book.renew(e.body.loan, e.author, e.at, e.body.due, someoneWaits(v, loan.item, loan.borrower));
			}
		}),
		kind({
			type: RETURN,
			decode: (b): Decoded<{ loan: EntryId; at: Millis; condition: string }> => {
				const l = id(b.loan, 'library-no-such-loan');
				if (!l.ok) return l;
				if (!Number.isSafeInteger(b.at)) return bad('library-handover-time', { days: 7 });
				const condition = text(b.condition, NOTE_MAX);
				if (condition === null) return bad('library-note', { max: NOTE_MAX });
				return ok({ loan: l.body, at: b.at as number, condition });
			},
			apply: (book, e) => book.giveBack(e.body.loan, e.author, e.at, e.body.at, e.body.condition)
		})
	],
	view: (book, now, ctx) => {
		const c = ctx.book(charter);
		const rules = libraryRules(c.contentAt(now));
		const { value, times } = libraryView(book, now, rules.holdDays, rules.policy);
		for (const v of c.versions) times.push(v.ratifiedAt);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const itemBody = (b: {
	name: string;
	category: string;
	photo?: string;
	condition?: string;
	keeper: MemberKey | null;
	value?: number;
	policy?: Partial<Policy>;
}): ItemBody => {
	const d = decodeItem({ ...b });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};
export const statusBody = (
	item: EntryId,
	status: ItemStatus,
	condition?: string
): { item: EntryId; status: ItemStatus; condition?: string } =>
	condition === undefined ? { item, status } : { item, status, condition: condition.slice(0, NOTE_MAX) };
export const reserveBody = (item: EntryId) => ({ item });
export const cancelBody = (hold: EntryId) => ({ hold });
/** The keeper's half of a handover: `at` is when it really happened, `days` the loan's length. */
export const lendBody = (item: EntryId, borrower: MemberKey, at: Millis, days: number) => ({
	item,
	borrower,
	at,
	due: at + days * DAY
});
export const receiveBody = (lend: EntryId) => ({ lend });
export const approveBody = (hold: EntryId) => ({ hold });
export const policyBody = (item: EntryId, policy: Partial<Policy>) => {
	const p = decodePolicy({ ...policy });
	if (p === null) return refuse('library-policy');
	return { item, policy: p };
};
/** The borrower's entry for a scanned handover code: the keeper's offer and signature. */
export const handoverBody = (c: HandoverCode): HandoverBody => ({
	item: c.item,
	lender: c.lender,
	at: c.at,
	due: c.due,
	nonce: c.nonce,
	sig: c.sig
});
export const renewBody = (loan: EntryId, due: Millis) => ({ loan, due });
export const returnBody = (loan: EntryId, at: Millis, condition = '') => ({
	loan,
	at,
	condition: condition.slice(0, NOTE_MAX)
});

/**
 * What the fold would say to a handover by code on this phone now, before anything is signed:
 * the same rules (book.handover) on a copy, with approval read from `view` (the view at `now`).
 * `borrower` null: the keeper's own check before showing a code (approval is then the borrower's
 * matter, checked when they scan). The keeper's signature is checked by readHandoverCode.
 */
export const checkHandover = (
	book: LibraryBook,
	view: LibraryView,
	code: HandoverCode,
	borrower: MemberKey | null,
	now: Millis
): Rejection | null => {
	// A code for an item this phone has not heard of yet: it syncs with the keeper first.
	if (!book.items.has(code.item)) return reject('handover-code-unknown-item');
	const approved =
		borrower === null ||
		(view.items.find((i) => i.id === code.item)?.queue.some((h) => h.holder === borrower && h.approved) ??
			false);
	return book
		.clone()
		.handover(
			'0'.repeat(64) as EntryId,
			borrower ?? ('f'.repeat(64) as MemberKey),
			Math.max(now, code.at),
			code,
			approved
		);
};
