/**
 * Signature verdicts remembered per entry, so start-up never re-verifies history
 * (DESIGN.md §3: verify once, on arrival). Stored in the `verdicts` store of the
 * device database under `<circle>/<entry id>` -> true | false.
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
	for (const [key, value] of await store.entries('verdicts', p))
		if (typeof value === 'boolean') out.set(key.slice(p.length) as EntryId, value);
	return out;
};

export const saveVerdicts = (
	store: DeviceStore,
	circle: CircleId,
	verdicts: Iterable<readonly [EntryId, boolean]>
): Promise<void> =>
	store.putMany(
		'verdicts',
		[...verdicts].map(([id, ok]) => [prefix(circle) + id, ok])
	);

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
