/**
 * Threat model T45: a phone restored from a backup does not know what the member's other (or
 * lost) phone signed since the backup. Its next entry could reuse a number the other phone
 * already used: a fork. Forks lose nothing since v2 (both branches count), but they are flagged
 * in Audit as if someone tried to rewrite history, so a restored phone first syncs each circle
 * with another member (in person, the room or a file) before it signs there, or its member says
 * the old phone is gone and wrote nothing this one lacks.
 *
 * Device-local, in localStorage next to the sync log: the time of the member's confirmation.
 * The sync log itself (sync/circle-sync.ts) says when the last good sync was.
 */
import type { CircleId, Millis } from '$lib/core/types';
import type { Identity } from '$lib/device/identity';
import { readLog, type SyncLogItem } from '$lib/sync/circle-sync';

const confirmKey = (circle: CircleId) => `circulate:caught-up:${circle}`;

// Bumped whenever a sync is logged or a member confirms, so views re-read.
let version = $state(0);

const storage = (): Storage | null => {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
};

/** The last instant this phone was known to be caught up on `circle`: a good sync or a confirmation. */
export const caughtUpAt = (circle: CircleId): Millis => {
	void version;
	const store = storage();
	let at = 0;
	const confirmed = Number(store?.getItem(confirmKey(circle)) ?? 0);
	if (Number.isFinite(confirmed)) at = confirmed;
	if (store) for (const item of readLog(circle)) if (item.ok && item.at > at) at = item.at;
	return at;
};

/**
 * Whether this phone must sync `circle` before `identity` signs there. A sync logged in the same
 * millisecond as the restore counts (it was logged after it; a pinned clock makes them equal).
 */
export const mustCatchUp = (identity: Identity | null, circle: CircleId): boolean =>
	identity?.restoredAt !== undefined && caughtUpAt(circle) < identity.restoredAt;

/** The member says their old phone is gone and signed nothing this one lacks. */
export const confirmCaughtUp = (circle: CircleId, at: Millis): void => {
	storage()?.setItem(confirmKey(circle), String(at));
	version++;
};

/** A sync was logged: views that ask `mustCatchUp` look again. */
export const noteSynced = (): void => {
	version++;
};

/** The newest sync of `circle` that worked on this phone (for the circle's header), or null. */
export const lastGoodSync = (circle: CircleId): SyncLogItem | null => {
	void version;
	if (!storage()) return null;
	return readLog(circle).find((item) => item.ok) ?? null;
};
