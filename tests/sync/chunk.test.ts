import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as chunk from '$lib/sync/chunk';

const same = (a: Uint8Array | null, b: Uint8Array): boolean =>
	a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

const randomBytes = (n: number, seed: number): Uint8Array => {
	const out = new Uint8Array(n);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out[i] = x & 0xff;
	}
	return out;
};

describe('chunk framing', () => {
	it('round-trips messages of random sizes up to several MB, never a frame over 16 KiB', async () => {
		const sizes = [
			0,
			1,
			chunk.PAYLOAD_MAX - 1,
			chunk.PAYLOAD_MAX,
			chunk.PAYLOAD_MAX + 1,
			5 * 1024 * 1024 + 7
		];
		for (let i = 0; i < 6; i++)
			sizes.push(Math.floor(randomBytes(4, i + 1).reduce((a, b) => a * 256 + b, 0) % 3_000_000));
		const got: Uint8Array[] = [];
		let biggest = 0;
		const asm = chunk.createAssembler({
			onMessage: (m) => got.push(m),
			onError: (e) => {
				throw e;
			}
		});
		const sender = chunk.createSender({
			send: (f) => {
				biggest = Math.max(biggest, f.length);
				asm.push(f);
			}
		});
		const messages = sizes.map((n, i) => randomBytes(n, i + 100));
		await Promise.all(messages.map((m) => sender.send(m)));
		expect(got.length).toBe(messages.length);
		got.forEach((m, i) => expect(same(m, messages[i]!)).toBe(true));
		expect(biggest).toBeLessThanOrEqual(chunk.FRAME_MAX);
		expect(asm.pending).toBe(0);
	});

	it('property: any message splits into frames ≤ 16 KiB that reassemble exactly', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer(), (n, seed) => {
				const m = randomBytes(n, seed);
				const frames = chunk.encodeFrames(7, m);
				let out: Uint8Array | null = null;
				const asm = chunk.createAssembler({ onMessage: (x) => (out = x) });
				for (const f of frames) {
					expect(f.length).toBeLessThanOrEqual(chunk.FRAME_MAX);
					asm.push(f);
				}
				expect(same(out, m)).toBe(true);
			}),
			{ numRuns: 50 }
		);
	});

	it('reports progress to sender and receiver', async () => {
		const m = randomBytes(100_000, 3);
		const sendP: number[] = [];
		const recvP: number[] = [];
		const asm = chunk.createAssembler({ onMessage: () => {}, onProgress: (p) => recvP.push(p.done) });
		const s = chunk.createSender({ send: (f) => asm.push(f) });
		await s.send(m, (p) => sendP.push(p.done));
		expect(sendP.at(-1)).toBe(100_000);
		expect(recvP.at(-1)).toBe(100_000);
		expect(sendP.length).toBe(Math.ceil(100_000 / chunk.PAYLOAD_MAX));
	});

	it('waits on drain() before each frame (backpressure)', async () => {
		let drains = 0;
		let sent = 0;
		const s = chunk.createSender({
			send: () => sent++,
			drain: async () => {
				drains++;
				await new Promise((r) => setTimeout(r, 0));
			}
		});
		await s.send(randomBytes(50_000, 9));
		expect(drains).toBe(sent);
		expect(sent).toBe(4);
	});

	it('never delivers a damaged, truncated or reordered message', () => {
		const m = randomBytes(40_000, 5);
		const frames = chunk.encodeFrames(1, m);
		const cases: [string, Uint8Array[]][] = [
			[
				'flipped byte',
				frames.map((f, i) => (i === 1 ? Uint8Array.from(f, (b, j) => (j === 100 ? b ^ 1 : b)) : f))
			],
			['missing frame', [frames[0]!, frames[2]!]],
			['reordered', [frames[0]!, frames[2]!, frames[1]!]],
			['truncated frame', [frames[0]!, frames[1]!.subarray(0, 1000), frames[2]!]],
			['no start', [frames[1]!, frames[2]!]]
		];
		for (const [name, fs] of cases) {
			const delivered: Uint8Array[] = [];
			const errors: string[] = [];
			const asm = chunk.createAssembler({
				onMessage: (x) => delivered.push(x),
				onError: (e) => errors.push(e.message)
			});
			fs.forEach((f) => asm.push(f));
			expect(delivered, name).toEqual([]);
			expect(errors.length, name).toBeGreaterThan(0);
		}
	});

	it('computes the standard CRC-32', () => {
		expect(chunk.crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
	});
});
