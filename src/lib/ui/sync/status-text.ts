/** The circle header's sync line in words (state/sync-status.ts gives the facts). */
import type { Millis } from '$lib/core/types';
import type { SyncStatus } from '$lib/state/sync-status';
import { m } from '$lib/i18n';
import { formatRelative } from '../format';

export const syncStatusText = (s: SyncStatus, now: Millis): string => {
	const when = s.last ? formatRelative(s.last.at, now) : '';
	const last = !s.last
		? m.status_never()
		: s.last.via === 'file'
			? m.status_file({ when })
			: s.last.via === 'camera'
				? m.status_camera({ when })
				: m.status_peer({ when, peer: s.last.peer });
	if (!s.unshared) return last;
	return m.status_unshared({ last, count: s.unshared });
};
