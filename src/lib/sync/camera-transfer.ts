/**
 * What the camera-only path carries (fountain.ts): an export of what the filming phone lacks,
 * the same export a file would hold (file.ts: its envelope, gzip of the Yjs update, its hash),
 * packed tighter for QR codes. The envelope's text and the gzip bytes travel side by side
 * instead of the gzip inside the text as base64 (a third more frames for nothing):
 *
 *     envelope length (4 bytes, big-endian) · envelope JSON without `update` (UTF-8) · gzip bytes
 *
 * The receiving phone rebuilds the export's text and imports it like a file it was handed, so
 * everything a file import checks (the circle, the hash, the limits, every entry's signature and
 * rule) is checked the same way; a payload that does not rebuild says so and changes nothing.
 *
 * The head may also carry `federations`: the federation ledgers the sending phone holds that the
 * circle has a mandate for, `[{id, entries}]` (sync.md, "Federation ledgers"). They are taken off
 * before the export is rebuilt, and the receiver takes each entry as a file's (takeCarried), only
 * for a ledger it holds or its circle names.
 */
import type * as Y from 'yjs';
import { toBase64 } from './base64';
import type { Millis } from '$lib/core/types';
import { decodeBase64Strict, exportCircle, ImportError, type CircleRef } from './file';

/** The bytes to show as frames: what the phone whose state vector is `base` lacks. */
export const cameraPayload = (
	doc: Y.Doc,
	circle: CircleRef,
	now: Millis,
	base: Uint8Array,
	federations: readonly { id: string; entries: unknown[] }[] = []
): Uint8Array => {
	const { envelope } = exportCircle(doc, circle, now, base);
	const { update, ...rest } = envelope;
	const withFed = federations.length > 0 ? { ...rest, federations } : rest;
	const head = new TextEncoder().encode(JSON.stringify(withFed));
	const gz = decodeBase64Strict(update);
	if (!(gz instanceof Uint8Array)) throw new ImportError(gz.code, gz.params); // our own export: never
	const out = new Uint8Array(4 + head.length + gz.length);
	new DataView(out.buffer).setUint32(0, head.length);
	out.set(head, 4);
	out.set(gz, 4 + head.length);
	return out;
};

const unreadable = () => new ImportError('import-camera-unreadable');

/** The federation ledgers a payload carries (none when it carries none, or does not read). */
export const federationsOf = (payload: Uint8Array): { id: string; entries: unknown[] }[] => {
	try {
		const n = new DataView(payload.buffer, payload.byteOffset).getUint32(0);
		const head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(4, 4 + n))) as {
			federations?: unknown;
		};
		if (!Array.isArray(head.federations)) return [];
		return (head.federations as { id?: unknown; entries?: unknown }[])
			.filter((f) => typeof f?.id === 'string' && Array.isArray(f.entries))
			.map((f) => ({ id: f.id as string, entries: f.entries as unknown[] }));
	} catch {
		return [];
	}
};

/** The export text the payload carries (then checked in full by the import). Throws ImportError. */
export const exportTextOf = (payload: Uint8Array): string => {
	if (payload.length < 4) throw unreadable();
	const n = new DataView(payload.buffer, payload.byteOffset).getUint32(0);
	if (n > payload.length - 4) throw unreadable();
	let head: unknown;
	try {
		head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(4, 4 + n)));
	} catch {
		throw unreadable();
	}
	if (!head || typeof head !== 'object' || Array.isArray(head) || 'update' in head) throw unreadable();
	// The federation ledgers are not the export's (federationsOf reads them).
	const { federations: _federations, ...exported } = head as Record<string, unknown>;
	// `update` last, where writers put it (the import refuses members out of order).
	return JSON.stringify({ ...exported, update: toBase64(payload.subarray(4 + n)) });
};
