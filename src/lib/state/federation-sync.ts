/**
 * The federation ledgers a phone exchanges when it syncs a circle (issue 14, item 3: a delegate's
 * phone carries the federation by the same paths as its circle). The sync layer
 * (sync/channel-sync.ts, FED_WANT / FED_ENTRIES / FED_END) moves them; this module decides:
 *
 * - **what this phone takes**: every federation ledger it already holds, and every federation the
 *   circle being synced has a mandate for in its own ledger (so a member's phone gets the ledger
 *   its circle decided to join). A ledger the circle has nothing to do with, that this phone does
 *   not hold, is not asked for, and whatever the other phone sends of it is set aside
 *   (`fed-carry-unasked`): nobody fills a phone with ledgers it never chose;
 * - **what it sends**: of each ledger the other phone asks for that this phone holds, the entries
 *   the other phone lacks (by id);
 * - **how an entry is taken**: exactly as a file's (FederationDocs.take, core takeCarried): an
 *   entry that does not read, belongs elsewhere or whose signature fails is set aside with its
 *   reason; the rest is merged by id, and the fold judges it.
 */
import { entryId } from '$lib/core/entry';
import type { FederationId } from '$lib/core/federation';
import type { FederationExchange } from '$lib/sync/channel-sync';
import type { FederationDocs } from './federation-docs';

/**
 * The exchange over `docs` for a circle whose own ledger names the federations `named()` gives
 * (awaited once the circle's sync is in, so a mandate that just arrived counts); `changed` is
 * told when a ledger gained entries (the screens refold).
 */
export const federationExchange = (
	docs: FederationDocs,
	named: () => Promise<readonly string[]>,
	changed: () => void = () => {},
	/** The federations the circle's ledger names now (the camera's sender, which cannot wait). */
	namedNow: () => readonly string[] = () => []
): FederationExchange => ({
	offer: () => {
		const held = new Set<string>(docs.list());
		return [...new Set(namedNow())]
			.filter((id) => held.has(id))
			.sort()
			.map((id) => ({ id, entries: docs.entries(id as FederationId) }));
	},
	want: async () => {
		const held = new Set<string>(docs.list());
		const ids = new Set<string>([...held, ...(await named())]);
		return [...ids]
			.filter((id) => /^[0-9a-f]{32}$/.test(id))
			.sort()
			.map((id) => ({
				id,
				ids: held.has(id) ? docs.entries(id as FederationId).map((e) => entryId(e)) : []
			}));
	},
	lacking: (federation, ids) =>
		docs.list().includes(federation as FederationId) ? docs.lacking(federation as FederationId, ids) : [],
	take: (federation, entries, asked) => {
		if (!asked) return { added: 0, aside: [{ id: null, code: 'fed-carry-unasked' }] };
		const r = docs.take(federation as FederationId, entries);
		if (r.added > 0) changed();
		return { added: r.added, aside: r.aside };
	}
});
