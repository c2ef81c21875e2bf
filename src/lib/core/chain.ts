/**
 * Author chains (stage 2 of the ledger, see ledger.ts): each author's entries by seq, and the
 * chain chosen from them. Seq 1 has prev null; seq n names the chosen seq n-1 as prev and carries
 * a later clock stamp. Where several candidates fit one seq (a forked log) the earliest by
 * (hlc, id) stands; the others, and anything chained after them, are `forked-log`. A candidate
 * whose prev fits nothing chosen is `broken-chain`; one beyond a gap waits as pending.
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

/** One author's entries: candidates by seq and the chain chosen from them. */
export class AuthorLog {
	/** Candidates by seq: one, or a list when the author signed several entries with one seq. */
	private bySeq = new Map<number, Cand | Cand[]>();
	chain: Cand[] = [];
	/** Seqs that may hold a candidate that is not in the chain (a superset; classify prunes it). */
	private extras = new Set<number>();
	/** Seqs stored since the last classify, not yet looked at for extras. */
	private fresh: number[] = [];
	quarantined = new Map<EntryId, Quarantined>();
	pending: Cand[] = [];

	/** Stores a candidate; returns the seq from which the chain must be relinked (Infinity: none). */
	insert(c: Cand): number {
		const s = c.seq;
		const at = this.bySeq.get(s);
		if (at === undefined) this.bySeq.set(s, c);
		else if (Array.isArray(at)) at.push(c);
		else this.bySeq.set(s, [at, c]);
		this.fresh.push(s);
		if (s > this.chain.length + 1) return Infinity;
		if (s === this.chain.length + 1) return s;
		return this.links(c, s) && byOrderThenId(c, this.chain[s - 1]!) < 0 ? s : Infinity;
	}

	private candidates(s: number): readonly Cand[] {
		const at = this.bySeq.get(s);
		return at === undefined ? [] : Array.isArray(at) ? at : [at];
	}

	private links(c: Cand, s: number): boolean {
		if (s === 1) return c.prev === null;
		const before = this.chain[s - 2];
		return !!before && c.prev === before.id && laterThan(c, before);
	}

	/**
	 * Rebuilds the chain from seq `from`; pushes onto `added` the candidates that joined it
	 * and onto `removed` those that left it.
	 */
	relink(from: number, added: Cand[], removed: Cand[]): void {
		const old = this.chain.splice(from - 1);
		for (const c of old) this.extras.add(c.seq);
		for (let s = from; ; s++) {
			const at = this.bySeq.get(s);
			if (at === undefined) break;
			let best: Cand | null = null;
			if (!Array.isArray(at)) {
				if (this.links(at, s)) best = at;
			} else for (const c of at) if (this.links(c, s) && (!best || byOrderThenId(c, best) < 0)) best = c;
			if (!best) break;
			this.chain.push(best);
		}
		const chain = this.chain;
		if (old.length === 0) {
			for (let i = from - 1; i < chain.length; i++) added.push(chain[i]!);
			return;
		}
		const oldIds = new Set(old.map((c) => c.id));
		const newIds = new Set<EntryId>();
		for (let i = from - 1; i < chain.length; i++) {
			const c = chain[i]!;
			newIds.add(c.id);
			if (!oldIds.has(c.id)) added.push(c);
		}
		for (const c of old) if (!newIds.has(c.id)) removed.push(c);
	}

	/** Notes the fresh seqs that hold a candidate outside the chain. */
	private flushFresh(): void {
		for (const s of this.fresh) {
			const at = this.bySeq.get(s)!;
			if (Array.isArray(at) || this.chain[s - 1] !== at) this.extras.add(s);
		}
		this.fresh = [];
	}

	/** Sorts the non-chain candidates into forked, broken and pending (a pure function of the set). */
	classify(): void {
		this.flushFresh();
		this.quarantined.clear();
		this.pending = [];
		const forked = new Set<EntryId>();
		const broken = new Set<EntryId>();
		const seqs = [...this.extras].sort((a, b) => a - b);
		const n = this.chain.length;
		for (const s of seqs) {
			const chosen = this.chain[s - 1];
			const list = this.candidates(s)
				.filter((c) => c !== chosen)
				.sort(byOrderThenId);
			if (list.length === 0) {
				this.extras.delete(s);
				continue;
			}
			for (const c of list) {
				const e = c.entry;
				const q = (reason: QuarantineReason, detail: string, params: QuarantineParams) =>
					this.quarantined.set(c.id, quarantined(c.id, e, reason, detail, params));
				if (chosen && this.links(c, s)) {
					forked.add(c.id);
					q('forked-log', 'fork', { author: e.author, seq: s, chosen: chosen.id });
				} else if (e.prev !== null && forked.has(e.prev)) {
					forked.add(c.id);
					q('forked-log', 'fork-branch', { author: e.author });
				} else if (e.prev !== null && broken.has(e.prev)) {
					broken.add(c.id);
					q('broken-chain', 'after-broken', { prev: e.prev });
				} else if (s <= n + 1) {
					broken.add(c.id);
					const before = this.chain[s - 2];
					if (before && e.prev === before.id) q('broken-chain', 'clock-not-later', { seq: s - 1 });
					else q('broken-chain', 'wrong-prev', { prev: e.prev, seq: s - 1, expected: before?.id ?? null });
				} else this.pending.push(c);
			}
		}
	}
}
