/**
 * A domain: one rule set over the ledger (DESIGN.md §9). The ledger decides what *counts*
 * (signature, membership, chain, time); a domain decides what it *means*. Modelled on
 * ssb-db2's plug-in indexes (one interface for every view over a log, registered once)
 * and Autobase (the host, not the domain, owns rewinding and replaying when entries
 * reorder: no domain writes its own cache invalidation).
 *
 * A domain
 * - owns entry types (`kinds`), each with a total decoder (any JSON object → a typed body
 *   or a rejection code, never a throw) and an `apply` into the domain's book;
 * - reads only the domains listed before it (`reads`, checked by the registry) and may
 *   `observe` the entry types of those domains, after their owner applied them — an effect
 *   on an older domain travels as that domain's own entry, never backwards;
 * - has a book that the host can `clone` (a checkpoint) and a `view` at `now` that says
 *   over which span of time it stays the same.
 */
import type { Json } from '../canonical';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '../types';
import type { MembershipView } from '../membership/view';

/** A rule's outcome as a code with parameters; the sentence a person reads lives in the UI. */
export interface Rejection {
	code: string;
	params?: { [key: string]: Json };
}

export const reject = (code: string, params?: Rejection['params']): Rejection =>
	params ? { code, params } : { code };

export type Decoded<B> = { ok: true; body: B } | { ok: false; rejection: Rejection };

export const ok = <B>(body: B): Decoded<B> => ({ ok: true, body });
export const bad = <B = never>(code: string, params?: Rejection['params']): Decoded<B> => ({
	ok: false,
	rejection: reject(code, params)
});

/** An accepted entry with its decoded body, as a domain's apply sees it. */
export interface Applied<B> {
	entry: Entry;
	id: EntryId;
	body: B;
	author: MemberKey;
	/** The entry's clock milliseconds: "when" for every rule. */
	at: Millis;
}

/** What apply may read: the circle, the membership as of this entry, earlier domains' books. */
export interface FoldContext {
	circle: CircleId;
	/** Membership as of this entry in the total order (the ledger's own fold). */
	members: MembershipView;
	book<B>(domain: Domain<B, unknown>): B;
}

/** What a view may read: membership as the whole ledger says it, and earlier domains. */
export interface ViewContext {
	circle: CircleId;
	members: MembershipView;
	book<B>(domain: Domain<B, unknown>): B;
	view<V>(domain: Domain<unknown, V>, now: Millis): V;
	/**
	 * A number that changes whenever that domain's book may have changed (membership too):
	 * for domains that keep a finer cache of their own inside a view.
	 */
	revision(domain: Domain<unknown, unknown>): number;
}

/** A view and the stretch of time [validFrom, validUntil) over which it stays the same. */
export interface Span<V> {
	value: V;
	validFrom: Millis;
	validUntil: Millis;
}

export const ALWAYS = { validFrom: Number.MIN_SAFE_INTEGER, validUntil: Number.MAX_SAFE_INTEGER };

/** One entry type: its decoder and its effect. */
export interface Kind<Book, B> {
	type: string;
	decode(body: { [key: string]: unknown }): Decoded<B>;
	apply(book: Book, e: Applied<B>, ctx: FoldContext): Rejection | null;
}

/** Helps TypeScript infer a kind's body type from its decoder. */
export const kind = <Book, B>(k: Kind<Book, B>): Kind<Book, B> => k;

export interface Domain<Book, View> {
	/** Unique, lower-case; also the name of its folder under src/lib/core and its protocol file. */
	name: string;
	/** Bumped when the fold of the same entries would give a different book. */
	version: number;
	/** Earlier domains this one reads (their books in apply, their views in view). */
	reads: readonly Domain<unknown, unknown>[];
	/** Entry types this domain owns. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	kinds: readonly Kind<Book, any>[];
	/** Entry types of earlier domains this one reacts to, after their owner applied them. */
	observes?: readonly string[];
	observe?(book: Book, entry: Entry, id: EntryId, ctx: FoldContext): void;
	/** The charter section this domain reads its settings from, if any. */
	charterSection?: string;
	init(): Book;
	/** A copy the fold can go on mutating without touching the original (a checkpoint). */
	clone(book: Book): Book;
	/**
	 * Optional, for books too large to copy at every checkpoint: a small token from which
	 * `restore` brings the live book back to this point (e.g. a journal position). Tokens are
	 * only ever restored in the order the ledger rewinds (newest checkpoints dropped first).
	 */
	snapshot?(book: Book): unknown;
	restore?(book: Book, snapshot: unknown): Book;
	view(book: Book, now: Millis, ctx: ViewContext): Span<View>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDomain = Domain<any, any>;

export const isObject = (x: unknown): x is { [key: string]: unknown } =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

/** Thrown by a builder when the entry asked for would break a rule; the UI words the code. */
export class RuleError extends Error {
	constructor(readonly rejection: Rejection) {
		super(rejection.code);
		this.name = 'RuleError';
	}
}

export const refuse = (code: string, params?: Rejection['params']): never => {
	throw new RuleError(reject(code, params));
};
