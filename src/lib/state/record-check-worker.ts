/**
 * Checks a published record (an export file or a record page) off the page's thread: a year of a circle is thousands of
 * signatures, seconds of CPU on a phone, which on the main thread would freeze the screen.
 * Asked with `{ text }`, answers `{ report }` or `{ error }`: the refusal's code and parameters
 * (sync/failure.ts), worded on the page in the member's language, else the error's message.
 */
import { auditSnapshot } from '$lib/sync/snapshot-read';

const scope = self as unknown as Worker;

scope.onmessage = (event: MessageEvent<{ text: string }>) => {
	try {
		scope.postMessage({ report: auditSnapshot(event.data.text) });
	} catch (err) {
		const rejection = (err as { rejection?: unknown })?.rejection;
		scope.postMessage({ error: rejection ?? (err instanceof Error ? err.message : String(err)) });
	}
};
