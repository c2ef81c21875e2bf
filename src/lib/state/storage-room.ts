/**
 * Is there room on this phone for what is about to be kept? Asked before an import applies a
 * file to a circle's document: the document changes in memory at once and is written to the
 * disk afterwards, so a full disk found only then would leave the screen showing entries that
 * were never kept (issue 13: the header looked imported when it was not). A trial write of the
 * same size tells first; nothing is applied when it fails.
 */
import { isQuotaError, type DeviceStore } from '$lib/device/store';

const TRIAL_KEY = 'room-check';

/** True when `bytes` more fit: the browser's estimate allows it and a trial write of that size succeeds. */
export const hasRoomFor = async (store: DeviceStore, bytes: number): Promise<boolean> => {
	const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
	if (
		estimate?.quota !== undefined &&
		estimate.usage !== undefined &&
		estimate.quota - estimate.usage < bytes
	)
		return false;
	try {
		await store.put('aside', TRIAL_KEY, new Uint8Array(bytes));
	} catch (err) {
		if (isQuotaError(err)) return false;
		throw err;
	}
	await store.delete('aside', TRIAL_KEY).catch(() => undefined);
	return true;
};
