/**
 * Reading any published record a visitor may open, as entries to audit (audit-core.ts): an export
 * file (`.circulate.json`, its Yjs document read without any device state) or a record page (its
 * embedded lines, record-page.ts). Nothing is checked here; auditEntries does that.
 */
import * as Y from 'yjs';
import type { Millis } from '$lib/core/types';
import { ImportError, readExport } from './file';
import { META, entriesOf, readEntries } from './circle-doc';
import { auditEntries, checkSignatures, claimsOf, type AuditReport } from './audit-core';
import { readRecordLines, recordBlockOf, type PageRecord } from './record-page';
import { readStub } from './private-stub';

export interface SnapshotRecord extends PageRecord {
	/** The file carries circle settings (the room secret, servers): not one to publish. */
	carriesSettings: boolean;
}

/** An export file's entries. Throws ImportError for a file that is not one. */
export const readExportRecord = (text: string): SnapshotRecord => {
	const { envelope, update } = readExport(text);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const { entries, unreadable } = readEntries(doc);
	const map = entriesOf(doc);
	const carriesSettings = doc.share.has(META) && doc.getMap(META).size > 0;
	// A published file's private entries are stubs (private-stub.ts): not entries, not damage.
	const stubs = unreadable.flatMap((u) => {
		const stub = envelope.kind === 'published' ? readStub(map.get(u.id)) : null;
		return stub && /^[0-9a-f]{64}$/.test(u.id) ? [{ id: u.id, stub }] : [];
	});
	const stubIds = new Set(stubs.map((s) => s.id));
	doc.destroy();
	return {
		head: envelope,
		entries,
		unreadable: unreadable
			.filter((u) => !stubIds.has(u.id))
			.map((u) => ({ ...claimsOf(map.get(u.id)), ...u })),
		stubs,
		carriesSettings
	};
};

/** An export file's or a record page's entries, by what the text is. */
export const readSnapshot = (text: string): SnapshotRecord => {
	if (text.trimStart().startsWith('{')) return readExportRecord(text);
	const block = recordBlockOf(text);
	if (block === null) throw new ImportError('import-not-export');
	return { ...readRecordLines(block), carriesSettings: false };
};

/** Audits an export file's or a record page's text at once (the app's worker, `npm run verify`). */
export const auditSnapshot = (text: string, given?: Millis): AuditReport => {
	const rec = readSnapshot(text);
	return auditEntries(
		rec.head,
		checkSignatures(rec.entries),
		rec.unreadable,
		rec.carriesSettings,
		given,
		rec.stubs
	);
};
