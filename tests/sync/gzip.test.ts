/**
 * Threat model T32: a SYNC_Z message is raw DEFLATE from another phone, so it is unpacked only
 * up to a limit, in steps, and stopped as soon as it passes it.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { InflateError, inflateRawCapped } from '$lib/sync/gzip';

const codeOf = (f: () => unknown): string | null => {
	try {
		f();
		return null;
	} catch (err) {
		return err instanceof InflateError ? err.code : String(err);
	}
};

describe('raw DEFLATE with a cap', () => {
	it('gives back exactly what was packed, up to the limit', () => {
		const text = new TextEncoder().encode('an entry, and another entry, '.repeat(5000));
		const packed = deflateSync(text);
		expect(inflateRawCapped(packed, text.length)).toEqual(text);
		expect(codeOf(() => inflateRawCapped(packed, text.length - 1))).toBe('inflate-too-long');
		expect(inflateRawCapped(deflateSync(new Uint8Array(0)), 10)).toEqual(new Uint8Array(0));
	});

	it('stops a bomb early: 64 MiB of zeros packed into ~64 KB, never unpacked to what it claims', () => {
		const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
		expect(bomb.length).toBeLessThan(100 * 1024);
		const before = process.memoryUsage().arrayBuffers;
		expect(codeOf(() => inflateRawCapped(bomb, 4 * 1024 * 1024))).toBe('inflate-too-long');
		expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
	});

	it('refuses damaged or cut-short data', () => {
		const packed = deflateSync(new TextEncoder().encode('hello, circle '.repeat(100)));
		expect(codeOf(() => inflateRawCapped(packed.subarray(0, packed.length - 3), 1 << 20))).toBe(
			'inflate-damaged'
		);
		expect(codeOf(() => inflateRawCapped(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 1 << 20))).toBe(
			'inflate-damaged'
		);
	});
});
