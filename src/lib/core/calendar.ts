/**
 * The circle's calendar: term boundaries are UTC instants in integer milliseconds,
 * derived from an epoch and a term length (DESIGN.md §4). Boundaries fall at the circle's
 * own midnight: the charter names a fixed offset from UTC in minutes (`utcOffsetMinutes`),
 * never a time-zone name, so every phone computes the same instant without a time-zone
 * database and a daylight-saving change can never move a boundary on one phone and not on
 * another. Month lengths vary; month arithmetic is done on the circle's civil calendar (UTC
 * shifted by the offset) with integer maths (Howard Hinnant's days-from-civil), never with Date.
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

export const MINUTE_MS = 60_000;
/** The offsets real zones use: from UTC−12:00 to UTC+14:00, in steps of 15 minutes. */
export const OFFSET_MIN = -720;
export const OFFSET_MAX = 840;
export const OFFSET_STEP = 15;

/**
 * Whether `x` is an offset from UTC some place on Earth keeps (in minutes): a whole number
 * from −720 to +840 in steps of 15 (+05:45, −09:30 and +13:45 are; +25:00 or 7 minutes are not).
 */
export const isUtcOffset = (x: unknown): x is number =>
	Number.isSafeInteger(x) &&
	(x as number) >= OFFSET_MIN &&
	(x as number) <= OFFSET_MAX &&
	(x as number) % OFFSET_STEP === 0;

/** The circle's midnight (offset `off` minutes from UTC) that begins the day containing `t`. */
export const startOfLocalDay = (t: Millis, off: number): Millis => {
	const shift = off * MINUTE_MS;
	return startOfUtcDay(t + shift) - shift;
};

/** The circle's midnight nearest `t` (a tie, exactly midday, goes to the later one). */
export const nearestLocalMidnight = (t: Millis, off: number): Millis => startOfLocalDay(t + DAY_MS / 2, off);

/** The circle's civil date and time of `t` (weekday 1 = Monday … 7 = Sunday). */
export const localCivil = (
	t: Millis,
	off: number
): { y: number; m: number; d: number; weekday: number; minutes: number } => {
	const local = t + off * MINUTE_MS;
	const day = floorDiv(local, DAY_MS);
	// 1970-01-01 was a Thursday (4).
	const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
	return { ...civilFromDays(day), weekday, minutes: floorDiv(local - day * DAY_MS, MINUTE_MS) };
};

/** The instant of the circle's midnight beginning civil date y-m-d. */
export const localMidnightOf = (y: number, m: number, d: number, off: number): Millis =>
	daysFromCivil(y, m, d) * DAY_MS - off * MINUTE_MS;

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

/**
 * The start of term k of a grid anchored at `anchor` (term 0 starts at the anchor). Months
 * are counted on the civil calendar of a circle `off` minutes from UTC (0: UTC).
 */
export const boundary = (anchor: Millis, len: TermLength, k: number, off = 0): Millis =>
	len.unit === 'days'
		? anchor + k * len.count * DAY_MS
		: addMonths(anchor + off * MINUTE_MS, k * len.count) - off * MINUTE_MS;

/** The index k of the term containing `t`: boundary(k) ≤ t < boundary(k + 1). */
export const termIndexAt = (anchor: Millis, len: TermLength, t: Millis, off = 0): number => {
	if (len.unit === 'days') return floorDiv(t - anchor, len.count * DAY_MS);
	// Estimate from the month difference, then step to the exact term.
	const shift = off * MINUTE_MS;
	const a = civilFromDays(floorDiv(anchor + shift, DAY_MS));
	const b = civilFromDays(floorDiv(t + shift, DAY_MS));
	let k = floorDiv(b.y * 12 + b.m - (a.y * 12 + a.m), len.count);
	while (boundary(anchor, len, k, off) > t) k--;
	while (boundary(anchor, len, k + 1, off) <= t) k++;
	return k;
};

/** The first grid boundary strictly after `t`. */
export const nextBoundary = (anchor: Millis, len: TermLength, t: Millis, off = 0): Millis =>
	boundary(anchor, len, termIndexAt(anchor, len, t, off) + 1, off);

/** The term's length in whole milliseconds (months: of that particular term). */
export const termMs = (anchor: Millis, len: TermLength, k: number, off = 0): number =>
	boundary(anchor, len, k + 1, off) - boundary(anchor, len, k, off);

/**
 * The next meeting strictly after `t`: every `everyDays` days at `minutes` past the circle's
 * midnight, from the circle's first day (`epoch`, a circle midnight); when the charter names a
 * weekday (1 = Monday … 7 = Sunday), from the first such day on or after the epoch.
 */
export const nextMeeting = (
	epoch: Millis,
	off: number,
	everyDays: number,
	weekday: number | null,
	minutes: number,
	t: Millis
): Millis => {
	let first = epoch;
	if (weekday !== null) first += ((weekday - localCivil(epoch, off).weekday + 7) % 7) * DAY_MS;
	first += minutes * MINUTE_MS;
	if (t < first) return first;
	return nextBoundary(first, days(everyDays), t);
};

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
