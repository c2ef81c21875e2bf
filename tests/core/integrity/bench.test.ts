/**
 * Threat model T15 (part): a bench does not outlive its author's membership, and a hard reset
 * lifts every bench. (On v1 a bench recorded by someone who then left kept a member out of every
 * role for up to a year, and nothing but its end date lifted it.)
 */
import { describe, expect, it } from 'vitest';
import * as rotation from '$lib/core/rotation';
import { DAY, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

const benchNgoc = (s: Scenario) =>
	s.write(
		'Tomasz',
		T0 + 2 * DAY,
		rotation.BENCH,
		rotation.benchBody(s.keyOf('Ngọc'), null, T0 + 300 * DAY, 'held the floor')
	);
const drawnAfter = (s: Scenario, from: number) =>
	s
		.fold(T0 + 200 * DAY)
		.history.filter((h) => h.freezeAt > from)
		.some((h) => h.holders.includes(s.keyOf('Ngọc')));

describe('benches do not silence anyone for long', () => {
	it('a bench stops counting once its author has left', () => {
		const s = new Scenario(T0, NAMES);
		benchNgoc(s);
		expect(drawnAfter(s, T0 + 2 * DAY)).toBe(false);
		s.leave('Tomasz', T0 + 20 * DAY);
		expect(drawnAfter(s, T0 + 21 * DAY)).toBe(true);
		const b = s.fold(T0 + 30 * DAY).benches[0]!;
		expect(b.lifted).toBe(true);
	});

	it('a hard reset lifts every bench', () => {
		const s = new Scenario(T0, NAMES);
		benchNgoc(s);
		for (const [i, n] of ['Maya', 'Zoë', 'Aïcha'].entries())
			s.write(n, T0 + 30 * DAY + i * 3_600_000, 'reset.call', { reason: 'start over' });
		expect(s.fold(T0 + 31 * DAY).reset.history).toHaveLength(1);
		expect(drawnAfter(s, T0 + 31 * DAY)).toBe(true);
	});
});
