/**
 * Files carried by hand (sneakernet): a circle's document exported whole, or only what
 * another device lacks (a delta against its state vector), as text that the state layer hands
 * to the phone's share sheet or the downloads (state/save-file.ts); importing merges. Nothing
 * here touches the page. Everything is checked before the doc is touched, so a bad, cut-short,
 * foreign or newer file changes nothing.
 *
 * The file is UTF-8 JSON (docs/PROTOCOL.md "Export files"):
 *   { "format": "circulate-export", "version": 1, "circle": <32 hex>, "circleName": <text>,
 *     "kind": "whole" | "delta", "created": <ms since epoch>, "base": <base64 state vector> | null,
 *     "compression": "gzip", "length": <bytes of the update>, "sha256": <hex of the update>,
 *     "update": <base64 of gzip(Yjs update v1)> }
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { gunzipSync, gzipSync } from 'fflate';
import { sha256Hex } from '$lib/core/bytes';
import type { CircleId, Millis } from '$lib/core/types';
import { base32Decode, base32Encode } from './sdp';

export const FORMAT = 'circulate-export';
export const VERSION = 1;
/** Refuse anything bigger before reading it: a phone must not run out of memory on a bad file. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface CircleRef {
	id: CircleId;
	name: string;
}

export interface ExportEnvelope {
	format: typeof FORMAT;
	version: number;
	circle: CircleId;
	circleName: string;
	kind: 'whole' | 'delta';
	created: Millis;
	base: string | null;
	compression: 'gzip';
	length: number;
	sha256: string;
	update: string;
}

export class ImportError extends Error {}

const nothing = 'Nothing was imported.';

/** Builds the export text. `base` is the other device's state vector for a delta. */
export const exportCircle = (
	doc: Y.Doc,
	circle: CircleRef,
	now: Millis,
	base?: Uint8Array
): { text: string; envelope: ExportEnvelope } => {
	const update = base ? Y.encodeStateAsUpdate(doc, base) : Y.encodeStateAsUpdate(doc);
	const envelope: ExportEnvelope = {
		format: FORMAT,
		version: VERSION,
		circle: circle.id,
		circleName: circle.name,
		kind: base ? 'delta' : 'whole',
		created: now,
		base: base ? toBase64(base) : null,
		compression: 'gzip',
		length: update.length,
		sha256: sha256Hex(update),
		update: toBase64(gzipSync(update, { level: 6 }))
	};
	return { text: JSON.stringify(envelope), envelope };
};

export interface ReadExport {
	envelope: ExportEnvelope;
	update: Uint8Array;
}

/** Reads and checks a file's text completely without touching any doc. Throws ImportError. */
export const readExport = (text: string): ReadExport => {
	if (text.length > MAX_FILE_BYTES)
		throw new ImportError(`This file is too large to be a Circulate export. ${nothing}`);
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		const looksOurs = text.trimStart().startsWith('{') && text.includes(`"${FORMAT}"`);
		throw new ImportError(
			looksOurs
				? `This Circulate file is damaged or incomplete (it may have been cut short while copying). ${nothing}`
				: `This file is not a Circulate export. ${nothing}`
		);
	}
	const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	if (o.format !== FORMAT) throw new ImportError(`This file is not a Circulate export. ${nothing}`);
	if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1)
		throw new ImportError(`This Circulate file is damaged (its format version does not read). ${nothing}`);
	if (o.version > VERSION)
		throw new ImportError(
			`This file was made by a newer Circulate (file format ${o.version}; this app reads up to ${VERSION}). Update the app, then import it again. ${nothing}`
		);
	const damaged = (what: string) =>
		new ImportError(`This Circulate file is damaged or incomplete (${what}). ${nothing}`);
	if (typeof o.circle !== 'string' || !/^[0-9a-f]{32}$/.test(o.circle)) throw damaged('no circle id');
	if (typeof o.circleName !== 'string') throw damaged('no circle name');
	if (o.kind !== 'whole' && o.kind !== 'delta') throw damaged('unknown kind');
	if (typeof o.created !== 'number') throw damaged('no date');
	if (o.base !== null && typeof o.base !== 'string') throw damaged('bad base');
	if (o.compression !== 'gzip') throw damaged('unknown compression');
	if (typeof o.length !== 'number' || typeof o.sha256 !== 'string' || typeof o.update !== 'string')
		throw damaged('no content');
	let update: Uint8Array;
	try {
		update = gunzipSync(fromBase64(o.update));
	} catch {
		throw damaged('the content does not unpack');
	}
	if (update.length !== o.length || sha256Hex(update) !== o.sha256)
		throw damaged('the content does not match its checksum');
	try {
		// Parses every struct; throws on anything that is not a Yjs update.
		Y.decodeUpdate(update);
	} catch {
		throw damaged('the content is not a circle document');
	}
	return { envelope: o as unknown as ExportEnvelope, update };
};

export interface ImportResult {
	newEntries: number;
	/** True when some changes wait for history this device does not have yet (a delta made for another device). */
	incomplete: boolean;
}

export const IMPORT_ORIGIN = Symbol('file-import');

/**
 * Checks the file against the circle it is imported into, then merges it. Throws
 * ImportError (and changes nothing) when it does not belong.
 */
export const importInto = (doc: Y.Doc, circle: CircleRef, text: string): ImportResult => {
	const { envelope, update } = readExport(text);
	if (envelope.circle !== circle.id) {
		const theirs = envelope.circleName.trim() || 'an unnamed circle';
		throw new ImportError(`This file belongs to circle '${theirs}', not '${circle.name}'. ${nothing}`);
	}
	const entries = doc.getMap<string>('entries');
	const before = entries.size;
	Y.applyUpdate(doc, update, IMPORT_ORIGIN);
	const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
	return {
		newEntries: entries.size - before,
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
	if (!t.startsWith(SV_PREFIX)) throw new ImportError('This is not a Circulate “what I have” code.');
	let b: Uint8Array;
	try {
		b = base32Decode(t.slice(SV_PREFIX.length));
		if (b.length < 17) throw new Error('short');
		Y.decodeStateVector(b.subarray(16));
	} catch {
		throw new ImportError('This “what I have” code does not read. Scan it again.');
	}
	const circle = [...b.subarray(0, 16)].map((x) => x.toString(16).padStart(2, '0')).join('') as CircleId;
	return { circle, sv: b.slice(16) };
};
