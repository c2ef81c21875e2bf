/**
 * Entries the ledger holds but does not count, each with the reason and a sentence a
 * person can read in the audit view. Nothing is ever deleted: DESIGN.md §3, "invalid is
 * quarantined, not deleted". Reasons are stable strings; the sentence may improve.
 */
import type { Entry, EntryId } from './types';

export type QuarantineReason =
	| 'bad-signature'
	| 'not-a-member'
	| 'broken-chain'
	| 'forked-log'
	| 'future-timestamp'
	| 'wrong-circle'
	| 'malformed'
	| 'invalid-body'
	| 'unknown-type';

export interface Quarantined {
	id: EntryId;
	/** Null only when the entry could not be read at all (malformed). */
	entry: Entry | null;
	reason: QuarantineReason;
	/** A sentence for the audit view. */
	detail: string;
}

/** Short form of a key or id for sentences: the first 8 hex characters. */
export const short = (hex: string): string => `${hex.slice(0, 8)}…`;

/** Reasons in the order the audit view groups them. */
export const REASONS: readonly QuarantineReason[] = [
	'bad-signature',
	'wrong-circle',
	'malformed',
	'future-timestamp',
	'forked-log',
	'broken-chain',
	'not-a-member',
	'invalid-body',
	'unknown-type'
];

/** A heading for each reason, for the audit view. */
export const TITLES: Readonly<Record<QuarantineReason, string>> = {
	'bad-signature': 'Signature does not match',
	'wrong-circle': 'Belongs to another circle',
	malformed: 'Unreadable',
	'future-timestamp': 'Dated in the future',
	'forked-log': 'Two versions of one entry',
	'broken-chain': 'Out of its author’s chain',
	'not-a-member': 'Written by a non-member',
	'invalid-body': 'Breaks a rule',
	'unknown-type': 'Unknown kind of entry'
};

/** Deterministic order of a quarantine list: by id. */
export const compareQuarantined = (a: Quarantined, b: Quarantined): number =>
	a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
