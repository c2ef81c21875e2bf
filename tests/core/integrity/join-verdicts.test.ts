/**
 * Threat model T51: a join request's signature copied onto a changed request. The ledger remembers
 * each request's verdict (a signature is checked once per request, not in every fold), so the
 * verdict must belong to the whole request: a member who copies a genuine request's signature onto
 * one with another name or key gets that copy set aside, and the genuine request still admits,
 * whichever the fold reads first.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '$lib/core/ledger';
import * as membership from '$lib/core/membership/fold';
import { CIRCLE, T0, arrival, genesisOf, idOf, joinRequestOf, person, sign, write } from '../helpers';
import type { Entry } from '$lib/core/types';

const maya = person('Maya');
const ana = person('Ana');
const cy = person('Cy');
const sock = person('Sock');
const MIN = 60_000;

const caseOf = (l: Ledger, e: Entry) => {
	const v = l.verdict(idOf(e));
	return v?.status === 'quarantined' ? `${v.reason}/${v.detail}` : v?.status;
};

/** An admission of `request` written by `by` at `at`, whatever the builder would say. */
const admitting = (l: Ledger, by: typeof maya, request: ReturnType<typeof joinRequestOf>, at: number) => {
	const slot = l.nextFor(by.key, at);
	const e = sign(
		membership.draft(slot, membership.ADMIT, { member: request.key, name: request.name, request }),
		by
	);
	l.add([arrival(e)], at);
	return e;
};

describe('a copied join request signature (T51)', () => {
	for (const [what, change] of [
		['another name', { name: 'Cyrus' }],
		['another key (a sock puppet)', { key: sock.key, name: 'Sock' }]
	] as const)
		it(`on a request with ${what}: the copy is set aside, the genuine request still admits`, () => {
			const l = new Ledger(CIRCLE);
			l.add([arrival(genesisOf(maya))], T0);
			write(l, maya, T0 + MIN, (s) => membership.admit(s, joinRequestOf(ana, T0 + MIN)));
			const genuine = joinRequestOf(cy, T0 + 2 * MIN);
			const copy = admitting(l, ana, { ...genuine, ...change }, T0 + 3 * MIN);
			const real = admitting(l, maya, genuine, T0 + 4 * MIN);
			expect(caseOf(l, copy)).toBe('invalid-body/request-signature');
			expect(caseOf(l, real)).toBe('accepted');
			expect(l.state().roster).toContain(cy.key);
			expect(l.state().roster).not.toContain(sock.key);
			// The same entries folded at once, on a fresh ledger, in either delivery order.
			for (const order of [
				[copy, real],
				[real, copy]
			]) {
				const fresh = new Ledger(CIRCLE);
				fresh.add(
					l.accepted.filter((e) => !(order as Entry[]).includes(e as Entry)).map(arrival),
					T0 + 5 * MIN
				);
				fresh.add((order as Entry[]).map(arrival), T0 + 5 * MIN);
				expect(caseOf(fresh, copy)).toBe('invalid-body/request-signature');
				expect(fresh.state().roster).toContain(cy.key);
				expect(fresh.head()).toBe(l.head());
			}
		});
});
