/**
 * Private entries in a published record (docs/protocol/private-record.md). Where the charter's
 * privacy section (core/privacy) keeps a kind of entry out of what the circle publishes, the
 * published file carries a stub in its place: the entry's id and its header, not its body.
 *
 *   {"author":…,"circle":…,"hlc":[ms,n],"prev":<id>|null,"private":true,"seq":n,"type":…,"v":1}
 *
 * An entry's id is the hash of its whole text and its signature covers the body, so neither can
 * be checked from a stub. What stands: the author's next entry, whose signature is checked, names
 * the stub's id as its `prev` (or another member names it as seen), so the id is vouched for and
 * the chain has no hole. A vouched stub stands in the fold as an entry of no effect (a placeholder
 * of a type no domain reads), in its author's chain, so a header changed to move it (another
 * author, another seq) breaks the chain there and the check names it. Its `seen` stays: it decides
 * when other members' entries take effect (entries.md, "Witnesses"), so with it the record's ledger
 * hash is the one members' phones show under Audit, and a stub whose `seen` was changed shows there
 * as a different hash.
 *
 * A stub is never the canonical text of an entry, so it reads as unreadable everywhere an entry is
 * read: importing a published file adds only entries that read, and a stub never enters a phone's
 * document (where Yjs could keep it instead of the real entry under the same id).
 */
import { isHex } from '$lib/core/bytes';
import { seenOk } from '$lib/core/entry';
import type { Entry, EntryId } from '$lib/core/types';

export interface PrivateStub {
	private: true;
	v: number;
	circle: string;
	author: string;
	seq: number;
	prev: string | null;
	hlc: [number, number];
	type: string;
	seen?: string[];
}

/** The type a vouched stub stands in the fold under: no domain reads it, so it has no effect. */
export const PLACEHOLDER_TYPE = 'private.entry';

const TYPE = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/;
const KEYS = ['author', 'circle', 'hlc', 'prev', 'private', 'seq', 'type', 'v'];

/** The stub an entry is published as when it is private. */
export const stubOf = (entry: Entry): PrivateStub => ({
	private: true,
	v: entry.v,
	circle: entry.circle,
	author: entry.author,
	seq: entry.seq,
	prev: entry.prev,
	hlc: [entry.hlc[0], entry.hlc[1]],
	type: entry.type,
	...(entry.seen ? { seen: [...entry.seen] } : {})
});

/** A stub read from untrusted JSON text or a parsed value, or null when it is not exactly one. */
export const readStub = (raw: unknown): PrivateStub | null => {
	let o: unknown = raw;
	if (typeof raw === 'string') {
		if (!raw.includes('"private":true')) return null;
		try {
			o = JSON.parse(raw);
		} catch {
			return null;
		}
	}
	if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
	const s = o as Record<string, unknown>;
	const keys = Object.keys(s)
		.filter((k) => k !== 'seen')
		.sort();
	if (keys.length !== KEYS.length || keys.some((k, i) => k !== KEYS[i])) return null;
	if ('seen' in s && !seenOk(s.seen)) return null;
	const hlc = s.hlc as unknown[];
	const ok =
		s.private === true &&
		s.v === 1 &&
		isHex(s.circle, 16) &&
		isHex(s.author, 32) &&
		Number.isSafeInteger(s.seq) &&
		(s.seq as number) >= 1 &&
		((s.seq === 1 && s.prev === null) || ((s.seq as number) > 1 && isHex(s.prev, 32))) &&
		Array.isArray(hlc) &&
		hlc.length === 2 &&
		hlc.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
		typeof s.type === 'string' &&
		TYPE.test(s.type);
	return ok ? (s as unknown as PrivateStub) : null;
};

/**
 * The entry a vouched stub stands in the fold as: its header (with its `seen`), an empty body of a
 * type no domain reads. Its signature is never checked (the caller says it is valid: the chain vouches
 * for the id), so it carries none.
 */
export const placeholderOf = (stub: PrivateStub): Entry =>
	({
		v: stub.v,
		circle: stub.circle,
		author: stub.author,
		seq: stub.seq,
		prev: stub.prev as EntryId | null,
		hlc: [stub.hlc[0], stub.hlc[1]],
		type: PLACEHOLDER_TYPE,
		body: {},
		sig: '0'.repeat(128),
		...(stub.seen ? { seen: [...stub.seen] } : {})
	}) as unknown as Entry;
