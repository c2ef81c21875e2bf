/**
 * When a ritual comes next, in the circle's own time (the charter's fixed offset): a weekly one
 * every 7 days from its first time; a monthly one on the same day of the month at the same time,
 * in the circle's calendar, skipping months without that day (the 31st: RFC 5545's rule, so the
 * phone's calendar app and the circle's screen agree).
 */
import { DAY_MS, daysFromCivil, localCivil, MINUTE_MS } from '../calendar';
import type { Millis } from '../types';
import type { RitualFields } from './domain';

const daysIn = (y: number, m: number): number =>
	daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);

/** The k-th monthly time after the first (null when that month has no such day). */
const monthly = (first: Millis, k: number, off: number): Millis | null => {
	const c = localCivil(first, off);
	const total = c.y * 12 + (c.m - 1) + k;
	const y = Math.floor(total / 12);
	const m = total - y * 12 + 1;
	if (c.d > daysIn(y, m)) return null;
	return daysFromCivil(y, m, c.d) * DAY_MS + c.minutes * MINUTE_MS - off * MINUTE_MS + (first % MINUTE_MS);
};

/** The start of the first time of `r` that has not ended by `now` (null: none left). */
export const nextOccurrence = (r: RitualFields, now: Millis, off: number): Millis | null => {
	const length = r.minutes * MINUTE_MS;
	if (r.at + length > now) return r.at;
	if (r.every === 'once') return null;
	if (r.every === 'week') {
		const step = 7 * DAY_MS;
		const k = Math.floor((now - length - r.at) / step) + 1;
		return r.at + k * step;
	}
	const c = localCivil(r.at, off);
	const n = localCivil(now, off);
	let k = Math.max(0, (n.y - c.y) * 12 + (n.m - c.m) - 1);
	for (let tries = 0; tries < 60; tries++, k++) {
		const t = monthly(r.at, k, off);
		if (t !== null && t + length > now) return t;
	}
	return null;
};
