/** Display helpers: dates in the reader's locale, short key fingerprints, a calm colour per key. */
import type { Millis } from '$lib/core/types';
import { fingerprint } from '$lib/device/identity';
import { intlLocale } from '$lib/i18n';

export { fingerprint };

// Dates, times and numbers in the language the app shows (src/lib/i18n), never the phone's
// default: a Spanish screen on an English phone reads '7 dic 2026'. Formatters are made on first
// use, after the language is loaded, and kept per locale and options: making one costs far more
// than using it, and a progress line or a long list formats hundreds of times a second on a
// cheap phone.
const formats = new Map<string, unknown>();
const kept = <F>(kind: string, key: string, make: (locale: string) => F): F => {
	const locale = intlLocale();
	const k = `${kind}|${locale}|${key}`;
	let f = formats.get(k) as F | undefined;
	if (f === undefined) formats.set(k, (f = make(locale)));
	return f;
};
const dateFormat = (key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
	kept('date', key, (locale) => new Intl.DateTimeFormat(locale, options));
/** A date formatter kept per locale, keyed by its options (every option here is a plain value). */
export const keptDateFormat = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
	dateFormat(JSON.stringify(options), options);
const day = () => dateFormat('day', { day: 'numeric', month: 'short', year: 'numeric' });
const dayTime = () =>
	dateFormat('dayTime', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit'
	});

/** A ledger hash as people compare it: the first 16 hex characters in groups of four, like a fingerprint. */
export const shortHash = (hex: string): string => fingerprint(hex);

export const formatDay = (ms: Millis): string => day().format(ms);

// The circle's own time (the charter's fixed offset): formatted as UTC after shifting the
// instant, so every phone shows the same day and hour whatever zone it is in.
const circleFormat = (time: boolean, weekday: boolean, year: boolean): Intl.DateTimeFormat =>
	dateFormat(`circle/${time}/${weekday}/${year}`, {
		timeZone: 'UTC',
		...(weekday ? { weekday: 'short' } : {}),
		day: 'numeric',
		month: 'short',
		...(year ? { year: 'numeric' } : {}),
		...(time ? { hour: 'numeric', minute: '2-digit' } : {})
	});

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
export const formatDayTime = (ms: Millis): string => dayTime().format(ms);
export const isoOf = (ms: Millis): string => new Date(ms).toISOString();

/** A hue from the first bytes of a hex key, for avatars: recognisable, never meaningful. */
export const hueOf = (hex: string): number => parseInt(hex.slice(0, 4) || '0', 16) % 360;

export const initialsOf = (name: string): string => {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts.slice(0, 1);
	return letters.map((p) => [...p][0]!.toUpperCase()).join('') || '?';
};

/** A number as the app's language writes it (1.234,5 in German). */
export const formatNumber = (n: number, options?: Intl.NumberFormatOptions): string =>
	kept(
		'number',
		options ? JSON.stringify(options) : '',
		(locale) => new Intl.NumberFormat(locale, options)
	).format(n);

/** A list as the language joins it: 'Ana, Ben and Cleo', 'Ana, Ben y Cleo', 'Ana, Ben und Cleo'. */
export const formatList = (
	items: readonly string[],
	type: 'conjunction' | 'disjunction' = 'conjunction'
): string =>
	kept('list', type, (locale) => new Intl.ListFormat(locale, { style: 'long', type })).format(items);

/** Names sorted for display in the app's language (never in a rule: rules compare key bytes). */
export const byName = <T>(nameOf: (item: T) => string): ((a: T, b: T) => number) => {
	const collator = kept(
		'collator',
		'',
		(locale) => new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
	);
	return (a, b) => collator.compare(nameOf(a), nameOf(b));
};

/** "in 3 days", "hace 5 horas", "vor 2 Minuten", "now": calm and rounded, in the app's language. */
export const formatRelative = (t: Millis, now: Millis): string => {
	const ms = t - now;
	const abs = Math.abs(ms);
	const sign = ms < 0 ? -1 : 1;
	const rtf = kept('relative', '', (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
	if (abs >= 2 * 86_400_000) return rtf.format(sign * Math.round(abs / 86_400_000), 'day');
	if (abs >= 2 * 3_600_000) return rtf.format(sign * Math.round(abs / 3_600_000), 'hour');
	if (abs >= 120_000) return rtf.format(sign * Math.round(abs / 60_000), 'minute');
	return rtf.format(0, 'second');
};
