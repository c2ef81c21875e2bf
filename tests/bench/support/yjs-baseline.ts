/**
 * The plain-Yjs baselines of the browser bench, bundled into the page by itself: the
 * same Y.Doc the app keeps for a circle, loaded with y-indexeddb alone (no ledger, no
 * verdicts, no interface), and a whole-state sync between two bare docs in memory.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

/** Loads the doc saved under `name` and reads every entry; the time it took, in ms. */
export async function loadDoc(
	name: string
): Promise<{ ms: number; entries: number; syncMs: number; bytes: number }> {
	const t0 = performance.now();
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(name, doc);
	await persistence.whenSynced;
	const map = doc.getMap<string>('entries');
	let entries = 0;
	for (const value of map.values()) if (JSON.parse(value)) entries++;
	const ms = performance.now() - t0;
	// A first sync with nothing on the other side, in memory: one whole-state update.
	const t1 = performance.now();
	const update = Y.encodeStateAsUpdate(doc);
	const other = new Y.Doc();
	Y.applyUpdate(other, update);
	const copied = other.getMap<string>('entries').size;
	const syncMs = performance.now() - t1;
	if (copied !== map.size) throw new Error(`bare sync copied ${copied} of ${map.size}`);
	await persistence.destroy();
	return { ms, entries, syncMs, bytes: update.length };
}
