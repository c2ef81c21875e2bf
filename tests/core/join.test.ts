import { describe, expect, it } from 'vitest';
import * as join from '$lib/core/membership/join';
import { CIRCLE, T0, joinRequestOf, person, refusalOf } from './helpers';

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
		['', { code: 'member-name' }],
		['x'.repeat(81), { code: 'member-name-length', params: { max: 80 } }],
		['a\u0007b', { code: 'member-name-control' }]
	])('refuse the name %j with a code', (name, refusal) => {
		expect(
			refusalOf(() =>
				join.createJoinRequest({ circle: CIRCLE, key: zoe.key, name, nonce: 'ab'.repeat(16), now: T0 })
			)
		).toEqual(refusal);
	});

	it.each<[string, (r: Record<string, unknown>) => unknown, string]>([
		['not an object', () => 'hello', 'join-not-object'],
		['another kind', (r) => ({ ...r, kind: 'something' }), 'join-kind'],
		['extra field', (r) => ({ ...r, extra: 1 }), 'join-fields'],
		['newer version', (r) => ({ ...r, v: 2 }), 'join-newer'],
		['bad circle', (r) => ({ ...r, circle: 'zz' }), 'join-circle'],
		['bad key', (r) => ({ ...r, key: 'zz' }), 'join-key'],
		['untrimmed name', (r) => ({ ...r, name: ' Zoë' }), 'join-name'],
		['short nonce', (r) => ({ ...r, nonce: 'ab' }), 'join-nonce'],
		['negative time', (r) => ({ ...r, time: -1 }), 'join-time'],
		['unsigned', (r) => ({ ...r, sig: '' }), 'join-unsigned']
	])('decoding refuses %s', (_, change, code) => {
		const r = joinRequestOf(zoe, T0) as unknown as Record<string, unknown>;
		expect(refusalOf(() => join.decodeJoinRequest(change(r)))).toEqual({ code });
	});
});
