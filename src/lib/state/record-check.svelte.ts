/**
 * "Check a published record" (issue 14, item 5; the page /verify): anyone — a neighbour, a
 * federation, a journalist — opens a circle's published snapshot file and this device checks
 * every signature, every member's chain and every sealed draw, then shows the circle's public
 * record (sync/public-record.ts). No identity, no network, nothing saved: the file is read, checked
 * in a worker, and forgotten when the page closes.
 */
import { auditExport, type AuditReport } from '$lib/sync/audit';
import { MAX_FILE_CHARS } from '$lib/sync/file';
import { errorText } from '$lib/messages';
import type { Rejection } from '$lib/core/host/domain';

export type { AuditReport } from '$lib/sync/audit';
export type { PublicRecord, RecordTerm } from '$lib/sync/public-record';

const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Audits in a module worker, or in place where the browser has none. */
const auditOffThread = (text: string): Promise<AuditReport> => {
	if (typeof Worker === 'undefined') return Promise.resolve().then(() => auditExport(text));
	return new Promise((resolve, reject) => {
		let worker: Worker;
		try {
			worker = new Worker(new URL('./record-check-worker.ts', import.meta.url), { type: 'module' });
		} catch {
			return resolve(auditExport(text));
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
				resolve(auditExport(text));
			} catch (err) {
				reject(err instanceof Error ? err : new Error(String(err)));
			}
		};
		worker.postMessage({ text });
	});
};

export class RecordCheck {
	status = $state<'idle' | 'checking' | 'checked' | 'failed'>('idle');
	report = $state<AuditReport | null>(null);
	error = $state('');
	fileName = $state('');

	/** Reads and checks one file; a file that cannot be a record is refused before it is read. */
	async open(file: File): Promise<void> {
		this.fileName = file.name;
		this.report = null;
		this.error = '';
		// JSON text is at least one byte per character: a file over the limit in bytes may still
		// fit in characters only if it is mostly non-ASCII, which an export never is.
		if (file.size > MAX_FILE_CHARS) {
			this.status = 'failed';
			this.error = `This file is ${mib(file.size)}, too large to be a Circulate record (at most ${mib(MAX_FILE_CHARS)}). Nothing was read.`;
			return;
		}
		this.status = 'checking';
		try {
			const text = await file.text();
			this.report = await auditOffThread(text);
			this.status = 'checked';
		} catch (err) {
			this.status = 'failed';
			this.error = errorText(err);
		}
	}

	clear(): void {
		this.status = 'idle';
		this.report = null;
		this.error = '';
		this.fileName = '';
	}
}
