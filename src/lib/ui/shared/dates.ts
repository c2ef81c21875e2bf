/**
 * Date fields in forms: calendar days, turned into UTC instants for the ledger. With `off` (the
 * charter's offset in minutes) the days are the circle's own, so a day entered on one phone is
 * the same day on every phone (a sunset entered as 30 Dec shows as 30 Dec everywhere); without
 * it, the reader's local days.
 */
import { localCivil, localMidnightOf } from '$lib/core/calendar';
import type { Millis } from '$lib/core/types';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the local (or the circle's) day containing t (for <input type="date">). */
export const dayValue = (t: Millis, off: number | null = null): string => {
	if (off !== null) {
		const c = localCivil(t, off);
		return `${c.y}-${pad(c.m)}-${pad(c.d)}`;
	}
	const d = new Date(t);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Local (or the circle's) midnight at the start of a `YYYY-MM-DD` day, or null if it does not read. */
export const startOfDay = (value: string, off: number | null = null): Millis | null => {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return null;
	if (off !== null) return localMidnightOf(Number(m[1]), Number(m[2]), Number(m[3]), off);
	const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
	return Number.isFinite(t) ? t : null;
};

/** Local (or the circle's) midnight at the end of a day (the start of the next). */
export const endOfDay = (value: string, off: number | null = null): Millis | null => {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return null;
	if (off !== null) return localMidnightOf(Number(m[1]), Number(m[2]), Number(m[3]), off) + 86_400_000;
	const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime();
	return Number.isFinite(t) ? t : null;
};

export { errorText } from '../messages';
