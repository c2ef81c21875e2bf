/**
 * The one place that knows how a circle lives in Yjs. Schema of a circle's Y.Doc:
 *
 *   doc.getMap('entries')       entry id (64 hex) -> the entry's canonical JSON text (RFC 8785).
 *                               A grow-only set: the key is the SHA-256 of the value's bytes,
 *                               so inserting the same entry twice is harmless.
 *   doc.getText('charter-draft') the charter being drafted together (becomes record when a
 *                               signed entry embeds it).
 *   doc.getMap('meta')          device-local hints; never trusted for rules.
 *
 * Each doc is persisted by exactly one y-indexeddb provider, database
 * `circulate-circle-<circle id>`; openCircleDoc hands out the same doc and provider to
 * every caller on this page.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as canonical from '$lib/core/canonical';
import { entryId } from '$lib/core/entry';
import type { Rejection } from '$lib/core/host/domain';
import { readEntry } from './stored-entry';
import type { CircleId, Entry, EntryId } from '$lib/core/types';
import { linkTabs } from './tabs';
import { UPDATES_STORE, keepSaved } from './saved-doc';

export const ENTRIES = 'entries';
export const CHARTER_DRAFT = 'charter-draft';
export const META = 'meta';

export const docName = (circle: CircleId): string => `circulate-circle-${circle}`;

export const entriesOf = (doc: Y.Doc): Y.Map<string> => doc.getMap<string>(ENTRIES);
export const charterDraftOf = (doc: Y.Doc): Y.Text => doc.getText(CHARTER_DRAFT);
export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(META);

/** Adds a signed entry to the doc (no-op when it is already there) and returns its id. */
export const appendEntry = (doc: Y.Doc, entry: Entry): EntryId => {
	const id = entryId(entry);
	const map = entriesOf(doc);
	if (!map.has(id)) map.set(id, canonical.encodeText(entry));
	return id;
};

export interface StoredEntry {
	id: EntryId;
	entry: Entry;
}

/**
 * A value under `entries` that is not a well-formed entry with a matching id. Kept, never
 * deleted. `problem` is a code (stored-…, or decodeEntry's entry-…) the messages word.
 */
export interface UnreadableEntry {
	id: string;
	problem: Rejection;
}

export { readEntry, type ReadResult } from './stored-entry';

/** Reads the given ids (default: all) from the doc, in key order (see readEntry for `known`). */
export const readEntries = (
	doc: Y.Doc,
	ids?: Iterable<string>,
	known: (id: string) => boolean = () => false
): { entries: StoredEntry[]; unreadable: UnreadableEntry[] } => {
	const map = entriesOf(doc);
	const keys = ids ? [...ids] : [...map.keys()];
	keys.sort();
	const entries: StoredEntry[] = [];
	const unreadable: UnreadableEntry[] = [];
	for (const id of keys) {
		if (!map.has(id)) continue;
		const r = readEntry(id, map.get(id), known(id));
		if (r.ok) entries.push({ id: id as EntryId, entry: r.entry });
		else unreadable.push({ id, problem: r.problem });
	}
	return { entries, unreadable };
};

/** Calls back with the ids added or replaced in `entries` (locally or by a peer). */
export const observeEntries = (doc: Y.Doc, onChange: (ids: string[]) => void): (() => void) => {
	const map = entriesOf(doc);
	const handler = (event: Y.YMapEvent<string>) => {
		const ids: string[] = [];
		event.changes.keys.forEach((change, key) => {
			if (change.action !== 'delete') ids.push(key);
		});
		if (ids.length) onChange(ids);
	};
	map.observe(handler);
	return () => map.unobserve(handler);
};

export interface CircleDoc {
	circle: CircleId;
	doc: Y.Doc;
	/** Null when the device keeps nothing (storage disabled): the doc lives in memory only. */
	persistence: IndexeddbPersistence | null;
	/** Resolves once what was saved on this device has been loaded into the doc. */
	loaded: Promise<void>;
}

const open = new Map<CircleId, CircleDoc>();

/** The circle's doc, with its one provider; the same object for every caller. */
export const openCircleDoc = (circle: CircleId, persistent: boolean): CircleDoc => {
	const existing = open.get(circle);
	if (existing) return existing;
	const doc = new Y.Doc();
	const persistence = persistent ? new IndexeddbPersistence(docName(circle), doc) : null;
	const handle: CircleDoc = {
		circle,
		doc,
		persistence,
		// Read and written a little at a time, in y-indexeddb's database (saved-doc.ts says why).
		loaded: persistence ? keepSaved(doc, persistence).loaded : Promise.resolve()
	};
	open.set(circle, handle);
	// Tabs of this browser relay live changes to each other (sync/tabs.ts, H5).
	void handle.loaded.then(() => linkTabs(docName(circle), doc));
	return handle;
};

/**
 * Resolves once every change applied to the doc so far is on the device's storage. Each update
 * is written in its own transaction (saved-doc.ts), with no flush; a readwrite transaction on the
 * same store starts only after those created before it end (IndexedDB orders overlapping
 * readwrite transactions), so its completion says they are written. A sync that stops says
 * "nothing that arrived is lost" only after this: the page may be closed at once.
 */
export const flushed = (h: CircleDoc): Promise<void> => {
	const db = h.persistence?.db;
	if (!db) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const t = db.transaction([UPDATES_STORE], 'readwrite');
		t.oncomplete = () => resolve();
		t.onerror = () => reject(t.error ?? new Error('storage'));
		t.onabort = () => reject(t.error ?? new Error('storage'));
	});
};

/** Stops persisting and forgets the doc on this page; what was saved stays saved. */
export const closeCircleDoc = async (circle: CircleId): Promise<void> => {
	const h = open.get(circle);
	if (!h) return;
	open.delete(circle);
	await h.persistence?.destroy();
	h.doc.destroy();
};

/** Removes the circle's doc from this device (leaving a circle). */
export const deleteCircleDoc = async (circle: CircleId, persistent: boolean): Promise<void> => {
	const h = open.get(circle) ?? openCircleDoc(circle, persistent);
	open.delete(circle);
	if (h.persistence) {
		await h.loaded;
		await h.persistence.clearData();
	}
	h.doc.destroy();
};
