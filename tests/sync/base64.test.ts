import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64 as lib0From, toBase64 as lib0To } from 'lib0/buffer';
import { fromBase64, toBase64 } from '$lib/sync/base64';

describe('base64 that works in a worker too', () => {
	it('gives the same text as lib0 (Node’s Buffer) and reads it back, at any length', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
				const text = toBase64(bytes);
				expect(text).toBe(lib0To(bytes));
				expect(fromBase64(text)).toEqual(bytes);
				expect(lib0From(text)).toEqual(bytes);
			})
		);
	});
	it('handles an update larger than one slice', () => {
		const big = new Uint8Array(100_003).map((_, i) => (i * 31) & 0xff);
		expect(fromBase64(toBase64(big))).toEqual(big);
		expect(toBase64(big)).toBe(lib0To(big));
	});
	it('does not use Buffer (a Web Worker has none)', () => {
		const saved = globalThis.Buffer;
		// @ts-expect-error: removing Node's Buffer as a worker lacks it
		delete globalThis.Buffer;
		try {
			expect(fromBase64(toBase64(new Uint8Array([1, 2, 250])))).toEqual(new Uint8Array([1, 2, 250]));
		} finally {
			globalThis.Buffer = saved;
		}
	});
});
