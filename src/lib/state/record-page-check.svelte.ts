/**
 * The record page's check (issue 14, item 5; record-page/): the same audit as /verify, run on the
 * page's own thread, because a page opened from a file may not start a module worker. The
 * signatures (nearly all the work) are checked in slices with a pause between them, so the page
 * keeps painting and answering while a year of entries is checked; then the fold runs once.
 */
import { auditEntries, type AuditReport, type CheckedEntry } from '$lib/sync/audit-core';
import { verifySignature } from '$lib/core/entry';
import { MAX_FILE_CHARS } from '$lib/sync/file';
import { readRecordLines } from '$lib/sync/record-page';
import { readSnapshot, type SnapshotRecord } from '$lib/sync/snapshot-read';
import { errorText } from '$lib/messages';
import { m } from '$lib/i18n';
import type { RecordChecker } from './record-check.svelte';

/** Signatures checked between two pauses: about a frame's work on a phone. */
const SLICE = 24;

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Audits a read record, its signatures in slices; `progress` hears how many are checked. */
export const auditSliced = async (
	rec: SnapshotRecord,
	progress: (done: number, total: number) => void = () => undefined
): Promise<AuditReport> => {
	const checked: CheckedEntry[] = [];
	for (let i = 0; i < rec.entries.length; i += SLICE) {
		for (const { id, entry } of rec.entries.slice(i, i + SLICE))
			checked.push({ id, entry, sigValid: verifySignature(entry) });
		progress(checked.length, rec.entries.length);
		await pause();
	}
	return auditEntries(rec.head, checked, rec.unreadable, rec.carriesSettings, undefined, rec.stubs);
};

const mib = (n: number) => Math.round(n / (1024 * 1024));

export class PageCheck implements RecordChecker {
	status = $state<'idle' | 'checking' | 'checked' | 'failed'>('idle');
	report = $state<AuditReport | null>(null);
	error = $state('');
	fileName = $state('');
	/** Signatures checked so far, of how many (shown while checking). */
	done = $state(0);
	total = $state(0);

	async #run(read: () => SnapshotRecord): Promise<void> {
		this.report = null;
		this.error = '';
		this.status = 'checking';
		this.done = 0;
		this.total = 0;
		try {
			await pause(); // the "checking" line paints before the work starts
			this.report = await auditSliced(read(), (done, total) => {
				this.done = done;
				this.total = total;
			});
			this.status = 'checked';
		} catch (err) {
			this.status = 'failed';
			this.error = errorText(err);
		}
	}

	/** Checks the record the page carries (its embedded lines). */
	openEmbedded(block: string): Promise<void> {
		this.fileName = '';
		return this.#run(() => ({ ...readRecordLines(block), carriesSettings: false }));
	}

	/** Checks a file the visitor picked: an export file or another record page. */
	async open(file: File): Promise<void> {
		this.fileName = file.name;
		if (file.size > MAX_FILE_CHARS) {
			this.report = null;
			this.status = 'failed';
			this.error = m.verify_too_large({ size: mib(file.size), max: mib(MAX_FILE_CHARS) });
			return;
		}
		const text = await file.text();
		return this.#run(() => readSnapshot(text));
	}
}
