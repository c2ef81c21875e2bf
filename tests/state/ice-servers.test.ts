import { describe, expect, it } from 'vitest';
import { icePlan, isTurn } from '$lib/state/ice-servers';

describe('the ICE servers a room is given', () => {
	it('STUN servers go together; each TURN server goes with this phone’s sign-in', () => {
		const plan = icePlan(['stun:a.example:3478', 'turn:t.example:3478?transport=tcp', 'stun:b.example'], {
			'turn:t.example:3478?transport=tcp': { username: 'garden', credential: 's3cret' }
		});
		expect(plan.servers).toEqual([
			{ urls: ['stun:a.example:3478', 'stun:b.example'] },
			{ urls: 'turn:t.example:3478?transport=tcp', username: 'garden', credential: 's3cret' }
		]);
		expect(plan.withoutLogin).toEqual([]);
	});

	it('a TURN server without a sign-in here is left out and named (the browser refuses it, and the room would not open)', () => {
		const plan = icePlan(['turns:t.example', 'turn:u.example'], {
			'turn:u.example': { username: 'x', credential: '' }
		});
		expect(plan.servers).toEqual([]);
		expect(plan.withoutLogin).toEqual(['turns:t.example', 'turn:u.example']);
	});

	it('a sign-in for an address the circle no longer lists is not used', () => {
		expect(icePlan([], { 'turn:old.example': { username: 'x', credential: 'y' } }).servers).toEqual([]);
	});

	it('tells TURN from STUN by the scheme', () => {
		expect(['turn:a', 'TURNS:a', 'stun:a', 'stuns:a'].map(isTurn)).toEqual([true, true, false, false]);
	});
});
