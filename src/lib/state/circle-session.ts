/**
 * One open circle on this device: its Y.Doc, the ledger folded from it, and the
 * remembered signature verdicts. New ids arriving in the doc (from this device or a
 * peer) are read, verified once (only ids without a verdict), and fed to the ledger;
 * then listeners are told. The rune wrapper (circle.svelte.ts) turns that into
 * reactive reads for components.
 */
import { bytesToHex, hexToBytes } from '$lib/core/bytes';
import { signEntry } from '$lib/core/entry';
import type { Json } from '$lib/core/canonical';
import type { CircleId, Entry, EntryId, MemberKey, Millis, UnsignedEntry } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import type { Identity } from '$lib/device/identity';
import type { DeviceStore } from '$lib/device/store';
import * as circleDoc from '$lib/sync/circle-doc';
import { nextTask } from '$lib/sync/next-task';
import * as verdicts from '$lib/sync/verdicts';
import { checkStored, hashMatches, usesWorker, warmUp, type Checked } from '$lib/sync/checker';
import type { StoredEntry } from '$lib/sync/circle-doc';
import type { Ledger, Arrival } from '$lib/core/ledger';
import { openCircle, type Circle } from '$lib/core/circle';
import type { RemovalProposal } from '$lib/core/state';
import { RuleError, reject, type Rejection } from '$lib/core/host/domain';
import { problemOf } from '$lib/core/quarantine';
import { mustCatchUp } from './catch-up.svelte';
import { ACK, shouldAcknowledge } from '$lib/core/witness';
import * as membership from '$lib/core/membership/fold';
import * as join from '$lib/core/membership/join';
import { isActive, type Member } from '$lib/core/state';
import { inFoldOrder } from '$lib/core/order';

export interface LedgerItem {
	id: EntryId;
	entry: Entry;
	/** The author's display name as the ledger knows it, or a fingerprint. */
	authorName: string;
	/**
	 * When it took effect: when another member's phone first had it (docs/protocol/witness.md),
	 * or null while nobody else has it yet (it counts here as a projection until then).
	 */
	counts: Millis | null;
}

/** An entry set aside, as codes: the UI words it (src/lib/messages quarantineText). */
export interface SetAsideItem {
	id: string;
	reason: string;
	/** Which case of the reason, when it covers several. */
	detail?: string;
	params?: Rejection['params'];
}

/** A forked log, for Audit: whose, at which of their entries, and the entries' ids. */
export interface ForkItem {
	author: MemberKey;
	authorName: string;
	seq: number;
	ids: readonly string[];
}

export interface CircleSnapshot {
	circle: CircleId;
	/** False until the saved doc has been read and verified. */
	loaded: boolean;
	/** Set while loading takes unusually long (a huge or damaged saved copy). */
	slow: boolean;
	/**
	 * While a long saved history is folded at opening (in slices, so the screen draws and stays
	 * responsive): how many entries are folded of how many. Members and entries stay empty until
	 * it is done, so nothing acts on a history half read. Null otherwise.
	 */
	reading: { done: number; total: number } | null;
	/** False when no genesis entry has been seen (an empty or damaged doc). */
	founded: boolean;
	name: string;
	commons: string;
	founder: MemberKey | null;
	/** The genesis the ledger accepted: the one bound to the circle id (core circleIdFor). */
	genesis: EntryId | null;
	/** Active members, ordered by key bytes. */
	members: readonly Member[];
	/** Everyone the ledger has seen as a member, active or not. */
	everyone: ReadonlyMap<MemberKey, Member>;
	/** Accepted entries in the ledger's total order. */
	entries: readonly LedgerItem[];
	/** Entries quarantined by the ledger and stored values that do not read. */
	quarantine: readonly SetAsideItem[];
	/** Entries waiting for an earlier entry of the same author. */
	pending: number;
	/** Entries others named as seen (or as a chain's previous) that this phone never received. */
	missing: number;
	/**
	 * Forked logs: a member signed two different entries with one number. Every branch counts
	 * (nothing is rewritten); the fork is evidence to look into.
	 */
	forks: readonly ForkItem[];
	/** The ledger hash: equal heads mean equal accepted histories. */
	head: string;
	/** Open proposals to remove a member, with who supports them and how many are needed. */
	removals: readonly RemovalProposal[];
}

export interface SessionDeps {
	store: DeviceStore;
	persistent: boolean;
	/** Wall clock, injected so tests can pin it. */
	now: () => Millis;
	/** Told about problems a person should see (storage full...). */
	onProblem: (err: unknown) => void;
	/** After how long a load counts as slow (default SLOW_LOAD_MS). */
	slowAfter?: number;
	/**
	 * The member on this phone, when there is one: after a sync or an import brings entries by
	 * others, it acknowledges them (a `witness.ack`), so they take effect now on every phone
	 * (docs/protocol/witness.md). Without it (tests, tools) nothing is acknowledged.
	 */
	identity?: () => Identity | null;
	/** How long after entries arrive the acknowledgement is written (default ACK_DELAY_MS). */
	ackDelay?: number;
	/** Entries per slice of a long opening fold (default FOLD_SLICE; tests make it small). */
	foldSlice?: number;
}

/** Long enough for one sync's batches to arrive, short enough that a back-dated entry shows briefly. */
export const ACK_DELAY_MS = 1500;

const empty = (circle: CircleId): CircleSnapshot => ({
	circle,
	loaded: false,
	slow: false,
	reading: null,
	founded: false,
	name: '',
	commons: '',
	founder: null,
	genesis: null,
	members: [],
	everyone: new Map(),
	entries: [],
	quarantine: [],
	pending: 0,
	missing: 0,
	forks: [],
	head: '',
	removals: []
});

export const SLOW_LOAD_MS = 8000;

/**
 * A saved history longer than this is folded at opening in slices of this many entries, in the
 * total order (core/order.ts inFoldOrder), yielding to the page between them: the circle's name
 * and the progress draw first, and no task blocks the page for long. Shorter ones fold at once.
 */
export const FOLD_SLICE = 1000;
/** Entries per ledger `add` in that opening fold; the page draws every TASK_MS or so. */
const FOLD_STEP = 250;
/** At most this many checked entries (a sync's slices) are folded in one `add`, one task. */
const FOLD_BATCH = 250;

/** Stored texts hashed per message to the worker at opening. */
const HASH_BATCH = 2000;
/** How long the page's thread reads saved texts before it lets the page draw. */
const TASK_MS = 30;

/** The saved history's check at opening: `confirm` says which texts did not hash to their id. */
interface Opening extends Checked {
	confirm: Promise<{ doubtful: Set<string>; checked: Checked }>;
}

interface Batch {
	checked: Checked | null;
	failed: unknown;
	done: { promise: Promise<void>; resolve: () => void };
}

const deferred = (): Batch['done'] => {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
};

/**
 * Whether every member of `a` has the same name in `b` (the authors' names on the items). A
 * member new in `b` authored none of the items built from `a`: an accepted entry's author was a
 * member at its place.
 */
const sameNames = (a: ReadonlyMap<MemberKey, Member>, b: ReadonlyMap<MemberKey, Member>): boolean => {
	if (a === b) return true;
	for (const [k, m] of a) if (b.get(k)?.name !== m.name) return false;
	return true;
};

export class CircleSession {
	readonly handle: circleDoc.CircleDoc;
	/** The circle's ledger with its domains (core/circle.ts: the one place they are wired). */
	#book: Circle;
	/** Join requests' signature verdicts, by the whole request (join.joinRequestKey, T51). */
	readonly #joinVerdicts = new Map<string, boolean>();
	/** The founder's key given when the session was opened (for a ledger made anew). */
	readonly #founder: MemberKey | undefined;
	#snapshot: CircleSnapshot;
	#known = new Map<EntryId, boolean>();
	#unreadable = new Map<string, Rejection>();
	#listeners = new Set<() => void>();
	#queue: Promise<void> = Promise.resolve();
	/** Batches of new ids, in the order they came: checking (in the worker) or checked. */
	#batches: Batch[] = [];
	#pumping = false;
	/** The members (and their names) the entries' items were named from last time. */
	#names: ReadonlyMap<MemberKey, Member> | null = null;
	#writes: Promise<unknown> = Promise.resolve();
	#stopObserving: (() => void) | null = null;
	#ackTimer: ReturnType<typeof setTimeout> | null = null;
	/** Others' unwitnessed entries this phone has acknowledged (see #owesAck). */
	#acked = new Set<EntryId>();
	readonly ready: Promise<void>;

	constructor(
		readonly circle: CircleId,
		private readonly deps: SessionDeps,
		/** The founder's key when known (from creating the circle or its invite). */
		founder?: MemberKey
	) {
		this.handle = circleDoc.openCircleDoc(circle, deps.persistent);
		this.#founder = founder;
		this.#book = this.#newBook();
		this.#snapshot = empty(circle);
		this.ready = this.#start();
	}

	get snapshot(): CircleSnapshot {
		return this.#snapshot;
	}

	/** The circle's ledger with its domains (core/circle.ts: the one place they are wired). */
	get book(): Circle {
		return this.#book;
	}

	get ledger(): Ledger {
		return this.#book.ledger;
	}

	#newBook(): Circle {
		// Entries reach the ledger decoded (sync/circle-doc readEntry), so it need not look twice.
		const founder = this.#founder;
		return openCircle(this.circle, {
			trustDecoded: true,
			...(founder ? { founder } : {}),
			// Admissions' join requests checked ahead with WebCrypto (#checkJoins); the core's own
			// check (noble, a few ms each, on this thread) for any other.
			verifyJoin: (r) => this.#joinVerdicts.get(join.joinRequestKey(r)) ?? join.verifyJoinRequest(r)
		});
	}

	/** Subscribe to changes; returns the unsubscribe function. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async #start(): Promise<void> {
		// The checking worker loads while the saved doc is read (it confirms the stored texts).
		warmUp();
		// A damaged saved copy makes y-indexeddb stop without a word; say so after a while
		// instead of spinning for ever (nothing is deleted either way).
		const timer = setTimeout(() => {
			if (this.#snapshot.loaded) return;
			this.#snapshot = { ...this.#snapshot, slow: true };
			for (const l of this.#listeners) l();
		}, this.deps.slowAfter ?? SLOW_LOAD_MS);
		const remembered = verdicts.loadVerdicts(this.deps.store, this.circle).catch((err: unknown) => {
			this.deps.onProblem(err);
			return new Map<EntryId, boolean>();
		});
		await this.handle.loaded;
		clearTimeout(timer);
		this.#known = await remembered;
		this.#stopObserving = circleDoc.observeEntries(this.handle.doc, (ids) => void this.#enqueue(ids));
		await this.#enqueue([...circleDoc.entriesOf(this.handle.doc).keys()], true);
	}

	/**
	 * New ids in the doc: their check starts at once (the worker verifies while the page folds
	 * what was checked before), and they are folded in the order they came, with whatever else is
	 * checked by then (one `add` for all of it). Resolves once they are folded.
	 */
	#enqueue(ids: string[], opening = false): Promise<void> {
		const batch: Batch = { checked: null, failed: null, done: deferred() };
		const values = circleDoc.entriesOf(this.handle.doc);
		const fresh = ids.filter((id) => !this.ledger.has(id as EntryId));
		const check = opening
			? this.#readSaved(values, fresh)
			: checkStored(values, fresh, (id) => this.#known.has(id as EntryId));
		check.then(
			(c) => {
				batch.checked = c;
				void this.#pump();
			},
			(err: unknown) => {
				batch.failed = err ?? new Error('check failed'); // i18n-ignore: a cause, the screen words the failure
				void this.#pump();
			}
		);
		this.#batches.push(batch);
		this.#queue = batch.done.promise;
		return this.#queue;
	}

	/**
	 * The saved history at opening. Texts this device verified before (it holds a verdict for
	 * their id) are only parsed here, in short runs that let the page draw, while the workers
	 * confirm that each still hashes to its id (WebCrypto): a verdict is about the bytes whose
	 * hash is the id. The fold starts before that confirmation and nothing of it is shown or acted
	 * on until it comes (#fold); a text changed under a known id since (a peer's overwrite,
	 * T24/T29) is then read in full like any other, set aside, and the history folded again
	 * without it. Texts without a verdict are checked in full first.
	 */
	async #readSaved(
		values: { get(id: string): unknown; has(id: string): boolean },
		ids: string[]
	): Promise<Opening> {
		const known: [string, string][] = [];
		const other: string[] = [];
		for (const id of ids) {
			const v = values.get(id);
			if (typeof v === 'string' && this.#known.has(id as EntryId)) known.push([id, v]);
			else other.push(id);
		}
		const rest = other.length ? checkStored(values, other, () => false) : null;
		const hashes: Promise<boolean[]>[] = [];
		let since = performance.now();
		for (let i = 0; i < known.length; i += HASH_BATCH) {
			// Each batch is copied to a worker (structured clone): a 20k history is ten copies of
			// about a megabyte, so the page draws between them.
			hashes.push(hashMatches(known.slice(i, i + HASH_BATCH)));
			if (performance.now() - since > TASK_MS) {
				await nextTask();
				since = performance.now();
			}
		}
		const entries: StoredEntry[] = [];
		const unparsed: string[] = [];
		since = performance.now();
		for (let i = 0; i < known.length; i++) {
			const [id, text] = known[i]!;
			try {
				const entry = JSON.parse(text) as Entry;
				if (entry && typeof entry === 'object') entries.push({ id: id as EntryId, entry });
				else unparsed.push(id);
			} catch {
				unparsed.push(id);
			}
			if ((i & 255) === 255 && performance.now() - since > TASK_MS) {
				await nextTask();
				since = performance.now();
			}
		}
		const confirm = Promise.all(hashes).then(async (answers) => {
			const same = answers.flat();
			const doubtful = new Set<string>(unparsed);
			known.forEach(([id], i) => {
				if (!same[i]) doubtful.add(id);
			});
			// Changed under a known id: read in full (the reason it does not read), verified again.
			for (const id of doubtful) this.#known.delete(id as EntryId);
			const checked = doubtful.size
				? await checkStored(values, doubtful, () => false)
				: { entries: [], unreadable: [], verdicts: [] };
			return { doubtful, checked };
		});
		const r = rest ? await rest : { entries: [], unreadable: [], verdicts: [] };
		return {
			entries: [...entries, ...r.entries],
			unreadable: r.unreadable,
			verdicts: r.verdicts,
			confirm
		};
	}

	/** Folds checked batches in order, as many as are ready in one add, yielding between adds. */
	async #pump(): Promise<void> {
		if (this.#pumping) return;
		this.#pumping = true;
		try {
			while (this.#batches.length && this.#ready(this.#batches[0]!)) {
				const take: Batch[] = [];
				let size = 0;
				while (this.#batches.length && this.#ready(this.#batches[0]!)) {
					const next = this.#batches[0]!;
					const n = next.checked?.entries.length ?? 0;
					if (take.length && size + n > FOLD_BATCH) break;
					take.push(this.#batches.shift()!);
					size += n;
				}
				try {
					await this.#fold(take);
				} catch (err) {
					this.deps.onProblem(err);
				}
				for (const b of take) b.done.resolve();
				if (this.#batches.length && this.#ready(this.#batches[0]!)) await nextTask();
			}
		} finally {
			this.#pumping = false;
		}
	}

	#ready(b: Batch): boolean {
		return b.checked !== null || b.failed !== null;
	}

	async #fold(take: Batch[]): Promise<void> {
		const arrivals: Arrival[] = [];
		const newVerdicts: [EntryId, boolean][] = [];
		let opening: Opening['confirm'] | null = null;
		const taken = (c: Checked) => {
			for (const u of c.unreadable) this.#unreadable.set(u.id, u.problem);
			for (const [id, ok] of c.verdicts) {
				this.#known.set(id, ok);
				newVerdicts.push([id, ok]);
			}
			const out: Arrival[] = [];
			for (const { id, entry } of c.entries) {
				this.#unreadable.delete(id);
				out.push({ entry, sigValid: this.#known.get(id)!, id });
			}
			return out;
		};
		for (const b of take) {
			if (b.failed) {
				this.deps.onProblem(b.failed);
				continue;
			}
			const c = b.checked!;
			if ('confirm' in c) opening = (c as Opening).confirm;
			arrivals.push(...taken(c));
		}
		let confirmed = opening === null;
		const confirming = opening?.then((r) => {
			confirmed = true;
			return r;
		});
		await this.#checkJoins(arrivals);
		/** Leaves out what did not hash to its id, and takes in what reading it in full gave. */
		const without = (r: Awaited<Opening['confirm']>) => [
			...arrivals.filter((a) => !r.doubtful.has(a.id!)),
			...taken(r.checked)
		];
		const folding = performance.now();
		if (confirming && !usesWorker()) {
			// Without a worker the hashes are taken on this page anyway: no fold to overlap them with.
			await this.#foldAll(without(await confirming), () => true);
		} else {
			await this.#foldAll(arrivals, () => confirmed);
			const r = await confirming;
			if (r && r.doubtful.size) {
				// A text folded above had changed under its id: fold everything again without it, in
				// a ledger made anew (nothing was shown or acted on meanwhile: the snapshot is not loaded).
				this.#book = this.#newBook();
				await this.#foldAll(without(r), () => true);
			}
		}
		// A long fold and the screens it redraws (listeners run the render in this task's
		// microtasks) go in separate tasks: on a slow phone each is about as long as the other.
		if (performance.now() - folding > TASK_MS) await nextTask();
		this.#rebuild(true);
		this.#scheduleAck();
		if (newVerdicts.length) {
			// Losing a verdict only costs a re-check next time, so a failed save is reported, not fatal.
			void verdicts.saveVerdicts(this.deps.store, this.circle, newVerdicts).catch(this.deps.onProblem);
		}
	}

	/**
	 * The join requests that admissions among `arrivals` carry, verified before the fold with
	 * WebCrypto (off this thread, same verdicts as the core's strict check: device/ed25519.ts):
	 * the fold asks for them synchronously, and a history's first slice holds most admissions,
	 * where the core's own check took 3 ms each on this thread.
	 */
	async #checkJoins(arrivals: readonly Arrival[]): Promise<void> {
		const asks: { key: string; signature: Uint8Array; message: Uint8Array; publicKey: Uint8Array }[] = [];
		for (const a of arrivals) {
			if (a.entry.type !== membership.ADMIT) continue;
			const r = (a.entry.body as { request?: unknown } | null)?.request as join.JoinRequest | undefined;
			if (!r || typeof r !== 'object') continue;
			try {
				const key = join.joinRequestKey(r);
				if (this.#joinVerdicts.has(key)) continue;
				asks.push({
					key,
					signature: hexToBytes(r.sig),
					message: join.joinSigningBytes(r),
					publicKey: hexToBytes(r.key)
				});
			} catch {
				/* a malformed request: the core's check says so */
			}
		}
		if (!asks.length) return;
		try {
			const ok = await ed.verifyMany(asks);
			asks.forEach((a, i) => this.#joinVerdicts.set(a.key, ok[i]!));
		} catch {
			/* the core checks them itself */
		}
	}

	/** One add, or the opening's fold in slices for a long history. */
	async #foldAll(arrivals: Arrival[], mayShow: () => boolean): Promise<void> {
		const slice = this.deps.foldSlice ?? FOLD_SLICE;
		if (!this.#snapshot.loaded && arrivals.length > slice)
			await this.#foldInSlices(
				arrivals,
				this.deps.foldSlice ?? FOLD_STEP,
				this.deps.foldSlice ? 0 : TASK_MS,
				mayShow
			);
		else this.ledger.add(arrivals, this.deps.now());
	}

	/**
	 * The opening fold of a long history: slice by slice in the total order, telling listeners how
	 * far it is (the circle's name shows from the first slice: the genesis sorts first), once
	 * `mayShow` says the texts are confirmed. It lets the page draw once `budget` ms have passed
	 * since it last did (after every slice when 0), so a slow phone gets as many pauses as it
	 * needs and a fast one few.
	 */
	async #foldInSlices(
		arrivals: Arrival[],
		slice: number,
		budget: number,
		mayShow: () => boolean
	): Promise<void> {
		const ordered = inFoldOrder(arrivals);
		let since = performance.now();
		for (let done = 0; done < ordered.length;) {
			const next = Math.min(ordered.length, done + slice);
			this.ledger.add(ordered.slice(done, next), this.deps.now());
			done = next;
			if (done === ordered.length) break;
			if (budget && performance.now() - since < budget) continue;
			// The progress is drawn in a task of its own: listeners render in the microtasks of
			// the task that tells them, which would otherwise be the slice's.
			await nextTask();
			if (mayShow()) {
				const state = this.ledger.state();
				this.#snapshot = {
					...this.#snapshot,
					name: state.name,
					commons: state.commons,
					reading: { done, total: ordered.length }
				};
				for (const l of this.#listeners) l();
			}
			await nextTask();
			since = performance.now();
		}
	}

	/**
	 * The snapshot after a fold. The ledger's list of accepted entries only grows at its end
	 * between refolds, so the items built last time are kept up to the first one whose id or
	 * instant changed (or that was still a projection), and only the rest are made anew: the
	 * cost of a sync's slice is the slice, not the history.
	 */
	#rebuild(loaded: boolean): void {
		const state = this.ledger.state();
		const name = (key: MemberKey) => state.members.get(key)?.name ?? `member ${key.slice(0, 8)}`;
		const quarantine: SetAsideItem[] = [
			...this.ledger.quarantine.map(({ id, reason, detail, params }) => ({ id, reason, detail, params })),
			...[...this.#unreadable].map(([id, problem]) => ({
				id,
				reason: 'malformed',
				detail: 'stored-unreadable',
				params: problemOf(problem)
			}))
		];
		const ids = this.ledger.acceptedIdList;
		const at = this.ledger.acceptedAtList;
		const accepted = this.ledger.accepted;
		const before = this.#snapshot.entries;
		let keep = 0;
		if (this.#names && sameNames(this.#names, state.members)) {
			const max = Math.min(before.length, ids.length);
			while (keep < max) {
				const item = before[keep]!;
				if (item.id !== ids[keep] || item.counts === null || item.counts !== at[keep]) break;
				keep++;
			}
		}
		const entries = keep ? before.slice(0, keep) : [];
		for (let i = keep; i < ids.length; i++) {
			const entry = accepted[i]!;
			entries.push({
				id: ids[i]!,
				entry,
				authorName: name(entry.author),
				counts: this.ledger.effectiveAt(ids[i]!)
			});
		}
		this.#names = state.members;
		this.#snapshot = {
			circle: this.circle,
			loaded,
			slow: false,
			reading: null,
			founded: state.founded,
			name: state.name,
			commons: state.commons,
			founder: state.founded ? state.founder : null,
			genesis: state.genesis,
			members: state.roster.map((k) => state.members.get(k)!),
			everyone: state.members,
			removals: state.removals,
			entries,
			quarantine,
			pending: this.ledger.pending.length,
			missing: this.ledger.missing,
			forks: this.ledger.forks.map((f) => ({ ...f, authorName: name(f.author) })),
			head: state.head
		};
		for (const l of this.#listeners) l();
	}

	/**
	 * Looks at the clock: when a held, future-dated entry has become current, the ledger takes
	 * it in now (the app clock calls this at every tick), not at the next sync.
	 */
	wake(): Promise<void> {
		const at = this.ledger.nextHeldAt;
		if (at === null || at > this.deps.now()) return this.#queue;
		this.#queue = this.#queue
			.then(() => {
				this.ledger.add([], this.deps.now());
				this.#rebuild(true);
			})
			.catch((err) => this.deps.onProblem(err));
		return this.#queue;
	}

	/** Resolves once everything now in the doc has been read, verified and folded. */
	async settled(): Promise<void> {
		await this.ready;
		await this.#queue;
	}

	isMember(key: MemberKey): boolean {
		return isActive(this.ledger.state(), key);
	}

	/**
	 * Signs an entry with the member's key and writes it to the doc. `build` gets the
	 * slot (seq, prev, hlc) from the ledger, e.g. `(slot) => membership.rename(slot, name)`.
	 */
	writeWith(identity: Identity, build: (slot: membership.Slot) => UnsignedEntry): Promise<EntryId> {
		// One write at a time, each after everything already in the doc is folded, so
		// that two quick writes never take the same seq (which would fork our own log).
		// A phone restored from a backup syncs first, so it does not reuse its own numbers (T45).
		if (mustCatchUp(identity, this.circle)) throw new RuleError(reject('restored-sync-first'));
		const write = this.#writes.then(async () => {
			await this.ready;
			await this.#queue;
			const unsigned = build(this.ledger.nextFor(identity.publicKey, this.deps.now()));
			const entry = await signEntry(unsigned, (m) => ed.sign(identity.secretKey, m));
			const id = circleDoc.appendEntry(this.handle.doc, entry);
			await this.#queue;
			return id;
		});
		this.#writes = write.catch(() => undefined);
		return write;
	}

	/** Signs an entry of `type` with the member's key and writes it to the doc. */
	async write<B extends Json>(identity: Identity, type: string, body: B): Promise<EntryId> {
		return this.writeWith(identity, (slot) => membership.draft(slot, type, body));
	}

	/** Whether what others wrote here waits for this phone's acknowledgement. */
	#owesAck(me: Identity): boolean {
		if (!this.isMember(me.publicKey)) return false;
		// What this phone acknowledged already is left out: should the fold not count its
		// acknowledgement, it does not write another one after every change.
		const waiting = this.ledger
			.unwitnessedOf(me.publicKey)
			.filter((w) => !this.#acked.has(w.id))
			.map((w) => w.entry);
		return shouldAcknowledge(this.ledger.headsOfOthers(me.publicKey), waiting);
	}

	#scheduleAck(): void {
		const me = this.deps.identity?.();
		if (!me || this.#ackTimer !== null || !this.#owesAck(me)) return;
		this.#ackTimer = setTimeout(() => {
			this.#ackTimer = null;
			void this.#acknowledge();
		}, this.deps.ackDelay ?? ACK_DELAY_MS);
	}

	async #acknowledge(): Promise<void> {
		const me = this.deps.identity?.();
		// A restored phone signs nothing before it has caught up (T45); it acknowledges after.
		if (!me || mustCatchUp(me, this.circle)) return;
		await this.#queue;
		if (!this.#owesAck(me)) return;
		for (const w of this.ledger.unwitnessedOf(me.publicKey)) this.#acked.add(w.id);
		await this.write(me, ACK, {}).catch((err) => this.deps.onProblem(err));
	}

	/** Stops observing the doc; safe to call twice (leaving closes the view, then the session). */
	close(): void {
		if (this.#ackTimer !== null) clearTimeout(this.#ackTimer);
		this.#ackTimer = null;
		this.#stopObserving?.();
		this.#stopObserving = null;
		this.#listeners.clear();
	}
}

export const randomHex = (bytes: number): string => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));
