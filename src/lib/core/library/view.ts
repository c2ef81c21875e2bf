/**
 * The library as of `now`: each item with its status (out is derived from loans), its queue of
 * holds (position, when it is ready, when it lapses), and every loan with `overdue` derived from
 * the clock. Nothing here is stored: two phones holding the same entries say the same at the
 * same instant.
 *
 * The queue: an item's holds in the ledger's order (hlc, author, seq, id: never a stored
 * position). A hold ends when its holder cancels it, when a loan to its holder recorded after it begins,
 * or when it lapses: `holdDays` (charter) after the later of the moment it reached the head of the
 * queue and the moment the item became free (its last return plus the item's buffer days). While
 * the item is out, or in repair, nobody's hold lapses.
 */
import { DAY, type Hold, type Item, type LibraryBook, type Loan, type Policy } from './book';

const DEFAULTS: Policy = { loanDays: 14, renewals: 1, approval: false, bufferDays: 0 };
import type { EntryId, MemberKey, Millis } from '../types';

export type ShownStatus = 'available' | 'out' | 'repair' | 'missing' | 'retired';

export interface QueuedHold extends Hold {
	/** 1 for the head of the queue. */
	position: number;
	/** Whether the item's keeper approved it (what items that need approval wait for). */
	approved: boolean;
	/** When it is ready for collection (null while the item is out or not lendable). */
	readyAt: Millis | null;
	/** When it lapses if nobody collects (null while not ready). */
	lapsesAt: Millis | null;
}

export interface EndedHold extends Hold {
	ended: 'cancelled' | 'collected' | 'lapsed';
	endedAt: Millis;
}

export interface ItemView extends Item {
	shown: ShownStatus;
	/** The loan it is out on, if any. */
	loan: LoanView | null;
	queue: QueuedHold[];
	/** When it is expected back and free again (due plus buffer), while out. */
	freeFrom: Millis | null;
	/** While it rests after its last return (its buffer days): when it may go out again. */
	restsUntil: Millis | null;
}

export interface LoanView extends Loan {
	overdue: boolean;
	/** Out now: received, begun by now and not returned by now. */
	current: boolean;
}

export interface LibraryView {
	holdDays: number;
	/** The charter's defaults for a new item's borrow policy. */
	defaults: Policy;
	items: ItemView[];
	loans: LoanView[];
	ended: EndedHold[];
}

const loanAt = (l: Loan, now: Millis): LoanView => {
	const current = l.received !== null && l.at <= now && (l.returnedAt === null || now < l.returnedAt);
	return { ...l, current, overdue: current && now >= l.due };
};

const approvedAt = (book: LibraryBook, h: Hold, now: Millis, times: number[]): boolean => {
	const a = book.approvals.get(h.id);
	if (!a) return false;
	times.push(a.at);
	return a.at <= now;
};

/** The queue of one item at `now`, and the holds that have ended, with every instant it turns on. */
const queueOf = (
	book: LibraryBook,
	item: Item,
	loans: LoanView[],
	now: Millis,
	holdDays: number,
	times: number[]
): { queue: QueuedHold[]; ended: EndedHold[] } => {
	const holds = book.holds.filter((h) => h.item === item.id);
	const out = loans.some((l) => l.current);
	const lastBack = loans.reduce(
		(t, l) => (l.returnedAt !== null && l.returnedAt <= now ? Math.max(t, l.returnedAt) : t),
		item.addedAt
	);
	const freeSince = lastBack + item.policy.bufferDays * DAY;
	times.push(freeSince);
	const lendable = !out && item.status === 'available';
	const queue: QueuedHold[] = [];
	const ended: EndedHold[] = [];
	let headSince = Number.MIN_SAFE_INTEGER;
	for (const h of holds) {
		times.push(h.at);
		if (h.at > now) continue;
		if (h.cancelledAt !== null) times.push(h.cancelledAt);
		const taken = loans.find(
			(l) => l.borrower === h.holder && l.received !== null && l.recordedAt >= h.at && l.at <= now
		);
		const endedAt = (t: Millis, why: EndedHold['ended']) => {
			ended.push({ ...h, ended: why, endedAt: t });
			if (queue.length === 0) headSince = Math.max(headSince, t);
		};
		if (h.cancelledAt !== null && h.cancelledAt <= now) {
			endedAt(h.cancelledAt, 'cancelled');
			continue;
		}
		if (taken) {
			endedAt(taken.at, 'collected');
			continue;
		}
		if (queue.length === 0 && lendable) {
			const readyAt = Math.max(h.at, headSince, freeSince);
			const lapsesAt = readyAt + holdDays * DAY;
			times.push(readyAt, lapsesAt);
			if (lapsesAt <= now) {
				endedAt(lapsesAt, 'lapsed');
				continue;
			}
			queue.push({ ...h, position: 1, approved: approvedAt(book, h, now, times), readyAt, lapsesAt });
			continue;
		}
		queue.push({
			...h,
			position: queue.length + 1,
			approved: approvedAt(book, h, now, times),
			readyAt: null,
			lapsesAt: null
		});
	}
	return { queue, ended };
};

export const libraryView = (
	book: LibraryBook,
	now: Millis,
	holdDays: number,
	defaults: Policy = DEFAULTS
): { value: LibraryView; times: number[] } => {
	const times: number[] = [];
	const byItem = new Map<EntryId, LoanView[]>();
	const loans: LoanView[] = [];
	for (const l of book.loans.values()) {
		times.push(l.at, l.due);
		if (l.returnedAt !== null) times.push(l.returnedAt);
		const v = loanAt(l, now);
		loans.push(v);
		const list = byItem.get(l.item);
		if (list) list.push(v);
		else byItem.set(l.item, [v]);
	}
	const items: ItemView[] = [];
	const ended: EndedHold[] = [];
	for (const it of book.items.values()) {
		times.push(it.addedAt);
		const mine = byItem.get(it.id) ?? [];
		const loan = mine.find((l) => l.current) ?? null;
		const back = mine.reduce(
			(t, l) => (l.returnedAt !== null && l.returnedAt <= now ? Math.max(t, l.returnedAt) : t),
			Number.MIN_SAFE_INTEGER
		);
		const rest = back + it.policy.bufferDays * DAY;
		const q = queueOf(book, it, mine, now, holdDays, times);
		ended.push(...q.ended);
		items.push({
			...it,
			shown: loan ? 'out' : it.status,
			loan,
			queue: q.queue,
			freeFrom: loan ? loan.due + it.policy.bufferDays * DAY : null,
			restsUntil: !loan && it.policy.bufferDays > 0 && rest > now ? rest : null
		});
	}
	return {
		value: {
			holdDays,
			defaults,
			items,
			loans: loans.filter((l) => l.at <= now || l.received === null),
			ended
		},
		times
	};
};

/** Loans out now whose due date has passed, the most overdue first: the due list. */
export const dueList = (v: LibraryView): LoanView[] =>
	v.loans.filter((l) => l.overdue).sort((a, b) => a.due - b.due);

/** What a member has out now. */
export const loansOf = (v: LibraryView, m: MemberKey): LoanView[] =>
	v.loans.filter((l) => l.current && l.borrower === m);

/** Whether anyone but the borrower waits for an item (renewals are refused then, once used up). */
export const someoneWaits = (v: LibraryView, item: EntryId, borrower: MemberKey): boolean =>
	v.items.find((i) => i.id === item)?.queue.some((h) => h.holder !== borrower) ?? false;

/**
 * Where a hold would stand and roughly when it would be ready: after the current loan (its due
 * date plus buffer), then a loan's length plus buffer for each hold ahead. The "next free slot"
 * the loser of two offline reservations is offered.
 */
export const expectedFrom = (item: ItemView, position: number, now: Millis): Millis => {
	const step = (item.policy.loanDays + item.policy.bufferDays) * DAY;
	const start = Math.max(now, item.freeFrom ?? item.restsUntil ?? now);
	return start + Math.max(0, position - 1) * step;
};
