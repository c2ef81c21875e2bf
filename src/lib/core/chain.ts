/**
 * Author chains (stage 2 of the ledger, see ledger.ts). Seq 1 has prev null; seq n names one of
 * the author's linked entries at seq n-1 as prev and carries a later clock stamp. An entry that
 * fits is linked, and stays linked whatever arrives later.
 *
 * A forked log (the author signed several entries with one seq, on purpose or from a restored
 * backup) is evidence, not a rewrite: every branch that links stands, and the fork is listed
 * (`forks`) so Audit can flag the author. v1 kept the earliest-dated branch and retracted the
 * others, so a fork dated earlier than an entry everyone had accepted long ago took it back (and
 * everything chained after it: a reset call, a leave, the founder's admissions). No rule based
 * on what the author signs can tell which branch came first (the author dates both), so none
 * is chosen: a fork adds entries and never removes one. What a fork still allows is dating the
 * new branch back to just after the entry it forks from — the back-dating of threat-model T8
 * and T13, bounded there, not by this stage.
 *
 * An entry that does not link is `broken-chain` when its prev is known and can never fit (wrong
 * seq, clock not later, or it follows a broken entry), and pending while its prev has not
 * arrived (or is itself pending). A pure function of the set of candidates, in any order.
 */
import { compareEntries } from './order';
import { quarantined, type Quarantined, type QuarantineParams, type QuarantineReason } from './quarantine';
import type { Entry, EntryId, MemberKey, Millis } from './types';

/**
 * An entry on its way through the ledger, with copies of the fields the order and the
 * chains read: sorting 100k of these touches them and not the entries (several times
 * faster, the entries being scattered in memory).
 */
export interface Cand {
	entry: Entry;
	id: EntryId;
	ms: Millis;
	counter: number;
	author: MemberKey;
	seq: number;
	prev: EntryId | null;
	/** Set while it is in the fold: accepted, or why the fold set it aside. */
	accepted: boolean;
	q: Quarantined | null;
	/** Set once the ledger has linked it among the heads (ledger.ts `link`). */
	linked?: boolean;
}

export const cand = (entry: Entry, id: EntryId): Cand => ({
	entry,
	id,
	ms: entry.hlc[0],
	counter: entry.hlc[1],
	author: entry.author,
	seq: entry.seq,
	prev: entry.prev,
	accepted: false,
	q: null
});

/** The total order of order.ts (hlc, author bytes, seq), then the id. */
export const byOrderThenId = (a: Cand, b: Cand): number =>
	a.ms !== b.ms
		? a.ms < b.ms
			? -1
			: 1
		: a.counter !== b.counter
			? a.counter < b.counter
				? -1
				: 1
			: compareEntries(a.entry, b.entry) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether `c` carries a later clock stamp than `before`. */
const laterThan = (c: Cand, before: Cand): boolean =>
	c.ms !== before.ms ? c.ms > before.ms : c.counter > before.counter;

/** Two or more linked entries of one author with one seq: evidence of a forked log. */
export interface Fork {
	author: MemberKey;
	seq: number;
	/** The linked entries with that seq, sorted. */
	ids: EntryId[];
}

/** One author's entries: every candidate by id, and which of them are linked. */
export class AuthorLog {
	private byId = new Map<EntryId, Cand>();
	/** Candidates waiting for their prev (by the prev's id; seq 1 entries never wait). */
	private waiting = new Map<EntryId, Cand[]>();
	private linked = new Set<EntryId>();
	/** Linked entries by seq: one, or a list when the author forked at that seq. */
	private linkedBySeq = new Map<number, Cand | Cand[]>();
	/** The linked entry with the highest seq (ties: latest in the total order). */
	tip: Cand | null = null;
	quarantined = new Map<EntryId, Quarantined>();
	pending: Cand[] = [];
	forks: Fork[] = [];
	private dirty = false;

	/** Stores a candidate; pushes onto `added` every entry that became linked by it. */
	insert(c: Cand, added: Cand[]): void {
		this.byId.set(c.id, c);
		this.dirty = true;
		if (!this.links(c)) {
			if (c.prev !== null && !this.linked.has(c.prev)) {
				const w = this.waiting.get(c.prev);
				if (w) w.push(c);
				else this.waiting.set(c.prev, [c]);
			}
			return;
		}
		const stack = [c];
		while (stack.length) {
			const x = stack.pop()!;
			this.link(x);
			added.push(x);
			const next = this.waiting.get(x.id);
			if (!next) continue;
			this.waiting.delete(x.id);
			for (const n of next) if (this.links(n)) stack.push(n);
		}
	}

	private links(c: Cand): boolean {
		if (c.seq === 1) return c.prev === null;
		if (c.prev === null || !this.linked.has(c.prev)) return false;
		const before = this.byId.get(c.prev)!;
		return before.seq === c.seq - 1 && laterThan(c, before);
	}

	private link(c: Cand): void {
		this.linked.add(c.id);
		const at = this.linkedBySeq.get(c.seq);
		if (at === undefined) this.linkedBySeq.set(c.seq, c);
		else if (Array.isArray(at)) at.push(c);
		else this.linkedBySeq.set(c.seq, [at, c]);
		const t = this.tip;
		if (!t || c.seq > t.seq || (c.seq === t.seq && byOrderThenId(c, t) > 0)) this.tip = c;
	}

	/** Sorts the entries that do not link into broken and pending, and lists the forks. */
	classify(): void {
		if (!this.dirty) return;
		this.dirty = false;
		this.quarantined.clear();
		this.pending = [];
		this.forks = [];
		for (const [seq, at] of this.linkedBySeq)
			if (Array.isArray(at)) this.forks.push({ author: at[0]!.author, seq, ids: at.map((c) => c.id).sort() });
		this.forks.sort((a, b) => a.seq - b.seq);
		// Whether a candidate can never link: memoised, since chains of them share the answer.
		const broken = new Map<EntryId, boolean>();
		const isBroken = (c: Cand): boolean => {
			const known = broken.get(c.id);
			if (known !== undefined) return known;
			// Walk back to the first candidate whose prev is linked, missing, or broken.
			const path: Cand[] = [];
			let x: Cand | undefined = c;
			let verdict = false;
			while (x) {
				const k = broken.get(x.id);
				if (k !== undefined) {
					verdict = k;
					break;
				}
				path.push(x);
				const why = this.reason(x);
				if (why) {
					this.setAside(x, why);
					verdict = true;
					path.pop();
					broken.set(x.id, true);
					break;
				}
				x = x.prev === null || this.linked.has(x.prev) ? undefined : this.byId.get(x.prev);
			}
			for (const p of path) {
				broken.set(p.id, verdict);
				if (verdict) this.setAside(p, q('broken-chain', 'after-broken', { prev: p.prev }));
			}
			return verdict;
		};
		for (const c of this.byId.values()) {
			if (this.linked.has(c.id)) continue;
			if (!isBroken(c)) this.pending.push(c);
		}
	}

	/** Why a candidate that does not link never will, judged from itself and its prev; or null. */
	private reason(c: Cand): SetAside | null {
		if (c.seq === 1) return q('broken-chain', 'wrong-prev', { prev: c.prev, seq: 0 });
		if (c.prev === null) return q('broken-chain', 'wrong-prev', { prev: null, seq: c.seq - 1 });
		const before = this.byId.get(c.prev);
		if (!before) return null; // not here yet: it waits
		if (before.seq !== c.seq - 1) return q('broken-chain', 'wrong-prev', { prev: c.prev, seq: c.seq - 1 });
		if (this.linked.has(before.id) && !laterThan(c, before))
			return q('broken-chain', 'clock-not-later', { seq: c.seq - 1 });
		return null;
	}

	private setAside(c: Cand, why: SetAside): void {
		this.quarantined.set(c.id, quarantined(c.id, c.entry, why.reason, why.detail, why.params));
	}
}

interface SetAside {
	reason: QuarantineReason;
	detail: string;
	params: QuarantineParams;
}

const q = (reason: QuarantineReason, detail: string, params: QuarantineParams): SetAside => ({
	reason,
	detail,
	params
});
