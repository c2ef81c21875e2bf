/**
 * The ledger as the overview lists it (issue 13): newest first, people's actions one per row, and
 * the phones' bookkeeping folded: a run of seals (each term's draw, recorded by whichever phone
 * passed the boundary first) reads as one row, "Sealed 12 draws".
 */
import type { LedgerItem } from '$lib/state/circle-session';

export type LedgerRow =
	{ kind: 'entry'; item: LedgerItem } | { kind: 'seals'; items: readonly LedgerItem[]; id: string };

const FOLDED = new Set(['rotation.seal']);

export const ledgerRows = (entries: readonly LedgerItem[]): LedgerRow[] => {
	const rows: LedgerRow[] = [];
	for (let i = entries.length - 1; i >= 0; i--) {
		const item = entries[i]!;
		const last = rows.at(-1);
		if (!FOLDED.has(item.entry.type)) rows.push({ kind: 'entry', item });
		else if (last?.kind === 'seals') rows[rows.length - 1] = { ...last, items: [...last.items, item] };
		else if (last?.kind === 'entry' && FOLDED.has(last.item.entry.type))
			rows[rows.length - 1] = { kind: 'seals', items: [last.item, item], id: last.item.id };
		else rows.push({ kind: 'entry', item });
	}
	return rows;
};
