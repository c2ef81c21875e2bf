/**
 * Threat model T7: the member whose call completes a hard reset cannot choose the reset's seed.
 * (On v1 the seed hashed the calls' ids, so the completing caller could vary their call's reason
 * or stamp until the seed drew whom they liked in the terms that begin at the reset.)
 */
import { describe, expect, it } from 'vitest';
import { DAY, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

/** The reset seed when Aïcha completes the count with `reason`, `minutes` after noon. */
const resetSeedWith = (reason: string, minutes: number): string => {
	const s = new Scenario(T0, NAMES);
	s.write('Tomasz', T0 + 10 * DAY, 'reset.call', { reason: 'decisions outside meetings' });
	s.write('Zoë', T0 + 10 * DAY + 3_600_000, 'reset.call', { reason: 'me too' });
	s.write('Aïcha', T0 + 11 * DAY + minutes * 60_000, 'reset.call', { reason });
	const st = s.fold(T0 + 12 * DAY);
	expect(st.reset.history).toHaveLength(1);
	const seed = st.seeds.find((x) => x.source === 'reset');
	return seed!.seed;
};

describe('the reset seed is nobody’s choice', () => {
	it('the completing caller’s reason and stamp do not change the seed', () => {
		const seeds = new Set<string>();
		for (const reason of ['', 'start over', 'start over!', 'x'.repeat(200)])
			for (const minutes of [0, 1, 7, 59]) seeds.add(resetSeedWith(reason, minutes));
		expect(seeds.size).toBe(1);
	});

	it('the seed chains from the previous seed, once per reset', () => {
		const s = new Scenario(T0, NAMES);
		for (const [cycle, day] of [
			[1, 10],
			[2, 20]
		] as const) {
			for (const [i, n] of ['Maya', 'Zoë', 'Aïcha'].entries())
				s.write(n, T0 + day * DAY + i * 3_600_000, 'reset.call', { reason: 'again' });
			expect(s.fold(T0 + (day + 1) * DAY).reset.history).toHaveLength(cycle);
		}
		const seeds = s.fold(T0 + 30 * DAY).seeds.map((x) => x.seed);
		expect(new Set(seeds).size).toBe(3);
	});
});
