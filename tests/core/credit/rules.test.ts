/**
 * The credit domain's rules, told through the real ledger and domains (tests/core/scenario.ts):
 * payments, requests, acceptance when the charter asks for it, limits and write-offs by circle
 * decision, frozen accounts. The attacks are in tests/core/integrity/credit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as credit from '$lib/core/credit';
import { RuleError } from '$lib/core/host/domain';
import type { Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';
import { ratifyEconomy as ratify, viewOf } from './helpers';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli', 'Fen'];
const T0 = utc(2025, 3, 3, 9);

const bal = (v: credit.CreditView, s: Scenario, name: string) => credit.accountOf(v, s.keyOf(name))!.balance;
const rejectedCodes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);
const ratifyEconomy = (s: Scenario, at: Millis, economy: Record<string, unknown>) =>
	ratify(s, at, economy, NAMES);

describe('mutual credit', () => {
	it('a payment moves its amount from payer to payee; balances sum to zero', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 300, memo: 'Fixed the gate' });
		s.write('Cyd', T0 + DAY + HOUR, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 150, memo: '' });
		const v = viewOf(s, T0 + 2 * DAY);
		expect(bal(v, s, 'Ama')).toBe(450);
		expect(bal(v, s, 'Bo')).toBe(-300);
		expect(bal(v, s, 'Cyd')).toBe(-150);
		expect(v.total).toBe(0);
		expect(v.transfers.map((t) => t.status)).toEqual(['counted', 'counted']);
		expect(credit.historyOf(v, s.keyOf('Ama')).map((t) => t.memo)).toEqual(['', 'Fixed the gate']);
		// The charter says nothing of an economy: the defaults (hours, two decimals, -20 and 40 hours).
		expect(v.economy).toEqual({
			unit: 'hours',
			decimals: 2,
			floor: -2000,
			ceiling: 4000,
			payeeMustAccept: false,
			support: 3
		});
	});

	it('a request is paid by the payment that names it, and can be declined', () => {
		const s = new Scenario(T0, NAMES);
		const r = s.write('Ama', T0 + DAY, credit.REQUEST, {
			from: s.keyOf('Bo'),
			amount: 300,
			memo: '3 hours of help'
		});
		const r2 = s.write('Ama', T0 + DAY, credit.REQUEST, {
			from: s.keyOf('Cyd'),
			amount: 100,
			memo: 'Seedlings'
		});
		let v = viewOf(s, T0 + DAY + 1);
		expect(credit.openRequestsFor(v, s.keyOf('Bo')).map((x) => x.id)).toEqual([s.id(r)]);
		const b = credit.transferBody(v, s.keyOf('Bo'), s.keyOf('Ama'), 300, '3 hours of help', s.id(r));
		const t = s.write('Bo', T0 + 2 * DAY, credit.TRANSFER, b);
		s.write('Cyd', T0 + 2 * DAY, credit.DECLINE, credit.declineBody(s.id(r2), 'Not mine'));
		v = viewOf(s, T0 + 3 * DAY);
		expect(v.requests.map((x) => [x.status, x.paidBy])).toEqual([
			['paid', s.id(t)],
			['declined', null]
		]);
		expect(bal(v, s, 'Ama')).toBe(300);
	});

	it('when the payee must accept, a payment counts only once accepted; a declined one never', () => {
		const s = new Scenario(T0, NAMES);
		ratifyEconomy(s, T0 + DAY, {
			payeeMustAccept: true,
			unit: 'acorns',
			decimals: 0,
			floor: -10,
			ceiling: 20
		});
		const a = s.write('Bo', T0 + 2 * DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 5, memo: 'x' });
		const b = s.write('Bo', T0 + 2 * DAY, credit.TRANSFER, { to: s.keyOf('Cyd'), amount: 4, memo: 'y' });
		let v = viewOf(s, T0 + 3 * DAY);
		expect(v.economy.unit).toBe('acorns');
		expect(bal(v, s, 'Bo')).toBe(0);
		// Pending payments count as spent on the payer's phone: 5 + 4 pending, 2 more is over -10.
		expect(credit.checkPayment(v, s.keyOf('Bo'), s.keyOf('Dee'), 2)).toMatchObject({
			code: 'credit-below-floor',
			params: { balance: 0, pending: 9, amount: 2, after: -11, floor: -10 }
		});
		s.write('Ama', T0 + 3 * DAY, credit.ACCEPT, credit.acceptBody(s.id(a)));
		s.write('Cyd', T0 + 3 * DAY, credit.DECLINE, credit.declineBody(s.id(b), 'I did nothing'));
		// Only the payee accepts; nobody accepts twice.
		s.write('Dee', T0 + 3 * DAY, credit.ACCEPT, credit.acceptBody(s.id(b)));
		s.write('Ama', T0 + 3 * DAY, credit.ACCEPT, credit.acceptBody(s.id(a)));
		v = viewOf(s, T0 + 4 * DAY);
		expect(v.transfers.map((t) => t.status)).toEqual(['counted', 'declined']);
		expect(bal(v, s, 'Bo')).toBe(-5);
		expect(bal(v, s, 'Ama')).toBe(5);
		expect(rejectedCodes(s, T0 + 4 * DAY)).toEqual(['credit-not-pending', 'credit-not-pending']);
	});

	it('a member’s own limits take effect by circle decision, never by one member', () => {
		const s = new Scenario(T0, NAMES);
		const p = s.write(
			'Ama',
			T0 + DAY,
			credit.LIMIT,
			credit.limitBody(s.keyOf('Bo'), -5000, 8000, 'Runs the repair café')
		);
		let v = viewOf(s, T0 + DAY + 1);
		expect(credit.accountOf(v, s.keyOf('Bo'))).toMatchObject({ floor: -2000, ownLimits: false });
		expect(v.decisions[0]).toMatchObject({ decided: null, needed: 3, supporters: [s.keyOf('Ama')] });
		s.write('Bo', T0 + DAY, credit.SUPPORT, credit.supportBody(s.id(p))); // not their own
		s.write('Cyd', T0 + DAY, credit.SUPPORT, credit.supportBody(s.id(p)));
		s.write('Cyd', T0 + DAY, credit.SUPPORT, credit.supportBody(s.id(p))); // not twice
		v = viewOf(s, T0 + DAY + HOUR);
		expect(v.decisions[0]!.decided).toBeNull();
		s.write('Dee', T0 + 2 * DAY, credit.SUPPORT, credit.supportBody(s.id(p)));
		v = viewOf(s, T0 + 3 * DAY);
		expect(credit.accountOf(v, s.keyOf('Bo'))).toMatchObject({
			floor: -5000,
			ceiling: 8000,
			ownLimits: true
		});
		expect(rejectedCodes(s, T0 + 3 * DAY)).toEqual(['credit-own-decision', 'credit-already-supported']);
	});

	it('a leaving member’s account is frozen with its balance; only a circle decision writes it off', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Fen', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 700, memo: 'Bread' });
		s.leave('Fen', T0 + 2 * DAY);
		let v = viewOf(s, T0 + 3 * DAY);
		expect(credit.accountOf(v, s.keyOf('Fen'))).toMatchObject({ balance: -700, status: 'frozen' });
		// Nobody pays a frozen account, and the honest phone says so first.
		expect(() => credit.transferBody(v, s.keyOf('Ama'), s.keyOf('Fen'), 100, '')).toThrow(RuleError);
		s.write('Ama', T0 + 3 * DAY, credit.TRANSFER, { to: s.keyOf('Fen'), amount: 100, memo: '' });
		const w = s.write(
			'Bo',
			T0 + 4 * DAY,
			credit.WRITE_OFF,
			credit.writeOffBody(s.keyOf('Fen'), 'Moved away')
		);
		s.write('Cyd', T0 + 4 * DAY, credit.SUPPORT, credit.supportBody(s.id(w)));
		v = viewOf(s, T0 + 4 * DAY + 1);
		expect(credit.accountOf(v, s.keyOf('Fen'))!.balance).toBe(-700);
		s.write('Dee', T0 + 5 * DAY, credit.SUPPORT, credit.supportBody(s.id(w)));
		v = viewOf(s, T0 + 6 * DAY);
		expect(credit.accountOf(v, s.keyOf('Fen'))).toMatchObject({ balance: 0, status: 'written-off' });
		expect(credit.accountOf(v, credit.COMMONS)!.balance).toBe(-700);
		expect(v.total).toBe(0);
		expect(v.decisions[0]).toMatchObject({ kind: 'write-off', amount: -700 });
		expect(rejectedCodes(s, T0 + 6 * DAY)).toEqual(['credit-payee-not-member']);
		// An active member's balance is never written off.
		s.write('Bo', T0 + 7 * DAY, credit.WRITE_OFF, credit.writeOffBody(s.keyOf('Ama'), 'no'));
		expect(rejectedCodes(s, T0 + 8 * DAY)).toContain('credit-write-off-active');
	});
});

describe('amounts', () => {
	it.each<[string, number, number | null]>([
		['2', 2, 200],
		['2.5', 2, 250],
		['2,50', 2, 250],
		['.75', 2, 75],
		['0', 2, null],
		['-3', 2, null],
		['1.234', 2, null],
		['1.230', 2, 123],
		['abc', 2, null],
		['3', 0, 3],
		['3.5', 0, null],
		['99999999999', 0, null]
	])('parseAmount(%j, %i) = %j', (text, decimals, n) => expect(credit.parseAmount(text, decimals)).toBe(n));

	it.each<[number, number, string]>([
		[0, 2, '0.00'],
		[-250, 2, '-2.50'],
		[5, 2, '0.05'],
		[7, 0, '7'],
		[1234, 3, '1.234']
	])('formatAmount(%i, %i) = %s', (n, d, text) => expect(credit.formatAmount(n, d)).toBe(text));
});
