/**
 * Reading the gzip content of an export file (docs/protocol/sync.md "Export files") without
 * trusting it: exactly one gzip member (RFC 1952) with a plain header, inflated in small steps
 * and stopped the moment the output passes `limit`, so a compression bomb costs a few
 * megabyte past the limit, never what it claims to unpack to; then the member's CRC-32 and length are
 * checked, as zlib checks them, so every reader gives the same verdict on the same bytes.
 *
 * fflate's streaming Gunzip does not say where a member ends, and reads a second member (or
 * ignores a few bytes of anything) after the first. So a known empty member is appended as a
 * sentinel: the data is one member exactly when the only member boundary Gunzip reports is
 * at the sentinel's offset.
 */
import { Gunzip, Inflate } from 'fflate';
import { crc32 } from './chunk';

/**
 * Deflate expands at most 1032:1, so a step of n compressed bytes gives at most 1032·n bytes.
 * Steps are sized to what is left of the limit (between 1 KiB and 64 KiB), so the output never
 * passes the limit by more than about a megabyte before it is stopped.
 */
const MAX_RATIO = 1032;
const MIN_STEP = 1024;
const MAX_STEP = 64 * 1024;

/** An empty gzip member (plain header, one empty fixed-Huffman block, CRC-32 0, length 0). */
const SENTINEL = new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Why gzip content was refused: a code, with the figures a sentence needs. */
export class GzipError extends Error {
	constructor(
		readonly code: 'gzip-header' | 'gzip-members' | 'gzip-damaged' | 'gzip-too-long' | 'gzip-trailer',
		readonly limit?: number
	) {
		super(code);
		this.name = 'GzipError';
	}
}

/**
 * Inflates one gzip member of at most `limit` bytes of output. Throws GzipError:
 * `gzip-header` when it is not gzip or its header has flags set (a name, a comment, extra
 * fields, a header CRC: writers set none); `gzip-members` for anything after the first member;
 * `gzip-too-long` as soon as the output passes `limit`; `gzip-damaged` when the deflate data
 * does not read or stops short; `gzip-trailer` when the CRC-32 or length in the trailer does
 * not match what came out.
 */
export const gunzipOne = (data: Uint8Array, limit: number): Uint8Array => {
	// ID1 ID2 CM FLG (RFC 1952 §2.3): gzip, deflate, no optional header fields.
	if (data.length < 18 || data[0] !== 31 || data[1] !== 139 || data[2] !== 8)
		throw new GzipError('gzip-header');
	if (data[3] !== 0) throw new GzipError('gzip-header');
	const chunks: Uint8Array[] = [];
	let total = 0;
	const boundaries: number[] = [];
	const inflater = new Gunzip((chunk) => {
		total += chunk.length;
		if (total > limit) throw new GzipError('gzip-too-long', limit);
		if (chunk.length) chunks.push(chunk);
	});
	inflater.onmember = (offset) => void boundaries.push(offset);
	try {
		for (let at = 0; at < data.length;) {
			const step = Math.min(MAX_STEP, Math.max(MIN_STEP, Math.floor((limit - total) / MAX_RATIO)));
			inflater.push(data.subarray(at, Math.min(data.length, at + step)));
			at += step;
			if (boundaries.length) throw new GzipError('gzip-members');
		}
		inflater.push(SENTINEL, true);
	} catch (err) {
		if (err instanceof GzipError) throw err;
		throw new GzipError('gzip-damaged');
	}
	// One boundary, where the sentinel starts: the data was one whole member and nothing else.
	if (boundaries.length !== 1) throw new GzipError('gzip-damaged');
	if (boundaries[0] !== data.length)
		throw new GzipError(boundaries[0]! < data.length ? 'gzip-members' : 'gzip-damaged');
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	const trailer = new DataView(data.buffer, data.byteOffset + data.length - 8, 8);
	if (trailer.getUint32(0, true) !== crc32(out) || trailer.getUint32(4, true) !== out.length % 2 ** 32)
		throw new GzipError('gzip-trailer');
	return out;
};

/** Raw DEFLATE (a sync message's SYNC_Z payload) that did not read, or unpacked past its limit. */
export class InflateError extends Error {
	constructor(
		readonly code: 'inflate-damaged' | 'inflate-too-long',
		readonly limit?: number
	) {
		super(code);
		this.name = 'InflateError';
	}
}

/**
 * Inflates raw DEFLATE (RFC 1951) to at most `limit` bytes, in the same small steps as
 * gunzipOne, stopped the moment the output passes the limit: a few kilobytes that claim to
 * unpack to gigabytes cost about a megabyte past the limit, never what they claim (T32).
 */
export const inflateRawCapped = (data: Uint8Array, limit: number): Uint8Array => {
	const chunks: Uint8Array[] = [];
	let total = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		total += chunk.length;
		if (total > limit) throw new InflateError('inflate-too-long', limit);
		if (chunk.length) chunks.push(chunk);
		if (final) ended = true;
	});
	try {
		for (let at = 0; at < data.length;) {
			const step = Math.min(MAX_STEP, Math.max(MIN_STEP, Math.floor((limit - total) / MAX_RATIO)));
			const end = Math.min(data.length, at + step);
			inflater.push(data.subarray(at, end), end === data.length);
			at = end;
		}
		if (data.length === 0) inflater.push(new Uint8Array(0), true);
	} catch (err) {
		if (err instanceof InflateError) throw err;
		throw new InflateError('inflate-damaged');
	}
	if (!ended) throw new InflateError('inflate-damaged');
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
};

/**
 * inflateRawCapped with the browser's own DEFLATE (DecompressionStream, native code: several
 * times faster than inflating in JavaScript, a first sync's largest cost on the receiving page),
 * read chunk by chunk and cancelled the moment the output passes `limit` (T32). Where there is
 * no such stream, inflateRawCapped. Same results, same errors.
 */
export const inflateRawCappedAsync = async (data: Uint8Array, limit: number): Promise<Uint8Array> => {
	if (typeof DecompressionStream === 'undefined') return inflateRawCapped(data, limit);
	let stream: ReadableStream<Uint8Array>;
	try {
		stream = new Blob([data as Uint8Array<ArrayBuffer>])
			.stream()
			.pipeThrough(new DecompressionStream('deflate-raw'));
	} catch {
		return inflateRawCapped(data, limit);
	}
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.length;
			if (total > limit) {
				void reader.cancel().catch(() => undefined);
				throw new InflateError('inflate-too-long', limit);
			}
			chunks.push(value);
		}
	} catch (err) {
		if (err instanceof InflateError) throw err;
		throw new InflateError('inflate-damaged');
	}
	if (chunks.length === 1) return chunks[0]!;
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
};
