/**
 * What a finished sync brought, in the member's language ("in sync — 3 new entries, 1 new member").
 * The sync layer (src/lib/sync) counts; the sentence is made here, where the screens' messages are.
 */
import { m } from '$lib/i18n';
import type { FederationsTaken } from '$lib/sync/channel-sync';

type Words = Record<string, ((x?: Record<string, unknown>) => string) | undefined>;

/** A federation code's sentence (federation.json `federation_err_<code>`), or the code itself. */
const fedWord = (code: string): string =>
	(m as unknown as Words)[`federation_err_${code.replace(/^fed-/, '').replaceAll('-', '_')}`]?.({
		max: ''
	}) ?? code;

export const summaryText = (s: {
	newEntries: number;
	newMembers: number;
	federations?: FederationsTaken;
}): string => {
	let out = m.sync_summary_nothing();
	if (s.newEntries > 0) {
		const entries = m.sync_summary_entries({ count: s.newEntries });
		out = s.newMembers > 0 ? m.sync_summary_members({ entries, count: s.newMembers }) : entries;
	}
	return s.federations ? federationText(out, s.federations) : out;
};

/** `base` with what the federation ledgers brought: entries kept, and those set aside with why. */
export const federationText = (base: string, f: FederationsTaken): string => {
	let out = base;
	if (f.added > 0) out = m.sync_summary_federation({ base: out, count: f.added });
	if (f.aside.length > 0)
		out = m.sync_summary_federation_aside({
			base: out,
			count: f.aside.length,
			reasons: [...new Set(f.aside.map((a) => fedWord(a.code)))].join(' ')
		});
	return out;
};
