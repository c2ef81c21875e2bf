/**
 * Entries the ledger holds but does not count, each with the reason as a code and what a
 * sentence about it needs as parameters. Nothing is ever deleted: DESIGN.md §3, "invalid is
 * quarantined, not deleted". Reasons are stable strings (docs/protocol/entries.md); the
 * sentences a person reads are in src/lib/messages/quarantine.ts, so they can improve (or be
 * translated) without touching a rule.
 */
import type { Json } from './canonical';
import type { Rejection } from './host/domain';
import type { Entry, EntryId } from './types';

export type QuarantineReason =
	| 'bad-signature'
	| 'not-a-member'
	| 'broken-chain'
	| 'future-timestamp'
	| 'wrong-circle'
	| 'malformed'
	| 'invalid-body'
	| 'unknown-type';

/** What a sentence about the reason needs: a key, a seq, an id, a time, a problem's code. */
export type QuarantineParams = { [key: string]: Json };

export interface Quarantined {
	id: EntryId;
	/** Null only when the entry could not be read at all (malformed). */
	entry: Entry | null;
	reason: QuarantineReason;
	/** Which case of the reason, when it covers several (e.g. 'second-genesis' of invalid-body). */
	detail?: string;
	params?: QuarantineParams;
}

/** A quarantine record; `detail` and `params` are left out when there are none. */
export const quarantined = (
	id: EntryId,
	entry: Entry | null,
	reason: QuarantineReason,
	detail?: string,
	params?: QuarantineParams
): Quarantined => {
	const q: Quarantined = { id, entry, reason };
	if (detail !== undefined) q.detail = detail;
	if (params !== undefined) q.params = params;
	return q;
};

/**
 * The parameters that carry a problem found by another check (a decoder's or a naming
 * rule's code): `problem` is its code and `problemParams` its own parameters, if any.
 */
export const problemOf = (r: Rejection): QuarantineParams =>
	r.params ? { problem: r.code, problemParams: r.params } : { problem: r.code };

/** Reasons in the order the audit view groups them. */
export const REASONS: readonly QuarantineReason[] = [
	'bad-signature',
	'wrong-circle',
	'malformed',
	'future-timestamp',
	'broken-chain',
	'not-a-member',
	'invalid-body',
	'unknown-type'
];

/** Deterministic order of a quarantine list: by id. */
export const compareQuarantined = (a: Quarantined, b: Quarantined): number =>
	a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
