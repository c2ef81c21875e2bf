/**
 * Yjs has no permissions: any peer can delete a key of the entries map with a ten-byte
 * update (DESIGN.md §3). The ledger is append-only, so this guard puts back every entry
 * that a remote update deleted or replaced, from the value the map held before or from
 * the device's own store of entries, in a new local transaction that then syncs to
 * everyone. An entry's key is the hash of its value, so the right value is never in doubt.
 */
import * as Y from 'yjs';
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
 * Watches the circle doc's entries map and restores deleted or overwritten entries.
 * `store` is consulted when the old value is not a readable entry (for instance a value
 * that was already overwritten once); without it, the old value itself is the witness.
 */
export const installDeleteGuard = (doc: Y.Doc, store?: EntryStore): DeleteGuard => {
	const map = entriesOf(doc);
	let restored = 0;
	const witness = (id: string, oldValue: unknown): string | undefined => {
		if (readEntry(id, oldValue).ok) return oldValue as string;
		const kept = store?.get(id);
		return kept !== undefined && readEntry(id, kept).ok ? kept : undefined;
	};
	const handler = (event: Y.YMapEvent<string>) => {
		const putBack: [string, string][] = [];
		event.changes.keys.forEach((change, key) => {
			if (change.action === 'add') return;
			const current = map.get(key);
			if (current !== undefined && readEntry(key, current).ok) return;
			const good = witness(key, change.oldValue);
			if (good !== undefined && good !== current) putBack.push([key, good]);
		});
		if (putBack.length === 0) return;
		restored += putBack.length;
		// Observers run after the deleting transaction; this starts a new one.
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
