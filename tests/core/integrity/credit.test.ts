/**
 * Threat model T46 and the economy's rows (docs/protocol/threat-model.md, "Economy"): what a
 * member with a modified app, an ex-member or a restored backup can do to the circle's mutual
 * credit, and the properties that hold in any merge. A failing property prints its fast-check
 * seed; replay it with `FC_SEED=<seed> npx vitest run --project unit tests/core/integrity/credit.test.ts`
 * (`FC_RUNS=400` searches longer).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as credit from '$lib/core/credit';
import { RuleError } from '$lib/core/host/domain';
import { openCircle } from '$lib/core/circle';
import { entryId } from '$lib/core/entry';
import { sha256Hex } from '$lib/core/bytes';
import type { Entry, MemberKey, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';
import { creditOf, ratifyEconomy, viewOf } from '../credit/helpers';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli', 'Fen'];
const T0 = utc(2025, 3, 3, 9);
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const RUNS = (n: number) => Number(process.env.FC_RUNS ?? n);

const balanceOf = (v: credit.CreditView, k: string) => credit.accountOf(v, k as MemberKey)!.balance;
const flagsOf = (v: credit.CreditView, k: string) => credit.accountOf(v, k as MemberKey)!.flags;
const codes = (s: Scenario, now: Millis, entries = s.entries) =>
	s
		.open(entries)
		.state(now)
		.rejected.map((r) => r.code);

describe('a member with a modified app', () => {
	it('pays past their floor: the payment counts, the account is flagged over-floor', () => {
		const s = new Scenario(T0, NAMES);
		// The honest phone would refuse this (below); a modified one signs it anyway.
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 2500, memo: 'a lot' });
		const v = viewOf(s, T0 + 2 * DAY);
		expect(balanceOf(v, s.keyOf('Bo'))).toBe(-2500);
		expect(flagsOf(v, s.keyOf('Bo'))).toEqual(['over-floor']);
		expect(v.total).toBe(0);
		expect(codes(s, T0 + 2 * DAY)).toEqual([]);
	});

	it('several payers fill one member past their ceiling offline: every payment counts, flagged over-ceiling', () => {
		const s = new Scenario(T0, NAMES);
		for (const n of ['Bo', 'Cyd', 'Dee', 'Eli', 'Fen'])
			s.write(n, T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 1000, memo: 'dinner' });
		const v = viewOf(s, T0 + 2 * DAY);
		expect(balanceOf(v, s.keyOf('Ama'))).toBe(5000);
		expect(flagsOf(v, s.keyOf('Ama'))).toEqual(['over-ceiling']);
		expect(v.transfers.filter((t) => t.status === 'counted')).toHaveLength(5);
	});

	it('the honest payer’s phone refuses a payment below the floor before signing, with the numbers', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 1500, memo: '' });
		const v = viewOf(s, T0 + 2 * DAY);
		let err: unknown;
		try {
			credit.transferBody(v, s.keyOf('Bo'), s.keyOf('Cyd'), 600, 'one more');
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(RuleError);
		expect((err as RuleError).rejection).toEqual({
			code: 'credit-below-floor',
			params: {
				balance: -1500,
				pending: 0,
				amount: 600,
				after: -2100,
				floor: -2000,
				unit: 'hours',
				decimals: 2
			}
		});
		// Exactly down to the floor is allowed.
		expect(credit.transferBody(v, s.keyOf('Bo'), s.keyOf('Cyd'), 500, 'to the floor').amount).toBe(500);
	});

	it.each<[string, unknown, string]>([
		['zero', 0, 'credit-amount'],
		['negative', -500, 'credit-amount'],
		['above the bound', credit.AMOUNT_MAX + 1, 'credit-amount'],
		['beyond safe integers', 2 ** 60, 'credit-amount'],
		['a string', '100', 'credit-amount'],
		['missing', undefined, 'credit-amount']
	])('an amount %s is refused with a code', (_, amount, code) => {
		const s = new Scenario(T0, NAMES);
		const body: Record<string, unknown> = { to: s.keyOf('Ama'), memo: '' };
		if (amount !== undefined) body.amount = amount;
		// Through the decoder: 2^60 is no canonical ledger value, so it cannot even be signed as one.
		const d = credit.credit.kinds.find((k) => k.type === credit.TRANSFER)!.decode(body);
		expect(d).toEqual({ ok: false, rejection: { code, params: { max: credit.AMOUNT_MAX } } });
		if (Number.isSafeInteger(amount) || typeof amount === 'string') {
			s.write('Bo', T0 + DAY, credit.TRANSFER, body as never);
			expect(codes(s, T0 + 2 * DAY)).toEqual([code]);
			expect(balanceOf(viewOf(s, T0 + 2 * DAY), s.keyOf('Bo'))).toBe(0);
		}
	});

	it('a fractional amount cannot even be signed: it is no ledger value', () => {
		const s = new Scenario(T0, NAMES);
		const e = s.draft('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 1.5, memo: '' });
		// A fraction is no ledger value: the entry has no canonical bytes, so no id and no signature.
		expect(() => entryId(e)).toThrow('canonical-integer');
		expect(viewOf(s, T0 + 2 * DAY).transfers).toEqual([]);
	});

	it('pays themselves, or someone who is no member: refused with a code, nothing moves', () => {
		const s = new Scenario(T0, NAMES);
		const stranger = sha256Hex('a stranger') as MemberKey;
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Bo'), amount: 100, memo: '' });
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: stranger, amount: 100, memo: '' });
		s.write('Bo', T0 + DAY, credit.REQUEST, { from: s.keyOf('Bo'), amount: 100, memo: '' });
		expect(codes(s, T0 + 2 * DAY)).toEqual(['credit-self', 'credit-payee-not-member', 'credit-self']);
		const v = viewOf(s, T0 + 2 * DAY);
		expect(v.accounts.every((a) => a.balance === 0)).toBe(true);
		expect(credit.checkPayment(v, s.keyOf('Bo'), s.keyOf('Bo'), 100)?.code).toBe('credit-self');
		expect(credit.checkPayment(v, s.keyOf('Bo'), stranger, 100)?.code).toBe('credit-payee-not-member');
	});

	it('sets their own limits, or writes off a balance, alone: nothing takes effect', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', T0 + DAY, credit.LIMIT, credit.limitBody(s.keyOf('Bo'), -900_000, 900_000, 'mine'));
		const p = s.write('Bo', T0 + DAY, credit.LIMIT, credit.limitBody(s.keyOf('Cyd'), -900_000, 0, 'hers'));
		s.write('Bo', T0 + DAY, credit.SUPPORT, credit.supportBody(s.id(p)));
		const v = viewOf(s, T0 + 2 * DAY);
		expect(credit.accountOf(v, s.keyOf('Cyd'))!.ownLimits).toBe(false);
		expect(codes(s, T0 + 2 * DAY)).toEqual(['credit-own-decision', 'credit-already-supported']);
	});
});

describe('an ex-member', () => {
	it('cannot pay after leaving (the ledger sets the entry aside), and their account stays frozen with its balance', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Fen', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 400, memo: '' });
		s.leave('Fen', T0 + 2 * DAY);
		const late = s.write('Fen', T0 + 3 * DAY, credit.TRANSFER, {
			to: s.keyOf('Bo'),
			amount: 900,
			memo: 'after'
		});
		const c = s.open();
		expect(c.ledger.quarantine.find((q) => q.id === entryId(late))?.reason).toBe('not-a-member');
		const v = creditOf(c, T0 + 4 * DAY);
		expect(credit.accountOf(v, s.keyOf('Fen'))).toMatchObject({ balance: -400, status: 'frozen' });
		expect(balanceOf(v, s.keyOf('Bo'))).toBe(0);
		expect(credit.checkPayment(v, s.keyOf('Fen'), s.keyOf('Bo'), 1)?.code).toBe('credit-payer-not-member');
	});
});

describe('T46: a forked credit log is a double spend', () => {
	it('both branches stand, balances still sum to zero, the payer’s account is flagged forked, in every order', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', T0 + DAY, credit.TRANSFER, { to: s.keyOf('Ama'), amount: 1500, memo: 'first' });
		// Bo's other phone (a restored backup, or a modified app) signs the same seq again: the same
		// 1,500 of headroom (floor -2000, balance 0) is spent twice, to two payees who each saw a valid payment.
		const a = s.draft('Bo', T0 + 2 * DAY, credit.TRANSFER, {
			to: s.keyOf('Cyd'),
			amount: 500,
			memo: 'branch a'
		});
		const b: Entry = {
			...a,
			hlc: [a.hlc[0] + 1000, 0],
			body: { to: s.keyOf('Dee'), amount: 500, memo: 'branch b' }
		};
		const all = [...s.entries, a, b];
		const seen = new Set<string>();
		for (const order of [all, [...all].reverse(), [b, ...s.entries, a]]) {
			const c = s.open(order);
			const v = creditOf(c, T0 + 3 * DAY);
			expect(c.ledger.forks).toHaveLength(1);
			expect(v.transfers.filter((t) => t.status === 'counted')).toHaveLength(3);
			expect(balanceOf(v, s.keyOf('Bo'))).toBe(-2500);
			expect(flagsOf(v, s.keyOf('Bo'))).toEqual(['over-floor', 'forked']);
			expect(flagsOf(v, s.keyOf('Ama'))).toEqual([]);
			expect(v.total).toBe(0);
			seen.add(JSON.stringify(v));
		}
		expect(seen.size).toBe(1);
	});
});

// ---- properties ----

type Step =
	| { kind: 'pay'; payer: number; payee: number; amount: number; device: number }
	| { kind: 'accept'; member: number }
	| { kind: 'sync'; a: number; b: number };

const step: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			kind: fc.constant('pay' as const),
			payer: fc.nat(5),
			payee: fc.nat(5),
			amount: fc.integer({ min: 1, max: 8 }),
			device: fc.nat(1)
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('accept' as const), member: fc.nat(5) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), a: fc.nat(5), b: fc.nat(5) }) }
);

describe('properties', () => {
	it('for any transfers, in any order and split across devices, balances sum to zero and are identical everywhere', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						payer: fc.nat(5),
						payee: fc.nat(6),
						amount: fc.integer({ min: -5, max: 3000 }),
						hours: fc.nat(200)
					}),
					{ minLength: 1, maxLength: 30 }
				),
				fc.integer({ min: 2, max: 4 }),
				fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
				fc.boolean(),
				(pays, devices, shuffle, accept) => {
					const s = new Scenario(T0, NAMES);
					if (accept) ratifyEconomy(s, T0 + HOUR, { payeeMustAccept: true }, NAMES);
					const base = s.entries.length;
					const stranger = sha256Hex('stranger') as MemberKey;
					for (const p of pays) {
						const to = p.payee === 6 ? stranger : s.keyOf(NAMES[p.payee]!);
						const e = s.write(NAMES[p.payer]!, T0 + DAY + p.hours * HOUR, credit.TRANSFER, {
							to,
							amount: p.amount,
							memo: ''
						});
						if (accept && p.amount % 2 === 0)
							s.write(to, T0 + DAY + p.hours * HOUR + 1, credit.ACCEPT, { transfer: s.id(e) });
					}
					const now = T0 + 30 * DAY;
					const reference = JSON.stringify(viewOf(s, now));
					expect(viewOf(s, now).total).toBe(0);
					// Each device receives every entry, in its own order, in batches of its own size.
					for (let d = 0; d < devices; d++) {
						const order = s.entries
							.map((e, i) => ({
								e,
								k: i < base ? -1 : (shuffle[(i + d * 7) % shuffle.length]! * (d + 1)) % 97
							}))
							.sort((x, y) => x.k - y.k)
							.map((x) => x.e);
						const c = openCircle(s.circle, { verifyJoin: () => true, checkpointEvery: 1 + d * 3 });
						const batch = 1 + ((shuffle[d]! % 5) + d);
						for (let i = 0; i < order.length; i += batch) {
							c.add(
								order.slice(i, i + batch).map((entry) => ({ entry, sigValid: true })),
								now
							);
							expect(creditOf(c, now).total).toBe(0);
						}
						expect(JSON.stringify(creditOf(c, now))).toBe(reference);
					}
				}
			),
			{ numRuns: RUNS(60), ...SEED }
		);
	}, 120_000);

	const stats = { signed: 0, refused: 0 };
	it('an honest payer’s phone never signs a transfer that leaves them below their floor, in any merge', () => {
		fc.assert(
			fc.property(fc.array(step, { minLength: 5, maxLength: 40 }), fc.boolean(), (steps, accept) => {
				const s = new Scenario(T0, NAMES);
				if (accept)
					ratifyEconomy(s, T0 + HOUR, { payeeMustAccept: true, decimals: 0, floor: -10, ceiling: 10 }, NAMES);
				else ratifyEconomy(s, T0 + HOUR, { decimals: 0, floor: -10, ceiling: 10 }, NAMES);
				// Each member's phone holds the circle so far and what it was given since.
				const phones = NAMES.map(() => new Set<Entry>(s.entries));
				let t = T0 + DAY;
				let signed = 0;
				let refused = 0;
				for (const x of steps) {
					t += HOUR;
					if (x.kind === 'sync') {
						const all = new Set([...phones[x.a]!, ...phones[x.b]!]);
						phones[x.a] = new Set(all);
						phones[x.b] = new Set(all);
						continue;
					}
					if (x.kind === 'accept') {
						const me = s.keyOf(NAMES[x.member]!);
						const v = viewOf(s, t, [...phones[x.member]!]);
						for (const p of v.transfers.filter((p) => p.to === me && p.status === 'pending')) {
							phones[x.member]!.add(s.write(me, t, credit.ACCEPT, credit.acceptBody(p.id)));
						}
						continue;
					}
					const phone = phones[x.payer]!;
					const v = viewOf(s, t, [...phone]);
					const from = s.keyOf(NAMES[x.payer]!);
					const to = s.keyOf(NAMES[x.payee]!);
					try {
						phone.add(s.write(from, t, credit.TRANSFER, credit.transferBody(v, from, to, x.amount, 'p')));
						signed++;
					} catch (err) {
						expect(err).toBeInstanceOf(RuleError);
						refused++;
					}
				}
				// Not vacuous: a run that signs and then refuses is common (checked over the whole search).
				stats.signed += signed;
				stats.refused += refused;
				// Every merge: the union of any phones' holdings, and everything.
				const merges = [s.entries, ...phones.map((p) => [...p]), [...phones[0]!, ...phones[1]!]];
				for (const m of merges) {
					const v = viewOf(s, t + DAY, [...new Set(m)]);
					for (const a of v.accounts) if (a.floor !== null) expect(a.balance).toBeGreaterThanOrEqual(a.floor);
					expect(v.accounts.some((a) => a.flags.includes('over-floor'))).toBe(false);
					expect(v.total).toBe(0);
				}
			}),
			{ numRuns: RUNS(60), ...SEED }
		);
		expect(stats.signed).toBeGreaterThan(50);
		expect(stats.refused).toBeGreaterThan(5);
	}, 120_000);
});
