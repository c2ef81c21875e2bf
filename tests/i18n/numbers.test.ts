// Large numbers in messages read as each language writes them, and the plural still follows the
// number (src/lib/i18n/index.ts): "Imported 20,004 new entries.", "20.004 neue Einträge importiert."
import { afterAll, describe, expect, it } from 'vitest';
import { m, setMessages, type Catalogue } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import * as de from '$lib/i18n/gen/messages/de.js';
import * as es from '$lib/i18n/gen/messages/es.js';

describe('numbers in messages', () => {
	afterAll(() => setMessages('en', en));

	it('groups 10,000 and up in the language of the screen; smaller numbers and the plural stay', () => {
		setMessages('en', en);
		expect(m.files_imported({ count: 20004 })).toBe('Imported 20,004 new entries.');
		expect(m.files_imported({ count: 1 })).toBe('Imported 1 new entry.');
		expect(m.files_imported({ count: 2026 })).toBe('Imported 2026 new entries.');
		setMessages('de', de as Catalogue);
		expect(m.files_imported({ count: 20004 })).toContain('20.004');
		setMessages('es', es as Catalogue);
		expect(m.files_imported({ count: 20004 })).toMatch(/20[.\u00a0\u202f]004/);
		expect(m.files_imported({ count: 1 })).toMatch(/\b1\b/);
	});

	it('text inputs are left as they are', () => {
		setMessages('en', en);
		expect(m.files_imported({ count: '12' as unknown as number })).toBe('Imported 12 new entries.');
	});
});
