/** The circle header's sync line in words (state/sync-status.ts gives the facts). */
import type { Millis } from '$lib/core/types';
import type { SyncStatus } from '$lib/state/sync-status';
import { relative } from '../shared/dates';

export const syncStatusText = (s: SyncStatus, now: Millis): string => {
	const last = !s.last
		? 'Not synced from this phone yet'
		: s.last.via === 'file'
			? `Synced ${relative(s.last.at, now)} from a file`
			: s.last.via === 'camera'
				? `Synced ${relative(s.last.at, now)} through the camera`
				: `Synced ${relative(s.last.at, now)} with ${s.last.peer}`;
	if (!s.unshared) return last;
	return `${last} · ${s.unshared} ${s.unshared === 1 ? 'entry' : 'entries'} only on this phone`;
};
