/**
 * Every sentence a person reads, in their language (issue 11, DESIGN.md §14).
 *
 * The sentences live in src/lib/i18n/messages/<locale>/<area>.json (inlang message format); Paraglide JS 2
 * compiles them into one module per locale (src/lib/i18n/gen, generated: src/cli/i18n.js), and
 * the app loads only the member's language before it mounts (load.ts, hooks.client.ts). A screen
 * reads them through `m`:  import { m } from '$lib/i18n';  …  <h1>{m.home_title()}</h1>
 *
 * `m` is filled once, before the first render; nothing here runs a rule: the core never imports it.
 */
import type * as English from './gen/messages/en.js';

/** A locale's compiled module (gen/messages/<locale>.js). */
export type Catalogue = typeof English;
/** Each message of the catalogue; one that takes no inputs is called with none: m.home_title(). */
export type Messages = {
	[K in keyof Catalogue]: Catalogue[K] extends (inputs: infer I) => infer R
		? object extends I
			? (inputs?: I) => R
			: (inputs: I) => R
		: never;
};

/** The languages a member can choose, in the picker's order (each named in its own language). */
export const LOCALES = ['en', 'es', 'de'] as const;
export type AppLocale = (typeof LOCALES)[number];
/** Generated from English for tests (src/cli/i18n.js): accented and longer; and the same read right to left. */
export const PSEUDO_LOCALES = ['en-XA', 'en-XB'] as const;
export type AnyLocale = AppLocale | (typeof PSEUDO_LOCALES)[number];
export const BASE_LOCALE: AppLocale = 'en';

/** Where this phone keeps the member's choice (the picker in settings). */
export const LOCALE_KEY = 'circulate.locale';

/** Each language's own name, never translated: a member looking for theirs must recognise it. */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: 'English', es: 'Español', de: 'Deutsch' };

/** Languages written right to left (by primary subtag); en-XB is the right-to-left pseudo-locale. */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'dv', 'ckb']);

// ASCII-only lower case: 'I'.toLocaleLowerCase('tr') is 'ı', so locale tags never go through the
// phone's locale (the unit tests run under LANG=tr_TR too).
const lowerAscii = (s: string): string =>
	s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

const known = new Map<string, AnyLocale>([...LOCALES, ...PSEUDO_LOCALES].map((l) => [lowerAscii(l), l]));

/** The supported locale a BCP 47 tag asks for ('es-MX' → 'es', 'DE' → 'de'), or null. */
export const matchLocale = (tag: string | null | undefined): AnyLocale | null => {
	if (!tag) return null;
	const t = lowerAscii(tag.trim().replace(/_/g, '-'));
	return known.get(t) ?? known.get(t.split('-')[0]!) ?? null;
};

/**
 * The member's language: their choice on this phone, then the browser's languages in order, then
 * English. Pseudo-locales only when chosen explicitly (tests), never from the browser.
 */
export const resolveLocale = (stored: string | null | undefined, languages: readonly string[]): AnyLocale => {
	const chosen = matchLocale(stored);
	if (chosen) return chosen;
	for (const tag of languages) {
		const l = matchLocale(tag);
		if (l && (LOCALES as readonly string[]).includes(l)) return l;
	}
	return BASE_LOCALE;
};

export const dirOf = (locale: string): 'ltr' | 'rtl' =>
	locale === 'en-XB' || RTL.has(lowerAscii(locale).split('-')[0]!) ? 'rtl' : 'ltr';

/**
 * The tag Intl formats with. The accented pseudo-locale formats as Greek: its dates, units and
 * relative times are then in a script of their own, so any plain Latin word left on a screen in it
 * is one that never went through the message files (the i18n e2e looks for those). The
 * right-to-left one formats as English.
 */
export const intlLocaleOf = (locale: AnyLocale): string =>
	locale === 'en-XA' ? 'el' : (PSEUDO_LOCALES as readonly string[]).includes(locale) ? 'en' : locale;

/** The messages of the current language, filled by setMessages before anything renders. */
export const m = {} as Messages;

let current: AnyLocale = BASE_LOCALE;
/** The language the app is showing. */
export const getLocale = (): AnyLocale => current;
/** The tag for Intl (dates, numbers, plurals, lists, collation) in the language the app is showing. */
export const intlLocale = (): string => intlLocaleOf(current);

/**
 * Large numbers a message is given are written as the language writes them (20,004; 20.004), while
 * its plural still reads the number: the compiled messages print an input as it is and choose the
 * plural with Number(input), so a number from 10,000 up goes in as an object whose text is the
 * formatted number and whose value is the number. Below that, numbers stay plain: years, a member's
 * entry number, a port, and Spanish writes four digits without a separator anyway.
 */
export const GROUPED_FROM = 10_000;
let grouping: Intl.NumberFormat | null = null;
const grouped = (n: number): { valueOf(): number; toString(): string } => ({
	valueOf: () => n,
	toString: () => (grouping ??= new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 20 })).format(n)
});
const withGroupedNumbers = (fn: unknown): unknown => {
	if (typeof fn !== 'function') return fn;
	const message = fn as (inputs?: Record<string, unknown>, options?: unknown) => string;
	return (inputs?: Record<string, unknown>, options?: unknown) => {
		if (!inputs || typeof inputs !== 'object') return message(inputs, options);
		let copy: Record<string, unknown> | null = null;
		for (const [k, v] of Object.entries(inputs))
			if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) >= GROUPED_FROM)
				(copy ??= { ...inputs })[k] = grouped(v);
		return message(copy ?? inputs, options);
	};
};
const install = (messages: Partial<Catalogue>): void => {
	for (const [k, fn] of Object.entries(messages)) (m as Record<string, unknown>)[k] = withGroupedNumbers(fn);
};

/** Installs a locale's compiled messages (load.ts in the app; the English module in tests and the CLI). */
export const setMessages = (locale: AnyLocale, messages: Catalogue): void => {
	current = locale;
	grouping = null;
	install(messages);
};

/** Adds the rest of the language's messages (load.ts: the circle's screens). */
export const addMessages = (messages: Partial<Catalogue>): void => {
	install(messages);
};

/** Placeholders a screen fills with markup: pass SLOT[i] as a message input, then render segments(). */
export const SLOT = ['\uE000', '\uE001', '\uE002'] as const;

/**
 * A message cut at its slots, so a screen can put <strong> or <code> around an input wherever the
 * language puts it: segments(`Backup of ${SLOT[0]}, key ${SLOT[1]}`) → text, slot 0, text, slot 1.
 */
export const segments = (text: string): ({ text: string } | { slot: number })[] =>
	text
		.split(/([\uE000-\uE002])/)
		.filter((s) => s !== '')
		.map((s) => (/^[\uE000-\uE002]$/.test(s) ? { slot: s.charCodeAt(0) - 0xe000 } : { text: s }));
