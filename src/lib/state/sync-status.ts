/**
 * The circle's sync status for its header (issue 13): when this phone last synced it and with
 * whom, and how many of this member's entries were written since, which no other phone can
 * have yet (as far as this phone knows: a room may have carried them without a log line).
 */
import type { Entry, MemberKey, Millis } from '$lib/core/types';

export interface SyncStatus {
	/** The last sync that worked, or null when this phone never synced the circle. */
	last: { at: Millis; peer: string; via: 'in person' | 'room' | 'file' | 'camera' } | null;
	/** This member's entries written after it (all of them when there was none). */
	unshared: number;
}

export const syncStatusOf = (
	last: SyncStatus['last'],
	entries: readonly { entry: Entry }[],
	me: MemberKey | null
): SyncStatus => {
	const since = last?.at ?? -Infinity;
	let unshared = 0;
	if (me) for (const { entry } of entries) if (entry.author === me && entry.hlc[0] > since) unshared++;
	return { last, unshared };
};
