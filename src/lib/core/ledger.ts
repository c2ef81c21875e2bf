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
 * 3. The fold (in total order). Chosen entries are applied one by one to the
 *    membership state; an author who is not an active member at that point is
 *    `not-a-member`, and a known entry type with a broken body is `invalid-body`.
 *    Unknown types (governance, economy) are accepted for their own folds.
 *
 * Incremental: entries that sort after the last folded one are applied in place.
 * An earlier arrival refolds from the
 * latest checkpoint before it; a checkpoint (a copy of the membership state) is kept
 * every `checkpointEvery` folded entries, so the cost is the tail, not the history.
 */
import * as hlc from './hlc';
import * as join from './membership/join';
import { decodeEntry, valueId } from './entry';
import { isHex } from './bytes';
import {
	MembershipFold,
	majorityOfOthers,
	type FoldContext,
	type RemovalThreshold,
	type Slot
} from './membership/fold';
import type { MembershipView } from './membership/view';
import { RuleError, reject } from './host/domain';
import {
	compareQuarantined,
	problemOf,
	quarantined,
	type Quarantined,
	type QuarantineReason
} from './quarantine';
import { feedHeads, readHead, startHead, type CircleState, type HeadHasher } from './state';
import type { CircleId, Entry, EntryId, Hlc, MemberKey, Millis } from './types';
import { AuthorLog, byOrderThenId, cand, type Cand, type Fork } from './chain';
import { checkShape, hasEntryKeys, readableId } from './entry-shape';

export type { Quarantined, QuarantineReason } from './quarantine';
export type { Fork } from './chain';
export type { CircleState, Member } from './state';

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

/** What the ledger needs from the domains' host: one checkpoint mechanism for both. */
export interface FoldHost {
	apply(e: Entry, id: EntryId, members: MembershipView): void;
	checkpoint(): unknown;
	rewind(checkpoint: unknown): void;
	/** Called once the tail after a rewind has been replayed. */
	settle(): void;
}

/** What became of an entry; a pending one's `detail` is a code, worded like a quarantine's. */
export type Verdict =
	| { status: 'accepted' }
	| { status: 'pending'; detail: 'waits-for-earlier' }
	| ({ status: 'quarantined' } & Quarantined);

interface Checkpoint {
	foldIndex: number;
	acceptedIndex: number;
	state: MembershipFold;
	/** The head hash over the accepted ids before this point (a copy). */
	head: HeadHasher;
	/** The domains' books at this point. */
	domains: unknown;
}

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
	/** The chosen entries in total order, each with its fold verdict (Cand.accepted, Cand.q). */
	private fold: Cand[] = [];
	private foldQ = new Map<EntryId, Quarantined>();
	private acceptedEntries: Entry[] = [];
	private truncations = 0;
	private acceptedIds: EntryId[] = [];
	private checkpoints: Checkpoint[] = [];
	private members = new MembershipFold();
	private joinVerdicts = new Map<string, boolean>();
	/** Running head hash and how many accepted ids it has taken in. */
	private headHash: HeadHasher;
	private headCount = 0;
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
		this.headHash = startHead(circle);
		this.checkpoints.push({
			foldIndex: 0,
			acceptedIndex: 0,
			state: this.members.clone(),
			head: this.headHash.clone(),
			domains: options.host?.checkpoint()
		});
		const verifyJoin = options.verifyJoin ?? join.verifyJoinRequest;
		this.foldContext = {
			circle,
			founder: options.founder,
			removalThreshold: (ctx) => this.opts.removalThreshold(ctx),
			verifyJoin: (r) => {
				let v = this.joinVerdicts.get(r.sig);
				if (v === undefined) this.joinVerdicts.set(r.sig, (v = verifyJoin(r)));
				return v;
			}
		};
	}

	/** Accepted entries in the total order. Do not mutate. */
	get accepted(): readonly Entry[] {
		return this.acceptedEntries;
	}

	/**
	 * Counts the times `accepted` was cut back (a refold). The array is otherwise only ever
	 * appended to, so a reader that saw the same array at the same count knows its prefix
	 * is unchanged without comparing it (governance.update uses this).
	 */
	get acceptedCuts(): number {
		return this.truncations;
	}

	get acceptedIdList(): readonly EntryId[] {
		return this.acceptedIds;
	}

	/** Everything quarantined, sorted by id. */
	get quarantine(): readonly Quarantined[] {
		if (!this.quarantineCache) {
			const all: Quarantined[] = [...this.intakeQ.values(), ...this.foldQ.values()];
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
		let folded = this.integrate(added);
		if (rejudged) {
			this.opts.host?.settle();
			const was = new Set(rejudged.before);
			const is = new Set(this.acceptedIds);
			folded = {
				accepted: this.acceptedIds.filter((id) => !was.has(id)),
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
		const before = this.acceptedIds.slice();
		const all: Cand[] = [];
		for (const c of this.seen.values()) if (c) all.push(cand(c.entry, c.id));
		const cp = this.checkpoints[0]!;
		this.checkpoints.length = 1;
		this.authors = new Map();
		this.held = new Map();
		this.fold = [];
		this.foldQ = new Map();
		this.acceptedEntries.length = 0;
		this.acceptedIds.length = 0;
		this.truncations++;
		this.members = cp.state.clone();
		this.headHash = cp.head.clone();
		this.headCount = 0;
		this.maxTakenMs = -1;
		this.forkCache = null;
		this.opts.host?.rewind(cp.domains);
		return Object.assign(all, { before });
	}

	private quarantineIndex(): Map<EntryId, QuarantineReason> {
		const m = new Map<EntryId, QuarantineReason>();
		for (const q of this.quarantine) m.set(q.id, q.reason);
		return m;
	}

	private logOf(author: MemberKey): AuthorLog {
		let log = this.authors.get(author);
		if (!log) this.authors.set(author, (log = new AuthorLog()));
		return log;
	}

	/** First fold position whose entry does not sort before `c`. */
	private foldLowerBound(c: Cand): number {
		let lo = 0;
		let hi = this.fold.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (byOrderThenId(this.fold[mid]!, c) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/**
	 * Stage 3: folds newly linked entries in, appending when it can, else refolding the tail
	 * from the checkpoint before the earliest of them. Chains only ever gain entries, so
	 * nothing leaves the fold except through a membership verdict that changed.
	 */
	private integrate(added: Cand[]): Omit<AddResult, 'quarantined'> {
		if (added.length === 0) return { accepted: [], retracted: [], refolded: false };
		added.sort(byOrderThenId);
		const last = this.fold[this.fold.length - 1];
		if (!last || byOrderThenId(added[0]!, last) > 0) {
			const start = this.acceptedIds.length;
			for (const c of added) this.applyOne(c);
			return { accepted: this.acceptedIds.slice(start), retracted: [], refolded: false };
		}
		const from = this.foldLowerBound(added[0]!);
		let k = this.checkpoints.length - 1;
		while (this.checkpoints[k]!.foldIndex > from) k--;
		const cp = this.checkpoints[k]!;
		this.checkpoints.length = k + 1;
		const oldTail = this.fold.splice(cp.foldIndex);
		const oldAccepted = this.acceptedIds.slice(cp.acceptedIndex);
		for (const c of oldTail) {
			if (c.q) this.foldQ.delete(c.id);
			c.q = null;
			c.accepted = false;
		}
		this.acceptedIds.length = cp.acceptedIndex;
		this.acceptedEntries.length = cp.acceptedIndex;
		this.truncations++;
		if (this.headCount > cp.acceptedIndex) {
			this.headHash = cp.head.clone();
			this.headCount = cp.acceptedIndex;
		}
		this.members = cp.state.clone();
		this.opts.host?.rewind(cp.domains);
		const tail = mergeSorted(oldTail, added);
		for (const c of tail) this.applyOne(c);
		this.opts.host?.settle();
		const newAccepted = this.acceptedIds.slice(cp.acceptedIndex);
		const was = new Set(oldAccepted);
		const now = new Set(newAccepted);
		return {
			accepted: newAccepted.filter((id) => !was.has(id)),
			retracted: oldAccepted.filter((id) => !now.has(id)).sort(),
			refolded: true
		};
	}

	private applyOne(c: Cand): void {
		const every = this.opts.checkpointEvery;
		if (
			this.fold.length % every === 0 &&
			this.checkpoints[this.checkpoints.length - 1]!.foldIndex !== this.fold.length
		)
			this.checkpoints.push({
				foldIndex: this.fold.length,
				acceptedIndex: this.acceptedIds.length,
				state: this.members.clone(),
				head: this.headAt(this.acceptedIds.length),
				domains: this.opts.host?.checkpoint()
			});
		const q = this.members.apply(c.entry, c.id, this.foldContext);
		this.fold.push(c);
		c.q = q;
		if (q) this.foldQ.set(c.id, q);
		else {
			this.acceptedEntries.push(c.entry);
			this.acceptedIds.push(c.id);
			c.accepted = true;
			this.opts.host?.apply(c.entry, c.id, this.members);
		}
	}

	private readonly foldContext: FoldContext;

	/** The circle's membership and meta as of every accepted entry. */
	state(): CircleState {
		if (!this.stateCache)
			this.stateCache = this.members.view(this.circle, this.acceptedIds.length, this.head());
		return this.stateCache;
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

	/**
	 * Where `author`'s next entry goes: its seq, prev and a clock stamp after every accepted
	 * entry and the author's own last one. Entries set aside (an outsider's, say) move nobody's
	 * clock, and a stamp with the largest counter is followed by the next millisecond (T33).
	 */
	nextFor(author: MemberKey, now: Millis): Slot {
		let last: Cand | undefined = this.authors.get(author)?.tip ?? undefined;
		// The author's own future-dated entries still occupy their seqs: never fork them.
		for (const c of this.held.values())
			if (c.entry.author === author && (!last || c.entry.seq > last.entry.seq)) last = c;
		// Accepted entries are in total order, which sorts by stamp first: the last has the largest.
		let seen: Hlc | null = this.acceptedEntries[this.acceptedEntries.length - 1]?.hlc ?? null;
		if (last && (!seen || hlc.compare(last.entry.hlc, seen) > 0)) seen = last.entry.hlc;
		return {
			circle: this.circle,
			author,
			seq: last ? last.entry.seq + 1 : 1,
			prev: last ? last.id : null,
			hlc: hlc.tick(seen, now)
		};
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
