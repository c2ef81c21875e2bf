/**
 * Files carried by hand (sneakernet): a circle's document exported whole, or only what
 * another device lacks (a delta against its state vector), as text that the state layer hands
 * to the phone's share sheet or the downloads (state/save-file.ts); importing merges. A
 * published snapshot is the third kind: only the signed entries, in a document of their own,
 * with no settings, no room secret and no shared draft; it is the file a circle publishes for
 * `npm run verify`, and importing it adds the entries a phone lacks and nothing else.
 *
 * Nothing here touches the page. Everything is checked before the doc is touched, so a bad,
 * cut-short, foreign, newer or oversized file changes nothing (docs/protocol/sync.md "Export
 * files" has the limits and the exact rules):
 *   { "format": "circulate-export", "version": 2, "circle": <32 hex>, "circleName": <text>,
 *     "kind": "whole" | "delta" | "published", "created": <ms since epoch>,
 *     "base": <base64 state vector> | null, "compression": "gzip", "length": <bytes of the update>,
 *     "sha256": <hex of the update>, "update": <base64 of gzip(Yjs update v1)> }
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from './base64';
import { gzipSync } from 'fflate';
import { sha256Hex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import type { CircleId, Entry, Millis } from '$lib/core/types';
import { readStub, stubOf } from './private-stub';
import { ENTRIES, entriesOf, readEntries, readEntry } from './circle-doc';
import { GzipError, gunzipOne } from './gzip';
import { base32Decode, base32Encode } from './sdp';
import { CodedError, type Failure } from './failure';

export const FORMAT = 'circulate-export';
/** The version this app writes; it reads 1 (no published kind) and 2. */
export const VERSION = 2;
/** Refuse text longer than this before parsing it: a phone must not run out of memory on a bad file. */
export const MAX_FILE_CHARS = 96 * 1024 * 1024;
/** The most a file's update may unpack to (its declared `length` and what comes out). */
export const MAX_UPDATE_BYTES = 64 * 1024 * 1024;
/** The most Yjs items carrying content one file may hold: every entry is one. */
export const MAX_FILE_ENTRIES = 100_000;

export type ExportKind = 'whole' | 'delta' | 'published';

export interface CircleRef {
	id: CircleId;
	name: string;
}

export interface ExportEnvelope {
	format: typeof FORMAT;
	version: number;
	circle: CircleId;
	circleName: string;
	kind: ExportKind;
	created: Millis;
	base: string | null;
	compression: 'gzip';
	length: number;
	sha256: string;
	update: string;
}

/** The envelope's members, in the order writers write them; readers refuse any other member. */
const MEMBERS = [
	'format',
	'version',
	'circle',
	'circleName',
	'kind',
	'created',
	'base',
	'compression',
	'length',
	'sha256',
	'update'
] as const satisfies readonly (keyof ExportEnvelope)[];

/** A file that cannot be imported: a code (`import-*`) with parameters, worded by src/lib/messages. */
export class ImportError extends CodedError {}

const envelopeOf = (
	circle: CircleRef,
	kind: ExportKind,
	now: Millis,
	update: Uint8Array,
	base: Uint8Array | null
): { text: string; envelope: ExportEnvelope } => {
	const envelope: ExportEnvelope = {
		format: FORMAT,
		version: VERSION,
		circle: circle.id,
		circleName: circle.name,
		kind,
		created: now,
		base: base ? toBase64(base) : null,
		compression: 'gzip',
		length: update.length,
		sha256: sha256Hex(update),
		// One gzip member with a plain header (fflate writes no name, comment or extra field).
		update: toBase64(gzipSync(update, { level: 6 }))
	};
	return { text: JSON.stringify(envelope), envelope };
};

/** Builds the export text. `base` is the other device's state vector for a delta. */
export const exportCircle = (
	doc: Y.Doc,
	circle: CircleRef,
	now: Millis,
	base?: Uint8Array
): { text: string; envelope: ExportEnvelope } => {
	const update = base ? Y.encodeStateAsUpdate(doc, base) : Y.encodeStateAsUpdate(doc);
	return envelopeOf(circle, base ? 'delta' : 'whole', now, update, base ?? null);
};

/**
 * Builds a published snapshot: every entry of the doc that reads under its key, as its
 * canonical text, in a new document that holds nothing else (no `meta`, so no room secret
 * and no servers; no charter draft). The new document has a random Yjs client id like any
 * other: with a fixed one, two snapshots of different entries imported into one phone would
 * carry different items under the same ids, and Yjs would keep only one of each.
 */
export const publishCircle = (
	doc: Y.Doc,
	circle: CircleRef,
	now: Millis,
	isPrivate: (entry: Entry) => boolean = () => false
): { text: string; envelope: ExportEnvelope; entries: number; private: number } => {
	const { entries } = readEntries(doc);
	const snapshot = new Y.Doc();
	const map = entriesOf(snapshot);
	let withheld = 0;
	snapshot.transact(() => {
		for (const { id, entry } of entries) {
			// A private entry goes out as its stub (private-stub.ts): id and header, no body.
			const hide = isPrivate(entry);
			if (hide) withheld++;
			map.set(id, canonical.encodeText((hide ? stubOf(entry) : entry) as never));
		}
	});
	const update = Y.encodeStateAsUpdate(snapshot);
	snapshot.destroy();
	return {
		...envelopeOf(circle, 'published', now, update, null),
		entries: entries.length,
		private: withheld
	};
};

export interface ReadExport {
	envelope: ExportEnvelope;
	update: Uint8Array;
}

const B64_OTHER = /[^A-Za-z0-9+/]/;

/**
 * Decodes base64 in the standard alphabet of RFC 4648 §4 with `=` padding and zero pad bits,
 * and nothing else (no white space, no URL-safe alphabet, no missing padding): browsers and
 * Node decode anything else differently. Returns what is wrong instead, as a code.
 */
export const decodeBase64Strict = (s: string): Uint8Array | Failure => {
	const other = s.search(B64_OTHER);
	const body = other < 0 ? s.length : other;
	const padding = s.length - body;
	if (padding > 2 || s.slice(body) !== '='.repeat(padding)) {
		const at = s.slice(body).search(/[^=]/) + body;
		return { code: 'base64-char', params: { char: JSON.stringify(s[at]), at: at + 1 } };
	}
	if (s.length % 4 !== 0) return { code: 'base64-short' };
	const last = s.charCodeAt(body - 1);
	const value = (c: number) => (c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : c === 43 ? 62 : 63);
	if (padding && (value(last) & (padding === 1 ? 3 : 15)) !== 0) return { code: 'base64-bits' };
	return fromBase64(s);
};

const isSafeCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** Reads and checks a file's text completely without touching any doc. Throws ImportError. */
export const readExport = (text: string): ReadExport => {
	if (text.length > MAX_FILE_CHARS) throw new ImportError('import-too-large', { max: MAX_FILE_CHARS });
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		const looksOurs = text.trimStart().startsWith('{') && text.includes(`"${FORMAT}"`);
		throw new ImportError(looksOurs ? 'import-cut-short' : 'import-not-export');
	}
	const o = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<
		string,
		unknown
	>;
	if (o.format !== FORMAT) throw new ImportError('import-not-export');
	if (!Number.isSafeInteger(o.version) || (o.version as number) < 1) throw new ImportError('import-version');
	if ((o.version as number) > VERSION)
		throw new ImportError('import-newer', { version: o.version as number, max: VERSION });
	/** Damaged or incomplete: `what` says how (a code, worded as `rule_import_damaged__<what>`). */
	const damaged = (what: string, params: Failure['params'] = {}) =>
		new ImportError('import-damaged', { what, ...params });
	const extra = Object.keys(o).filter((k) => !(MEMBERS as readonly string[]).includes(k));
	if (extra.length) throw damaged('fields', { fields: extra.sort().join(', ') });
	if (typeof o.circle !== 'string' || !/^[0-9a-f]{32}$/.test(o.circle)) throw damaged('circle');
	if (typeof o.circleName !== 'string') throw damaged('name');
	const kinds = o.version === 1 ? ['whole', 'delta'] : ['whole', 'delta', 'published'];
	if (typeof o.kind !== 'string' || !kinds.includes(o.kind)) throw damaged('kind');
	if (!isSafeCount(o.created)) throw damaged('date');
	if (o.kind === 'delta' ? typeof o.base !== 'string' : o.base !== null) throw damaged('base');
	if (o.compression !== 'gzip') throw damaged('compression');
	if (!isSafeCount(o.length) || typeof o.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(o.sha256))
		throw damaged('content');
	if (typeof o.update !== 'string') throw damaged('content');
	if (typeof o.base === 'string') {
		const base = decodeBase64Strict(o.base);
		if (!(base instanceof Uint8Array))
			throw damaged('base-code', { problem: base.code, problemParams: base.params ?? {} });
	}
	if (o.length > MAX_UPDATE_BYTES)
		throw new ImportError('import-too-big', { size: o.length, max: MAX_UPDATE_BYTES });
	const packed = decodeBase64Strict(o.update);
	if (!(packed instanceof Uint8Array))
		throw damaged('copied', { problem: packed.code, problemParams: packed.params ?? {} });
	let update: Uint8Array;
	try {
		update = gunzipOne(packed, o.length);
	} catch (err) {
		const code = err instanceof GzipError ? err.code : 'gzip-damaged';
		throw damaged(
			code === 'gzip-too-long' || code === 'gzip-members' || code === 'gzip-header' || code === 'gzip-trailer'
				? code
				: 'gzip-damaged',
			{ bytes: o.length }
		);
	}
	if (update.length !== o.length || sha256Hex(update) !== o.sha256) throw damaged('checksum');
	let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
	try {
		// Parses every struct; throws on anything that is not a Yjs update.
		structs = Y.decodeUpdate(update).structs;
	} catch {
		throw damaged('document');
	}
	let items = 0;
	for (const s of structs) if (s instanceof Y.Item && !(s.content instanceof Y.ContentDeleted)) items++;
	if (items > MAX_FILE_ENTRIES)
		throw new ImportError('import-too-many', { count: items, max: MAX_FILE_ENTRIES });
	return { envelope: o as unknown as ExportEnvelope, update };
};

/**
 * The document a published snapshot carries, alone: only `entries`, every item in place.
 * Throws ImportError when it carries anything else (settings, a draft, another type).
 */
export const readPublished = (update: Uint8Array): Y.Doc => {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, update);
	} catch {
		doc.destroy();
		throw new ImportError('import-damaged', { what: 'document' });
	}
	const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
	const others = [...doc.share.keys()].filter((k) => k !== ENTRIES);
	if (others.length || store.pendingStructs !== null || store.pendingDs !== null) {
		doc.destroy();
		throw new ImportError('import-published-extra', { others: others.join(', ') });
	}
	return doc;
};

export interface ImportResult {
	newEntries: number;
	/** A published file's private entries (stubs): left out, as the circle that published it chose. */
	private: number;
	/** True when some changes wait for history this device does not have yet (a delta made for another device). */
	incomplete: boolean;
}

export const IMPORT_ORIGIN = Symbol('file-import');

/**
 * Checks the file against the circle it is imported into, then merges it. Throws
 * ImportError (and changes nothing) when it does not belong. A published snapshot is not
 * merged as a document: its entries that read are added where this phone has none (or has
 * a value that does not read), so it can never change a setting or the draft.
 */
export const importInto = (doc: Y.Doc, circle: CircleRef, text: string): ImportResult => {
	const { envelope, update } = readExport(text);
	if (envelope.circle !== circle.id) {
		throw new ImportError('import-other-circle', { theirs: envelope.circleName.trim(), ours: circle.name });
	}
	const entries = entriesOf(doc);
	if (envelope.kind === 'published') {
		const snapshot = readPublished(update);
		const { entries: found, unreadable } = readEntries(snapshot);
		// A stub never enters a document (private-stub.ts): only entries that read are added.
		const published = entriesOf(snapshot);
		const withheld = unreadable.filter((u) => readStub(published.get(u.id)) !== null).length;
		snapshot.destroy();
		let added = 0;
		doc.transact(() => {
			for (const { id, entry } of found) {
				const current = entries.get(id);
				if (current !== undefined && readEntry(id, current).ok) continue;
				entries.set(id, canonical.encodeText(entry));
				added++;
			}
		}, IMPORT_ORIGIN);
		return { newEntries: added, private: withheld, incomplete: false };
	}
	const before = entries.size;
	Y.applyUpdate(doc, update, IMPORT_ORIGIN);
	const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
	return {
		newEntries: entries.size - before,
		private: 0,
		incomplete: store.pendingStructs !== null || store.pendingDs !== null
	};
};

/** A file name people recognise: `elm-st-tools-whole-2026-11-23.circulate.json`. */
export const fileName = (e: Pick<ExportEnvelope, 'circleName' | 'kind' | 'created'>): string => {
	const slug =
		e.circleName
			.normalize('NFKD')
			.replace(/[^\p{L}\p{N}]+/gu, '-')
			.replace(/^-+|-+$/g, '')
			.toLowerCase()
			.slice(0, 40) || 'circle';
	const day = new Date(e.created).toISOString().slice(0, 10);
	return `${slug}-${e.kind}-${day}.circulate.json`;
};

// ---- a device's state vector as a QR code ------------------------------------------

const SV_PREFIX = 'CV1:';

/** The code a device shows so another can export only what it lacks. */
export const encodeStateVectorCode = (circle: CircleId, doc: Y.Doc): string => {
	const sv = Y.encodeStateVector(doc);
	const out = new Uint8Array(16 + sv.length);
	out.set((circle.match(/../g) ?? []).map((h) => parseInt(h, 16)));
	out.set(sv, 16);
	return SV_PREFIX + base32Encode(out);
};

export const decodeStateVectorCode = (text: string): { circle: CircleId; sv: Uint8Array } => {
	const t = text.replace(/\s+/g, '').toUpperCase();
	if (!t.startsWith(SV_PREFIX)) throw new ImportError('have-code-not-one');
	let b: Uint8Array;
	try {
		b = base32Decode(t.slice(SV_PREFIX.length));
		if (b.length < 17) throw new Error('short');
		Y.decodeStateVector(b.subarray(16));
	} catch {
		throw new ImportError('have-code-unreadable');
	}
	const circle = [...b.subarray(0, 16)].map((x) => x.toString(16).padStart(2, '0')).join('') as CircleId;
	return { circle, sv: b.slice(16) };
};
