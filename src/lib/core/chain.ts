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
	linked: boolean;
	/** Set once it is in its author's log (AuthorLog.insert): a candidate of that chain. */
	logged: boolean;
	/** Set once it is on its author's chain (it links, and stays linked). */
	chained: boolean;
	/** The instant it took effect in the fold (fold.ts), or null while it has not. */
	at: Millis | null;
}

/**
 * Every field is set here, in one order, so that every candidate has one shape (the fold reads
 * 100k of them: one shape keeps those reads fast) and the fold keeps its verdicts on the
 * candidate itself rather than in maps of 100k ids.
 */
export const cand = (entry: Entry, id: EntryId): Cand => ({
	entry,
	id,
	ms: entry.hlc[0],
	counter: entry.hlc[1],
	author: entry.author,
	seq: entry.seq,
	prev: entry.prev,
	accepted: false,
	q: null,
	linked: false,
	logged: false,
	chained: false,
	at: null
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

/**
 * One author's entries: the candidates in the log (found through the ledger's own index of
 * every id, `lookup`, so no second map of every id is kept per author), the ones that do not
 * link yet, and the linked ones by seq. Linked seqs run 1, 2, … without a gap (each names a
 * linked predecessor one seq lower), so they index an array.
 */
export class AuthorLog {
	/** Candidates waiting for their prev (by the prev's id; seq 1 entries never wait). */
	private waiting = new Map<EntryId, Cand[]>();
	/** Candidates in the log that are not linked (pending or broken): the only ones classify reads. */
	private unlinked = new Set<Cand>();
	/** Linked entries by seq: one, or a list when the author forked at that seq. */
	private linkedBySeq: (Cand | Cand[] | undefined)[] = [];
	/** The seqs at which the author forked, in the order the forks appeared. */
	private forkSeqs: number[] = [];
	/** The linked entry with the highest seq (ties: latest in the total order). */
	tip: Cand | null = null;
	quarantined = new Map<EntryId, Quarantined>();
	pending: Cand[] = [];
	forks: Fork[] = [];
	private dirty = false;

	constructor(
		private readonly author: MemberKey,
		/** The candidate under an id, wherever it is (the ledger's index of everything seen). */
		private readonly lookup: (id: EntryId) => Cand | null | undefined
	) {}

	/** The candidate `id` if it is in this log. */
	private get(id: EntryId): Cand | undefined {
		const c = this.lookup(id);
		return c && c.logged && c.author === this.author ? c : undefined;
	}

	/** Stores a candidate; pushes onto `added` every entry that became linked by it. */
	insert(c: Cand, added: Cand[]): void {
		c.logged = true;
		this.dirty = true;
		if (!this.links(c)) {
			this.unlinked.add(c);
			if (c.prev !== null && !this.get(c.prev)?.chained) {
				const w = this.waiting.get(c.prev);
				if (w) w.push(c);
				else this.waiting.set(c.prev, [c]);
			}
			return;
		}
		this.link(c);
		added.push(c);
		if (this.waiting.size === 0) return;
		const stack = [c];
		while (stack.length) {
			const x = stack.pop()!;
			if (x !== c) {
				this.link(x);
				added.push(x);
			}
			const next = this.waiting.get(x.id);
			if (!next) continue;
			this.waiting.delete(x.id);
			for (const n of next) if (this.links(n)) stack.push(n);
		}
	}

	private links(c: Cand): boolean {
		if (c.seq === 1) return c.prev === null;
		if (c.prev === null) return false;
		const before = this.get(c.prev);
		return before !== undefined && before.chained && before.seq === c.seq - 1 && laterThan(c, before);
	}

	private link(c: Cand): void {
		c.chained = true;
		this.unlinked.delete(c);
		const at = this.linkedBySeq[c.seq];
		if (at === undefined) this.linkedBySeq[c.seq] = c;
		else if (Array.isArray(at)) at.push(c);
		else {
			this.linkedBySeq[c.seq] = [at, c];
			this.forkSeqs.push(c.seq);
		}
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
		for (const seq of this.forkSeqs) {
			const at = this.linkedBySeq[seq] as Cand[];
			this.forks.push({ author: at[0]!.author, seq, ids: at.map((c) => c.id).sort() });
		}
		this.forks.sort((a, b) => a.seq - b.seq);
		if (this.unlinked.size === 0) return;
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
				const p: Cand | undefined = x.prev === null ? undefined : this.get(x.prev);
				x = p && !p.chained ? p : undefined;
			}
			for (const p of path) {
				broken.set(p.id, verdict);
				if (verdict) this.setAside(p, q('broken-chain', 'after-broken', { prev: p.prev }));
			}
			return verdict;
		};
		for (const c of this.unlinked) if (!isBroken(c)) this.pending.push(c);
	}

	/** Why a candidate that does not link never will, judged from itself and its prev; or null. */
	private reason(c: Cand): SetAside | null {
		if (c.seq === 1) return q('broken-chain', 'wrong-prev', { prev: c.prev, seq: 0 });
		if (c.prev === null) return q('broken-chain', 'wrong-prev', { prev: null, seq: c.seq - 1 });
		const before = this.get(c.prev);
		if (!before) return null; // not here yet: it waits
		if (before.seq !== c.seq - 1) return q('broken-chain', 'wrong-prev', { prev: c.prev, seq: c.seq - 1 });
		if (before.chained && !laterThan(c, before))
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
