import { describe, expect, it } from 'vitest';
import type { Entry } from '$lib/core/types';
import { describeEntry } from '$lib/ui/describe';
import { backupFileName, fingerprint } from '$lib/device/identity';
import { initialsOf } from '$lib/ui/format';

const entry = (type: string, body: Record<string, string> = {}) => ({ type, body }) as unknown as Entry;

describe('ledger sentences', () => {
	it.each([
		[entry('circle.genesis', { name: 'Elm' }), 'Circle founded'],
		[entry('circle.rename', { name: 'Elm & Seeds' }), 'Renamed the circle to “Elm & Seeds”'],
		[entry('member.admit', { name: 'Jo' }), 'Welcomed Jo'],
		[entry('member.leave'), 'Left the circle'],
		[entry('credit.transfer'), 'Recorded “credit.transfer”'],
		// Members' text stays text: the UI renders it with {…}, never as HTML.
		[
			entry('circle.rename', { name: '<img src=x onerror=alert(1)>' }),
			'Renamed the circle to “<img src=x onerror=alert(1)>”'
		]
	])('%#: %o reads “%s”', (e, sentence) => expect(describeEntry(e)).toBe(sentence));
});

describe('names and keys for people', () => {
	it.each([
		['Maya Okafor', 'MO'],
		['  jo  ', 'J'],
		['Ana María de la Cruz', 'AC'],
		['Ørjan', 'Ø'],
		['', '?']
	])('initials of %j are %s', (name, initials) => expect(initialsOf(name)).toBe(initials));

	it('shows the first 8 bytes of a key in groups of four', () => {
		expect(fingerprint('0123456789abcdef'.repeat(4))).toBe('0123 4567 89ab cdef');
	});

	it.each([
		['Maya Okafor', 'circulate-identity-maya-okafor.json'],
		['Zoë / Ünal', 'circulate-identity-zoe-unal.json'],
		['../../etc', 'circulate-identity-etc.json'],
		['Маша', 'circulate-identity-маша.json'],
		['   ', 'circulate-identity-member.json']
	])('backup file name for %j is %s', (name, file) => expect(backupFileName(name)).toBe(file));
});
