import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	FountainReceiver,
	MAX_BLOCKS,
	TooLargeForCamera,
	base45Decode,
	base45Encode,
	fountainSender
} from '$lib/sync/fountain';
import { qrModules } from '$lib/sync/qr';
import { sha256 } from '@noble/hashes/sha2.js';

const RUNS = Number(process.env.FC_RUNS ?? 60);
const bytes = (n: number, seed: number) => {
	const out = new Uint8Array(n);
	let x = seed || 1;
	for (let i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out[i] = x & 255;
	}
	return out;
};

describe('base45 (RFC 9285)', () => {
	it('matches the RFC’s examples', () => {
		expect(base45Encode(new TextEncoder().encode('AB'))).toBe('BB8');
		expect(base45Encode(new TextEncoder().encode('Hello!!'))).toBe('%69 VD92EX0');
		expect(base45Encode(new TextEncoder().encode('base-45'))).toBe('UJCLQE7W581');
		expect(new TextDecoder().decode(base45Decode('QED8WEX0')!)).toBe('ietf!');
	});

	it('round-trips any bytes, and refuses what is not base45', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
				expect(base45Decode(base45Encode(b))).toEqual(b);
			}),
			{ numRuns: RUNS }
		);
		expect(base45Decode('abc')).toBeNull(); // lower case is not in the alphabet
		expect(base45Decode('GGW')).toBeNull(); // 65536 and over
		expect(base45Decode('AAAA')).toBeNull(); // a length of 3n + 1
	});
});

describe('the fountain: any K independent frames, in any order, give the data back', () => {
	it('with a fifth of the frames lost at random and the rest in random order', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 30_000 }),
				fc.integer({ min: 1, max: 2 ** 31 - 1 }),
				fc.integer({ min: 0, max: 2 ** 31 - 1 }),
				(length, dataSeed, lossSeed) => {
					const data = bytes(length, dataSeed);
					const sender = fountainSender(data, 200);
					// The frames a camera caught: 80 % of the first 2k + 20, shuffled.
					let r = lossSeed | 1;
					const rand = () => ((r = Math.imul(r ^ (r >>> 15), 0x2c1b3c6d) ^ (r >>> 12)) >>> 0) / 2 ** 32;
					const caught = Array.from({ length: 2 * sender.k + 20 }, (_, i) => i).filter(() => rand() >= 0.2);
					for (let i = caught.length - 1; i > 0; i--) {
						const j = Math.floor(rand() * (i + 1));
						[caught[i], caught[j]] = [caught[j]!, caught[i]!];
					}
					const rx = new FountainReceiver();
					let read = 0;
					for (const i of caught) {
						read++;
						if (rx.add(sender.frame(i)) === 'done') break;
					}
					expect(rx.data).toEqual(data);
					// Frames needed beyond k: a handful, never a loop's worth.
					expect(read - sender.k).toBeLessThan(12);
				}
			),
			{ numRuns: RUNS }
		);
	});

	it('on average about k + 2 frames suffice when the source frames are all lost', () => {
		const data = bytes(64 * 100, 7);
		const sender = fountainSender(data, 64);
		let extra = 0;
		for (let run = 0; run < 20; run++) {
			const rx = new FountainReceiver();
			let i = sender.k + run * 1000;
			while (rx.add(sender.frame(i)) !== 'done') i++;
			extra += i - (sender.k + run * 1000) + 1 - sender.k;
			expect(rx.data).toEqual(data);
		}
		expect(extra / 20).toBeLessThan(4);
	});

	it('a repeat, a misread, a forged frame or another transfer never gets mixed in', () => {
		const data = bytes(5000, 3);
		const sender = fountainSender(data, 300);
		const other = fountainSender(bytes(5000, 4), 300);
		const rx = new FountainReceiver();
		expect(rx.add(sender.frame(0))).toBe('new');
		expect(rx.add(sender.frame(0))).toBe('known');
		expect(rx.add('hello')).toBe('bad');
		expect(rx.add('CF1:' + 'A'.repeat(30))).toBe('bad');
		// One character changed in transit (QR's own error correction missed it): the check drops it.
		const f = sender.frame(1);
		const flipped = f.slice(0, 40) + (f[40] === 'A' ? 'B' : 'A') + f.slice(41);
		expect(rx.add(flipped)).toBe('bad');
		expect(rx.add(other.frame(1))).toBe('other');
		let i = 1;
		while (rx.add(sender.frame(i)) !== 'done') i++;
		expect(rx.data).toEqual(data);
	});

	it('frames that pass their check but lie are caught by the transfer’s hash, and the receiver starts over', () => {
		const data = bytes(1000, 5);
		const real = fountainSender(data, 250);
		const forged = fountainSender(bytes(1000, 6), 250);
		// The check is no secret: a forger rewrites their frames' transfer number and recomputes it.
		const forge = (frame: string) => {
			const b = base45Decode(frame.slice(4))!;
			new DataView(b.buffer).setUint32(0, real.transfer);
			b.set(sha256(b.subarray(0, b.length - 4)).subarray(0, 4), b.length - 4);
			return frame.slice(0, 4) + base45Encode(b);
		};
		const rx = new FountainReceiver();
		expect(rx.add(real.frame(0))).toBe('new');
		for (let i = 1; i < real.k - 1; i++) expect(rx.add(forge(forged.frame(i)))).toBe('new');
		expect(rx.add(forge(forged.frame(real.k - 1)))).toBe('bad');
		expect(rx.data).toBeNull();
		expect(rx.rank).toBe(0);
		let i = 0;
		while (rx.add(real.frame(i)) !== 'done') i++;
		expect(rx.data).toEqual(data);
	});

	it('refuses data too large for the camera (carry a file instead)', () => {
		expect(() => fountainSender(new Uint8Array(MAX_BLOCKS * 10 + 1), 10)).toThrow(TooLargeForCamera);
	});

	it('a frame fits a QR code a phone reads from its screen (version 25 at most)', () => {
		const sender = fountainSender(bytes(20_000, 9));
		const modules = qrModules(sender.frame(40)).length;
		expect((modules - 17) / 4).toBeLessThanOrEqual(25);
	});
});
