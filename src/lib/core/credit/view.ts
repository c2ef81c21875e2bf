/**
 * The credit view: every account with its balance, limits, status and flags, and the history.
 * Balances always sum to zero (`total` says so, and a test checks it on every fold). Flags are
 * what the fold never acts on but the circle should see:
 *
 *   over-floor    the balance is below the account's floor (a modified app, or a forked log)
 *   over-ceiling  the balance is above the account's ceiling ("Ama is full": payers could not
 *                 know, offline, that others were paying her too)
 *   forked        its member signed two entries with one number (threat model T46): a forked
 *                 log can spend one balance twice, both branches stand, the account is flagged
 */
import {
	COMMONS,
	limitsOf,
	type AccountKey,
	type CreditBook,
	type CreditRequest,
	type Decision,
	type Transfer
} from './book';
import type { Economy } from './economy';
import type { Fork } from '../chain';
import type { MemberKey } from '../types';

export type Flag = 'over-floor' | 'over-ceiling' | 'forked';
export type AccountStatus = 'active' | 'frozen' | 'written-off' | 'commons';

export interface Account {
	key: AccountKey;
	balance: number;
	/** Null for the commons account, which has no limits. */
	floor: number | null;
	ceiling: number | null;
	/** True when a circle decision set this member's own limits. */
	ownLimits: boolean;
	/** A member who has left has a frozen account: its balance stays, nothing moves it but a write-off. */
	status: AccountStatus;
	flags: Flag[];
	/** Payments they made and received (counted ones), and their sums. */
	paid: number;
	received: number;
}

export interface CreditView {
	economy: Economy;
	/** Every member the ledger has known, in key order, then the commons. */
	accounts: Account[];
	/** Every payment, in the ledger's order (counted, pending and declined). */
	transfers: Transfer[];
	requests: CreditRequest[];
	decisions: Decision[];
	/** The sum of every balance: zero, always. */
	total: number;
}

export const creditView = (
	book: CreditBook,
	economy: Economy,
	members: Iterable<MemberKey>,
	isActive: (m: MemberKey) => boolean
): CreditView => {
	const paid = new Map<MemberKey, number>();
	const received = new Map<MemberKey, number>();
	for (const t of book.transfers)
		if (t.status === 'counted') {
			paid.set(t.from, (paid.get(t.from) ?? 0) + t.amount);
			received.set(t.to, (received.get(t.to) ?? 0) + t.amount);
		}
	const accounts: Account[] = [];
	let total = 0;
	for (const m of [...members].sort()) {
		const balance = book.balance(m);
		total += balance;
		const { floor, ceiling, own } = limitsOf(book, m, economy);
		const active = isActive(m);
		const flags: Flag[] = [];
		if (balance < floor) flags.push('over-floor');
		if (balance > ceiling) flags.push('over-ceiling');
		accounts.push({
			key: m,
			balance,
			floor,
			ceiling,
			ownLimits: own,
			status: active ? 'active' : book.writtenOff.has(m) ? 'written-off' : 'frozen',
			flags,
			paid: paid.get(m) ?? 0,
			received: received.get(m) ?? 0
		});
	}
	const commons = book.balance(COMMONS);
	total += commons;
	accounts.push({
		key: COMMONS,
		balance: commons,
		floor: null,
		ceiling: null,
		ownLimits: false,
		status: 'commons',
		flags: [],
		paid: 0,
		received: 0
	});
	return {
		economy,
		accounts,
		transfers: book.transfers.slice(),
		requests: book.requests.slice(),
		decisions: book.decisions.slice(),
		total
	};
};

const marked = new WeakMap<CreditView, { forks: readonly Fork[]; view: CreditView }>();

/**
 * The view with the accounts of members whose log forked flagged `forked`: the ledger, not the
 * domain, sees forks (`ledger.forks`), so the composition adds them. Remembered per view and
 * fork list, so reading it again costs nothing.
 */
export const markForks = (view: CreditView, forks: readonly Fork[]): CreditView => {
	if (forks.length === 0) return view;
	const hit = marked.get(view);
	if (hit && hit.forks === forks) return hit.view;
	const forked = new Set(forks.map((f) => f.author as string));
	const out: CreditView = {
		...view,
		accounts: view.accounts.map((a) =>
			forked.has(a.key) && !a.flags.includes('forked') ? { ...a, flags: [...a.flags, 'forked'] } : a
		)
	};
	marked.set(view, { forks, view: out });
	return out;
};

/** One account's payments (made, received, pending or declined), newest first. */
export const historyOf = (view: CreditView, key: AccountKey): Transfer[] =>
	view.transfers.filter((t) => t.from === key || t.to === key).reverse();

/** One account, or undefined when the ledger never knew it. */
export const accountOf = (view: CreditView, key: AccountKey): Account | undefined =>
	view.accounts.find((a) => a.key === key);

/** What a member owes to the payments they made that still wait for their payee. */
export const pendingOut = (view: CreditView, key: MemberKey): number =>
	view.transfers.reduce((s, t) => (t.from === key && t.status === 'pending' ? s + t.amount : s), 0);

/** Requests addressed to a member that are still open. */
export const openRequestsFor = (view: CreditView, key: MemberKey): CreditRequest[] =>
	view.requests.filter((r) => r.from === key && r.status === 'open');
