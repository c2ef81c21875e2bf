/**
 * The circle's calendar: term boundaries are UTC instants in integer milliseconds,
 * derived from an epoch and a term length (DESIGN.md §4). Local time zones are for
 * display only, so a daylight-saving change can never move a boundary on one phone
 * and not on another. Month lengths vary; month arithmetic is done on the UTC civil
 * calendar with integer maths (Howard Hinnant's days-from-civil), never with Date.
 */
import type { Millis } from './types';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** A term length: a whole number of days, or of calendar months (UTC). */
export interface TermLength {
	[key: string]: string | number;
	unit: 'days' | 'months';
	count: number;
}

export const days = (count: number): TermLength => ({ unit: 'days', count });
export const months = (count: number): TermLength => ({ unit: 'months', count });

export const isTermLength = (x: unknown): x is TermLength => {
	if (typeof x !== 'object' || x === null) return false;
	const o = x as Record<string, unknown>;
	return (
		(o.unit === 'days' || o.unit === 'months') &&
		Number.isSafeInteger(o.count) &&
		(o.count as number) >= 1 &&
		(o.count as number) <= (o.unit === 'days' ? 3660 : 120)
	);
};

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1–12). */
export const daysFromCivil = (y: number, m: number, d: number): number => {
	const yy = m <= 2 ? y - 1 : y;
	const era = floorDiv(yy, 400);
	const yoe = yy - era * 400;
	const mp = (m + 9) % 12;
	const doy = floorDiv(153 * mp + 2, 5) + d - 1;
	const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
	return era * 146097 + doe - 719468;
};

/** The UTC civil date of a day number since 1970-01-01. */
export const civilFromDays = (z0: number): { y: number; m: number; d: number } => {
	const z = z0 + 719468;
	const era = floorDiv(z, 146097);
	const doe = z - era * 146097;
	const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
	const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
	const mp = floorDiv(5 * doy + 2, 153);
	const d = doy - floorDiv(153 * mp + 2, 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
};

const daysInMonth = (y: number, m: number): number =>
	daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);

/** Midnight UTC of the day containing `t`. */
export const startOfUtcDay = (t: Millis): Millis => floorDiv(t, DAY_MS) * DAY_MS;

/**
 * `t` plus n calendar months in UTC, keeping the time of day; a day that does not
 * exist in the target month (31 January + 1 month) clamps to that month's last day.
 * Always computed from the anchor, so clamping never accumulates drift.
 */
export const addMonths = (t: Millis, n: number): Millis => {
	const day = floorDiv(t, DAY_MS);
	const timeOfDay = t - day * DAY_MS;
	const { y, m, d } = civilFromDays(day);
	const total = y * 12 + (m - 1) + n;
	const ty = floorDiv(total, 12);
	const tm = total - ty * 12 + 1;
	const td = Math.min(d, daysInMonth(ty, tm));
	return daysFromCivil(ty, tm, td) * DAY_MS + timeOfDay;
};

/** The start of term k of a grid anchored at `anchor` (term 0 starts at the anchor). */
export const boundary = (anchor: Millis, len: TermLength, k: number): Millis =>
	len.unit === 'days' ? anchor + k * len.count * DAY_MS : addMonths(anchor, k * len.count);

/** The index k of the term containing `t`: boundary(k) ≤ t < boundary(k + 1). */
export const termIndexAt = (anchor: Millis, len: TermLength, t: Millis): number => {
	if (len.unit === 'days') return floorDiv(t - anchor, len.count * DAY_MS);
	// Estimate from the month difference, then step to the exact term.
	const a = civilFromDays(floorDiv(anchor, DAY_MS));
	const b = civilFromDays(floorDiv(t, DAY_MS));
	let k = floorDiv(b.y * 12 + b.m - (a.y * 12 + a.m), len.count);
	while (boundary(anchor, len, k) > t) k--;
	while (boundary(anchor, len, k + 1) <= t) k++;
	return k;
};

/** The first grid boundary strictly after `t`. */
export const nextBoundary = (anchor: Millis, len: TermLength, t: Millis): Millis =>
	boundary(anchor, len, termIndexAt(anchor, len, t) + 1);

/** The term's length in whole milliseconds (months: of that particular term). */
export const termMs = (anchor: Millis, len: TermLength, k: number): number =>
	boundary(anchor, len, k + 1) - boundary(anchor, len, k);

/** ISO-8601 UTC text of an instant, for vectors and logs (display uses the local zone outside the core). */
export const isoUtc = (t: Millis): string => {
	const day = floorDiv(t, DAY_MS);
	const { y, m, d } = civilFromDays(day);
	let rest = t - day * DAY_MS;
	const hh = floorDiv(rest, HOUR_MS);
	rest -= hh * HOUR_MS;
	const mm = floorDiv(rest, 60_000);
	rest -= mm * 60_000;
	const ss = floorDiv(rest, 1000);
	const ms = rest - ss * 1000;
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${p(y, 4)}-${p(m)}-${p(d)}T${p(hh)}:${p(mm)}:${p(ss)}.${p(ms, 3)}Z`;
};
