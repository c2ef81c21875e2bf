/**
 * Standard base64 (RFC 4648 §4) that behaves the same in a page, a Web Worker and Node. lib0's
 * codec picks Node's `Buffer` whenever `window` is missing, which in a worker throws
 * "Buffer is not defined"; `atob`/`btoa` exist in all three.
 */
const CHUNK = 0x8000;

export const toBase64 = (bytes: Uint8Array): string => {
	let s = '';
	// In slices: one String.fromCharCode call per byte would be quadratic on a 60 MB update.
	for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
	return btoa(s);
};

export const fromBase64 = (s: string): Uint8Array => {
	const bin = atob(s);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
};
