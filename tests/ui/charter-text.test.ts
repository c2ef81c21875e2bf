/**
 * The charter's changes in plain words (src/lib/ui/charter/charter-text.ts), in every language:
 * the privacy section's path is named, and its values read as lists of kinds, never as JSON.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { diff, type CharterContent } from '$lib/core/charter';
import { defaultCharter } from '$lib/core/charter/content';
import { KIND_NAMES, privacySection } from '$lib/core/privacy/section';
import { setMessages, type AppLocale, type Catalogue } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import * as es from '$lib/i18n/gen/messages/es.js';
import * as de from '$lib/i18n/gen/messages/de.js';
import { KIND_TEXT, kindsText, pathText, valueText } from '$lib/ui/charter/charter-text';
import { privateKindName } from '$lib/messages/privacy';

const CATALOGUES: Record<AppLocale, Catalogue> = { en, es: es as Catalogue, de: de as Catalogue };

const withPrivacy = (kinds: Parameters<typeof privacySection>[0]): CharterContent => {
	const c = defaultCharter();
	const section = privacySection(kinds);
	if (section) c.privacy = section;
	return c;
};

describe('the privacy section, worded', () => {
	afterAll(() => setMessages('en', en));

	it.each<[AppLocale, string, string, string]>([
		['en', 'Kept out of the published record', 'payments and mentorship', 'loans'],
		['es', 'Fuera del registro publicado', 'pagos y mentoría', 'préstamos'],
		['de', 'Nicht im veröffentlichten Register', 'Zahlungen und Mentoring', 'Ausleihen']
	])('%s: the path and its values', (locale, label, before, after) => {
		setMessages(locale, CATALOGUES[locale]);
		const [change, ...rest] = diff(
			{ content: withPrivacy(['mentorship', 'payments']) },
			{ content: withPrivacy(['loans']) }
		);
		expect(rest).toEqual([]);
		expect(change!.path).toBe('privacy.kinds');
		expect(pathText(change!.path)).toBe(label);
		expect(valueText(change!.before, change!.path)).toBe(before);
		expect(valueText(change!.after, change!.path)).toBe(after);
	});

	it.each<AppLocale>(['en', 'es', 'de'])(
		'%s: every kind has a name, what it covers, and its own word in a list',
		(locale) => {
			setMessages(locale, CATALOGUES[locale]);
			for (const k of KIND_NAMES)
				for (const text of [KIND_TEXT[k].name(), KIND_TEXT[k].about(), privateKindName(k)])
					expect(text.trim(), k).not.toBe('');
			expect(new Set(KIND_NAMES.map((k) => privateKindName(k))).size).toBe(KIND_NAMES.length);
		}
	);

	it('a section added or removed reads as none on the other side, as every field does', () => {
		setMessages('en', en);
		const [added] = diff({ content: withPrivacy([]) }, { content: withPrivacy(['mentorship']) });
		expect(added).toMatchObject({ path: 'privacy.kinds', kind: 'added', before: null });
		expect(valueText(added!.before, added!.path)).toBe('—');
		expect(valueText(added!.after, added!.path)).toBe('mentorship');
		expect(valueText([], 'privacy.kinds')).toBe('—');
	});

	it('a kind a newer version added keeps its own name; other paths are untouched', () => {
		setMessages('en', en);
		expect(kindsText(['contributions', 'recipes'])).toBe('contributions and recipes');
		expect(valueText(['payments'], 'economy.unit')).toBe('["payments"]');
		expect(valueText({ x: 1 }, 'privacy.kinds')).toBe('{"x":1}');
	});
});
