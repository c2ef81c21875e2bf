// Issue 11: every language has every key, none empty, with the same placeholders as English; the
// pseudo-locales are generated from English; the member's language is found the same way
// whatever the phone's own locale (the suite runs again under LANG=tr_TR).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areasOf, pseudoMessages, pseudoText, readCatalogue } from '../../src/cli/i18n.js';
import { LOCALES, dirOf, intlLocaleOf, matchLocale, resolveLocale } from '$lib/i18n';

const dir = join(__dirname, '../../src/lib/i18n/messages');
const settings = JSON.parse(readFileSync(join(__dirname, '../../project.inlang/settings.json'), 'utf8'));
type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Catalogue = Record<string, string | Variant[]>;
const read = (locale: string): Catalogue => readCatalogue(locale) as Catalogue;
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<string, Catalogue>;
const en = catalogues.en!;

/** The texts a message can show (one, or one per plural/select variant). */
const patterns = (value: string | Variant[]): string[] =>
	typeof value === 'string' ? [value] : value.flatMap((v) => Object.values(v.match));
/** The inputs a message takes: its {placeholders}, and the inputs its variants declare. */
const inputs = (value: string | Variant[]): string[] => {
	const names = new Set<string>();
	for (const p of patterns(value)) for (const m of p.matchAll(/\{\s*([A-Za-z_][\w]*)/g)) names.add(m[1]!);
	if (typeof value !== 'string')
		for (const v of value)
			for (const d of v.declarations ?? []) {
				const input = /^input\s+(\w+)/.exec(d);
				if (input) names.add(input[1]!);
			}
	// Locals a variant declares from an input (local countPlural = count: plural) are not inputs.
	if (typeof value !== 'string')
		for (const v of value)
			for (const d of v.declarations ?? []) {
				const local = /^local\s+(\w+)/.exec(d);
				if (local) names.delete(local[1]!);
			}
	return [...names].sort();
};

describe('message catalogues', () => {
	it('has a file for each language of the project, and the app offers exactly those', () => {
		expect([...settings.locales].sort()).toEqual([...LOCALES].sort());
		expect(settings.baseLocale).toBe('en');
		expect(readdirSync(dir).sort()).toEqual([...LOCALES].sort());
	});

	it('every language has the same area files, each with the $schema line', () => {
		for (const locale of LOCALES) {
			expect(areasOf(locale), locale).toEqual(areasOf('en'));
			for (const area of areasOf(locale))
				expect(JSON.parse(readFileSync(join(dir, locale, area), 'utf8')).$schema, `${locale}/${area}`).toBe(
					'https://inlang.com/schema/inlang-message-format'
				);
		}
	});

	it('English has messages, with snake_case keys', () => {
		expect(Object.keys(en).length).toBeGreaterThan(20);
		for (const key of Object.keys(en)) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
	});

	it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (locale) => {
		const keys = Object.keys(catalogues[locale]!);
		expect(Object.keys(en).filter((k) => !keys.includes(k))).toEqual([]);
		expect(keys.filter((k) => !(k in en))).toEqual([]);
	});

	it.each(LOCALES)('%s has no empty message', (locale) => {
		const empty = Object.entries(catalogues[locale]!)
			.filter(([, v]) => patterns(v).length === 0 || patterns(v).some((p) => !p.trim()))
			.map(([k]) => k);
		expect(empty).toEqual([]);
	});

	it.each(LOCALES.filter((l) => l !== 'en'))('%s takes the same placeholders as English', (locale) => {
		const differ = Object.entries(catalogues[locale]!)
			.filter(([k, v]) => en[k] !== undefined && inputs(v).join() !== inputs(en[k]!).join())
			.map(([k, v]) => `${k}: ${inputs(v).join()} ≠ ${inputs(en[k]!).join()}`);
		expect(differ).toEqual([]);
	});

	it('a translation that is English left as it was is flagged unless listed as the same word', () => {
		// Words spelled alike in both languages (names, "Circulate") may be identical.
		const same = new Set([
			'app_name',
			'title_suffix',
			'time_utc',
			'restore_pass_label',
			'locale_name_en',
			'locale_name_es',
			'locale_name_de',
			// 'Roles' in Spanish too (the glossary's word)
			'nav_group_roles',
			'protocols_kind_ritual', // "Ritual" in Spanish and German too
			'protocols_diff_row', // only placeholders and an arrow
			'calendar_ev_ritual_title', // only placeholders and a colon
			'arrived_all', // a list and a full stop
			'rule_room_url_problem', // an address and a sentence
			'protocols_publish_name', // "Name" in German too
			'charter_roles', // "Roles" in Spanish too
			'charter_role_name', // "Name" in German too
			'charter_version_n' // "Version {version}" in German too
		]);
		for (const locale of LOCALES.filter((l) => l !== 'en')) {
			const untouched = Object.entries(catalogues[locale]!)
				.filter(
					([k, v]) =>
						!same.has(k) &&
						JSON.stringify(v) === JSON.stringify(en[k]) &&
						/\p{L}{3,}/u.test(patterns(v).join(' '))
				)
				.map(([k]) => k);
			expect(untouched, locale).toEqual([]);
		}
	});

	it('the test catches a missing key, an empty text and a changed placeholder', () => {
		expect(inputs('Hello, {name}')).toEqual(['name']);
		expect(inputs('Hola, {nombre}')).not.toEqual(inputs('Hello, {name}'));
		const plural: Variant[] = [
			{
				declarations: ['input count', 'local countPlural = count: plural'],
				selectors: ['countPlural'],
				match: { 'countPlural=one': '{count} member', 'countPlural=other': '' }
			}
		];
		expect(inputs(plural)).toEqual(['count']);
		expect(patterns(plural).some((p) => !p.trim())).toBe(true);
	});
});

describe('pseudo-locales', () => {
	it('accents letters, keeps placeholders and is about 40% longer', () => {
		const text = 'On this phone since {date}, with {count} members';
		const p = pseudoText(text);
		expect(p).toContain('{date}');
		expect(p).toContain('{count}');
		expect(p.replace(/\{[^}]*\}/g, '')).not.toMatch(/[a-z]{2}/); // no plain English word survives
		expect([...p].length / [...text].length).toBeGreaterThanOrEqual(1.35);
	});

	it('turns a whole English catalogue, variants included, with the same keys and inputs', () => {
		const pseudo = pseudoMessages(en) as Catalogue;
		expect(Object.keys(pseudo)).toEqual(Object.keys(en));
		for (const [k, v] of Object.entries(pseudo)) expect(inputs(v)).toEqual(inputs(en[k]!));
	});
});

describe('choosing the language', () => {
	it('the member’s choice, then the browser’s languages, then English', () => {
		expect(resolveLocale('de', ['es-ES', 'en'])).toBe('de');
		expect(resolveLocale(null, ['fr-FR', 'es-MX', 'de'])).toBe('es');
		expect(resolveLocale(null, ['fr', 'it'])).toBe('en');
		expect(resolveLocale('xx', [])).toBe('en');
		expect(resolveLocale(undefined, ['DE-AT'])).toBe('de');
	});

	it('pseudo-locales only when chosen, never from the browser', () => {
		expect(resolveLocale('en-XA', ['de'])).toBe('en-XA');
		expect(resolveLocale(null, ['en-XA', 'es'])).toBe('es');
		expect(intlLocaleOf('en-XB')).toBe('en');
	});

	it('matches tags without the phone’s casing rules (Turkish dotted and dotless i)', () => {
		// Under tr_TR, 'I'.toLocaleLowerCase() is 'ı': a tag must still match.
		expect(matchLocale('EN-IN')).toBe('en');
		expect(matchLocale('EN_XA')).toBe('en-XA');
		expect(matchLocale('en-xb')).toBe('en-XB');
		expect(matchLocale('DE-LI')).toBe('de');
		expect(matchLocale('İt')).toBe(null);
	});

	it('writing direction from the language', () => {
		expect(dirOf('en')).toBe('ltr');
		expect(dirOf('de')).toBe('ltr');
		expect(dirOf('ar-EG')).toBe('rtl');
		expect(dirOf('HE')).toBe('rtl');
		expect(dirOf('en-XB')).toBe('rtl');
	});
});
