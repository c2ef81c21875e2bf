/**
 * Stage 3 of the ledger (ledger.ts): the fold. The linked entries of every author are walked in
 * total order as *events*; each entry is applied to the membership state and told to the domains'
 * host when it takes effect, and an author who is not an active member then is `not-a-member`.
 *
 * When an entry takes effect (threat-model.md T8, docs/protocol/entries.md "Witnesses"): not at
 * the instant its author wrote on it, which the author chooses, but when an entry by **another
 * member, active at that point of this fold,** first has it in its causal past (its `prev` chain
 * and its `seen` references). That witness releases the waiting entries of its past, in total
 * order, at the witness's own instant; its own entries, and whatever depends on them, wait for a
 * witness of their own. So an entry signed after a freeze point, however it is dated, was seen by
 * nobody before it and changes nothing frozen there. A member alone in the circle (the founder at
 * first) needs no witness. Entries nobody has witnessed yet are applied after every event, in
 * total order, each at the later of its own instant and the last one applied: a projection, so a
 * phone offline sees its own actions; a witness moves them to its instant on every phone.
 *
 * Incremental: events after the last one are processed where the fold stands (after taking back
 * the projected tail); an earlier one refolds from the checkpoint before it. A checkpoint (the
 * membership state, the running head, the entries waiting and the domains' books) is kept every
 * `checkpointEvery` events and before the projected tail, so the cost is the tail, not the history.
 */
import { MembershipFold, type FoldContext } from './membership/fold';
import type { MembershipView } from './membership/view';
import type { Quarantined } from './quarantine';
import { feedHeads, readHead, startHead, type CircleState, type HeadHasher } from './state';
import type { CircleId, Entry, EntryId, Hlc, MemberKey, Millis } from './types';
import * as hlc from './hlc';
import { byOrderThenId, type Cand } from './chain';

/** What the ledger needs from the domains' host: one checkpoint mechanism for both. */
export interface FoldHost {
	/** `at`: the instant the entry takes effect (see above), never before its own. */
	apply(e: Entry, id: EntryId, members: MembershipView, at: Millis): void;
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
	/** Events processed before this point. */
	foldIndex: number;
	acceptedIndex: number;
	state: MembershipFold;
	/** The head hash over the accepted ids before this point (a copy). */
	head: HeadHasher;
	/** The domains' books at this point. */
	domains: unknown;
	/** Entries waiting for a witness at this point (a copy). */
	waiting: Map<EntryId, Cand>;
	lastAt: Millis;
	latestAccepted: Hlc | null;
	/** Taken only before a projected tail; replaced by the next one. */
	floating: boolean;
}

export class LedgerFold {
	/** The linked entries in total order (the events), each with its verdict once applied. */
	private fold: Cand[] = [];
	/** Entries the fold set aside (not-a-member, invalid-body), by id. */
	readonly setAside = new Map<EntryId, Quarantined>();
	readonly acceptedEntries: Entry[] = [];
	readonly acceptedIds: EntryId[] = [];
	/** The instant each accepted entry took effect, beside acceptedIds. */
	readonly acceptedAt: Millis[] = [];
	/** Counts the times the accepted list was cut back (see Ledger.acceptedCuts). */
	cuts = 0;
	private checkpoints: Checkpoint[] = [];
	members = new MembershipFold();
	/** Running head hash and how many accepted ids it has taken in. */
	private headHash: HeadHasher;
	private headCount = 0;
	/** Events not witnessed yet, by id (those of the projected tail included). */
	private waiting = new Map<EntryId, Cand>();
	/** How many entries of the projected tail are applied now. */
	private tailApplied = 0;
	/** The latest instant an entry took effect at. */
	private lastAt: Millis = -Infinity;
	/** The latest stamp of an accepted entry: where a new entry's clock starts. */
	latestAccepted: Hlc | null = null;

	constructor(
		private readonly circle: CircleId,
		private readonly context: FoldContext,
		private readonly checkpointEvery: number,
		private readonly host?: FoldHost
	) {
		this.headHash = startHead(circle);
		this.checkpoints.push(this.snapshot(false));
	}

	/** Entries nobody but their author has witnessed yet, in total order. */
	get unwitnessed(): Cand[] {
		return [...this.waiting.values()].sort(byOrderThenId);
	}

	/**
	 * Folds newly linked entries in, appending when it can, else refolding from the checkpoint
	 * before the earliest of them. Chains only ever gain entries; an entry leaves `accepted` only
	 * through a membership verdict that changed, and moves when a witness arrives.
	 */
	integrate(added: Cand[]): Folded {
		if (added.length === 0) return { accepted: [], retracted: [], refolded: false };
		added.sort(byOrderThenId);
		const last = this.fold[this.fold.length - 1];
		const appending = !last || byOrderThenId(added[0]!, last) > 0;
		if (appending && this.tailApplied === 0) {
			const start = this.acceptedIds.length;
			for (const c of added) this.event(c);
			this.project();
			return { accepted: this.acceptedIds.slice(start), retracted: [], refolded: false };
		}
		const from = appending ? this.fold.length : this.lowerBound(added[0]!);
		let k = this.checkpoints.length - 1;
		while (this.checkpoints[k]!.foldIndex > from) k--;
		const start = this.checkpoints[k]!.acceptedIndex;
		const oldAccepted = this.acceptedIds.slice(start);
		const oldAt = this.acceptedAt.slice(start);
		const cutsBefore = this.cuts;
		const oldEvents = this.rewindTo(k);
		for (const c of mergeSorted(oldEvents, added)) this.event(c);
		this.project();
		this.host?.settle();
		const newAccepted = this.acceptedIds.slice(start);
		// A rewind that only took back the projected tail and put it back in the same order,
		// followed by more, is an append to a reader of `accepted`.
		const newAt = this.acceptedAt;
		const prefix =
			oldAccepted.length <= newAccepted.length &&
			oldAccepted.every((id, i) => newAccepted[i] === id && newAt[start + i] === oldAt[i]);
		if (prefix) this.cuts = cutsBefore;
		const was = new Set(oldAccepted);
		const now = new Set(newAccepted);
		return {
			accepted: newAccepted.filter((id) => !was.has(id)),
			retracted: oldAccepted.filter((id) => !now.has(id)).sort(),
			refolded: !prefix
		};
	}

	/** Back to the very start, forgetting every verdict (a clock put back: all is judged again). */
	restart(): void {
		this.rewindTo(0);
	}

	private snapshot(floating: boolean): Checkpoint {
		return {
			foldIndex: this.fold.length,
			acceptedIndex: this.acceptedIds.length,
			state: this.members.clone(),
			head: this.headAt(this.acceptedIds.length),
			domains: this.host?.checkpoint(),
			waiting: new Map(this.waiting),
			lastAt: this.lastAt,
			latestAccepted: this.latestAccepted,
			floating
		};
	}

	/** Rewinds to checkpoint `k`, dropping the later ones; returns the events after it. */
	private rewindTo(k: number): Cand[] {
		const cp = this.checkpoints[k]!;
		this.checkpoints.length = k + 1;
		const oldTail = this.fold.splice(cp.foldIndex);
		// Entries that waited at the checkpoint may have taken effect since: judged again too.
		for (const c of [...oldTail, ...cp.waiting.values()]) {
			if (c.q) this.setAside.delete(c.id);
			c.q = null;
			c.accepted = false;
			c.at = null;
		}
		this.acceptedIds.length = cp.acceptedIndex;
		this.acceptedEntries.length = cp.acceptedIndex;
		this.acceptedAt.length = cp.acceptedIndex;
		this.cuts++;
		if (this.headCount > cp.acceptedIndex) {
			this.headHash = cp.head.clone();
			this.headCount = cp.acceptedIndex;
		}
		this.members = cp.state.clone();
		this.waiting = new Map(cp.waiting);
		this.lastAt = cp.lastAt;
		this.latestAccepted = cp.latestAccepted;
		this.tailApplied = 0;
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

	/** One event: what it witnesses takes effect now; it waits for its own witness. */
	private event(c: Cand): void {
		if (this.fold.length % this.checkpointEvery === 0) {
			const top = this.checkpoints[this.checkpoints.length - 1]!;
			if (top.foldIndex !== this.fold.length) {
				// A pre-tail checkpoint left below would only add to the memory: a regular one replaces it.
				if (top.floating && this.checkpoints.length > 1) this.checkpoints.pop();
				this.checkpoints.push(this.snapshot(false));
			} else top.floating = false;
		}
		this.fold.push(c);
		const alone = this.members.aloneOrNobody(c.author);
		if (alone || this.members.isActive(c.author)) {
			for (const x of this.released(c, alone ? null : c.author)) this.take(x, c.ms);
		}
		if (alone) this.take(c, c.ms);
		else this.waiting.set(c.id, c);
	}

	/**
	 * The waiting entries in the causal past of `c` that `witness` may release, in total order:
	 * all but the witness's own and those that depend on one of them (null: all of them).
	 */
	private released(c: Cand, witness: MemberKey | null): Cand[] {
		if (this.waiting.size === 0) return NONE;
		const first = this.waitingParents(c);
		if (first.length === 0) return NONE;
		// The usual case on phones that sync: one waiting entry by someone else, whose own past
		// has taken effect already.
		// (The witness's own entry still names what it saw: those entries are released below, unless
		// they depend on one of the witness's own.)
		if (first.length === 1 && this.waitingParents(first[0]!).length === 0)
			return first[0]!.author === witness ? NONE : first;
		const out: Cand[] = [];
		// Iterative post-order over the waiting part of the past (a member offline for months
		// may have thousands of entries waiting: no recursion).
		const blocked = new Map<EntryId, boolean>();
		const stack: { c: Cand; parents: Cand[]; i: number; blocked: boolean }[] = [];
		const push = (x: Cand) => {
			blocked.set(x.id, false); // visiting
			stack.push({ c: x, parents: this.waitingParents(x), i: 0, blocked: x.author === witness });
		};
		for (const p of first) {
			if (blocked.has(p.id)) continue;
			push(p);
			while (stack.length) {
				const top = stack[stack.length - 1]!;
				if (top.i < top.parents.length) {
					const q = top.parents[top.i++]!;
					const known = blocked.get(q.id);
					if (known === undefined) push(q);
					else if (known) top.blocked = true;
					continue;
				}
				stack.pop();
				blocked.set(top.c.id, top.blocked);
				if (stack.length && top.blocked) stack[stack.length - 1]!.blocked = true;
				if (!top.blocked) out.push(top.c);
			}
		}
		return out.sort(byOrderThenId);
	}

	/** The entries `x` names (prev, and seen references dated before it) that still wait. */
	private waitingParents(x: Cand): Cand[] {
		let out: Cand[] = NONE;
		if (x.prev !== null) {
			const p = this.waiting.get(x.prev);
			if (p) out = [p];
		}
		const seen = x.entry.seen;
		if (seen)
			for (const id of seen) {
				const p = this.waiting.get(id);
				// A reference to an entry dated at or after its namer witnesses nothing.
				if (p && (p.ms < x.ms || (p.ms === x.ms && p.counter < x.counter)))
					out = out === NONE ? [p] : [...out, p];
			}
		return out;
	}

	/** The projected tail: what nobody has witnessed yet, applied after every event. */
	private project(): void {
		if (this.waiting.size === 0) return;
		const top = this.checkpoints[this.checkpoints.length - 1]!;
		if (top.foldIndex !== this.fold.length) {
			if (top.floating) this.checkpoints.pop();
			this.checkpoints.push(this.snapshot(true));
		}
		const tail = [...this.waiting.values()].sort(byOrderThenId);
		for (const c of tail) this.apply(c, Math.max(c.ms, this.lastAt));
		this.tailApplied = tail.length;
	}

	/** A witnessed entry takes effect at `at`. */
	private take(c: Cand, at: Millis): void {
		this.waiting.delete(c.id);
		c.at = at;
		this.apply(c, at);
	}

	private apply(c: Cand, at: Millis): void {
		if (at > this.lastAt) this.lastAt = at;
		const q = this.members.apply(c.entry, c.id, this.context, at);
		c.q = q;
		if (q) this.setAside.set(c.id, q);
		else {
			this.acceptedEntries.push(c.entry);
			this.acceptedIds.push(c.id);
			this.acceptedAt.push(at);
			c.accepted = true;
			if (!this.latestAccepted || hlc.compare(c.entry.hlc, this.latestAccepted) > 0)
				this.latestAccepted = c.entry.hlc;
			this.host?.apply(c.entry, c.id, this.members, at);
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

/** Shared and never mutated: most events release nothing. */
const NONE: Cand[] = [];

const mergeSorted = (a: Cand[], b: Cand[]): Cand[] => {
	const out: Cand[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) out.push(byOrderThenId(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
	while (i < a.length) out.push(a[i++]!);
	while (j < b.length) out.push(b[j++]!);
	return out;
};
