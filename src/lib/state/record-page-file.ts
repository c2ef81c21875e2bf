/**
 * Saving a record page (issue 14, item 5): the built page (record-page/, loaded only now: it is
 * no part of the app's first load, and the service worker has it precached, so this works
 * offline) with a circle's signed entries written into it (sync/record-page.ts). One HTML file
 * anyone can open in a browser, from a file, with no network: it checks every signature and
 * chain and shows the circle's record. It holds the signed entries only: no settings, no room
 * secret, no draft, nothing from this phone's keystore.
 */
import { fileName } from '$lib/sync/file';
import { pageWithRecord, recordLines } from '$lib/sync/record-page';
import type { Entry, Millis } from '$lib/core/types';
import type { PrivateStub } from '$lib/sync/private-stub';

/** The page's HTML and the name to save it under (`<circle>-record-<day>.html`). */
export const recordPageFile = async (
	circle: { id: string; name: string },
	created: Millis,
	entries: readonly { id: string; entry: Entry }[],
	isPrivate?: (entry: Entry) => boolean,
	stubs: readonly { id: string; stub: PrivateStub }[] = []
): Promise<{ html: string; name: string }> => {
	const { default: template } = await import('virtual:circulate-record-page');
	const html = pageWithRecord(template, recordLines(circle, created, entries, isPrivate, stubs));
	const name = fileName({ circleName: circle.name, kind: 'published', created }).replace(
		/-published-(\d{4}-\d{2}-\d{2})\.circulate\.json$/,
		'-record-$1.html'
	);
	return { html, name };
};
