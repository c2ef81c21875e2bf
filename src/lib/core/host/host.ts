/**
 * The host: folds accepted entries into every domain's book, in the ledger's total order,
 * and keeps what it needs to rewind. The ledger calls it from its own fold (`apply` for each
 * accepted entry, `checkpoint` and `rewind` with its own checkpoints), so the ledger and
 * every domain share one checkpoint mechanism: an entry landing d places from the end costs
 * a rewind to the checkpoint before it and a replay of the tail, for every domain at once,
 * never a refold of years (Autobase: the host owns undo and reapply).
 *
 * Views are cached per domain under a key made of the revisions of the books they read and
 * the membership, and reused while `now` stays inside the span the domain declared.
 */
import type { Entry, EntryId, Millis } from '../types';
import type { MembershipView } from '../membership/view';
import {
	isObject,
	reject,
	type AnyDomain,
	type Domain,
	type FoldContext,
	type Rejection,
	type Span,
	type ViewContext
} from './domain';
import type { Registry } from './registry';
import type { CircleId } from '../types';

/** An accepted entry that had no effect in its domain, with the reason as a code. */
export interface Rejected extends Rejection {
	id: EntryId;
	type: string;
	domain: string;
}

/** An accepted entry whose type no domain on this phone knows: kept, counted, no effect. */
export interface Unknown {
	id: EntryId;
	type: string;
}

export interface HostCheckpoint {
	books: unknown[];
	rejected: number;
	unknown: number;
	/** How long each domain's log of applied entries was. */
	applied: number[];
}

interface CachedView {
	key: string;
	validFrom: Millis;
	validUntil: Millis;
	value: unknown;
}

export class DomainHost {
	private books: unknown[];
	private readonly revs: number[];
	/** Every revision ever handed out is unique, so a rewound book never matches an old cache key. */
	private nextRev = 1;
	private readonly rejectedList: Rejected[] = [];
	private readonly unknownList: Unknown[] = [];
	private readonly cache = new Map<number, CachedView>();
	/** For each domain, itself and every domain it reads, directly or not. */
	private readonly closure: number[][];
	private finalMembers: MembershipView = { members: new Map() };
	/** Each domain's applied entry ids, in fold order (what a rewind compares, see `settle`). */
	private readonly applied: EntryId[][];
	/** Beside `applied`: the instant each took effect at (a witness moves it: fold.ts). */
	private readonly appliedAt: Millis[][];
	/** What a rewind replaced, until the replay after it is settled. */
	private stash: {
		books: unknown[];
		revs: number[];
		from: number[];
		tails: EntryId[][];
		tailsAt: Millis[][];
	} | null = null;

	constructor(
		readonly registry: Registry,
		readonly circle: CircleId
	) {
		this.books = registry.domains.map((d) => d.init());
		this.revs = registry.domains.map(() => 0);
		this.applied = registry.domains.map(() => []);
		this.appliedAt = registry.domains.map(() => []);
		this.closure = registry.domains.map((d) => {
			const out = new Set<number>([registry.indexOf(d)]);
			const walk = (x: AnyDomain) => {
				for (const r of x.reads) {
					const i = registry.indexOf(r);
					if (!out.has(i)) {
						out.add(i);
						walk(r);
					}
				}
			};
			walk(d);
			return [...out].sort((a, b) => a - b);
		});
	}

	book<B>(domain: Domain<B, unknown>): B {
		return this.books[this.registry.indexOf(domain)] as B;
	}

	get rejected(): readonly Rejected[] {
		return this.rejectedList;
	}

	get unknown(): readonly Unknown[] {
		return this.unknownList;
	}

	/** Accepted entries of each unknown type, kept up to date as the list grows and shrinks. */
	private readonly unknownCounts = new Map<string, number>();

	/** How many accepted entries of each unknown type, by type. */
	unknownTypes(): { type: string; count: number }[] {
		return [...this.unknownCounts]
			.filter(([, count]) => count > 0)
			.map(([type, count]) => ({ type, count }))
			.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
	}

	/** Folds one accepted entry (membership already applied by the ledger). */
	apply(e: Entry, id: EntryId, members: MembershipView, at: Millis = e.hlc[0]): void {
		const owner = this.registry.owners.get(e.type);
		if (!owner) {
			this.unknownList.push({ id, type: e.type });
			this.unknownCounts.set(e.type, (this.unknownCounts.get(e.type) ?? 0) + 1);
			return;
		}
		const ctx = this.foldContext(members);
		const i = owner.index;
		const k = owner.kind;
		this.revs[i] = this.nextRev++;
		this.applied[i]!.push(id);
		this.appliedAt[i]!.push(at);
		// A body is an object (the ledger checked); decode is total, apply never sees garbage.
		const decoded = isObject(e.body)
			? k.decode(e.body)
			: { ok: false as const, rejection: reject('not-object') };
		const outcome = decoded.ok
			? k.apply(this.books[i], { entry: e, id, body: decoded.body, author: e.author, at }, ctx)
			: decoded.rejection;
		if (outcome) this.rejectedList.push({ id, type: e.type, domain: owner.domain.name, ...outcome });
		const watchers = this.registry.observers.get(e.type);
		if (watchers)
			for (const j of watchers) {
				this.revs[j] = this.nextRev++;
				this.applied[j]!.push(id);
				this.appliedAt[j]!.push(at);
				this.registry.domains[j]!.observe!(this.books[j], e, id, ctx);
			}
	}

	/** The last context handed out: one per membership state, not one per entry. */
	private lastContext: FoldContext | null = null;

	private foldContext(members: MembershipView): FoldContext {
		if (this.lastContext?.members !== members)
			this.lastContext = { circle: this.circle, members, book: (d) => this.book(d) };
		return this.lastContext;
	}

	checkpoint(): HostCheckpoint {
		return {
			books: this.registry.domains.map((d, i) =>
				d.snapshot ? d.snapshot(this.books[i]) : d.clone(this.books[i])
			),
			rejected: this.rejectedList.length,
			unknown: this.unknownList.length,
			applied: this.applied.map((a) => a.length)
		};
	}

	/** Back to a checkpoint (which stays usable: its books are copied again). */
	rewind(cp: HostCheckpoint): void {
		this.stash = {
			books: this.books.slice(),
			revs: this.revs.slice(),
			from: cp.applied,
			tails: this.applied.map((a, i) => a.slice(cp.applied[i])),
			tailsAt: this.appliedAt.map((a, i) => a.slice(cp.applied[i]))
		};
		for (let i = 0; i < this.applied.length; i++) {
			this.applied[i]!.length = cp.applied[i]!;
			this.appliedAt[i]!.length = cp.applied[i]!;
		}
		this.books = this.registry.domains.map((d, i) =>
			d.restore ? d.restore(this.books[i], cp.books[i]) : d.clone(cp.books[i])
		);
		this.rejectedList.length = cp.rejected;
		for (let i = cp.unknown; i < this.unknownList.length; i++) {
			const t = this.unknownList[i]!.type;
			this.unknownCounts.set(t, this.unknownCounts.get(t)! - 1);
		}
		this.unknownList.length = cp.unknown;
		for (let i = 0; i < this.revs.length; i++) this.revs[i] = this.nextRev++;
	}

	/**
	 * After the ledger has replayed the tail: a domain for which the replay applied the same
	 * entries, in the same order, at the same instants, as before the rewind — and so did every domain it reads — has
	 * the same book as before. It gets its old book (with whatever that book remembers) and its
	 * old revision back, so its cached views stay valid: a late entry that concerns no domain
	 * costs the domains nothing but the replay.
	 */
	settle(): void {
		const s = this.stash;
		if (!s) return;
		this.stash = null;
		const same = this.applied.map((a, i) => {
			const tail = s.tails[i]!;
			const tailAt = s.tailsAt[i]!;
			const at = this.appliedAt[i]!;
			const from = s.from[i]!;
			if (a.length - from !== tail.length) return false;
			for (let k = 0; k < tail.length; k++)
				if (a[from + k] !== tail[k] || at[from + k] !== tailAt[k]) return false;
			return true;
		});
		this.registry.domains.forEach((d, i) => {
			if (!this.closure[i]!.every((j) => same[j])) return;
			// A journaled book was rewound and replayed in place: same object, same content.
			if (!d.restore) this.books[i] = s.books[i];
			this.revs[i] = s.revs[i]!;
		});
	}

	/** The view of `domain` at `now`, with `members` the membership as the whole ledger says it. */
	view<V>(domain: Domain<unknown, V>, now: Millis, members: MembershipView): V {
		this.finalMembers = members;
		return this.viewAt(this.registry.indexOf(domain), now) as V;
	}

	/** The view with the span over which it holds (the law suite checks the span). */
	span<V>(domain: Domain<unknown, V>, now: Millis, members: MembershipView): Span<V> {
		this.finalMembers = members;
		const i = this.registry.indexOf(domain);
		const value = this.viewAt(i, now) as V;
		const c = this.cache.get(i)!;
		return { value, validFrom: c.validFrom, validUntil: c.validUntil };
	}

	private viewAt(i: number, now: Millis): unknown {
		const key = this.closure[i]!.map((j) => this.revs[j]).join(',');
		const c = this.cache.get(i);
		if (c && c.key === key && c.validFrom <= now && now < c.validUntil) return c.value;
		const d = this.registry.domains[i]!;
		// A view holds no longer than the views it read at the same instant.
		let from = Number.MIN_SAFE_INTEGER;
		let until = Number.MAX_SAFE_INTEGER;
		const ctx: ViewContext = {
			circle: this.circle,
			members: this.finalMembers,
			book: (x) => this.book(x),
			revision: (x) => this.revs[this.registry.indexOf(x)]!,
			view: (x, t) => {
				const j = this.registry.indexOf(x);
				const v = this.viewAt(j, t);
				const c = this.cache.get(j)!;
				if (t === now) {
					from = Math.max(from, c.validFrom);
					until = Math.min(until, c.validUntil);
				} else from = until = now; // read at another instant: valid at `now` only
				return v as never;
			}
		};
		const span = d.view(this.books[i], now, ctx);
		const validFrom = Math.max(from, span.validFrom);
		const validUntil = Math.max(validFrom + 1, Math.min(until, span.validUntil));
		this.cache.set(i, { key, value: span.value, validFrom, validUntil });
		return span.value;
	}

	/** Forgets cached views (they are recomputed on the next read). */
	invalidateViews(): void {
		this.cache.clear();
	}
}
