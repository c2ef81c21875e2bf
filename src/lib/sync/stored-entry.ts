/**
 * Reading one stored value under `entries` as an entry (docs/protocol/sync.md "The circle's
 * document"). Apart from circle-doc so the checking worker (check-worker.ts) can use it
 * without loading Yjs or IndexedDB code.
 */
import { sha256Hex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import { decodeEntry } from '$lib/core/entry';
import { RuleError, reject, type Rejection } from '$lib/core/host/domain';
import type { Entry } from '$lib/core/types';

export type ReadResult = { ok: true; entry: Entry } | { ok: false; problem: Rejection };

const problemOf = (err: unknown): Rejection =>
	err instanceof RuleError ? err.rejection : reject('unreadable');

/**
 * Reads one stored value. It is an entry only when it is text, that text is exactly the
 * canonical bytes of a well-formed entry (docs/protocol/entries.md "Canonical bytes"), and its
 * key is the SHA-256 of that text (so the key is the entry's id). Anything else is unreadable
 * under its key, with the reason as a code: other white space, member order or escapes, a
 * repeated member, text of another entry. Every phone then gives the same verdict on the same
 * bytes, and one entry never has two texts or two ids (threat-model.md, T29).
 *
 * `known`: this device already checked the entry with this id (it has a verdict for
 * it). Then text whose SHA-256 is the key is byte for byte what was checked, so the
 * costly shape check and canonical re-encoding are skipped: that is what keeps
 * start-up fast for a circle with years of history.
 */
export const readEntry = (id: string, value: unknown, known = false, hashed?: boolean): ReadResult => {
	if (typeof value !== 'string') return { ok: false, problem: reject('stored-not-text') };
	// `hashed`: whether SHA-256 of the text is `id`, when the caller took it already (WebCrypto).
	const hashes = hashed ?? sha256Hex(value) === id;
	if (known && hashes) {
		try {
			return { ok: true, entry: JSON.parse(value) as Entry };
		} catch {
			// fall through to the full check, which explains what is wrong
		}
	}
	let raw: unknown;
	try {
		raw = JSON.parse(value);
	} catch {
		return { ok: false, problem: reject('stored-not-json') };
	}
	let entry: Entry;
	try {
		entry = decodeEntry(raw);
	} catch (err) {
		return { ok: false, problem: problemOf(err) };
	}
	let text: string;
	try {
		text = canonical.encodeText(entry);
	} catch (err) {
		return { ok: false, problem: problemOf(err) };
	}
	if (text !== value) return { ok: false, problem: reject('stored-not-canonical') };
	if (!hashes) return { ok: false, problem: reject('stored-id-mismatch') };
	return { ok: true, entry };
};

const SIG_MEMBER = ',"sig":"';
const encoder = new TextEncoder();

/**
 * The bytes an entry's signature covers (core entry.ts signingBytes), cut from its stored text
 * when that text is the entry's canonical text (readEntry said so): canonical members are sorted
 * and `sig` is neither first nor last, so the text without `,"sig":"…"` is the canonical text of
 * the unsigned entry. The last such member is the entry's own (only `type` and `v` follow it, and
 * a quote inside a string is escaped). Spares a canonical encoding per entry in the worker.
 */
export const signingBytesOfText = (text: string, entry: Entry): Uint8Array | null => {
	const member = `${SIG_MEMBER}${entry.sig}"`;
	const at = text.lastIndexOf(member);
	if (at < 0) return null;
	return encoder.encode(text.slice(0, at) + text.slice(at + member.length));
};
