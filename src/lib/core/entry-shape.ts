/**
 * The ledger's fast path for reading entries: the checks of decodeEntry on each field, and an
 * entry's id from one encoding, for entries that are already well formed (most of them).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeEntry, encodeEntry, seenOk } from './entry';
import { isHex } from './bytes';
import type { Entry, EntryId } from './types';

const TYPE = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/;

/** The cheap part of decodeEntry, for entries the caller has already decoded once. */
export const checkShape = (e: Entry, circle: string | null, authors: ReadonlyMap<string, unknown>): Entry => {
	if (!shapeOk(e, circle, authors)) return decodeEntry(e); // throws the precise reason
	return e;
};

const ENTRY_KEYS: ReadonlySet<string> = new Set([
	'v',
	'circle',
	'author',
	'seq',
	'prev',
	'hlc',
	'type',
	'body',
	'sig'
]);

/**
 * Whether a value has exactly the members of an entry, the nine always there and `seen` when
 * present (nothing about their values): what makes a caller's id for it worth trusting at all (a
 * copy with another member is refused by decodeEntry under its own id, T29).
 */
export const hasEntryKeys = (raw: unknown): boolean => {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
	const keys = Object.keys(raw);
	const extra = 'seen' in raw ? 1 : 0;
	if (keys.length !== ENTRY_KEYS.size + extra) return false;
	for (const k of keys) if (!ENTRY_KEYS.has(k) && k !== 'seen') return false;
	return true;
};

/**
 * The id of an entry that decodeEntry would take as it is (exactly the entry fields, each
 * well-formed, a canonical body), or null when it needs a closer look. One encoding
 * instead of two (decodeEntry's check of the body, then the id).
 */
export const readableId = (raw: unknown): EntryId | null => {
	const e = raw as Entry;
	if (!shapeOk(e, null, null) || !hasEntryKeys(e)) return null;
	let bytes: Uint8Array;
	try {
		bytes = encodeEntry(e);
	} catch {
		return null;
	}
	return flatHex(sha256(bytes)) as EntryId; // = entryId(e)
};

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Lower-case hex, as bytesToHex writes it, but as one flat string: a string built by
 * appending pieces is a tree that the engine flattens on first comparison, which costs
 * more than all the other work on an id in the ledger.
 */
const flatHex = (b: Uint8Array): string => {
	const codes = new Array<number>(b.length * 2);
	for (let i = 0; i < b.length; i++) {
		codes[2 * i] = HEX_DIGITS[b[i]! >> 4]!;
		codes[2 * i + 1] = HEX_DIGITS[b[i]! & 15]!;
	}
	return String.fromCharCode(...codes);
};

/**
 * decodeEntry's checks of each field (not of the set of fields, nor of the body's
 * encoding). `circle` (valid hex) and the keys of `authors` (valid keys) need no
 * second look.
 */
export const shapeOk = (
	e: Entry,
	circle: string | null,
	authors: ReadonlyMap<string, unknown> | null
): boolean =>
	typeof e === 'object' &&
	e !== null &&
	e.v === 1 &&
	((circle !== null && e.circle === circle) || isHex(e.circle, 16)) &&
	(authors?.has(e.author) || isHex(e.author, 32)) &&
	Number.isSafeInteger(e.seq) &&
	e.seq >= 1 &&
	(e.seq === 1 ? e.prev === null : isHex(e.prev, 32)) &&
	Array.isArray(e.hlc) &&
	e.hlc.length === 2 &&
	Number.isSafeInteger(e.hlc[0]) &&
	Number.isSafeInteger(e.hlc[1]) &&
	e.hlc[0] >= 0 &&
	e.hlc[1] >= 0 &&
	typeof e.type === 'string' &&
	TYPE.test(e.type) &&
	typeof e.body === 'object' &&
	e.body !== null &&
	!Array.isArray(e.body) &&
	isHex(e.sig, 64) &&
	(e.seen === undefined || seenOk(e.seen));
