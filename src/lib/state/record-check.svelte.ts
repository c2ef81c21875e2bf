/**
 * "Check a published record" (issue 14, item 5; the page /verify): anyone — a neighbour, a
 * federation, a journalist — opens a circle's published snapshot file and this device checks
 * every signature, every member's chain and every sealed draw, then shows the circle's public
 * record (sync/public-record.ts). No identity, no network, nothing saved: the file is read, checked
 * in a worker, and forgotten when the page closes.
 */
import type { AuditReport } from '$lib/sync/audit';
import { MAX_FILE_CHARS } from '$lib/sync/file';
import { errorText } from '$lib/messages';
import { m } from '$lib/i18n';
import type { Rejection } from '$lib/core/host/domain';
import { auditSnapshot, readSnapshot } from '$lib/sync/snapshot-read';
import { recordPageFile } from './record-page-file';
import { shareOrDownload } from './save-file';

export type { AuditReport } from '$lib/sync/audit';
export type { PublicRecord, RecordTerm } from '$lib/sync/public-record';

const mib = (n: number) => Math.round(n / (1024 * 1024));

/** What the record screen (ui/verify/RecordScreen.svelte) needs: /verify's check or the record page's. */
export interface RecordChecker {
	status: 'idle' | 'checking' | 'checked' | 'failed';
	report: AuditReport | null;
	error: string;
	fileName: string;
	open(file: File): Promise<void>;
	/** Saves the checked record as a page anyone can open (absent on the page itself). */
	savePage?: () => Promise<void>;
	/** What saving the page did, in a sentence. */
	saved?: string;
}

/** Audits in a module worker, or in place where the browser has none. */
const auditOffThread = (text: string): Promise<AuditReport> => {
	if (typeof Worker === 'undefined') return Promise.resolve().then(() => auditSnapshot(text));
	return new Promise((resolve, reject) => {
		let worker: Worker;
		try {
			worker = new Worker(new URL('./record-check-worker.ts', import.meta.url), { type: 'module' });
		} catch {
			return resolve(auditSnapshot(text));
		}
		worker.onmessage = (event: MessageEvent<{ report?: AuditReport; error?: string | Rejection }>) => {
			worker.terminate();
			if (event.data.report) resolve(event.data.report);
			else {
				const e = event.data.error;
				reject(new Error(typeof e === 'object' && e ? errorText({ rejection: e }) : (e ?? '')));
			}
		};
		worker.onerror = (event) => {
			event.preventDefault();
			worker.terminate();
			try {
				resolve(auditSnapshot(text));
			} catch (err) {
				reject(err instanceof Error ? err : new Error(String(err)));
			}
		};
		worker.postMessage({ text });
	});
};

export class RecordCheck implements RecordChecker {
	status = $state<'idle' | 'checking' | 'checked' | 'failed'>('idle');
	report = $state<AuditReport | null>(null);
	error = $state('');
	fileName = $state('');
	saved = $state('');
	#text = '';

	/** Reads and checks one file; a file that cannot be a record is refused before it is read. */
	async open(file: File): Promise<void> {
		this.fileName = file.name;
		this.report = null;
		this.error = '';
		this.saved = '';
		this.#text = '';
		// JSON text is at least one byte per character: a file over the limit in bytes may still
		// fit in characters only if it is mostly non-ASCII, which an export never is.
		if (file.size > MAX_FILE_CHARS) {
			this.status = 'failed';
			this.error = m.verify_too_large({ size: mib(file.size), max: mib(MAX_FILE_CHARS) });
			return;
		}
		this.status = 'checking';
		try {
			const text = await file.text();
			this.report = await auditOffThread(text);
			this.#text = text;
			this.status = 'checked';
		} catch (err) {
			this.status = 'failed';
			this.error = errorText(err);
		}
	}

	/**
	 * Saves the record just checked as a record page (record-page-file.ts): offered only for a
	 * record that verified, so a page never carries less than the file it was made from.
	 */
	async savePage(): Promise<void> {
		if (!this.report?.verified || !this.#text) return;
		const { head, entries, stubs } = readSnapshot(this.#text);
		const { html, name } = await recordPageFile(
			{ id: head.circle, name: head.circleName },
			head.created,
			entries,
			undefined,
			stubs
		);
		try {
			const how = await shareOrDownload(html, name, `${head.circleName} (Circulate)`, ['text/html']);
			this.saved = how === 'shared' ? m.verify_page_shared({ name }) : m.verify_page_saved({ name });
		} catch {
			this.saved = m.files_cancelled();
		}
	}

	clear(): void {
		this.saved = '';
		this.#text = '';
		this.status = 'idle';
		this.report = null;
		this.error = '';
		this.fileName = '';
	}
}
