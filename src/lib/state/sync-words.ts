/**
 * What a finished sync brought, in the member's language ("in sync — 3 new entries, 1 new member").
 * The sync layer (src/lib/sync) counts; the sentence is made here, where the screens' messages are.
 */
import { m } from '$lib/i18n';

export const summaryText = (s: { newEntries: number; newMembers: number }): string => {
	if (s.newEntries === 0) return m.sync_summary_nothing();
	const entries = m.sync_summary_entries({ count: s.newEntries });
	return s.newMembers > 0 ? m.sync_summary_members({ entries, count: s.newMembers }) : entries;
};
