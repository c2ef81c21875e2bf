import { describe, expect, it } from 'vitest';
import * as hlc from '$lib/core/hlc';
import { compareEntries } from '$lib/core/order';
import type { Hlc, MemberKey } from '$lib/core/types';

describe('hlc.tick', () => {
	it.each<[string, Hlc | null, number, Hlc]>([
		['first event takes the wall clock', null, 1000, [1000, 0]],
		['wall clock moved on', [1000, 5], 1001, [1001, 0]],
		['same millisecond counts up', [1000, 5], 1000, [1000, 6]],
		['wall clock went back: keep the stamp, count up', [1000, 5], 900, [1000, 6]]
	])('%s', (_, last, now, want) => {
		expect(hlc.tick(last, now)).toEqual(want);
	});
});

describe('hlc.receive', () => {
	it.each<[string, Hlc | null, Hlc, number, Hlc]>([
		['wall clock ahead of both', [1000, 3], [1100, 7], 1200, [1200, 0]],
		['remote ahead', [1000, 3], [1100, 7], 1050, [1100, 8]],
		['local ahead', [1200, 3], [1100, 7], 1050, [1200, 4]],
		['all equal: max counter + 1', [1100, 3], [1100, 7], 1100, [1100, 8]],
		['nothing before', null, [1100, 7], 1000, [1100, 8]]
	])('%s', (_, last, remote, now, want) => {
		expect(hlc.receive(last, remote, now)).toEqual(want);
	});

	it('never goes backwards and always passes what it saw', () => {
		let clock: Hlc | null = null;
		const seen: Hlc[] = [];
		for (let i = 0; i < 200; i++) {
			const now = 1000 + ((i * 7919) % 50);
			const next: Hlc =
				i % 3 === 0 ? hlc.receive(clock, [1000 + ((i * 31) % 80), i % 5], now) : hlc.tick(clock, now);
			if (clock) expect(hlc.compare(next, clock)).toBeGreaterThan(0);
			for (const s of seen.slice(-3)) expect(hlc.compare(next, s)).toBeGreaterThan(0);
			clock = next;
			seen.push(next);
		}
	});
});

describe('total order', () => {
	const k = (c: string) => c.repeat(64) as MemberKey;
	it.each<[string, [Hlc, string, number], [Hlc, string, number], number]>([
		['hlc milliseconds first', [[1, 9], 'f', 9], [[2, 0], '0', 1], -1],
		['then the hlc counter', [[2, 1], '0', 1], [[2, 0], 'f', 1], 1],
		['then author key bytes', [[2, 0], 'a', 5], [[2, 0], 'b', 1], -1],
		['then seq', [[2, 0], 'a', 5], [[2, 0], 'a', 6], -1],
		['equal', [[2, 0], 'a', 5], [[2, 0], 'a', 5], 0]
	])('%s', (_, a, b, want) => {
		const x = { hlc: a[0], author: k(a[1]), seq: a[2] };
		const y = { hlc: b[0], author: k(b[1]), seq: b[2] };
		expect(Math.sign(compareEntries(x, y))).toBe(want);
		expect(Math.sign(compareEntries(y, x))).toBe(-want || 0);
	});
});
