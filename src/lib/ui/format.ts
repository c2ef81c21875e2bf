/** Display helpers: dates in the reader's locale, short key fingerprints, a calm colour per key. */
import type { Millis } from '$lib/core/types';
import { fingerprint } from '$lib/device/identity';

export { fingerprint };

const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dayTime = new Intl.DateTimeFormat(undefined, {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit'
});

/** A ledger hash as people compare it: the first 16 hex characters in groups of four, like a fingerprint. */
export const shortHash = (hex: string): string => fingerprint(hex);

export const formatDay = (ms: Millis): string => day.format(ms);

// The circle's own time (the charter's fixed offset): formatted as UTC after shifting the
// instant, so every phone shows the same day and hour whatever zone it is in.
const circleFormats = new Map<string, Intl.DateTimeFormat>();
const circleFormat = (time: boolean, weekday: boolean, year: boolean): Intl.DateTimeFormat => {
	const key = `${time}/${weekday}/${year}`;
	let f = circleFormats.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(undefined, {
			timeZone: 'UTC',
			...(weekday ? { weekday: 'short' } : {}),
			day: 'numeric',
			month: 'short',
			...(year ? { year: 'numeric' } : {}),
			...(time ? { hour: 'numeric', minute: '2-digit' } : {})
		});
		circleFormats.set(key, f);
	}
	return f;
};

/** An instant as the circle's clock shows it ("Mon 7 Dec, 00:00" with `weekday`; "7 Dec 2026" without). */
export const formatCircle = (ms: Millis, offsetMinutes: number, time = true, weekday = false): string => {
	const shifted = ms + offsetMinutes * 60_000;
	// With the weekday, the year only when it is not this year's ("Wed 1 Dec 2027").
	const year =
		!weekday ||
		new Date(shifted).getUTCFullYear() !== new Date(Date.now() + offsetMinutes * 60_000).getUTCFullYear();
	return circleFormat(time, weekday, year).format(shifted);
};

/** "UTC+01:00", "UTC−09:30", "UTC+13:45": how the charter's offset reads. */
export const formatOffset = (minutes: number): string => {
	const a = Math.abs(minutes);
	const p = (n: number) => String(n).padStart(2, '0');
	return `UTC${minutes < 0 ? '−' : '+'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
};

/** This phone's offset from UTC right now, in minutes (what a new charter proposes). */
export const phoneOffset = (at: Millis = Date.now()): number => -new Date(at).getTimezoneOffset();
export const formatDayTime = (ms: Millis): string => dayTime.format(ms);
export const isoOf = (ms: Millis): string => new Date(ms).toISOString();

/** A hue from the first bytes of a hex key, for avatars: recognisable, never meaningful. */
export const hueOf = (hex: string): number => parseInt(hex.slice(0, 4) || '0', 16) % 360;

export const initialsOf = (name: string): string => {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts.slice(0, 1);
	return letters.map((p) => [...p][0]!.toUpperCase()).join('') || '?';
};
