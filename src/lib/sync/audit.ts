/**
 * Auditing a published ledger from an export file (DESIGN.md §1, §10): the file's document is
 * read without any device state (snapshot-read.ts) and its entries audited by audit-core.ts
 * (every signature with the strict rule, the ledger and the domains folded from scratch, every
 * seal recomputed, holes, forks, unseen and future-dated entries found).
 */
import type { Millis } from '$lib/core/types';
import { auditEntries, checkSignatures, type AuditReport } from './audit-core';
import { readExportRecord } from './snapshot-read';

export * from './audit-core';

/**
 * Audits an export file's text. `given`: the clock to evaluate with (`--now`); without it, the
 * instant the snapshot says it was made (`created`), so the report is the same on every machine
 * and an entry dated after the snapshot was made shows as future-dated.
 */
export const auditExport = (text: string, given?: Millis): AuditReport => {
	const { head, entries, unreadable, carriesSettings, stubs } = readExportRecord(text);
	return auditEntries(head, checkSignatures(entries), unreadable, carriesSettings, given, stubs);
};
