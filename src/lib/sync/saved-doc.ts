/**
 * How a circle's doc is read from and written to the device, in y-indexeddb's own database (the
 * same `updates` store, so what an earlier version saved reads as before, and the other way round).
 *
 * y-indexeddb opens the database and keeps it; what it does not do is read it a little at a time.
 * It applies every saved update in one transaction and compacts them into one update of the whole
 * state: for 20,000 entries, about 13 MB decoded in one task, the longest of the start-up (issue
 * 12). Here its own read is given nothing (its `_dbref` points past every key), and this module:
 *
 * - reads the saved updates and applies them one at a time, letting the page draw every TASK_MS;
 * - saves each change of the doc as y-indexeddb did (one record per update), a large one cut
 *   into chunks (doc-chunks.ts, the sync's own slices);
 * - compacts the records into chunks of about CHUNK_BYTES (doc-chunks.ts), not one whole state,
 *   once they pass TRIM_AT records or a record is much larger than a chunk (one y-indexeddb wrote):
 *   in one IndexedDB transaction that first takes in what others saved meanwhile, so a closed tab
 *   or a full disk loses nothing (the transaction aborts, the old records stay).
 *
 * A saved update that does not read stops the load, as it did with y-indexeddb: the doc is never
 * shown half read (the session says the load is slow) and nothing saved is deleted.
 */
import * as Y from 'yjs';
import * as idb from 'lib0/indexeddb';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { nextTask } from './next-task';
import { CHUNK_STRUCTS, OVERSIZED, chunkedState } from './doc-chunks';

/** y-indexeddb's store of updates (y-indexeddb/src/y-indexeddb.js updatesStoreName). */
export const UPDATES_STORE = 'updates';
/** Records after which they are compacted (y-indexeddb's PREFERRED_TRIM_SIZE). */
export const TRIM_AT = 500;
/** How long the load applies saved updates before it lets the page draw. */
const TASK_MS = 30;
/** How long after the load, or after the last write past TRIM_AT, the compaction waits. */
export const COMPACT_AFTER_MS = 4000;

/** y-indexeddb's fields this module takes over (y-indexeddb/src/y-indexeddb.js). */
interface Internals {
	_dbref: number;
	_destroyed: boolean;
	_storeUpdate: (update: Uint8Array, origin: unknown) => void;
}

/** The updates store, in a transaction of its own. */
const updatesOf = (db: IDBDatabase, access: 'readonly' | 'readwrite' = 'readwrite'): IDBObjectStore =>
	idb.transact(db, [UPDATES_STORE], access)[0]!;

export interface SavedDoc {
	/** Resolves once everything saved is in the doc (never, when a saved update does not read). */
	loaded: Promise<void>;
	/** Compacts the saved records now (tests; the doc does it by itself). */
	compact(): Promise<void>;
}

/** Takes over reading and writing `doc`'s saved updates from `persistence` (call right after creating it). */
export const keepSaved = (doc: Y.Doc, persistence: IndexeddbPersistence): SavedDoc => {
	const p = persistence as unknown as Internals;
	// y-indexeddb's own read starts once the database opens: past every key, it reads nothing.
	p._dbref = Number.MAX_SAFE_INTEGER;
	doc.off('update', p._storeUpdate);
	/** The largest key whose update the doc has taken in. */
	let upTo = -1;
	let records = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let compacting: Promise<void> | null = null;
	const gone = () => p._destroyed || !persistence.db;

	const store = (update: Uint8Array, origin: unknown, _doc?: Y.Doc, tr?: Y.Transaction) => {
		if (origin === persistence || gone()) return;
		const updates = updatesOf(persistence.db!);
		// A large change (an import, a first sync's slice) is saved cut into chunks, in one
		// transaction, so that no later start-up has to apply it in one task.
		const parts =
			update.length > OVERSIZED && tr ? chunkedState(doc, CHUNK_STRUCTS, tr.beforeState) : [update];
		// A full disk rejects here; the app hears of it as an unhandled rejection (state/app.svelte.ts).
		for (const part of parts) void idb.addAutoKey(updates, part as unknown as ArrayBuffer);
		records += parts.length;
		if (records >= TRIM_AT) later();
	};

	const later = () => {
		if (timer !== null) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			void compact();
		}, COMPACT_AFTER_MS);
	};

	const compact = (): Promise<void> => {
		if (compacting) return compacting;
		if (gone()) return Promise.resolve();
		const updates = updatesOf(persistence.db!);
		compacting = idb
			.getAllKeysValues(updates, idb.createIDBKeyRangeLowerBound(upTo, true))
			.then((newer) => {
				// What another tab saved since the load, and this page's own writes (taken in again,
				// harmlessly): the chunks below must hold everything the records they replace held.
				let last = upTo;
				for (const { k, v } of newer) {
					Y.applyUpdate(doc, v as Uint8Array, persistence);
					last = Math.max(last, k as number);
				}
				const chunks = chunkedState(doc);
				void idb.del(updates, idb.createIDBKeyRangeUpperBound(last, false));
				return Promise.all(chunks.map((c) => idb.addAutoKey(updates, c as unknown as ArrayBuffer))).then(
					(keys) => {
						upTo = Math.max(last, ...(keys as number[]));
						records = chunks.length;
					}
				);
			})
			.finally(() => (compacting = null));
		return compacting;
	};

	const loaded = persistence.whenSynced.then(async () => {
		const updates = updatesOf(persistence.db!, 'readonly');
		const saved = await idb.getAllKeysValues(updates);
		// A change made on the page meanwhile (none is expected: the session waits for the load) is
		// saved after it, as the whole state, so nothing is lost.
		let missed = false;
		const watch = (tr: Y.Transaction) => {
			if (tr.origin !== persistence) missed = true;
		};
		doc.on('afterTransaction', watch);
		let oversized = false;
		let since = performance.now();
		try {
			for (const { k, v } of saved) {
				// No `update` listener meanwhile: Yjs would encode every saved update again for it.
				Y.applyUpdate(doc, v as Uint8Array, persistence);
				upTo = Math.max(upTo, k as number);
				if ((v as Uint8Array).length > OVERSIZED) oversized = true;
				if (performance.now() - since > TASK_MS) {
					await nextTask();
					since = performance.now();
				}
			}
		} catch (err) {
			doc.off('afterTransaction', watch);
			// As y-indexeddb did: the doc is not shown half read, and the failure is heard.
			void Promise.reject(err);
			return new Promise<void>(() => {});
		}
		doc.off('afterTransaction', watch);
		records = saved.length;
		doc.on('update', store);
		if (missed) store(Y.encodeStateAsUpdate(doc), null);
		if (oversized || records >= TRIM_AT) later();
	});

	doc.on('destroy', () => {
		if (timer !== null) clearTimeout(timer);
		doc.off('update', store);
	});
	return { loaded, compact };
};
