/**
 * The camera-only path (issue 12): bytes carried as an endless sequence of QR codes that one
 * phone shows and the other films. A camera misses frames (a blink, a hand, a focus hunt), and
 * waiting for a missed frame to come round again would cost a whole loop, so the frames are
 * fountain-coded: the first K are the data's K blocks as they are, every later one is the XOR of
 * a pseudo-random half of them, and **any K independent frames, in any order, give the data
 * back** (a random linear code over GF(2), solved by elimination as frames arrive: on average
 * K + 2 frames suffice, whichever they are). The sender never loops; it keeps making new frames.
 *
 * A frame is the text `CF1:` and the base45 (RFC 9285) of
 *
 *     transfer (4 bytes) · length (4) · index (4) · block (B bytes) · check (4)
 *
 * all big-endian: `transfer` is the first 4 bytes of SHA-256 of the data (so two transfers never
 * mix, and the data is checked at the end), `length` the data's length, `index` the frame's
 * number, the block B bytes (the last data block zero-padded), `check` the first 4 bytes of
 * SHA-256 of everything before it (a misread frame is dropped, never mixed in). base45 fits QR's
 * alphanumeric mode, which carries it at 97 % of the byte mode's density.
 *
 * Limits: at most MAX_BLOCKS blocks (elimination costs K² · B), blocks of 16 to 2048 bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export const FRAME_PREFIX = 'CF1:';
/** Bytes of data per frame: a QR code of version 22 or so at error correction M. */
export const BLOCK_BYTES = 640;
/** At most this many blocks per transfer (about 650 KB at BLOCK_BYTES): past it, carry a file. */
export const MAX_BLOCKS = 1024;
const HEADER = 12;
const CHECK = 4;

// ---- base45 (RFC 9285) -------------------------------------------------------------------

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const B45_INDEX = new Map([...B45].map((c, i) => [c, i]));

export const base45Encode = (bytes: Uint8Array): string => {
	let out = '';
	for (let i = 0; i + 1 < bytes.length; i += 2) {
		const n = bytes[i]! * 256 + bytes[i + 1]!;
		out += B45[n % 45]! + B45[Math.floor(n / 45) % 45]! + B45[Math.floor(n / 2025)]!;
	}
	if (bytes.length % 2) {
		const n = bytes[bytes.length - 1]!;
		out += B45[n % 45]! + B45[Math.floor(n / 45)]!;
	}
	return out;
};

/** The bytes of a base45 text, or null when it is not base45. */
export const base45Decode = (text: string): Uint8Array | null => {
	if (text.length % 3 === 1) return null;
	const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 ? 1 : 0));
	let o = 0;
	for (let i = 0; i < text.length; i += 3) {
		const digits = [...text.slice(i, i + 3)].map((c) => B45_INDEX.get(c));
		if (digits.some((d) => d === undefined)) return null;
		const [a, b, c] = digits as number[];
		if (c === undefined) {
			const n = a! + b! * 45;
			if (n > 255) return null;
			out[o++] = n;
		} else {
			const n = a! + b! * 45 + c * 2025;
			if (n > 65535) return null;
			out[o++] = n >> 8;
			out[o++] = n & 255;
		}
	}
	return out;
};

// ---- which blocks a frame combines ---------------------------------------------------------

/** mulberry32: a small PRNG both phones run identically from the same seed. */
const prng = (seed: number) => () => {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return (t ^ (t >>> 14)) >>> 0;
};

/** Frame `index`'s combination of the k blocks, as a bit set (Uint32 words). */
const coefficients = (transfer: number, index: number, k: number): Uint32Array => {
	const words = new Uint32Array(Math.ceil(k / 32));
	if (index < k) {
		words[index >>> 5] = 1 << (index & 31);
		return words;
	}
	const next = prng(transfer ^ Math.imul(index, 0x9e3779b1));
	for (let w = 0; w < words.length; w++) words[w] = next();
	const last = words.length - 1;
	if (k % 32) words[last] = words[last]! & ((1 << (k % 32)) - 1);
	if (words.every((w) => w === 0)) words[(index % k) >>> 5] = 1 << ((index % k) & 31);
	return words;
};

const xorInto = (a: Uint8Array | Uint32Array, b: Uint8Array | Uint32Array) => {
	for (let i = 0; i < a.length; i++) a[i] = a[i]! ^ b[i]!;
};

const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0);

// ---- sending ---------------------------------------------------------------------------------

export class TooLargeForCamera extends Error {
	constructor(readonly bytes: number) {
		super('too-large-for-camera');
	}
}

export interface FountainSender {
	/** Blocks of data: about this many frames (and a few more) bring it all. */
	readonly k: number;
	readonly transfer: number;
	/** The text of frame `index` (0, 1, 2, … for ever). */
	frame(index: number): string;
}

export const fountainSender = (data: Uint8Array, blockBytes = BLOCK_BYTES): FountainSender => {
	const k = Math.max(1, Math.ceil(data.length / blockBytes));
	if (k > MAX_BLOCKS) throw new TooLargeForCamera(data.length);
	const blocks = Array.from({ length: k }, (_, i) => {
		const b = new Uint8Array(blockBytes);
		b.set(data.subarray(i * blockBytes, (i + 1) * blockBytes));
		return b;
	});
	const transfer = u32(sha256(data), 0);
	return {
		k,
		transfer,
		frame(index) {
			const bytes = new Uint8Array(HEADER + blockBytes + CHECK);
			const view = new DataView(bytes.buffer);
			view.setUint32(0, transfer);
			view.setUint32(4, data.length);
			view.setUint32(8, index >>> 0);
			const block = bytes.subarray(HEADER, HEADER + blockBytes);
			const c = coefficients(transfer, index, k);
			for (let i = 0; i < k; i++) if (c[i >>> 5]! & (1 << (i & 31))) xorInto(block, blocks[i]!);
			bytes.set(sha256(bytes.subarray(0, HEADER + blockBytes)).subarray(0, CHECK), HEADER + blockBytes);
			return FRAME_PREFIX + base45Encode(bytes);
		}
	};
};

// ---- receiving -------------------------------------------------------------------------------

/**
 * What a frame did: `new` (it told something new), `known` (nothing new: a repeat, or a
 * combination of frames already in), `done` (it completed the data), `other` (a frame of
 * another transfer: a sender that started again with other data — the receiver starts over
 * when told to), `bad` (not a frame, or misread).
 */
export type FrameResult = 'new' | 'known' | 'done' | 'other' | 'bad';

export class FountainReceiver {
	transfer: number | null = null;
	length = 0;
	k = 0;
	#blockBytes = 0;
	/** Rows of the system in reduced form: pivot → (combination, block). */
	readonly #rows = new Map<number, { c: Uint32Array; b: Uint8Array }>();
	#data: Uint8Array | null = null;
	/** Distinct frame indices seen (for progress: frames read). */
	readonly #seen = new Set<number>();

	/** How many independent frames are in, of the k the data needs. */
	get rank(): number {
		return this.#rows.size;
	}

	get framesRead(): number {
		return this.#seen.size;
	}

	/** The data, once complete and checked. */
	get data(): Uint8Array | null {
		return this.#data;
	}

	/** Forgets everything (to take another transfer). */
	reset(): void {
		this.transfer = null;
		this.length = this.k = this.#blockBytes = 0;
		this.#rows.clear();
		this.#seen.clear();
		this.#data = null;
	}

	add(text: string): FrameResult {
		const t = text.trim();
		if (!t.startsWith(FRAME_PREFIX)) return 'bad';
		const bytes = base45Decode(t.slice(FRAME_PREFIX.length));
		if (!bytes || bytes.length < HEADER + 16 + CHECK || bytes.length > HEADER + 2048 + CHECK) return 'bad';
		const body = bytes.subarray(0, bytes.length - CHECK);
		const check = sha256(body).subarray(0, CHECK);
		if (check.some((x, i) => x !== bytes[bytes.length - CHECK + i])) return 'bad';
		const transfer = u32(bytes, 0);
		const length = u32(bytes, 4);
		const index = u32(bytes, 8);
		const blockBytes = body.length - HEADER;
		const k = Math.max(1, Math.ceil(length / blockBytes));
		if (k > MAX_BLOCKS) return 'bad';
		if (this.transfer === null) {
			this.transfer = transfer;
			this.length = length;
			this.k = k;
			this.#blockBytes = blockBytes;
		} else if (transfer !== this.transfer) return 'other';
		else if (length !== this.length || blockBytes !== this.#blockBytes) return 'bad';
		if (this.#data) return 'known';
		this.#seen.add(index);
		if (this.#insert(coefficients(transfer, index, k), body.slice(HEADER))) {
			if (this.#rows.size < k) return 'new';
			return this.#finish() ? 'done' : 'bad';
		}
		return 'known';
	}

	/** Adds a row to the reduced system; false when it was a combination of rows already in. */
	#insert(c: Uint32Array, b: Uint8Array): boolean {
		const has = (x: Uint32Array, i: number) => (x[i >>> 5]! & (1 << (i & 31))) !== 0;
		for (const [p, row] of this.#rows)
			if (has(c, p)) {
				xorInto(c, row.c);
				xorInto(b, row.b);
			}
		let pivot = -1;
		for (let w = 0; w < c.length && pivot < 0; w++)
			if (c[w]) pivot = w * 32 + (31 - Math.clz32(c[w]! & -c[w]!));
		if (pivot < 0) return false;
		for (const row of this.#rows.values())
			if (has(row.c, pivot)) {
				xorInto(row.c, c);
				xorInto(row.b, b);
			}
		this.#rows.set(pivot, { c, b });
		return true;
	}

	/** All k rows are in, each now a single block: the data, if its hash is the transfer's. */
	#finish(): boolean {
		const out = new Uint8Array(this.k * this.#blockBytes);
		for (const [p, row] of this.#rows) out.set(row.b, p * this.#blockBytes);
		const data = out.slice(0, this.length);
		if (u32(sha256(data), 0) !== this.transfer) {
			// A frame that passed its check yet lied (a sender bug or a forged code): start over.
			this.reset();
			return false;
		}
		this.#data = data;
		return true;
	}
}
