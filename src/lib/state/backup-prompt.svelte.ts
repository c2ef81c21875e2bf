/**
 * The one-time "back up your key" card (issue 13): shown on a circle this member founded until
 * they download a backup or say "not now", once per key. Device-local, in localStorage: whether
 * this phone has saved a backup of the key, and whether the card was put away.
 */
import type { MemberKey } from '$lib/core/types';

let version = $state(0);

const backedUpKey = (key: MemberKey) => `circulate:backed-up:${key}`;
const dismissedKey = (key: MemberKey) => `circulate:backup-card-dismissed:${key}`;

const storage = (): Storage | null => {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
};

const set = (name: string): void => {
	try {
		storage()?.setItem(name, String(Date.now()));
	} catch {
		/* a full storage only means the card may show again */
	}
	version++;
};

/** Whether to offer the backup card to `key` on this phone. */
export const offerBackup = (key: MemberKey | null): boolean => {
	void version;
	const store = storage();
	if (!key || !store) return false;
	return store.getItem(backedUpKey(key)) === null && store.getItem(dismissedKey(key)) === null;
};

/** A backup of `key` was downloaded on this phone. */
export const noteBackedUp = (key: MemberKey): void => set(backedUpKey(key));

/** "Not now": the card is not shown again (the backup stays in You & backup). */
export const dismissBackupCard = (key: MemberKey): void => set(dismissedKey(key));
