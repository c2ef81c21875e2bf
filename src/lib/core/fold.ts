/**
 * Stage 3 of the ledger (ledger.ts): the fold. Linked entries of every author, in total order,
 * applied one by one to the membership state and told to the domains' host; an author who is
 * not an active member at that point is `not-a-member`. Incremental: entries that sort after the
 * last folded one are appended; an earlier one refolds the tail from the checkpoint before it.
 * A checkpoint (the membership state, the running head and the domains' books) is kept every
 * `checkpointEvery` folded entries, so the cost is the tail, not the history.
 */
import { MembershipFold, type FoldContext } from './membership/fold';
import type { MembershipView } from './membership/view';
import type { Quarantined } from './quarantine';
import { feedHeads, readHead, startHead, type CircleState, type HeadHasher } from './state';
import type { CircleId, Entry, EntryId } from './types';
import { byOrderThenId, type Cand } from './chain';

/** What the ledger needs from the domains' host: one checkpoint mechanism for both. */
export interface FoldHost {
	apply(e: Entry, id: EntryId, members: MembershipView): void;
	checkpoint(): unknown;
	rewind(checkpoint: unknown): void;
	/** Called once the tail after a rewind has been replayed. */
	settle(): void;
}

/** What one call changed in the fold. */
export interface Folded {
	/** Ids that became accepted. */
	accepted: EntryId[];
	/** Ids accepted before and not any more (a membership verdict changed). */
	retracted: EntryId[];
	/** Whether the fold went back to a checkpoint instead of appending. */
	refolded: boolean;
}

interface Checkpoint {
	foldIndex: number;
	acceptedIndex: number;
	state: MembershipFold;
	/** The head hash over the accepted ids before this point (a copy). */
	head: HeadHasher;
	/** The domains' books at this point. */
	domains: unknown;
}

export class LedgerFold {
	/** The linked entries in total order, each with its verdict (Cand.accepted, Cand.q). */
	private fold: Cand[] = [];
	/** Entries the fold set aside (not-a-member, invalid-body), by id. */
	readonly setAside = new Map<EntryId, Quarantined>();
	readonly acceptedEntries: Entry[] = [];
	readonly acceptedIds: EntryId[] = [];
	/** Counts the times the accepted list was cut back (see Ledger.acceptedCuts). */
	cuts = 0;
	private checkpoints: Checkpoint[] = [];
	members = new MembershipFold();
	/** Running head hash and how many accepted ids it has taken in. */
	private headHash: HeadHasher;
	private headCount = 0;

	constructor(
		private readonly circle: CircleId,
		private readonly context: FoldContext,
		private readonly checkpointEvery: number,
		private readonly host?: FoldHost
	) {
		this.headHash = startHead(circle);
		this.checkpoints.push({
			foldIndex: 0,
			acceptedIndex: 0,
			state: this.members.clone(),
			head: this.headHash.clone(),
			domains: host?.checkpoint()
		});
	}

	/**
	 * Folds newly linked entries in, appending when it can, else refolding the tail from the
	 * checkpoint before the earliest of them. Chains only ever gain entries, so nothing leaves
	 * the fold except through a membership verdict that changed.
	 */
	integrate(added: Cand[]): Folded {
		if (added.length === 0) return { accepted: [], retracted: [], refolded: false };
		added.sort(byOrderThenId);
		const last = this.fold[this.fold.length - 1];
		if (!last || byOrderThenId(added[0]!, last) > 0) {
			const start = this.acceptedIds.length;
			for (const c of added) this.applyOne(c);
			return { accepted: this.acceptedIds.slice(start), retracted: [], refolded: false };
		}
		const from = this.lowerBound(added[0]!);
		let k = this.checkpoints.length - 1;
		while (this.checkpoints[k]!.foldIndex > from) k--;
		const start = this.checkpoints[k]!.acceptedIndex;
		const oldAccepted = this.acceptedIds.slice(start);
		const oldTail = this.rewindTo(k);
		for (const c of mergeSorted(oldTail, added)) this.applyOne(c);
		this.host?.settle();
		const newAccepted = this.acceptedIds.slice(start);
		const was = new Set(oldAccepted);
		const now = new Set(newAccepted);
		return {
			accepted: newAccepted.filter((id) => !was.has(id)),
			retracted: oldAccepted.filter((id) => !now.has(id)).sort(),
			refolded: true
		};
	}

	/** Back to the very start, forgetting every verdict (a clock put back: all is judged again). */
	restart(): void {
		this.rewindTo(0);
	}

	/** Rewinds to checkpoint `k`, dropping the later ones; returns the folded tail after it. */
	private rewindTo(k: number): Cand[] {
		const cp = this.checkpoints[k]!;
		this.checkpoints.length = k + 1;
		const oldTail = this.fold.splice(cp.foldIndex);
		for (const c of oldTail) {
			if (c.q) this.setAside.delete(c.id);
			c.q = null;
			c.accepted = false;
		}
		this.acceptedIds.length = cp.acceptedIndex;
		this.acceptedEntries.length = cp.acceptedIndex;
		this.cuts++;
		if (this.headCount > cp.acceptedIndex) {
			this.headHash = cp.head.clone();
			this.headCount = cp.acceptedIndex;
		}
		this.members = cp.state.clone();
		this.host?.rewind(cp.domains);
		return oldTail;
	}

	/** First fold position whose entry does not sort before `c`. */
	private lowerBound(c: Cand): number {
		let lo = 0;
		let hi = this.fold.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (byOrderThenId(this.fold[mid]!, c) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	private applyOne(c: Cand): void {
		if (
			this.fold.length % this.checkpointEvery === 0 &&
			this.checkpoints[this.checkpoints.length - 1]!.foldIndex !== this.fold.length
		)
			this.checkpoints.push({
				foldIndex: this.fold.length,
				acceptedIndex: this.acceptedIds.length,
				state: this.members.clone(),
				head: this.headAt(this.acceptedIds.length),
				domains: this.host?.checkpoint()
			});
		const q = this.members.apply(c.entry, c.id, this.context);
		this.fold.push(c);
		c.q = q;
		if (q) this.setAside.set(c.id, q);
		else {
			this.acceptedEntries.push(c.entry);
			this.acceptedIds.push(c.id);
			c.accepted = true;
			this.host?.apply(c.entry, c.id, this.members);
		}
	}

	/** The circle's membership and meta as of every accepted entry. */
	view(): CircleState {
		return this.members.view(this.circle, this.acceptedIds.length, this.head());
	}

	/** Brings the running head up to `n` accepted ids; returns a copy of it. */
	private headAt(n: number): HeadHasher {
		if (this.headCount < n) {
			feedHeads(this.headHash, this.acceptedIds, this.headCount, n);
			this.headCount = n;
		}
		return this.headHash.clone();
	}

	/** The ledger hash (see state.ts). */
	head(): string {
		this.headAt(this.acceptedIds.length);
		return readHead(this.headHash);
	}
}

const mergeSorted = (a: Cand[], b: Cand[]): Cand[] => {
	const out: Cand[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) out.push(byOrderThenId(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
	while (i < a.length) out.push(a[i++]!);
	while (j < b.length) out.push(b[j++]!);
	return out;
};
