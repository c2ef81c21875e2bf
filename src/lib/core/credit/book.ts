/**
 * What the credit domain keeps from the ledger: every transfer, request and decision, and the
 * balance of every account. Mutual credit (DESIGN.md §11): a payment is signed by its payer and
 * moves `amount` from the payer's account to the payee's, so balances sum to zero by
 * construction. Limits are never a reason to drop a payment: the floor is the payer's own phone's
 * to keep (only the payer debits the payer), and ceilings cannot be kept offline at all (several
 * members can pay one at once), so the fold counts every valid payment and the view flags.
 *
 * Lists hold objects that are replaced, never edited in place, and every change is journaled,
 * so a checkpoint is one number (`snapshot`) and a rewind undoes the journal back to it: a
 * circle of 100k payments is never copied at each checkpoint.
 */
import { reject, type Rejection } from '../host/domain';
import { economyOf, supportNeeded, type Economy } from './economy';
import type { CharterContent } from '../charter/content';
import type { EntryId, MemberKey, Millis } from '../types';

/** The circle's own account: where a leaving member's residual goes, by decision. */
export const COMMONS = 'commons';
export type AccountKey = MemberKey | typeof COMMONS;

export type TransferStatus = 'counted' | 'pending' | 'declined';

export interface Transfer {
	id: EntryId;
	from: MemberKey;
	to: MemberKey;
	amount: number;
	memo: string;
	at: Millis;
	/** The request it names, if any (it pays it when the request was open and matches). */
	request: EntryId | null;
	/** `pending` while the payee has not accepted (when the charter asks them to). */
	status: TransferStatus;
	/** When it was accepted or declined (null while pending, or when it counted at once). */
	settledAt: Millis | null;
}

export type RequestStatus = 'open' | 'paid' | 'declined';

/** "Ama asks 3 hours from Bo": `by` asks `from` to pay them `amount`. */
export interface CreditRequest {
	id: EntryId;
	by: MemberKey;
	from: MemberKey;
	amount: number;
	memo: string;
	at: Millis;
	status: RequestStatus;
	/** The transfer that paid it. */
	paidBy: EntryId | null;
	closedAt: Millis | null;
}

/** A circle decision about one member's account: their own limits, or writing off what they left. */
export interface Decision {
	id: EntryId;
	kind: 'limit' | 'write-off';
	member: MemberKey;
	/** The limits decided (limit only). */
	floor: number | null;
	ceiling: number | null;
	reason: string;
	proposer: MemberKey;
	at: Millis;
	/** The proposer first, then in the order they supported. */
	supporters: MemberKey[];
	/** Supporters needed, as of the latest support. */
	needed: number;
	/** When it took effect, or null while it waits for support. */
	decided: Millis | null;
	/** What a write-off moved to the commons (the balance when it was decided). */
	amount: number | null;
}

export interface Limits {
	floor: number;
	ceiling: number;
	/** The decision that set them. */
	decision: EntryId;
}

/** What a rule needs from the rest of the circle at an entry's instant. */
export interface CreditContext {
	isActive(m: MemberKey, t: Millis): boolean;
	/** Was ever a member by t (a write-off names someone who was). */
	wasMember(m: MemberKey, t: Millis): boolean;
	/** Active members at t (key order). */
	rosterAt(t: Millis): MemberKey[];
	charterAt(t: Millis): CharterContent;
}

/** What a journal step undoes: a list push, a list slot replaced, a map key set or added. */
const PUSHED = 0;
const REPLACED = 1;
const SET = 2;
const ADDED = 3;
type Op = typeof PUSHED | typeof REPLACED | typeof SET | typeof ADDED;

export class CreditBook {
	transfers: Transfer[] = [];
	requests: CreditRequest[] = [];
	decisions: Decision[] = [];
	balances = new Map<AccountKey, number>();
	limits = new Map<MemberKey, Limits>();
	/** Members whose residual was written off to the commons, by the deciding proposal. */
	writtenOff = new Map<MemberKey, EntryId>();
	private transferAt = new Map<EntryId, number>();
	private requestAt = new Map<EntryId, number>();
	private decisionAt = new Map<EntryId, number>();
	/**
	 * Undo steps since the book began (not part of its state: a private field no law compares),
	 * flat — [op, target, key, was] per change (a push's `was` is the list's id index) — rather than a closure each: a year's history
	 * journals hundreds of thousands of changes, and the closures were garbage to collect.
	 */
	#journal: unknown[] = [];

	clone(): CreditBook {
		const c = new CreditBook();
		c.transfers = this.transfers.slice();
		c.requests = this.requests.slice();
		c.decisions = this.decisions.slice();
		c.balances = new Map(this.balances);
		c.limits = new Map(this.limits);
		c.writtenOff = new Map(this.writtenOff);
		c.transferAt = new Map(this.transferAt);
		c.requestAt = new Map(this.requestAt);
		c.decisionAt = new Map(this.decisionAt);
		return c;
	}

	snapshot(): number {
		return this.#journal.length;
	}

	rewind(to: number): this {
		const j = this.#journal;
		while (j.length > to) {
			const was = j.pop();
			const key = j.pop();
			const target = j.pop();
			const op = j.pop() as Op;
			if (op === PUSHED) {
				(target as unknown[]).pop();
				(was as Map<EntryId, number>).delete(key as EntryId);
			} else if (op === REPLACED) (target as unknown[])[key as number] = was;
			else if (op === SET) (target as Map<unknown, unknown>).set(key, was);
			else (target as Map<unknown, unknown>).delete(key);
		}
		return this;
	}

	// ---- journaled changes ----

	private push<T extends { id: EntryId }>(list: T[], at: Map<EntryId, number>, item: T): void {
		at.set(item.id, list.length);
		list.push(item);
		this.#journal.push(PUSHED, list, item.id, at);
	}

	private replace<T extends { id: EntryId }>(list: T[], at: Map<EntryId, number>, item: T): void {
		const i = at.get(item.id)!;
		this.#journal.push(REPLACED, list, i, list[i]);
		list[i] = item;
	}

	private set<K, V>(map: Map<K, V>, key: K, value: V): void {
		if (map.has(key)) this.#journal.push(SET, map, key, map.get(key));
		else this.#journal.push(ADDED, map, key, undefined);
		map.set(key, value);
	}

	/** Moves `amount` from one account to another: the only way a balance changes. */
	private move(from: AccountKey, to: AccountKey, amount: number): void {
		this.set(this.balances, from, (this.balances.get(from) ?? 0) - amount);
		this.set(this.balances, to, (this.balances.get(to) ?? 0) + amount);
	}

	// ---- reads ----

	transfer(id: EntryId): Transfer | undefined {
		const i = this.transferAt.get(id);
		return i === undefined ? undefined : this.transfers[i];
	}

	request(id: EntryId): CreditRequest | undefined {
		const i = this.requestAt.get(id);
		return i === undefined ? undefined : this.requests[i];
	}

	decision(id: EntryId): Decision | undefined {
		const i = this.decisionAt.get(id);
		return i === undefined ? undefined : this.decisions[i];
	}

	balance(k: AccountKey): number {
		return this.balances.get(k) ?? 0;
	}

	// ---- the rules ----

	pay(
		id: EntryId,
		from: MemberKey,
		at: Millis,
		b: { to: MemberKey; amount: number; memo: string; request: EntryId | null },
		ctx: CreditContext
	): Rejection | null {
		if (b.to === from) return reject('credit-self');
		if (!ctx.isActive(from, at)) return reject('credit-payer-not-member');
		if (!ctx.isActive(b.to, at)) return reject('credit-payee-not-member');
		const pending = economyOf(ctx.charterAt(at)).payeeMustAccept;
		this.push(this.transfers, this.transferAt, {
			id,
			from,
			to: b.to,
			amount: b.amount,
			memo: b.memo,
			at,
			request: b.request,
			status: pending ? 'pending' : 'counted',
			settledAt: null
		});
		if (!pending) this.move(from, b.to, b.amount);
		// A payment naming an open request that matches pays it; otherwise it stands on its own.
		const r = b.request ? this.request(b.request) : undefined;
		if (r && r.status === 'open' && r.from === from && r.by === b.to && r.amount === b.amount)
			this.replace(this.requests, this.requestAt, { ...r, status: 'paid', paidBy: id, closedAt: at });
		return null;
	}

	ask(
		id: EntryId,
		by: MemberKey,
		at: Millis,
		b: { from: MemberKey; amount: number; memo: string },
		ctx: CreditContext
	): Rejection | null {
		if (b.from === by) return reject('credit-self');
		if (!ctx.isActive(b.from, at)) return reject('credit-payer-not-member');
		this.push(this.requests, this.requestAt, {
			id,
			by,
			from: b.from,
			amount: b.amount,
			memo: b.memo,
			at,
			status: 'open',
			paidBy: null,
			closedAt: null
		});
		return null;
	}

	accept(transfer: EntryId, author: MemberKey, at: Millis, ctx: CreditContext): Rejection | null {
		const t = this.transfer(transfer);
		if (!t) return reject('credit-no-such-entry');
		if (t.status !== 'pending') return reject('credit-not-pending', { status: t.status });
		if (author !== t.to) return reject('credit-not-yours');
		if (!ctx.isActive(t.from, at)) return reject('credit-frozen');
		this.replace(this.transfers, this.transferAt, { ...t, status: 'counted', settledAt: at });
		this.move(t.from, t.to, t.amount);
		return null;
	}

	decline(entry: EntryId, author: MemberKey, at: Millis): Rejection | null {
		const t = this.transfer(entry);
		if (t) {
			if (t.status !== 'pending') return reject('credit-not-pending', { status: t.status });
			if (author !== t.to) return reject('credit-not-yours');
			this.replace(this.transfers, this.transferAt, { ...t, status: 'declined', settledAt: at });
			// A request it paid is open again.
			const r = t.request ? this.request(t.request) : undefined;
			if (r && r.paidBy === t.id)
				this.replace(this.requests, this.requestAt, { ...r, status: 'open', paidBy: null, closedAt: null });
			return null;
		}
		const r = this.request(entry);
		if (!r) return reject('credit-no-such-entry');
		if (r.status !== 'open') return reject('credit-not-pending', { status: r.status });
		if (author !== r.from && author !== r.by) return reject('credit-not-yours');
		this.replace(this.requests, this.requestAt, { ...r, status: 'declined', closedAt: at });
		return null;
	}

	propose(
		id: EntryId,
		proposer: MemberKey,
		at: Millis,
		b: {
			kind: Decision['kind'];
			member: MemberKey;
			floor: number | null;
			ceiling: number | null;
			reason: string;
		},
		ctx: CreditContext
	): Rejection | null {
		if (b.member === proposer) return reject('credit-own-decision');
		if (b.kind === 'limit' && !ctx.isActive(b.member, at)) return reject('credit-member');
		if (b.kind === 'write-off') {
			if (!ctx.wasMember(b.member, at) || ctx.isActive(b.member, at))
				return reject('credit-write-off-active');
			if (this.balance(b.member) === 0) return reject('credit-nothing-to-write-off');
		}
		const d: Decision = {
			id,
			...b,
			proposer,
			at,
			supporters: [proposer],
			needed: 0,
			decided: null,
			amount: null
		};
		this.push(this.decisions, this.decisionAt, this.decide(d, at, ctx));
		return null;
	}

	support(proposal: EntryId, author: MemberKey, at: Millis, ctx: CreditContext): Rejection | null {
		const d = this.decision(proposal);
		if (!d) return reject('credit-no-such-entry');
		if (d.decided !== null) return reject('credit-decided');
		if (d.member === author) return reject('credit-own-decision');
		if (d.supporters.includes(author)) return reject('credit-already-supported');
		if (d.kind === 'limit' && !ctx.isActive(d.member, at)) return reject('credit-member');
		this.replace(
			this.decisions,
			this.decisionAt,
			this.decide({ ...d, supporters: [...d.supporters, author] }, at, ctx)
		);
		return null;
	}

	/**
	 * A decision takes effect at the support that brings its supporters active then to the
	 * charter's `economy.support`, capped by the active members other than its subject, never
	 * below two: nobody sets anyone's limits, or writes off anyone's balance, alone.
	 */
	private decide(d: Decision, at: Millis, ctx: CreditContext): Decision {
		const others = ctx.rosterAt(at).filter((k) => k !== d.member).length;
		const needed = supportNeeded(economyOf(ctx.charterAt(at)).support, others);
		const active = d.supporters.filter((m) => ctx.isActive(m, at)).length;
		if (active < needed) return { ...d, needed };
		if (d.kind === 'limit') {
			this.set(this.limits, d.member, { floor: d.floor!, ceiling: d.ceiling!, decision: d.id });
			return { ...d, needed, decided: at };
		}
		// A write-off moves whatever the frozen account holds to the commons, debt or credit.
		const amount = this.balance(d.member);
		this.move(d.member, COMMONS, amount);
		this.set(this.writtenOff, d.member, d.id);
		return { ...d, needed, decided: at, amount };
	}
}

/** The limits of an account under an economy: its own by decision, else the charter's. */
export const limitsOf = (
	book: CreditBook,
	m: MemberKey,
	e: Economy
): { floor: number; ceiling: number; own: boolean } => {
	const l = book.limits.get(m);
	return l
		? { floor: l.floor, ceiling: l.ceiling, own: true }
		: { floor: e.floor, ceiling: e.ceiling, own: false };
};
