import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as calendar from '../../src/lib/core/calendar';

const utc = (y: number, m: number, d: number, h = 0, min = 0) =>
	calendar.daysFromCivil(y, m, d) * calendar.DAY_MS + h * calendar.HOUR_MS + min * 60_000;

describe('calendar', () => {
	it('agrees with Date.UTC on civil dates (integer maths only in the core)', () => {
		fc.assert(
			fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
				const { y, m, d } = calendar.civilFromDays(day);
				return calendar.daysFromCivil(y, m, d) === day && Date.UTC(y, m - 1, d) === day * calendar.DAY_MS;
			})
		);
	});

	it.each([
		// [anchor, length, k, expected start]
		[
			'weekly across the EU switch to summer time (Sun 2025-03-30)',
			utc(2025, 3, 24),
			calendar.days(7),
			1,
			utc(2025, 3, 31)
		],
		['weekly across the US switch (Sun 2025-03-09)', utc(2025, 3, 3), calendar.days(7), 1, utc(2025, 3, 10)],
		[
			'weekly across the Chatham switch to summer time (Sun 2025-09-28)',
			utc(2025, 9, 22, 9),
			calendar.days(7),
			1,
			utc(2025, 9, 29, 9)
		],
		[
			'daily boundary on the Chatham switch back (Sun 2026-04-05)',
			utc(2026, 4, 4, 13, 45),
			calendar.days(1),
			1,
			utc(2026, 4, 5, 13, 45)
		],
		[
			'monthly keeps the UTC time of day over a DST change',
			utc(2025, 3, 15, 1, 30),
			calendar.months(1),
			1,
			utc(2025, 4, 15, 1, 30)
		],
		[
			'monthly clamps 31 January to the end of February',
			utc(2025, 1, 31, 9),
			calendar.months(1),
			1,
			utc(2025, 2, 28, 9)
		],
		[
			'monthly from the anchor: no drift after a clamp',
			utc(2025, 1, 31, 9),
			calendar.months(1),
			2,
			utc(2025, 3, 31, 9)
		],
		['leap year February', utc(2024, 1, 31), calendar.months(1), 1, utc(2024, 2, 29)],
		['quarterly', utc(2025, 11, 30), calendar.months(3), 1, utc(2026, 2, 28)],
		['before the anchor', utc(2025, 3, 3), calendar.months(1), -1, utc(2025, 2, 3)]
	])('%s', (_name, anchor, len, k, expected) => {
		expect(calendar.boundary(anchor, len, k)).toBe(expected);
		expect(calendar.termIndexAt(anchor, len, expected)).toBe(k);
		expect(calendar.termIndexAt(anchor, len, expected - 1)).toBe(k - 1);
	});

	it('termIndexAt brackets every instant (days and months)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 4_000_000_000_000 }),
				fc.integer({ min: -2_000_000_000_000, max: 2_000_000_000_000 }),
				fc.constantFrom('days', 'months'),
				fc.integer({ min: 1, max: 40 }),
				(anchor, offset, unit, count) => {
					const len = { unit, count } as calendar.TermLength;
					const t = anchor + offset;
					const k = calendar.termIndexAt(anchor, len, t);
					return calendar.boundary(anchor, len, k) <= t && t < calendar.boundary(anchor, len, k + 1);
				}
			)
		);
	});

	it('formats instants in UTC whatever the process time zone', () => {
		expect(calendar.isoUtc(utc(2025, 3, 30, 1, 0))).toBe('2025-03-30T01:00:00.000Z');
		expect(calendar.isoUtc(utc(2025, 3, 30, 1, 0))).toBe(new Date(utc(2025, 3, 30, 1, 0)).toISOString());
		expect(calendar.startOfUtcDay(utc(2025, 9, 28, 23, 59))).toBe(utc(2025, 9, 28));
	});
});
