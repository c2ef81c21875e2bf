/**
 * Encoding, signing, hashing and checking the shape of ledger entries. The wire
 * format is written down in docs/PROTOCOL.md.
 */
import * as canonical from './canonical';
import * as ed from './ed25519';
import { bytesToHex, hexToBytes, isHex, sha256Hex } from './bytes';
import type { Json } from './canonical';
import { RuleError, reject, type Rejection } from './host/domain';
import { problemOf } from './quarantine';
import {
	ENTRY_VERSION,
	type CircleId,
	type Entry,
	type EntryId,
	type Hlc,
	type MemberKey,
	type SignFn,
	type UnsignedEntry
} from './types';

/** The fields of an entry but `sig`, as a plain object (whatever else the value carries). */
const unsignedFields = (e: UnsignedEntry) =>
	e.seen === undefined
		? {
				v: e.v,
				circle: e.circle,
				author: e.author,
				seq: e.seq,
				prev: e.prev,
				hlc: [e.hlc[0], e.hlc[1]],
				type: e.type,
				body: e.body
			}
		: {
				v: e.v,
				circle: e.circle,
				author: e.author,
				seq: e.seq,
				prev: e.prev,
				hlc: [e.hlc[0], e.hlc[1]],
				type: e.type,
				body: e.body,
				seen: [...e.seen]
			};

/** The most causal references one entry carries (docs/protocol/entries.md, "Limits"). */
export const MAX_SEEN = 8;

/**
 * Whether `seen` is a well-formed causal-reference list: 1 to MAX_SEEN entry ids, strictly
 * ascending (so one list has one encoding and no id twice).
 */
export const seenOk = (seen: unknown): seen is readonly EntryId[] => {
	if (!Array.isArray(seen) || seen.length < 1 || seen.length > MAX_SEEN) return false;
	for (let i = 0; i < seen.length; i++) {
		if (!isHex(seen[i], 32)) return false;
		if (i > 0 && !(seen[i - 1] < seen[i])) return false;
	}
	return true;
};

/** The bytes a signature covers: the canonical encoding of the entry without `sig`. */
export const signingBytes = (e: UnsignedEntry): Uint8Array => canonical.encode(unsignedFields(e));

/** The largest entry, in canonical bytes (docs/protocol/entries.md, "Limits"). */
export const MAX_ENTRY_BYTES = 65_536;

/**
 * The canonical bytes of a whole signed entry: what is stored, sent and hashed. Throws (a
 * RuleError, `entry-too-large`) for an entry over MAX_ENTRY_BYTES: no phone keeps one.
 */
export const encodeEntry = (e: Entry): Uint8Array => {
	const bytes = canonical.encode(toPlain(e));
	if (bytes.length > MAX_ENTRY_BYTES)
		throw new EntryShapeError(reject('entry-too-large', { bytes: bytes.length, max: MAX_ENTRY_BYTES }));
	return bytes;
};

const toPlain = (e: Entry) => ({ ...unsignedFields(e), sig: e.sig });

/**
 * An entry's id is the SHA-256 of its whole canonical bytes, signature included, so a
 * copy with a forged signature can never take the id (and the Y.Map slot) of a real one.
 */
export const entryId = (e: Entry): EntryId => sha256Hex(encodeEntry(e)) as EntryId;

/**
 * The id of any value a reader is handed, entry or not: the SHA-256 of its own canonical JSON,
 * every member included, which for an entry is exactly `entryId`. A value with a tenth member,
 * or a member missing, or of another type, therefore never gets the id of the entry it copies
 * (threat-model.md, T29). A value with no canonical JSON (a fraction, `undefined`, a cycle, past
 * a limit) gets `SHA-256(UTF-8("malformed:" || its JSON text))`, which no canonical text (it
 * starts with "{", "[", a digit, a quote or a letter of true/false/null) can share.
 */
export const valueId = (raw: unknown): EntryId => {
	try {
		return sha256Hex(canonical.encode(raw)) as EntryId;
	} catch {
		let text: string;
		try {
			text = JSON.stringify(raw) ?? String(raw);
		} catch {
			text = String(raw);
		}
		return sha256Hex(`malformed:${text}`) as EntryId;
	}
};

export const signEntry = async <B extends Json>(
	unsigned: UnsignedEntry<B>,
	sign: SignFn
): Promise<Entry<B>> => {
	const sig = await sign(signingBytes(unsigned));
	return { ...unsigned, sig: bytesToHex(sig) };
};

/** Strict RFC 8032 check of the entry's signature by its author key. */
export const verifySignature = (e: Entry): boolean =>
	ed.verify(hexToBytes(e.sig), signingBytes(e), hexToBytes(e.author));

/** What is wrong with a value that does not read as an entry: a code (entry-…) with parameters. */
export class EntryShapeError extends RuleError {
	constructor(rejection: Rejection) {
		super(rejection);
		this.name = 'EntryShapeError';
	}
}

/**
 * Reads an untrusted value (from a file, a peer, IndexedDB) into an Entry, or throws
 * an EntryShapeError whose code says what is wrong. It does not check the signature.
 */
export const decodeEntry = (raw: unknown): Entry => {
	const fail = (r: Rejection): never => {
		throw new EntryShapeError(r);
	};
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(reject('entry-not-object'));
	const o = raw as Record<string, unknown>;
	const keys = Object.keys(o).sort().join(',');
	if (
		keys !== 'author,body,circle,hlc,prev,seq,sig,type,v' &&
		keys !== 'author,body,circle,hlc,prev,seen,seq,sig,type,v'
	)
		fail(reject('entry-fields', { fields: keys }));
	if (o.v !== ENTRY_VERSION)
		fail(
			typeof o.v === 'number' && o.v > ENTRY_VERSION
				? reject('entry-newer', { v: o.v, max: ENTRY_VERSION })
				: reject('entry-format', { v: String(o.v) })
		);
	if (!isHex(o.circle, 16)) fail(reject('entry-circle'));
	if (!isHex(o.author, 32)) fail(reject('entry-author'));
	if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) fail(reject('entry-seq'));
	if (o.seq === 1 ? o.prev !== null : !isHex(o.prev, 32)) fail(reject('entry-prev'));
	const hlc = o.hlc;
	if (
		!Array.isArray(hlc) ||
		hlc.length !== 2 ||
		!Number.isSafeInteger(hlc[0]) ||
		!Number.isSafeInteger(hlc[1]) ||
		hlc[0] < 0 ||
		hlc[1] < 0
	)
		fail(reject('entry-hlc'));
	if (typeof o.type !== 'string' || !/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/.test(o.type))
		fail(reject('entry-type'));
	if (typeof o.body !== 'object' || o.body === null || Array.isArray(o.body)) fail(reject('entry-body'));
	if (!isHex(o.sig, 64)) fail(reject('entry-sig'));
	if ('seen' in o && !seenOk(o.seen)) fail(reject('entry-seen', { max: MAX_SEEN }));
	try {
		canonical.encode(o.body);
	} catch (err) {
		const r = err instanceof RuleError ? err.rejection : reject('canonical-none');
		fail(reject('entry-body-canonical', problemOf(r)));
	}
	encodeEntry(o as unknown as Entry); // throws entry-too-large

	const e: Entry = {
		v: ENTRY_VERSION,
		circle: o.circle as CircleId,
		author: o.author as MemberKey,
		seq: o.seq as number,
		prev: (o.prev ?? null) as EntryId | null,
		hlc: [(hlc as number[])[0]!, (hlc as number[])[1]!] as Hlc,
		type: o.type as string,
		body: o.body as Json,
		sig: o.sig as string
	};
	if ('seen' in o) e.seen = [...(o.seen as EntryId[])];
	return e;
};
