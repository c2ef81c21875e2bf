import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import * as random from '../../src/lib/core/random';
import * as canonical from '../../src/lib/core/canonical';
import { sha256Bytes, sha256Hex } from '../../src/lib/core/bytes';

const FILE = new URL('./vectors/random-stream.json', import.meta.url);
const SEED = '6369726375C3A174652d6465616c2d736565642d30303031'.toLowerCase().padEnd(64, '0');

interface Vectors {
	about: string;
	streams: { seed: string; domain: string[]; block0: string; u32: number[] }[];
	below: { seed: string; domain: string[]; n: number; firstU32: number; rejected: number; value: number }[];
	shuffles: { seed: string; domain: string[]; items: string[]; out: string[] }[];
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** n = 3·2^30: every word ≥ 3·2^30 is rejected, so a quarter of first samples are. */
const BIG_N = 3 * 2 ** 30;

const build = (): Vectors => {
	const streams = [
		{ seed: SEED, domain: ['rot/v1', '0', 'facilitator'] },
		{ seed: SEED, domain: ['rot/v1', '12', 'steward'] },
		{ seed: 'f'.repeat(64), domain: ['mandate/v1', 'Ngọc', '7'] }
	].map(({ seed, domain }) => {
		const s = random.stream(seed, domain);
		return {
			seed,
			domain,
			block0: hex(random.block(seed, domain, 0)),
			u32: Array.from({ length: 12 }, () => s.nextU32())
		};
	});
	// Find the first term whose draw rejects its first sample, and record it.
	const below: Vectors['below'] = [];
	for (let term = 0; below.length < 2; term++) {
		const domain = ['rot/v1', String(term), 'auditors'];
		const first = random.stream(SEED, domain).nextU32();
		if (first < BIG_N) continue;
		const s = random.stream(SEED, domain);
		below.push({ seed: SEED, domain, n: BIG_N, firstU32: first, rejected: 1, value: s.below(BIG_N) });
	}
	for (const n of [1, 2, 7, 10, 2 ** 32]) {
		const domain = ['rot/v1', 'small', String(n)];
		const s = random.stream(SEED, domain);
		const first = random.stream(SEED, domain).nextU32();
		below.push({ seed: SEED, domain, n, firstU32: first, rejected: 0, value: s.below(n) });
	}
	const items = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame', 'İlkay', 'Sione'];
	const shuffles = [
		['shuffle/v1', 'a'],
		['shuffle/v1', 'b']
	].map((domain) => ({
		seed: SEED,
		domain,
		items,
		out: random.shuffle(items, random.stream(SEED, domain))
	}));
	return {
		about:
			'SHA-256 counter-mode stream (src/lib/core/random.ts). Regenerate only on purpose: UPDATE_VECTORS=1.',
		streams,
		below,
		shuffles
	};
};

describe('random stream', () => {
	if (process.env.UPDATE_VECTORS === '1' || !existsSync(FILE))
		writeFileSync(FILE, JSON.stringify(build(), null, '\t') + '\n');
	const vectors = JSON.parse(readFileSync(FILE, 'utf8')) as Vectors;

	it('matches the golden vectors byte for byte', () => {
		expect(build()).toEqual(vectors);
	});

	it('records a draw whose first sample is rejected', () => {
		const v = vectors.below.find((b) => b.rejected === 1)!;
		expect(v.firstU32).toBeGreaterThanOrEqual(BIG_N);
		const s = random.stream(v.seed, v.domain);
		expect(s.nextU32()).toBe(v.firstU32);
		expect(s.nextU32() % v.n).toBe(v.value);
	});

	it('block 0 is SHA-256 of the canonical array [tag, seed, ...rest, 0]', () => {
		expect(hex(random.block(SEED, ['rot/v1', '3', 'steward'], 0))).toBe(
			sha256Hex(`["rot/v1","${SEED}","3","steward",0]`)
		);
	});

	it('below(n) stays in range and shuffle permutes', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 64 }),
				fc.integer({ min: 1, max: 2 ** 32 }),
				(seed, n) => {
					const s = random.stream(seed, ['t']);
					for (let i = 0; i < 5; i++) {
						const x = s.below(n);
						if (!(Number.isInteger(x) && x >= 0 && x < n)) return false;
					}
					const items = [1, 2, 3, 4, 5, 6, 7];
					return random.shuffle(items, s).sort().join() === items.join();
				}
			)
		);
	});

	it('below(n) is roughly uniform (chi-square, 7 bins, 7000 draws)', () => {
		const s = random.stream(SEED, ['uniform']);
		const bins = new Array<number>(7).fill(0);
		for (let i = 0; i < 7000; i++) bins[s.below(7)]!++;
		const chi = bins.reduce((a, o) => a + (o - 1000) ** 2 / 1000, 0);
		expect(chi).toBeLessThan(22.46); // p = 0.001 for 6 degrees of freedom
	});

	it('refuses n outside 1..2^32 and a missing tag', () => {
		expect(() => random.stream(SEED, ['x']).below(0)).toThrow();
		expect(() => random.stream(SEED, ['x']).below(2 ** 32 + 1)).toThrow();
		expect(() => random.stream(SEED, []).nextU32()).toThrow();
	});
});

describe('stream input text', () => {
	it('is exactly the canonical JSON of the tuple, for any strings', { timeout: 60_000 }, () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }),
				fc.nat(),
				(domain, counter) => {
					const [tag, ...rest] = domain;
					expect(hex(random.block('s', domain, counter))).toBe(
						hex(sha256Bytes(canonical.encode([tag, 's', ...rest, counter])))
					);
				}
			),
			{ numRuns: 200 }
		);
	});
});
