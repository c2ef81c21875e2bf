/**
 * Threat model T18 (docs/protocol/threat-model.md): admitting someone with an old, unused join
 * request. A request admits only within JOIN_REQUEST_DAYS of its `time` (and not from more than
 * a day ahead of the admission), and never someone who left or was removed after making it: a
 * member who kept a spare request, or a photo of its QR code, cannot bring anyone back who has
 * not asked again.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '$lib/core/ledger';
import * as membership from '$lib/core/membership/fold';
import { JOIN_REQUEST_DAYS } from '$lib/core/membership/join';
import {
	CIRCLE,
	T0,
	arrival,
	genesisOf,
	idOf,
	joinRequestOf,
	person,
	refusalOf,
	sign,
	write
} from '../helpers';
import type { Entry } from '$lib/core/types';

const maya = person('Maya');
const ana = person('Ana');
const bo = person('Bo');
const cy = person('Cy');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

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

const circle = () => {
	const l = new Ledger(CIRCLE);
	l.add([arrival(genesisOf(maya))], T0);
	write(l, maya, T0 + MIN, (s) => membership.admit(s, joinRequestOf(ana, T0 + MIN)));
	write(l, maya, T0 + 2 * MIN, (s) => membership.admit(s, joinRequestOf(bo, T0 + 2 * MIN)));
	return l;
};

describe('old join requests (T18)', () => {
	it('a spare request made before someone left does not bring them back', () => {
		const l = circle();
		const spare = joinRequestOf(cy, T0 + 3 * MIN + 1);
		write(l, ana, T0 + 3 * MIN, (s) => membership.admit(s, joinRequestOf(cy, T0 + 3 * MIN)));
		write(l, cy, T0 + DAY, (s) => membership.leave(s));
		const back = admitting(l, ana, spare, T0 + DAY + MIN);
		expect(caseOf(l, back)).toBe('invalid-body/request-before-leaving');
		expect(l.state().members.get(cy.key)?.until).toBe(T0 + DAY);
	});

	it('nor after a removal', () => {
		const l = circle();
		write(l, ana, T0 + 3 * MIN, (s) => membership.admit(s, joinRequestOf(cy, T0 + 3 * MIN)));
		const spare = joinRequestOf(cy, T0 + 4 * MIN);
		const p = write(l, maya, T0 + 5 * MIN, (s) => membership.proposeRemoval(s, cy.key, 'gone'));
		write(l, ana, T0 + 6 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		write(l, bo, T0 + 7 * MIN, (s) => membership.secondRemoval(s, idOf(p)));
		expect(l.state().members.get(cy.key)?.ended).toBe('removed');
		const back = admitting(l, bo, spare, T0 + 8 * MIN);
		expect(caseOf(l, back)).toBe('invalid-body/request-before-leaving');
	});

	it(`a request older than ${JOIN_REQUEST_DAYS} days admits nobody`, () => {
		const l = circle();
		const old = joinRequestOf(cy, T0 + 3 * MIN);
		const late = T0 + 3 * MIN + (JOIN_REQUEST_DAYS + 1) * DAY;
		expect(refusalOf(() => membership.admit(l.nextFor(ana.key, late), old))).toMatchObject({
			code: 'join-expired'
		});
		const e = admitting(l, ana, old, late);
		expect(caseOf(l, e)).toBe('invalid-body/request-expired');
		expect(l.state().members.has(cy.key)).toBe(false);
	});

	it('a request dated more than a day after the admission admits nobody', () => {
		const l = circle();
		const ahead = joinRequestOf(cy, T0 + 3 * MIN + 2 * DAY);
		const e = admitting(l, ana, ahead, T0 + 3 * MIN);
		expect(caseOf(l, e)).toBe('invalid-body/request-expired');
	});

	it('nothing valid is lost: a fresh request after leaving, and one a few days old, admit', () => {
		const l = circle();
		write(l, ana, T0 + 3 * MIN, (s) => membership.admit(s, joinRequestOf(cy, T0 + 3 * MIN)));
		write(l, cy, T0 + DAY, (s) => membership.leave(s));
		const fresh = joinRequestOf(cy, T0 + DAY + MIN);
		const back = write(l, bo, T0 + (JOIN_REQUEST_DAYS - 1) * DAY, (s) => membership.admit(s, fresh));
		expect(caseOf(l, back)).toBe('accepted');
		expect(l.state().members.get(cy.key)?.until).toBe(null);
		// A joiner whose clock is an hour ahead is admitted too.
		const dee = person('Dee');
		const at = T0 + JOIN_REQUEST_DAYS * DAY;
		const e = write(l, maya, at, (s) => membership.admit(s, joinRequestOf(dee, at + 60 * MIN)));
		expect(caseOf(l, e)).toBe('accepted');
	});
});
