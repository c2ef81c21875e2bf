/**
 * Yjs has no permissions: any peer can delete a key of the entries map with a ten-byte
 * update (DESIGN.md §3). The ledger is append-only, so this guard puts back every entry
 * that a remote update deleted or replaced, from the value the map held before or from
 * the device's own store of entries, in a new local transaction that then syncs to
 * everyone. An entry's key is the hash of its value, so the right value is never in doubt.
 */
import * as Y from 'yjs';
import { sha256Hex } from '$lib/core/bytes';
import { entriesOf, readEntry } from './circle-doc';

/** The device's own append-only copy of entries it has accepted (canonical JSON by id). */
export interface EntryStore {
	get(id: string): string | undefined;
}

export const GUARD_ORIGIN = Symbol('delete-guard');

export interface DeleteGuard {
	/** How many entries the guard has put back since it was installed. */
	readonly restored: number;
	uninstall(): void;
}

/**
 * Watches the circle doc's entries map and puts back deleted or overwritten entries, and real
 * entries shadowed by another text under their id. A value counts only if it reads as an entry
 * under its key (circle-doc readEntry: exactly the canonical text, whose hash is the key), so
 * for a key there is one right value, and any of these is a witness to it: the value the key
 * held before the transaction, a value that arrived in the same transaction but lost Yjs's
 * conflict resolution to a wrong one (concurrent sets of one key are ordered by client id, not
 * content, so a wrong text can win), and `store`, the device's own copy. A key whose
 * current value is wrong and has no witness is left as it is: readers list it as unreadable
 * and the ledger never sees it, until a phone that holds the entry puts it back.
 */
export const installDeleteGuard = (doc: Y.Doc, store?: EntryStore): DeleteGuard => {
	const map = entriesOf(doc);
	let restored = 0;
	const reads = (id: string, value: unknown): value is string => readEntry(id, value).ok;
	/** Values set for `key` in this transaction (content not yet garbage-collected), newest first. */
	const arrived = function* (event: Y.YMapEvent<string>, key: string): Generator<unknown> {
		for (let item = map._map.get(key) ?? null; item !== null; item = item.left) {
			if (!event.adds(item)) continue;
			const content = item.content.getContent();
			if (content.length) yield content[content.length - 1];
		}
	};
	const witness = (event: Y.YMapEvent<string>, key: string): string | undefined => {
		const old = event.changes.keys.get(key)?.oldValue;
		if (reads(key, old)) return old;
		for (const value of arrived(event, key)) if (reads(key, value)) return value;
		const kept = store?.get(key);
		return reads(key, kept) ? kept : undefined;
	};
	const handler = (event: Y.YMapEvent<string>) => {
		const putBack: [string, string][] = [];
		for (const key of event.keysChanged as Set<string>) {
			// A key set for the first time, by one value (a new entry arriving, the common case):
			// nothing else was ever stored under it, so there is nothing to prefer.
			const item = map._map.get(key);
			if (item && item.left === null && !item.deleted && event.adds(item)) continue;
			// Text whose hash is its key is the only value the key can hold (an entry, or text no
			// entry can replace): a hash, not a full read.
			const current = map.get(key);
			if (typeof current === 'string' && sha256Hex(current) === key) continue;
			const good = witness(event, key);
			if (good !== undefined && good !== current) putBack.push([key, good]);
		}
		if (putBack.length === 0) return;
		restored += putBack.length;
		// Observers run after the transaction that changed the map; this starts a new one, whose
		// values follow everything this device has seen and so win on every device.
		doc.transact(() => {
			for (const [k, v] of putBack) map.set(k, v);
		}, GUARD_ORIGIN);
	};
	map.observe(handler);
	return {
		get restored() {
			return restored;
		},
		uninstall: () => map.unobserve(handler)
	};
};
