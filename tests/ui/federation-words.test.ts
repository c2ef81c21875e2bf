/**
 * Every refusal the federation's rules give (each code with an English sentence in
 * messages/federation.ts, which tests/ui/messages.test.ts keeps complete) has a sentence in the
 * federation screens' own messages, federation.json, in every language.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEDERATION_MESSAGES } from '$lib/messages/federation';
import { errKey } from '$lib/ui/federation/words';

describe('the federation screens word every refusal', () => {
	it.each(['en', 'es', 'de'])('in %s', (locale) => {
		const words = JSON.parse(
			readFileSync(`src/lib/i18n/messages/${locale}/federation.json`, 'utf8')
		) as Record<string, unknown>;
		const missing = Object.keys(FEDERATION_MESSAGES).filter((code) => !(errKey(code) in words));
		expect(missing).toEqual([]);
	});
});
