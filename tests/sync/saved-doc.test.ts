import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { keepSaved, UPDATES_STORE } from '$lib/sync/saved-doc';
import { CHUNK_BYTES, OVERSIZED } from '$lib/sync/doc-chunks';

const openDb = (name: string) =>
	new Promise<IDBDatabase>((resolve, reject) => {
		const r = indexedDB.open(name);
		// The stores y-indexeddb creates (an earlier version of the app left them so).
		r.onupgradeneeded = () => {
			r.result.createObjectStore(UPDATES_STORE, { autoIncrement: true });
			r.result.createObjectStore('custom');
		};
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});

const records = async (name: string): Promise<Uint8Array[]> => {
	const db = await openDb(name);
	const out = await new Promise<Uint8Array[]>((resolve, reject) => {
		const r = db.transaction(UPDATES_STORE).objectStore(UPDATES_STORE).getAll();
		r.onsuccess = () => resolve(r.result as Uint8Array[]);
		r.onerror = () => reject(r.error);
	});
	db.close();
	return out;
};

const addRecord = async (name: string, update: Uint8Array) => {
	const db = await openDb(name);
	await new Promise<void>((resolve, reject) => {
		const t = db.transaction(UPDATES_STORE, 'readwrite');
		t.objectStore(UPDATES_STORE).add(update);
		t.oncomplete = () => resolve();
		t.onerror = () => reject(t.error);
	});
	db.close();
};

/** A doc of `n` entries, each a 64-hex key and a text of about 400 bytes (like a signed entry). */
const bigDoc = (n: number, from = 0): Y.Doc => {
	const doc = new Y.Doc();
	const map = doc.getMap<string>('entries');
	doc.transact(() => {
		for (let i = from; i < from + n; i++)
			map.set(i.toString(16).padStart(64, '0'), `{"n":${i},"pad":"${'x'.repeat(400)}"}`);
	});
	return doc;
};

const open = async (name: string) => {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(name, doc);
	const saved = keepSaved(doc, persistence);
	await saved.loaded;
	return { doc, persistence, saved };
};

describe('a circle doc saved and read a little at a time (sync/saved-doc)', () => {
	it('reads what y-indexeddb saved as one whole state, and compacts it into chunks that read back the same', async () => {
		const name = 'saved-doc-legacy';
		// What an earlier version left: y-indexeddb's own compaction, one update of everything.
		const legacy = bigDoc(2000);
		await addRecord(name, Y.encodeStateAsUpdate(legacy));
		expect(Y.encodeStateAsUpdate(legacy).length).toBeGreaterThan(OVERSIZED);

		const a = await open(name);
		expect(a.doc.getMap('entries').size).toBe(2000);
		await a.saved.compact();
		const after = await records(name);
		expect(after.length).toBeGreaterThan(3);
		for (const r of after) expect(r.length).toBeLessThan(CHUNK_BYTES + 4096);
		await a.persistence.destroy();

		const b = await open(name);
		expect(b.doc.getMap('entries').toJSON()).toEqual(legacy.getMap('entries').toJSON());
		await b.persistence.clearData();
	});

	it('saves every change, and a compaction keeps what another tab saved meanwhile', async () => {
		const name = 'saved-doc-tabs';
		const a = await open(name);
		a.doc.getMap<string>('entries').set('aa', 'mine');
		// Another tab of this browser writes its own update into the same store.
		const other = new Y.Doc();
		other.getMap<string>('entries').set('bb', 'theirs');
		await addRecord(name, Y.encodeStateAsUpdate(other));
		await a.saved.compact();
		expect(a.doc.getMap('entries').get('bb')).toBe('theirs');
		await a.persistence.destroy();

		const b = await open(name);
		expect(b.doc.getMap('entries').toJSON()).toEqual({ aa: 'mine', bb: 'theirs' });
		await b.persistence.clearData();
	});

	it('reads a doc saved in many small records (a long sync) in order, and writes nothing while it reads', async () => {
		const name = 'saved-doc-many';
		const whole = new Y.Doc();
		for (let i = 0; i < 40; i++) {
			const before = Y.encodeStateVector(whole);
			Y.applyUpdate(whole, Y.encodeStateAsUpdate(bigDoc(25, i * 25)));
			await addRecord(name, Y.encodeStateAsUpdate(whole, before));
		}
		const a = await open(name);
		expect(a.doc.getMap('entries').size).toBe(1000);
		// y-indexeddb's own read took nothing, and saved only the empty doc it held then.
		const saved = await records(name);
		expect(saved.length).toBe(41);
		await a.persistence.clearData();
	});

	it('stops at a saved update that does not read, shows nothing half read, and deletes nothing', async () => {
		const name = 'saved-doc-damaged';
		await addRecord(name, new Uint8Array([255, 255, 255, 255]));
		const quiet = (e: unknown) => void e;
		process.on('unhandledRejection', quiet);
		const doc = new Y.Doc();
		const persistence = new IndexeddbPersistence(name, doc);
		const saved = keepSaved(doc, persistence);
		const state = await Promise.race([
			saved.loaded.then(() => 'loaded'),
			new Promise((r) => setTimeout(() => r('waiting'), 200))
		]);
		expect(state).toBe('waiting');
		process.off('unhandledRejection', quiet);
		await persistence.destroy();
		expect((await records(name)).some((r) => r.length === 4)).toBe(true);
	});
});
