/**
 * The registry of circles this device holds, in the `circles` store of the
 * `circulate-device` database: circle id -> { id, name, added }. The name is a cache
 * for the home screen; the ledger is the truth and refreshes it when a circle opens.
 *
 * A record that does not read is set aside (kept in `aside`) and rebuilt from its key,
 * so the circle stays on the home screen and nothing saved is lost.
 */
import { isHex } from '$lib/core/bytes';
import type { CircleId, MemberKey, Millis } from '$lib/core/types';
import { setAside, type DeviceStore } from '$lib/device/store';
import { worded } from './failure';

export interface CircleRecord {
	id: CircleId;
	name: string;
	added: Millis;
	/** The founder's key, when known (this device founded it, or the invite said). */
	founder?: MemberKey;
	/**
	 * Kept from an invite, before this phone's member is in the ledger it holds: 'admission' while
	 * a member has yet to admit them and sync, 'return' for a restored member waiting to receive
	 * it again. Cleared when the ledger shows the member (state/app.svelte.ts).
	 */
	awaiting?: 'admission' | 'return';
	/** The demo circle (state/demo-circle.ts): nobody on this phone is one of its members. */
	demo?: true;
}

/** A damaged record's name until the circle is opened and its own name read (stored, so not worded). */
export const UNNAMED = 'A circle (name not yet read)'; // i18n-ignore: a stored value

const readRecord = (key: string, raw: unknown): CircleRecord | null => {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	if (r.id !== key || !isHex(r.id, 16) || typeof r.name !== 'string' || typeof r.added !== 'number')
		return null;
	const rec: CircleRecord = { id: r.id as CircleId, name: r.name, added: r.added };
	if (isHex(r.founder, 32)) rec.founder = r.founder as MemberKey;
	if (r.awaiting === 'admission' || r.awaiting === 'return') rec.awaiting = r.awaiting;
	if (r.demo === true) rec.demo = true;
	return rec;
};

export interface CircleList {
	circles: CircleRecord[];
	/** Human sentences about records that could not be read (set aside). */
	problems: string[];
}

/** The circles on this device, oldest first. */
export const listCircles = async (store: DeviceStore, now: Millis): Promise<CircleList> => {
	const circles: CircleRecord[] = [];
	const problems: string[] = [];
	for (const [key, raw] of await store.entries('circles')) {
		const rec = readRecord(key, raw);
		if (rec) {
			circles.push(rec);
			continue;
		}
		await setAside(store, 'circles', key, raw, 'unreadable circle record', now); // i18n-ignore: a record's note
		if (isHex(key, 16)) {
			const rebuilt: CircleRecord = { id: key as CircleId, name: UNNAMED, added: now };
			await store.put('circles', key, rebuilt);
			circles.push(rebuilt);
			problems.push(worded({ code: 'circle-record-rebuilt' }));
		} else {
			await store.delete('circles', key);
			problems.push(worded({ code: 'record-not-circle' }));
		}
	}
	circles.sort((a, b) => a.added - b.added || (a.id < b.id ? -1 : 1));
	return { circles, problems };
};

export const putCircle = (store: DeviceStore, rec: CircleRecord): Promise<void> =>
	store.put('circles', rec.id, {
		id: rec.id,
		name: rec.name,
		added: rec.added,
		...(rec.founder ? { founder: rec.founder } : {}),
		...(rec.awaiting ? { awaiting: rec.awaiting } : {}),
		...(rec.demo ? { demo: true } : {})
	});

export const removeCircle = (store: DeviceStore, id: CircleId): Promise<void> => store.delete('circles', id);
