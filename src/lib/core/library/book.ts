/**
 * The lending library (DESIGN.md §11; Chicago Tool Library's lending app, Lend Engine, myTurn):
 * a catalogue of items, holds that queue in the ledger's order, loans that begin with a handover
 * both phones sign, renewals as new entries, returns. What is derived is never stored: an item's
 * place in a queue, whether a hold has lapsed, whether a loan is overdue are computed from the
 * entries and the clock, so every phone says the same at the same instant.
 *
 * An item is out to at most one borrower at a time, in every fold: a loan is out from its
 * borrower's `library.receive`, and a receive is refused while the item is out to anyone else
 * (two handovers signed offline for one item: the receive that comes first in the ledger's
 * order wins, the other is refused and its borrower is told).
 */
import { reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const DAY = 86_400_000;

export type ItemStatus = 'available' | 'repair' | 'missing' | 'retired';

export interface Policy {
	/** Days a loan lasts. */
	loanDays: number;
	/** Renewals a borrower may make while someone waits. */
	renewals: number;
	/** When true a hold must be approved by the keeper (a `library.approve`) before the item goes out on it. */
	approval: boolean;
	/** Days the item rests between loans (cleaning, checking). */
	bufferDays: number;
}

export interface Item {
	id: EntryId;
	name: string;
	category: string;
	/** A small picture as a data: URL (a few KB, shrunk on the phone), or ''. */
	photo: string;
	condition: string;
	/** The member who keeps it, or null when the circle does (any member may lend it). */
	keeper: MemberKey | null;
	/** Replacement value, in whole units of the circle's currency. */
	value: number;
	policy: Policy;
	status: ItemStatus;
	addedBy: MemberKey;
	addedAt: Millis;
}

export interface Hold {
	id: EntryId;
	item: EntryId;
	holder: MemberKey;
	at: Millis;
	/** When the holder cancelled it (null: not cancelled). */
	cancelledAt: Millis | null;
}

export interface Loan {
	/** The keeper's `library.lend` entry. */
	id: EntryId;
	item: EntryId;
	lender: MemberKey;
	borrower: MemberKey;
	/** The real handover time (may be earlier than the entries: backdated by up to a week). */
	at: Millis;
	/** When the keeper recorded it (the lend entry's instant). */
	recordedAt: Millis;
	due: Millis;
	/** The borrower's `library.receive`, when it came; the loan is out from then. */
	received: EntryId | null;
	renewals: number;
	returnedAt: Millis | null;
}

export const BACKDATE_MAX = 7 * DAY;

export class LibraryBook {
	items = new Map<EntryId, Item>();
	holds: Hold[] = [];
	loans = new Map<EntryId, Loan>();
	/** The loan each item is out on (received, not returned). */
	out = new Map<EntryId, EntryId>();
	/** When each item last came back (a later loan cannot begin before it, nor within its buffer days). */
	returned = new Map<EntryId, Millis>();
	/** Holds their item's keeper approved: hold id to who approved it and when. */
	approvals = new Map<EntryId, { by: MemberKey; at: Millis }>();
	/** The nonces of handover codes already used (a code lends once). */
	nonces = new Set<string>();

	clone(): LibraryBook {
		const c = new LibraryBook();
		c.items = new Map(this.items);
		c.holds = this.holds.slice();
		c.loans = new Map(this.loans);
		c.out = new Map(this.out);
		c.returned = new Map(this.returned);
		c.approvals = new Map(this.approvals);
		c.nonces = new Set(this.nonces);
		return c;
	}

	private canKeep(item: Item, m: MemberKey): boolean {
		return item.keeper === null || item.keeper === m;
	}

	add(
		id: EntryId,
		author: MemberKey,
		at: Millis,
		b: Omit<Item, 'id' | 'status' | 'addedBy' | 'addedAt'>
	): Rejection | null {
		this.items.set(id, { id, ...b, status: 'available', addedBy: author, addedAt: at });
		return null;
	}

	setStatus(
		item: EntryId,
		author: MemberKey,
		status: ItemStatus,
		condition: string | null
	): Rejection | null {
		const it = this.items.get(item);
		if (!it) return reject('library-no-such-item');
		if (!this.canKeep(it, author)) return reject('library-not-keeper');
		this.items.set(item, { ...it, status, condition: condition ?? it.condition });
		return null;
	}

	/** The keeper changes an item's borrow policy (what is given; the rest stays). */
	setPolicy(item: EntryId, author: MemberKey, policy: Partial<Policy>): Rejection | null {
		const it = this.items.get(item);
		if (!it) return reject('library-no-such-item');
		if (!this.canKeep(it, author)) return reject('library-not-keeper');
		this.items.set(item, { ...it, policy: { ...it.policy, ...policy } });
		return null;
	}

	/** `queued`: whether the author already has a place in the item's queue at `at` (view.ts). */
	reserve(id: EntryId, author: MemberKey, at: Millis, item: EntryId, queued: boolean): Rejection | null {
		const it = this.items.get(item);
		if (!it) return reject('library-no-such-item');
		if (it.status === 'retired' || it.status === 'missing')
			return reject('library-not-lendable', { status: it.status });
		if (queued) return reject('library-already-held');
		this.holds.push({ id, item, holder: author, at, cancelledAt: null });
		return null;
	}

	cancel(hold: EntryId, author: MemberKey, at: Millis): Rejection | null {
		const i = this.holds.findIndex((h) => h.id === hold);
		if (i < 0) return reject('library-no-such-hold');
		const h = this.holds[i]!;
		if (h.holder !== author) return reject('library-not-yours');
		if (h.cancelledAt !== null) return reject('library-hold-ended');
		this.holds[i] = { ...h, cancelledAt: at };
		return null;
	}

	/** The keeper (any other member for the circle's items) approves a hold; never the holder. */
	approve(hold: EntryId, author: MemberKey, at: Millis): Rejection | null {
		const h = this.holds.find((x) => x.id === hold);
		if (!h) return reject('library-no-such-hold');
		const it = this.items.get(h.item);
		if (!it) return reject('library-no-such-item');
		if (h.holder === author) return reject('library-self-approve');
		if (!this.canKeep(it, author)) return reject('library-not-keeper');
		if (h.cancelledAt !== null) return reject('library-hold-ended');
		if (this.approvals.has(hold)) return reject('library-approved');
		this.approvals.set(hold, { by: author, at });
		return null;
	}

	/**
	 * When the item may next go out: its last return plus its buffer days (the days it rests).
	 * A loan that would begin before then is refused: `library-handover-time` before the return
	 * itself, `library-buffer` within the rest.
	 */
	private startProblem(it: Item, at: Millis): Rejection | null {
		const back = this.returned.get(it.id);
		if (back === undefined) return null;
		if (at < back) return reject('library-handover-time', { days: 7 });
		if (at < back + it.policy.bufferDays * DAY)
			return reject('library-buffer', { days: it.policy.bufferDays });
		return null;
	}

	/**
	 * A handover both phones confirmed at once (handover-code.ts): the keeper's phone signed the
	 * offer (item, at, due, nonce) and showed it as a code, the borrower's phone scanned it and signs
	 * this entry with the keeper's signature inside. The loan is out from `at`. `approved`: whether
	 * the borrower holds an approved place in the queue (checked by the domain, for items that need it).
	 */
	handover(
		id: EntryId,
		borrower: MemberKey,
		entryAt: Millis,
		b: { item: EntryId; lender: MemberKey; at: Millis; due: Millis; nonce: string },
		approved: boolean
	): Rejection | null {
		const it = this.items.get(b.item);
		if (!it) return reject('library-no-such-item');
		if (!this.canKeep(it, b.lender)) return reject('library-not-keeper');
		if (b.lender === borrower) return reject('library-self');
		if (this.nonces.has(b.nonce)) return reject('library-code-used');
		if (it.status !== 'available') return reject('library-not-lendable', { status: it.status });
		const busy = this.out.get(b.item);
		if (busy !== undefined) return reject('library-out', { borrower: this.loans.get(busy)!.borrower });
		if (b.at > entryAt || b.at < entryAt - BACKDATE_MAX) return reject('library-handover-time', { days: 7 });
		const early = this.startProblem(it, b.at);
		if (early) return early;
		if (b.due <= b.at || b.due > b.at + it.policy.loanDays * DAY)
			return reject('library-due', { days: it.policy.loanDays });
		if (it.policy.approval && !approved) return reject('library-needs-approval');
		this.nonces.add(b.nonce);
		this.loans.set(id, {
			id,
			item: b.item,
			lender: b.lender,
			borrower,
			at: b.at,
			recordedAt: entryAt,
			due: b.due,
			received: id,
			renewals: 0,
			returnedAt: null
		});
		this.out.set(b.item, id);
		return null;
	}

	lend(
		id: EntryId,
		author: MemberKey,
		entryAt: Millis,
		b: { item: EntryId; borrower: MemberKey; at: Millis; due: Millis }
	): Rejection | null {
		const it = this.items.get(b.item);
		if (!it) return reject('library-no-such-item');
		if (!this.canKeep(it, author)) return reject('library-not-keeper');
		if (b.borrower === author) return reject('library-self');
		if (it.status !== 'available') return reject('library-not-lendable', { status: it.status });
		const busy = this.out.get(b.item);
		if (busy !== undefined) return reject('library-out', { borrower: this.loans.get(busy)!.borrower });
		if (b.at > entryAt || b.at < entryAt - BACKDATE_MAX) return reject('library-handover-time', { days: 7 });
		const early = this.startProblem(it, b.at);
		if (early) return early;
		if (b.due <= b.at || b.due > b.at + it.policy.loanDays * DAY)
			return reject('library-due', { days: it.policy.loanDays });
		this.loans.set(id, {
			id,
			item: b.item,
			lender: author,
			borrower: b.borrower,
			at: b.at,
			recordedAt: entryAt,
			due: b.due,
			received: null,
			renewals: 0,
			returnedAt: null
		});
		return null;
	}

	/** `approved`: as for `handover`, checked by the domain for items that need approval. */
	receive(id: EntryId, author: MemberKey, lend: EntryId, approved = true): Rejection | null {
		const l = this.loans.get(lend);
		if (!l) return reject('library-no-such-loan');
		if (l.borrower !== author) return reject('library-not-yours');
		if (l.received !== null) return reject('library-already-received');
		// Out to someone else: this handover never counts (the first receive in the ledger's order won).
		const busy = this.out.get(l.item);
		if (busy !== undefined) return reject('library-out', { borrower: this.loans.get(busy)!.borrower });
		// Nor can it begin before the item's last return (loans never overlap), nor within its rest.
		const it = this.items.get(l.item)!;
		const early = this.startProblem(it, l.at);
		if (early) return early;
		if (it.policy.approval && !approved) return reject('library-needs-approval');
		this.loans.set(lend, { ...l, received: id });
		this.out.set(l.item, lend);
		return null;
	}

	renew(loan: EntryId, author: MemberKey, at: Millis, due: Millis, waiting: boolean): Rejection | null {
		const l = this.loans.get(loan);
		if (!l || l.received === null) return reject('library-no-such-loan');
		if (l.borrower !== author) return reject('library-not-yours');
		if (l.returnedAt !== null) return reject('library-returned');
		const it = this.items.get(l.item)!;
		if (waiting && l.renewals >= it.policy.renewals)
			return reject('library-renewals', { max: it.policy.renewals });
		if (due <= l.due || due > at + it.policy.loanDays * DAY)
			return reject('library-due', { days: it.policy.loanDays });
		this.loans.set(loan, { ...l, due, renewals: l.renewals + 1 });
		return null;
	}

	giveBack(
		loan: EntryId,
		author: MemberKey,
		entryAt: Millis,
		at: Millis,
		condition: string
	): Rejection | null {
		const l = this.loans.get(loan);
		if (!l || l.received === null) return reject('library-no-such-loan');
		const it = this.items.get(l.item)!;
		if (l.borrower !== author && !this.canKeep(it, author)) return reject('library-not-yours');
		if (l.returnedAt !== null) return reject('library-returned');
		if (at > entryAt || at < Math.max(l.at, entryAt - BACKDATE_MAX))
			return reject('library-handover-time', { days: 7 });
		this.loans.set(loan, { ...l, returnedAt: at });
		if (this.out.get(l.item) === loan) this.out.delete(l.item);
		this.returned.set(l.item, at);
		if (condition) this.items.set(it.id, { ...it, condition });
		return null;
	}
}
