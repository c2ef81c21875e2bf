/**
 * The record page (issue 14, item 5): one self-contained HTML file that carries a circle's signed
 * entries and checks them in any browser, opened from a file with no network and no app. The page
 * itself is built once by the app's build (record-page/, vite-record-page.js); this module puts a
 * snapshot into it and reads one back out (docs/protocol/sync.md "The record page").
 *
 * The entries are embedded as readable lines, not as the export's gzip: one byte changed in the
 * page spoils one entry, which the check then names (its author, seq, type and id), instead of
 * spoiling the whole file. In the script element of type `application/x-circulate-record` with the
 * id `circulate-record`, the first line is a header, {"format":"circulate-record-page","version":1,"circle":…,
 * "circleName":…,"created":…,"entries":<count>}, and each further line is `<id> <entry>`: the
 * entry's id (the SHA-256 of its canonical text) and that canonical text with every `<` written
 * `\u003c`, so no member's text can close the script element. Reading parses each line and encodes
 * it canonically again: a canonical text never holds `\u003c`, so the bytes are the signed ones.
 */
import * as canonical from '$lib/core/canonical';
import type { Entry, Millis } from '$lib/core/types';
import type { StoredEntry, UnreadableEntry } from './circle-doc';
import { readEntry } from './stored-entry';
import { claimsOf, type AuditHead, type EntryClaims } from './audit-core';
import { CodedError } from './failure';
import { readStub, stubOf, type PrivateStub } from './private-stub';

export const PAGE_FORMAT = 'circulate-record-page';
export const PAGE_VERSION = 1;
/** Where the page template takes the record; the build writes the template with it (record-page/). */
export const RECORD_SLOT = '<!--circulate-record-->';
export const RECORD_ELEMENT = 'circulate-record';

/** A record page that cannot be read at all (its header is damaged): worded by src/lib/messages. */
export class RecordPageError extends CodedError {}

const scriptSafe = (text: string): string => text.replace(/</g, '\\u003c');

/**
 * The embedded block: a header line, then one `<id> <entry>` line per entry (sorted by id); an
 * entry `isPrivate` keeps out of the record is written as its stub (private-stub.ts).
 */
export const recordLines = (
	circle: { id: string; name: string },
	created: Millis,
	entries: readonly { id: string; entry: Entry }[],
	isPrivate: (entry: Entry) => boolean = () => false,
	/** Stubs already (a checked published file's, saved again as a page): they stay stubs. */
	stubs: readonly { id: string; stub: PrivateStub }[] = []
): string => {
	const items: { id: string; text: string }[] = [
		...entries.map(({ id, entry }) => ({
			id,
			text: canonical.encodeText((isPrivate(entry) ? stubOf(entry) : entry) as never)
		})),
		...stubs.map(({ id, stub }) => ({ id, text: canonical.encodeText(stub as never) }))
	];
	const sorted = items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const header = JSON.stringify({
		format: PAGE_FORMAT,
		version: PAGE_VERSION,
		circle: circle.id,
		circleName: circle.name,
		created,
		entries: sorted.length
	});
	const lines = sorted.map(({ id, text }) => `${id} ${text}`);
	return [header, ...lines].map(scriptSafe).join('\n');
};

/** The page with a record in it: `template` is the built page, holding RECORD_SLOT once. */
export const pageWithRecord = (template: string, lines: string): string => {
	const at = template.indexOf(RECORD_SLOT);
	if (at < 0 || template.indexOf(RECORD_SLOT, at + 1) >= 0) throw new Error('record page template'); // i18n-ignore: a broken build, never a member's doing
	return `${template.slice(0, at)}\n${lines}\n${template.slice(at + RECORD_SLOT.length)}`;
};

export interface PageRecord {
	head: AuditHead;
	entries: StoredEntry[];
	unreadable: (UnreadableEntry & EntryClaims)[];
	/** Private entries the record carries as stubs, under their ids. */
	stubs: { id: string; stub: PrivateStub }[];
}

/** Reads an embedded block back. Throws RecordPageError when its header is not one. */
export const readRecordLines = (block: string): PageRecord => {
	const lines = block.split('\n').filter((l) => l.trim() !== '');
	let header: Record<string, unknown> = {};
	try {
		const raw: unknown = JSON.parse(lines[0] ?? '');
		if (raw && typeof raw === 'object' && !Array.isArray(raw)) header = raw as Record<string, unknown>;
	} catch {
		// not a header: refused below
	}
	if (header.format !== PAGE_FORMAT) throw new RecordPageError('page-damaged');
	if (!Number.isSafeInteger(header.version) || (header.version as number) > PAGE_VERSION)
		throw new RecordPageError('page-newer', { version: String(header.version), max: PAGE_VERSION });
	if (
		typeof header.circle !== 'string' ||
		!/^[0-9a-f]{32}$/.test(header.circle) ||
		typeof header.circleName !== 'string' ||
		!Number.isSafeInteger(header.created)
	)
		throw new RecordPageError('page-damaged');
	const entries: StoredEntry[] = [];
	const unreadable: (UnreadableEntry & EntryClaims)[] = [];
	const stubs: { id: string; stub: PrivateStub }[] = [];
	const seen = new Set<string>();
	lines.slice(1).forEach((line, i) => {
		const space = line.indexOf(' ');
		const id = space > 0 ? line.slice(0, space) : `line ${i + 2}`;
		const text = space > 0 ? line.slice(space + 1) : line;
		if (seen.has(id)) return;
		seen.add(id);
		let value = text;
		try {
			value = canonical.encodeText(JSON.parse(text) as never);
		} catch {
			// not JSON (or not encodable): readEntry says which
		}
		const r = readEntry(id, value);
		const stub = r.ok ? null : readStub(value);
		if (r.ok) entries.push({ id: id as never, entry: r.entry });
		else if (stub && /^[0-9a-f]{64}$/.test(id)) stubs.push({ id, stub });
		else unreadable.push({ ...claimsOf(text), id, problem: r.problem });
	});
	// A line lost or added: the header's count no longer matches (an omission is also a hole).
	if (header.entries !== lines.length - 1)
		unreadable.push({
			id: 'count',
			problem: { code: 'page-count', params: { expected: String(header.entries), found: lines.length - 1 } }
		});
	return {
		head: {
			circle: header.circle,
			circleName: header.circleName,
			kind: 'published',
			created: header.created as Millis
		},
		entries,
		unreadable,
		stubs
	};
};

/** The embedded block in a page's HTML text (a page the visitor picked), or null. */
export const recordBlockOf = (html: string): string | null => {
	const open = new RegExp(`<script[^>]*id="${RECORD_ELEMENT}"[^>]*>`).exec(html);
	if (!open) return null;
	const start = open.index + open[0].length;
	const end = html.slice(start).search(/<\/script\s*>/i);
	return end < 0 ? null : html.slice(start, start + end);
};
