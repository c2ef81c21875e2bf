import { describe, expect, it } from 'vitest';
import * as join from '$lib/core/membership/join';
import { CIRCLE, T0, joinRequestOf, person } from './helpers';

const zoe = person('Zoë');

describe('join requests', () => {
	it('are signed by the joiner and verify', () => {
		const r = joinRequestOf(zoe, T0);
		expect(join.verifyJoinRequest(r)).toBe(true);
		expect(join.decodeJoinRequest(JSON.parse(JSON.stringify(r)))).toEqual(r);
		expect(join.verifyJoinRequest({ ...r, name: 'Zoe' })).toBe(false);
	});

	it('store names trimmed and in NFC', () => {
		const u = join.createJoinRequest({
			circle: CIRCLE,
			key: zoe.key,
			name: '  Zoe\u0308 ',
			nonce: 'ab'.repeat(16),
			now: T0
		});
		expect(u.name).toBe('Zoë');
		expect(u.name.length).toBe(3);
	});

	it.each([
		['', 'Write the name the circle will know you by.'],
		['x'.repeat(81), 'Keep your name under 80 characters.'],
		['a\u0007b', 'Names cannot contain control characters.']
	])('refuse the name %j with a sentence', (name, message) => {
		expect(() =>
			join.createJoinRequest({ circle: CIRCLE, key: zoe.key, name, nonce: 'ab'.repeat(16), now: T0 })
		).toThrow(message);
	});

	it.each<[string, (r: Record<string, unknown>) => unknown, string]>([
		['not an object', () => 'hello', 'This is not a join request.'],
		['another kind', (r) => ({ ...r, kind: 'something' }), 'This is not a Circulate join request.'],
		['extra field', (r) => ({ ...r, extra: 1 }), 'missing or extra fields'],
		['newer version', (r) => ({ ...r, v: 2 }), 'newer version of Circulate'],
		['bad key', (r) => ({ ...r, key: 'zz' }), 'no valid key'],
		['untrimmed name', (r) => ({ ...r, name: ' Zoë' }), 'no usable name'],
		['unsigned', (r) => ({ ...r, sig: '' }), 'not signed']
	])('decoding refuses %s', (_, change, message) => {
		const r = joinRequestOf(zoe, T0) as unknown as Record<string, unknown>;
		expect(() => join.decodeJoinRequest(change(r))).toThrow(message);
	});
});
