/**
 * The kinds of entries a charter can keep out of the published record (core/privacy), named in
 * the reader's language: shared by the charter screens, the record page and the verify report.
 */
import { m } from '$lib/i18n';
import { KIND_NAMES, type PrivateKind } from '$lib/core/privacy/section';

// Looked up when worded: the active language's messages load after this module.
const NAMES: Record<PrivateKind, () => string> = {
	payments: () => m.charter_kind_payments_item(),
	loans: () => m.charter_kind_loans_item(),
	contributions: () => m.charter_kind_contributions_item(),
	mentorship: () => m.charter_kind_mentorship_item(),
	ties: () => m.charter_kind_ties_item()
};

/** A private kind's name ("payments", "pagos"); an entry type that is none stays as it is. */
export const privateKindName = (kind: PrivateKind | null, type = ''): string => (kind ? NAMES[kind]() : type);

/** How many private entries of each kind: "payments 12, loans 30", in the kinds' own order. */
export const privateKindCounts = (
	found: readonly { kind: PrivateKind | null; type: string }[],
	count: (n: number) => string = String
): string => {
	const by = new Map<string, number>();
	const order = (f: { kind: PrivateKind | null }) =>
		f.kind ? KIND_NAMES.indexOf(f.kind) : KIND_NAMES.length;
	for (const f of [...found].sort((a, b) => order(a) - order(b))) {
		const name = privateKindName(f.kind, f.type);
		by.set(name, (by.get(name) ?? 0) + 1);
	}
	return [...by].map(([name, n]) => `${name} ${count(n)}`).join(', ');
};
