/**
 * The total order of ledger entries (DESIGN.md §3): hybrid logical clock first, then the
 * author's key bytes, then the author's seq. Every device sorts the same entries the
 * same way, so the fold over them gives the same state everywhere. Key bytes are
 * compared as lower-case hex, which orders exactly like the bytes themselves.
 */
import * as hlc from './hlc';
import { compareHex } from './bytes';
import type { UnsignedEntry } from './types';

type Ordered = Pick<UnsignedEntry, 'hlc' | 'author' | 'seq'>;

export const compareEntries = (a: Ordered, b: Ordered): number =>
	hlc.compare(a.hlc, b.hlc) || compareHex(a.author, b.author) || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);

/** A sorted copy. */
export const sortEntries = <E extends Ordered>(entries: readonly E[]): E[] =>
	[...entries].sort(compareEntries);

/** Index of the first element of `sorted` that sorts after `e` (binary search). */
export const upperBound = <E extends Ordered>(sorted: readonly E[], e: Ordered): number => {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareEntries(sorted[mid]!, e) <= 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
};

/** Index of the first element of `sorted` that does not sort before `e`. */
export const lowerBound = <E extends Ordered>(sorted: readonly E[], e: Ordered): number => {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareEntries(sorted[mid]!, e) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
};

/**
 * A copy of `arrivals` in the total order of their entries: how a caller feeds a long history to
 * the ledger in slices (start-up, state/circle-session.ts), so that each slice appends where the
 * fold stands instead of refolding from an earlier checkpoint. The ledger's result depends on
 * neither this order nor the slicing (ledger.ts: any order, any batching); only its cost does.
 * Pure, and safe to call from a worker.
 */
export const inFoldOrder = <A extends { entry: Ordered }>(arrivals: readonly A[]): A[] =>
	[...arrivals].sort((a, b) => compareEntries(a.entry, b.entry));
