/**
 * Every refusal the federation's rules give (each code with a sentence `rule_fed_*` in the message
 * files, which tests/ui/messages.test.ts keeps complete) has a sentence in the federation screens'
 * own messages, federation.json, in every language.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errKey } from '$lib/ui/federation/words';

/** The federation's codes: every `rule_fed_*` sentence (its variants `__*` aside), as its code. */
const rules = JSON.parse(readFileSync('src/lib/i18n/messages/en/rules.json', 'utf8')) as Record<
	string,
	unknown
>;
const FEDERATION_CODES = Object.keys(rules)
	.filter((k) => k.startsWith('rule_fed_') && !k.includes('__'))
	.map((k) => k.slice('rule_'.length).replaceAll('_', '-'));

describe('the federation screens word every refusal', () => {
	it.each(['en', 'es', 'de'])('in %s', (locale) => {
		const words = JSON.parse(
			readFileSync(`src/lib/i18n/messages/${locale}/federation.json`, 'utf8')
		) as Record<string, unknown>;
		expect(FEDERATION_CODES.length).toBeGreaterThan(40);
		const missing = FEDERATION_CODES.filter((code) => !(errKey(code) in words));
		expect(missing).toEqual([]);
	});
});
