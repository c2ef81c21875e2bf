/**
 * Signature verdicts remembered per entry, so start-up never re-verifies history
 * (DESIGN.md §3: verify once, on arrival). Stored in the `verdicts` store of the
 * device database, under `<circle>/<entry id>` -> true | false for one verdict, and for a
 * batch (a sync's slice, an import) as one record `<circle>/~<random>` ->
 * `{ ids: <the ids' hex, concatenated>, ok: <'1' or '0' per id> }`: a first sync of 20,000
 * entries writes a hundred records instead of 20,000 (each a request on the page's thread).
 *
 * A verdict is about the bytes whose hash is the id, so it stays true for as long as
 * the id does; callers check that a stored value hashes to its id (circle-doc.readEntry).
 */
import { hexToBytes } from '$lib/core/bytes';
import { signingBytes } from '$lib/core/entry';
import type { CircleId, Entry, EntryId } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import type { DeviceStore } from '$lib/device/store';

const prefix = (circle: CircleId) => `${circle}/`;

/** Every remembered verdict for a circle. Unreadable values are skipped (verified again). */
export const loadVerdicts = async (store: DeviceStore, circle: CircleId): Promise<Map<EntryId, boolean>> => {
	const out = new Map<EntryId, boolean>();
	const p = prefix(circle);
	for (const [key, value] of await store.entries('verdicts', p)) {
		if (typeof value === 'boolean') {
			out.set(key.slice(p.length) as EntryId, value);
			continue;
		}
		const batch = value as Partial<Batch> | null;
		const ids = batch?.ids;
		const ok = batch?.ok;
		if (typeof ids !== 'string' || typeof ok !== 'string' || ids.length !== ok.length * ID_CHARS) continue;
		for (let i = 0; i < ok.length; i++)
			out.set(ids.slice(i * ID_CHARS, (i + 1) * ID_CHARS) as EntryId, ok.charCodeAt(i) === 49);
	}
	return out;
};

/** An entry id's length in hex. */
const ID_CHARS = 64;

interface Batch {
	ids: string;
	ok: string;
}

const batchKey = (circle: CircleId): string => {
	const r = new Uint8Array(8);
	globalThis.crypto.getRandomValues(r);
	return `${prefix(circle)}~${[...r].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
};

export const saveVerdicts = (
	store: DeviceStore,
	circle: CircleId,
	verdicts: Iterable<readonly [EntryId, boolean]>
): Promise<void> => {
	const all = [...verdicts];
	const odd = all.filter(([id]) => id.length !== ID_CHARS);
	const even = all.filter(([id]) => id.length === ID_CHARS);
	const records: [string, unknown][] = odd.map(([id, ok]) => [prefix(circle) + id, ok]);
	if (even.length === 1) records.push([prefix(circle) + even[0]![0], even[0]![1]]);
	else if (even.length > 1)
		records.push([
			batchKey(circle),
			{
				ids: even.map(([id]) => id).join(''),
				ok: even.map(([, ok]) => (ok ? '1' : '0')).join('')
			} satisfies Batch
		]);
	return store.putMany('verdicts', records);
};

export const forgetVerdicts = async (store: DeviceStore, circle: CircleId): Promise<void> => {
	for (const [key] of await store.entries('verdicts', prefix(circle))) await store.delete('verdicts', key);
};

/** Checks one entry's signature on this device (WebCrypto or noble; same verdicts). */
export const verifyEntry = async (entry: Entry): Promise<boolean> => {
	try {
		return await ed.verify(hexToBytes(entry.sig), signingBytes(entry), hexToBytes(entry.author));
	} catch {
		return false;
	}
};

/** Checks a batch (a sync, a first load) at once: WebCrypto runs them concurrently. */
export const verifyEntries = async (entries: readonly Entry[]): Promise<boolean[]> => {
	try {
		return await ed.verifyMany(
			entries.map((e) => ({
				signature: hexToBytes(e.sig),
				message: signingBytes(e),
				publicKey: hexToBytes(e.author)
			}))
		);
	} catch {
		// One unreadable signature must not cost the batch its verdicts: fall back to one by one.
		return Promise.all(entries.map((e) => verifyEntry(e)));
	}
};
