/**
 * The charter's privacy section (issue 14 item 5, docs/protocol/private-record.md): which kinds
 * of entries the circle keeps out of the record it publishes. Only the circle decides it, by a
 * ratified charter (so by consent): nobody can later mark someone else's entry private to hide
 * it, and nobody can mark their own governance acts private to hide them either.
 *
 * The section lives under the key `privacy` of the charter's content, beside the sections older
 * phones know: they keep and hash it and never refuse a charter for it (charter/content.ts
 * `checkContent`). It is read leniently: a kind this version does not know is ignored.
 *
 * Only the kinds below can be private. Everything the public record is made of and the audit
 * depends on (genesis, members, the charter, rotations and their seeds, mandates, decisions,
 * resets, witnesses, credit decisions, the library's catalogue, meetings, the scorecard) never
 * is: a published file that leaves one of those out fails its check, named.
 */
import type { CharterContent } from '../charter/content';

export const SECTION = 'privacy';

/** A kind of entry a circle may keep out of its published record, and the types it covers. */
export const PRIVATE_KINDS = {
	/** Payments between members and requests for them (not limits or write-offs: decisions). */
	payments: ['credit.transfer', 'credit.request', 'credit.accept', 'credit.decline'],
	/** Who borrowed what and when (not the catalogue). */
	loans: [
		'library.reserve',
		'library.cancel',
		'library.approve',
		'library.lend',
		'library.handover',
		'library.receive',
		'library.renew',
		'library.return'
	],
	/** The reciprocity ledger's contributions and their confirmations. */
	contributions: ['reciprocity.record', 'reciprocity.confirm'],
	/** Mentorship sessions and the reflections written after them. */
	mentorship: ['mentorship.session', 'mentorship.reflect'],
	/** The pair audit's map of informal ties (who relies on whom). */
	ties: ['pairaudit.ties']
} as const satisfies Record<string, readonly string[]>;

export type PrivateKind = keyof typeof PRIVATE_KINDS;

export const KIND_NAMES = Object.keys(PRIVATE_KINDS) as PrivateKind[];

const KIND_OF: ReadonlyMap<string, PrivateKind> = new Map(
	KIND_NAMES.flatMap((k) => PRIVATE_KINDS[k].map((t) => [t, k] as const))
);

export interface Privacy {
	/** The kinds kept out of the published record, in the order of KIND_NAMES. */
	kinds: PrivateKind[];
}

/** The privacy section of a charter: the known kinds it names, none when it has no section. */
export const privacyOf = (content: CharterContent | { [key: string]: unknown }): Privacy => {
	const raw = (content as { [key: string]: unknown })[SECTION];
	const list =
		typeof raw === 'object' && raw !== null && !Array.isArray(raw)
			? (raw as { [key: string]: unknown }).kinds
			: undefined;
	const named = new Set(Array.isArray(list) ? list.filter((k) => typeof k === 'string') : []);
	return { kinds: KIND_NAMES.filter((k) => named.has(k)) };
};

/** The kind an entry type belongs to when it is one that can be private, else null. */
export const kindOfType = (type: string): PrivateKind | null => KIND_OF.get(type) ?? null;

/** Whether the charter keeps entries of this type out of the published record. */
export const isPrivateType = (privacy: Privacy, type: string): boolean => {
	const kind = kindOfType(type);
	return kind !== null && privacy.kinds.includes(kind);
};

/** The section as a charter holds it: none for no kinds, so a circle that keeps all public adds nothing. */
export const privacySection = (kinds: readonly PrivateKind[]): { kinds: PrivateKind[] } | null => {
	const known = KIND_NAMES.filter((k) => kinds.includes(k));
	return known.length ? { kinds: known } : null;
};
