import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bytesToHex, sha256Hex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import { entryId, signEntry } from '$lib/core/entry';
import { createGenesis } from '$lib/core/membership/genesis';
import type { CircleId } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import * as circleDoc from '$lib/sync/circle-doc';

const genesis = async () => {
	const pair = await ed.generateKeyPair();
	const unsigned = createGenesis({
		founderKey: pair.publicKey,
		founderName: 'Maya',
		name: 'Elm Street Tools',
		commons: 'the shed',
		seed: bytesToHex(new Uint8Array(32).fill(7)),
		now: 1_700_000_000_000
	});
	return signEntry(unsigned, (m) => ed.sign(pair.secretKey, m));
};

describe('circle doc schema', () => {
	it('stores entries as canonical text under their id, once', async () => {
		const doc = new Y.Doc();
		const e = await genesis();
		const id = circleDoc.appendEntry(doc, e);
		expect(id).toBe(entryId(e));
		circleDoc.appendEntry(doc, e);
		expect(circleDoc.entriesOf(doc).size).toBe(1);
		expect(circleDoc.entriesOf(doc).get(id)).toBe(canonical.encodeText(e));
		expect(circleDoc.readEntries(doc)).toEqual({ entries: [{ id, entry: e }], unreadable: [] });
	});

	it('reports values that do not read, without touching them', async () => {
		const doc = new Y.Doc();
		const e = await genesis();
		const map = circleDoc.entriesOf(doc);
		map.set('00'.repeat(32), 'not json');
		map.set('11'.repeat(32), canonical.encodeText(e)); // right entry, wrong key
		map.set('22'.repeat(32), '{"v":1}');
		const { entries, unreadable } = circleDoc.readEntries(doc);
		expect(entries).toEqual([]);
		expect(unreadable.map((u) => u.problem)).toEqual([
			{ code: 'stored-not-json' },
			{ code: 'stored-id-mismatch' },
			{ code: 'entry-fields', params: { fields: 'v' } }
		]);
		expect(map.size).toBe(3);
	});

	it('tells observers which ids arrived, including from a peer', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const seen: string[][] = [];
		circleDoc.observeEntries(b, (ids) => seen.push(ids));
		const id = circleDoc.appendEntry(a, await genesis());
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(seen).toEqual([[id]]);
	});

	it('persists with one y-indexeddb provider per doc and loads it back', async () => {
		const circle = 'cd'.repeat(16) as CircleId;
		const h = circleDoc.openCircleDoc(circle, true);
		expect(circleDoc.openCircleDoc(circle, true)).toBe(h);
		expect(h.persistence?.name).toBe(`circulate-circle-${circle}`);
		await h.loaded;
		const id = circleDoc.appendEntry(h.doc, await genesis());
		await new Promise((r) => setTimeout(r, 20));
		await circleDoc.closeCircleDoc(circle);
		const again = circleDoc.openCircleDoc(circle, true);
		expect(again).not.toBe(h);
		await again.loaded;
		expect([...circleDoc.entriesOf(again.doc).keys()]).toEqual([id]);
		await circleDoc.deleteCircleDoc(circle, true);
		await new Promise((r) => setTimeout(r, 20));
		const gone = circleDoc.openCircleDoc(circle, true);
		await gone.loaded;
		expect(circleDoc.entriesOf(gone.doc).size).toBe(0);
		await circleDoc.closeCircleDoc(circle);
	});

	it('says when what was applied is on storage (a cut sync may be followed by a closed tab)', async () => {
		const circle = 'ab'.repeat(16) as CircleId;
		const h = circleDoc.openCircleDoc(circle, true);
		await h.loaded;
		const id = circleDoc.appendEntry(h.doc, await genesis());
		await circleDoc.flushed(h);
		// read straight from the store y-indexeddb writes, on a connection of its own
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open(`circulate-circle-${circle}`);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const updates = await new Promise<unknown[]>((resolve, reject) => {
			const r = db.transaction('updates').objectStore('updates').getAll();
			r.onsuccess = () => resolve(r.result as unknown[]);
			r.onerror = () => reject(r.error);
		});
		db.close();
		const stored = new Y.Doc();
		for (const u of updates) Y.applyUpdate(stored, u as Uint8Array);
		expect([...circleDoc.entriesOf(stored).keys()]).toEqual([id]);
		await circleDoc.deleteCircleDoc(circle, true);
	});

	it('keeps a doc in memory only when the device keeps nothing', async () => {
		const circle = 'ef'.repeat(16) as CircleId;
		const h = circleDoc.openCircleDoc(circle, false);
		expect(h.persistence).toBeNull();
		await h.loaded;
		await circleDoc.flushed(h);
		await circleDoc.closeCircleDoc(circle);
	});
});

describe('reading what this device already checked', () => {
	it('takes the fast path only for text that hashes to its key', async () => {
		const e = await genesis();
		const id = entryId(e);
		const text = canonical.encodeText(e);
		expect(circleDoc.readEntry(id, text, true)).toEqual({ ok: true, entry: e });
		// The same entry in other bytes under its real id: refused, the stored text must be the
		// canonical bytes (tests/sync/stored-text.test.ts has the other variants).
		const spaced = JSON.stringify(e, null, 1);
		expect(circleDoc.readEntry(id, spaced, true)).toEqual({
			ok: false,
			problem: { code: 'stored-not-canonical' }
		});
		// Other bytes stored under their own hash would make a second id for one entry: refused.
		// (Never `known`: verdicts are only stored under ids computed by entryId.)
		expect(circleDoc.readEntry(sha256Hex(spaced), spaced, false)).toEqual({
			ok: false,
			problem: { code: 'stored-not-canonical' }
		});
		// A known id whose text was swapped for another entry's: refused.
		const other = await genesis();
		expect(circleDoc.readEntry(id, canonical.encodeText(other), true).ok).toBe(false);
	});
});
