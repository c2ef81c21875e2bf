/**
 * The ledger of one circle: every entry this device has seen, sorted into accepted
 * (in the total order), pending (waiting for an earlier entry of the same author) and
 * quarantined (with a reason). It is a pure function of the set of entries seen and
 * the latest `now`: the same entries give the same result in any delivery order and
 * any batching, on every device. The rules are written down in docs/PROTOCOL.md.
 *
 * Three stages, each deterministic on its own:
 *
 * 1. Intake (per entry, order-free). Every value is named by the SHA-256 of its own
 *    canonical JSON (`valueId`: an entry's id), so nothing but the entry itself takes its
 *    id. Unreadable → `malformed`; another circle's → `wrong-circle`; signature invalid
 *    (verified once outside the core, the verdict arrives with the entry) →
 *    `bad-signature`; hlc more than ten minutes ahead of the `now` of the latest `add` →
 *    held as `future-timestamp` and looked at again on every later `add` (so devices whose
 *    clocks differ converge once their clocks pass it). A clock put back after running
 *    ahead holds again what is now too far ahead: the horizon is the latest `now`, not the
 *    largest (T43), and the result stays a function of the set and that `now`.
 *
 * 2. Author chains (per author, order-free; chain.ts). Seq 1 has prev null, seq n names
 *    a linked seq n-1 of the same author as prev and carries a later hlc. A forked log
 *    (two entries with one seq) is evidence listed in `forks`; every branch that links
 *    stands, so a fork never retracts anything. A candidate whose prev can never fit is
 *    `broken-chain`; one whose prev has not arrived waits as pending. A forged copy never
 *    forks anyone: it is stopped at intake.
 *
 * 3. The fold (in total order; fold.ts). Linked entries are applied one by one to the
 *    membership state; an author who is not an active member at that point is
 *    `not-a-member`, and a known entry type with a broken body is `invalid-body`. Unknown
 *    types are accepted for the domains (core/circle.ts wires them as the fold's host).
 *    Entries that sort after the last folded one are appended; an earlier one refolds the
 *    tail from the latest checkpoint before it, so the cost is the tail, not the history.
 */
import * as hlc from './hlc';
import * as join from './membership/join';
import { MAX_SEEN, decodeEntry, valueId } from './entry';
import { isHex } from './bytes';
import { majorityOfOthers, type FoldContext, type RemovalThreshold, type Slot } from './membership/fold';
import { RuleError, reject } from './host/domain';
import {
	compareQuarantined,
	problemOf,
	quarantined,
	type Quarantined,
	type QuarantineReason
} from './quarantine';
import type { CircleState } from './state';
import type { CircleId, Entry, EntryId, Hlc, MemberKey, Millis } from './types';
import { AuthorLog, byOrderThenId, cand, type Cand, type Fork } from './chain';
import { checkShape, hasEntryKeys, readableId } from './entry-shape';
import { LedgerFold, type FoldHost } from './fold';

export type { Quarantined, QuarantineReason } from './quarantine';
export type { Fork } from './chain';
export type { CircleState, Member } from './state';
export type { FoldHost } from './fold';

/** Entries dated further than this ahead of the receiver's clock wait (DESIGN.md §3). */
export const FUTURE_SKEW: Millis = 10 * 60 * 1000;

export interface Arrival {
	entry: Entry;
	/** The strict signature verdict, computed once on arrival and remembered by the device. */
	sigValid: boolean;
	/**
	 * The entry id, only if the caller read the entry with `entry.decodeEntry` and computed
	 * the id itself (the sync layer does, once, on arrival). Saves a hash and a re-read.
	 */
	id?: EntryId;
}

export interface AddResult {
	/** Ids that became accepted in this call. */
	accepted: EntryId[];
	/** Entries that became quarantined (or changed reason) in this call. */
	quarantined: Quarantined[];
	/**
	 * Ids that were accepted before this call and are not any more: a late entry that sorts
	 * earlier changed a membership verdict (a fork never retracts anything, see chain.ts).
	 */
	retracted: EntryId[];
	/** Whether this call refolded from a checkpoint instead of appending. */
	refolded: boolean;
}

export interface LedgerOptions {
	/**
	 * The founder's key, when the phone knows it (the founding phone; an invite): a second check
	 * beside the circle id, which already binds the genesis to its founder (T19).
	 */
	founder?: MemberKey;
	/** The removal threshold rule (the charter's); default a majority of the other active members. */
	removalThreshold?: RemovalThreshold;
	futureSkew?: Millis;
	checkpointEvery?: number;
	/**
	 * Set when every arrival that carries an id really was read with decodeEntry (or is the
	 * parse of stored text that hashes to an id whose entry was): the ledger then skips its
	 * second look at those entries' fields, which is most of the cost of a start-up fold
	 * (reading every signature and prev once more). Default false: an entry with an id is
	 * still checked, and a malformed one quarantined as such.
	 */
	trustDecoded?: boolean;
	/**
	 * The domains' host (circle.ts wires it): told of every accepted entry in order, and
	 * checkpointed and rewound with the ledger's own checkpoints.
	 */
	host?: FoldHost;
	/**
	 * How an embedded join request's signature is checked. Like an entry's `sigValid`, it is
	 * an input: the default is strict RFC 8032 with @noble/curves; the governance test stories
	 * (tests/core/scenario.ts) pass their own, to keep the golden draws' made-up member keys.
	 */
	verifyJoin?: (r: join.JoinRequest) => boolean;
}

/** What became of an entry; a pending one's `detail` is a code, worded like a quarantine's. */
export type Verdict =
	| { status: 'accepted' }
	| { status: 'pending'; detail: 'waits-for-earlier' }
	| ({ status: 'quarantined' } & Quarantined);

export class Ledger {
	readonly circle: CircleId;
	private readonly opts: Required<
		Pick<LedgerOptions, 'futureSkew' | 'checkpointEvery' | 'removalThreshold' | 'trustDecoded'>
	> &
		Pick<LedgerOptions, 'founder' | 'host'>;

	/** The circle id when it is valid hex (entries naming it need no second look), else null. */
	private readonly hexCircle: string | null;
	/** Every id seen, with its candidate (null: stopped at intake). */
	private seen = new Map<EntryId, Cand | null>();
	private intakeQ = new Map<EntryId, Quarantined>();
	private held = new Map<EntryId, Cand>();
	private authors = new Map<MemberKey, AuthorLog>();
	/** Stage 3: the linked entries in total order, with the membership state and the head. */
	private readonly f: LedgerFold;
	private joinVerdicts = new Map<string, boolean>();
	/** The largest `ms` of any entry past intake (not held): what a clock put back must re-check. */
	private maxTakenMs = -1;
	private latestNow: Millis = 0;

	private quarantineCache: Quarantined[] | null = null;
	private forkCache: Fork[] | null = null;
	private pendingCache: Entry[] | null = null;
	private stateCache: CircleState | null = null;

	constructor(circle: CircleId, options: LedgerOptions = {}) {
		this.circle = circle;
		this.hexCircle = isHex(circle, 16) ? circle : null;
		this.opts = {
			founder: options.founder,
			host: options.host,
			futureSkew: options.futureSkew ?? FUTURE_SKEW,
			checkpointEvery: options.checkpointEvery ?? 512,
			trustDecoded: options.trustDecoded ?? false,
			removalThreshold: options.removalThreshold ?? majorityOfOthers
		};
		const verifyJoin = options.verifyJoin ?? join.verifyJoinRequest;
		const context: FoldContext = {
			circle,
			founder: options.founder,
			removalThreshold: (ctx) => this.opts.removalThreshold(ctx),
			// Remembered by the whole request, never by its signature alone: a copy of a valid
			// signature on a changed request is another request (T51).
			verifyJoin: (r) => {
				const k = join.joinRequestKey(r);
				let v = this.joinVerdicts.get(k);
				if (v === undefined) this.joinVerdicts.set(k, (v = verifyJoin(r)));
				return v;
			}
		};
		this.f = new LedgerFold(circle, context, this.opts.checkpointEvery, options.host);
	}

	/** The candidate under an id, for the author logs (chain.ts). */
	private readonly lookup = (id: EntryId): Cand | null | undefined => this.seen.get(id);

	/** Linked entries no linked entry names (as prev or in seen): what a new entry names. */
	private heads = new Map<EntryId, Cand>();
	/**
	 * Ids a linked entry names that were not linked yet (they may arrive later, or never): only
	 * those need remembering, so the set holds what is missing, not the whole history.
	 */
	private named = new Set<EntryId>();

	/**
	 * Entries that entries on this phone name (as `prev` or in `seen`) and this phone has never
	 * received: a sync cut short, or someone withholding them (threat-model.md T38).
	 */
	get missing(): number {
		let n = 0;
		for (const id of this.named) if (!this.seen.has(id)) n++;
		return n;
	}

	private link(c: Cand): void {
		if (c.prev !== null) this.name(c.prev);
		const seen = c.entry.seen;
		if (seen) for (const id of seen) this.name(id);
		c.linked = true;
		if (!this.named.delete(c.id)) this.heads.set(c.id, c);
	}

	/** A linked entry names `id`: it is no head any more, or it is missing. */
	private name(id: EntryId): void {
		if (!this.heads.delete(id) && !this.seen.get(id)?.linked) this.named.add(id);
	}

	/**
	 * Accepted entries in the order they took effect (fold.ts): the total order, except that an
	 * entry moves to its witness. Do not mutate.
	 */
	get accepted(): readonly Entry[] {
		return this.f.acceptedEntries;
	}

	/**
	 * Counts the times `accepted` was cut back (a refold). The array is otherwise only ever
	 * appended to, so a reader that saw the same array at the same count knows its prefix
	 * is unchanged without comparing it (governance.update uses this).
	 */
	get acceptedCuts(): number {
		return this.f.cuts;
	}

	get acceptedIdList(): readonly EntryId[] {
		return this.f.acceptedIds;
	}

	/**
	 * The instant each accepted entry took effect, beside `accepted` (fold.ts): never earlier
	 * than the entry's own stamp, and never decreasing along the list.
	 */
	get acceptedAtList(): readonly Millis[] {
		return this.f.acceptedAt;
	}

	/** Everything quarantined, sorted by id. */
	get quarantine(): readonly Quarantined[] {
		if (!this.quarantineCache) {
			const all: Quarantined[] = [...this.intakeQ.values(), ...this.f.setAside.values()];
			const minutes = Math.round(this.opts.futureSkew / 60000);
			for (const c of this.held.values())
				all.push(
					quarantined(c.id, c.entry, 'future-timestamp', undefined, {
						at: c.entry.hlc[0],
						counter: c.entry.hlc[1],
						minutes
					})
				);
			for (const log of this.authors.values()) for (const q of log.quarantined.values()) all.push(q);
			this.quarantineCache = all.sort(compareQuarantined);
		}
		return this.quarantineCache;
	}

	/**
	 * Forked logs: for each author and seq with several linked entries, their ids. Evidence
	 * for Audit; every branch stands (chain.ts says why).
	 */
	get forks(): readonly Fork[] {
		if (!this.forkCache) {
			const all: Fork[] = [];
			for (const log of this.authors.values()) all.push(...log.forks);
			this.forkCache = all.sort((a, b) =>
				a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq
			);
		}
		return this.forkCache;
	}

	/** Entries waiting for an earlier entry of their author, in the total order. */
	get pending(): readonly Entry[] {
		if (!this.pendingCache) {
			const all: Cand[] = [];
			for (const log of this.authors.values()) for (const c of log.pending) all.push(c);
			this.pendingCache = all.sort(byOrderThenId).map((c) => c.entry);
		}
		return this.pendingCache;
	}

	/** Whether this ledger holds the entry in any state (accepted, pending or quarantined). */
	has(id: EntryId): boolean {
		return this.seen.has(id);
	}

	isAccepted(id: EntryId): boolean {
		return this.seen.get(id)?.accepted === true;
	}

	/** What became of an entry, or undefined if this ledger never saw it. */
	verdict(id: EntryId): Verdict | undefined {
		if (!this.seen.has(id)) return undefined;
		if (this.isAccepted(id)) return { status: 'accepted' };
		const q = this.quarantine.find((x) => x.id === id);
		if (q) return { status: 'quarantined', ...q };
		return { status: 'pending', detail: 'waits-for-earlier' };
	}

	/**
	 * The instant from which the earliest held (future-dated) entry is no longer too far ahead,
	 * or null when none is held: an open app calls `add([], now)` once its clock passes it, so a
	 * held entry counts as soon as its time comes, without waiting for a sync.
	 */
	get nextHeldAt(): Millis | null {
		let first: Millis | null = null;
		for (const c of this.held.values()) if (first === null || c.ms < first) first = c.ms;
		return first === null ? null : first - this.opts.futureSkew;
	}

	/** The `now` of the latest `add`: the clock it judges future entries by (T43). */
	get now(): Millis {
		return this.latestNow;
	}

	add(arrivals: readonly Arrival[], now: Millis): AddResult {
		const before = this.quarantineIndex();
		this.latestNow = now;
		const horizon = now + this.opts.futureSkew;
		const touched = new Set<AuthorLog>();
		const added: Cand[] = [];
		const admit = (c: Cand) => {
			const log = this.logOf(c.author);
			log.insert(c, added);
			touched.add(log);
			if (c.ms > this.maxTakenMs) this.maxTakenMs = c.ms;
		};
		// The clock was put back past an entry taken in: judge every entry again at this `now`,
		// as a fresh ledger would (rare: only after a clock that ran ahead is corrected).
		const rejudged = this.maxTakenMs > horizon ? this.restart() : null;
		if (rejudged)
			for (const c of rejudged) {
				this.seen.set(c.id, c);
				if (c.ms > horizon) this.held.set(c.id, c);
				else admit(c);
			}
		for (const a of arrivals) {
			// A caller's id is taken only for a value with exactly an entry's members (T29).
			// Without one, a well-formed entry is encoded once, for its id; anything else takes
			// the careful path (decodeEntry says what is wrong with it) under its own value id.
			const trusted = a.id != null && (this.opts.trustDecoded || hasEntryKeys(a.entry));
			const fast = trusted ? null : readableId(a.entry);
			const id = trusted ? a.id! : (fast ?? valueId(a.entry));
			if (this.seen.has(id)) continue;
			const verdict = this.intake(a, id, horizon, fast !== null, trusted);
			if (verdict === 'held') {
				this.seen.set(id, this.held.get(id)!);
				continue;
			}
			if ('reason' in verdict) {
				this.intakeQ.set(id, verdict);
				this.seen.set(id, null);
				continue;
			}
			const c = cand(verdict, id);
			this.seen.set(id, c);
			admit(c);
		}
		for (const c of [...this.held.values()])
			if (c.ms <= horizon) {
				this.held.delete(c.id);
				admit(c);
			}

		for (const log of touched) log.classify();
		if (touched.size) this.forkCache = null;
		for (const c of added) this.link(c);
		let folded = this.f.integrate(added);
		if (rejudged) {
			this.opts.host?.settle();
			const was = new Set(rejudged.before);
			const is = new Set(this.f.acceptedIds);
			folded = {
				accepted: this.f.acceptedIds.filter((id) => !was.has(id)),
				retracted: rejudged.before.filter((id) => !is.has(id)).sort(),
				refolded: true
			};
		}

		this.quarantineCache = null;
		this.pendingCache = null;
		this.stateCache = null;
		const quarantined = this.quarantine.filter((q) => before.get(q.id) !== q.reason);
		return { ...folded, quarantined };
	}

	/** Stage 1: the (re-read) entry when it goes on to its author's chain. */
	private intake(
		a: Arrival,
		id: EntryId,
		horizon: Millis,
		wellFormed: boolean,
		trusted: boolean
	): Entry | Quarantined | 'held' {
		let e: Entry;
		try {
			// An id from the caller means the caller read the entry with decodeEntry already.
			e = wellFormed
				? a.entry
				: trusted
					? this.opts.trustDecoded
						? a.entry
						: checkShape(a.entry, this.hexCircle, this.authors)
					: decodeEntry(a.entry);
		} catch (err) {
			const r = err instanceof RuleError ? err.rejection : reject('unreadable');
			return quarantined(id, null, 'malformed', undefined, problemOf(r));
		}
		if (e.circle !== this.circle) return quarantined(id, e, 'wrong-circle', undefined, { circle: e.circle });
		if (!a.sigValid) return quarantined(id, e, 'bad-signature', undefined, { author: e.author });
		if (e.hlc[0] > horizon) {
			this.held.set(id, cand(e, id));
			return 'held';
		}
		return e;
	}

	/**
	 * Forgets every verdict past intake and rewinds the fold, the head and the domains to the
	 * start; returns every candidate seen (fresh, in no state), with the ids accepted before.
	 */
	private restart(): Cand[] & { before: EntryId[] } {
		const before = this.f.acceptedIds.slice();
		const all: Cand[] = [];
		for (const c of this.seen.values())
			if (c) {
				c.logged = false; // the old logs are dropped: their candidates are in none of the new
				all.push(cand(c.entry, c.id));
			}
		this.authors = new Map();
		this.held = new Map();
		this.heads = new Map();
		this.named = new Set();
		this.f.restart();
		this.maxTakenMs = -1;
		this.forkCache = null;
		return Object.assign(all, { before });
	}

	private quarantineIndex(): Map<EntryId, QuarantineReason> {
		const m = new Map<EntryId, QuarantineReason>();
		for (const q of this.quarantine) m.set(q.id, q.reason);
		return m;
	}

	private logOf(author: MemberKey): AuthorLog {
		let log = this.authors.get(author);
		if (!log) this.authors.set(author, (log = new AuthorLog(author, this.lookup)));
		return log;
	}

	/** The circle's membership and meta as of every accepted entry. */
	state(): CircleState {
		if (!this.stateCache) this.stateCache = this.f.view();
		return this.stateCache;
	}

	/** The ledger hash (see state.ts). */
	head(): string {
		return this.f.head();
	}

	/**
	 * When an accepted entry took effect: the instant of the first entry by another active member
	 * that had it in its causal past (fold.ts), or null while nobody has witnessed it (it is then
	 * applied, as a projection, after everything witnessed).
	 */
	effectiveAt(id: EntryId): Millis | null {
		return this.seen.get(id)?.at ?? null;
	}

	/**
	 * Accepted entries by others that nothing here names yet: what `author`'s next entry would
	 * witness (a phone acknowledges them after a sync: witness/domain.ts).
	 */
	headsOfOthers(author: MemberKey): Entry[] {
		const out: Entry[] = [];
		for (const c of this.heads.values()) if (c.author !== author && c.accepted) out.push(c.entry);
		return out;
	}

	/** Entries nobody but their author has witnessed yet, in total order. */
	get unwitnessed(): readonly Entry[] {
		return this.f.unwitnessed.map((c) => c.entry);
	}

	/** Entries by others than `author` that nobody but their author has witnessed yet, with ids. */
	unwitnessedOf(author: MemberKey): { id: EntryId; entry: Entry }[] {
		const out: { id: EntryId; entry: Entry }[] = [];
		for (const c of this.f.unwitnessed) if (c.author !== author) out.push({ id: c.id, entry: c.entry });
		return out;
	}

	/**
	 * Where `author`'s next entry goes: its seq, prev, a clock stamp after every accepted entry
	 * and the author's own last one, and the heads of the history held here by others (`seen`,
	 * the latest MAX_SEEN), which is what makes them take effect (fold.ts). Entries set aside (an
	 * outsider's, say) move nobody's clock, and a stamp with the largest counter is followed by
	 * the next millisecond (T33).
	 */
	nextFor(author: MemberKey, now: Millis): Slot {
		let last: Cand | undefined = this.authors.get(author)?.tip ?? undefined;
		// The author's own future-dated entries still occupy their seqs: never fork them.
		for (const c of this.held.values())
			if (c.entry.author === author && (!last || c.entry.seq > last.entry.seq)) last = c;
		let seen: Hlc | null = this.f.latestAccepted;
		if (last && (!seen || hlc.compare(last.entry.hlc, seen) > 0)) seen = last.entry.hlc;
		const stamp = hlc.tick(seen, now);
		// A head set aside is not named; what its chain holds before it that nobody has witnessed
		// yet is, or a member who chains an invalid entry after a back-dated one would keep every
		// honest phone from ever naming it (threat-model T8, "behind an entry set aside").
		const named = new Map<EntryId, Cand>();
		for (const head of this.heads.values()) {
			let c: Cand | null | undefined = head;
			while (c && !c.accepted && c.q !== null) c = c.entry.prev === null ? null : this.seen.get(c.entry.prev);
			if (!c || (c !== head && c.at !== null)) continue;
			if (c.author !== author && hlc.compare(c.entry.hlc, stamp) < 0) named.set(c.id, c);
		}
		const others = [...named.values()]
			.sort(byOrderThenId)
			.slice(-MAX_SEEN)
			.map((c) => c.id)
			.sort();
		const slot: Slot = {
			circle: this.circle,
			author,
			seq: last ? last.entry.seq + 1 : 1,
			prev: last ? last.id : null,
			hlc: stamp
		};
		if (others.length) slot.seen = others;
		return slot;
	}
}
