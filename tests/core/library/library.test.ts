/**
 * The lending library, told through the real ledger and domains: a catalogue, holds that queue in
 * the ledger's order and lapse, handovers both phones sign (backdatable), renewals, returns,
 * overdue from the clock. Properties: an item is out to at most one borrower at a time in every
 * fold, and conflicting offline reservations resolve the same way on every phone. A failing
 * property prints its seed; replay with FC_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as lib from '$lib/core/library';
import { library } from '$lib/core/domains';
import type { Entry, MemberKey, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli'];
const T0 = utc(2025, 3, 3, 9);
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const viewOf = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries): lib.LibraryView =>
	s.open(entries).view<lib.LibraryView>(library, now);
const codes = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries) =>
	s
		.open(entries)
		.state(now)
		.rejected.map((r) => r.code);

const drill = (s: Scenario, keeper: string | null = 'Ama', policy: Partial<lib.Policy> = {}) =>
	s.id(
		s.write(
			keeper ?? 'Ama',
			T0 + HOUR,
			lib.ITEM,
			lib.itemBody({
				name: 'Cordless drill',
				category: 'Tools',
				keeper: keeper ? s.keyOf(keeper) : null,
				value: 120,
				condition: 'Two batteries',
				policy
			})
		)
	);

describe('the library', () => {
	it('a handover both phones sign puts the item out; a return brings it back', () => {
		const s = new Scenario(T0, NAMES);
		const item = drill(s);
		const lend = s.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Bo'), T0 + DAY - HOUR, 7));
		let v = viewOf(s, T0 + DAY + 1);
		expect(v.items[0]).toMatchObject({ shown: 'available', loan: null });
		s.write('Bo', T0 + DAY + 60_000, lib.RECEIVE, lib.receiveBody(s.id(lend)));
		v = viewOf(s, T0 + 2 * DAY);
		expect(v.items[0]).toMatchObject({
			shown: 'out',
			loan: { borrower: s.keyOf('Bo'), at: T0 + DAY - HOUR }
		});
		// Overdue is derived from the clock, never stored.
		expect(lib.dueList(viewOf(s, T0 + 8 * DAY - HOUR - 1))).toEqual([]);
		expect(lib.dueList(viewOf(s, T0 + 8 * DAY))).toHaveLength(1);
		s.write(
			'Bo',
			T0 + 9 * DAY,
			lib.RETURN,
			lib.returnBody(s.id(lend), T0 + 9 * DAY - HOUR, 'One battery tired')
		);
		v = viewOf(s, T0 + 10 * DAY);
		expect(v.items[0]).toMatchObject({ shown: 'available', condition: 'One battery tired' });
		expect(lib.dueList(v)).toEqual([]);
	});

	it('two handovers of one item signed offline: the first receive in the ledger’s order wins, in every order', () => {
		const s = new Scenario(T0, NAMES);
		const item = drill(s);
		const a = s.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Bo'), T0 + DAY, 7));
		// The keeper's other phone (or a mistake) hands it to Cyd too before the first syncs.
		const b = s.draft('Ama', T0 + DAY + 5, lib.LEND, lib.lendBody(item, s.keyOf('Cyd'), T0 + DAY, 7));
		const rb = s.write('Bo', T0 + DAY + HOUR, lib.RECEIVE, lib.receiveBody(s.id(a)));
		const forkB: Entry = { ...b, seq: a.seq, prev: a.prev };
		const rc = s.draft('Cyd', T0 + DAY + 2 * HOUR, lib.RECEIVE, lib.receiveBody(s.id(forkB)));
		const all = [...s.entries, forkB, rc];
		const seen = new Set<string>();
		for (const order of [all, [...all].reverse(), [rc, forkB, ...s.entries]]) {
			const v = viewOf(s, T0 + 2 * DAY, order);
			expect(v.loans.filter((l) => l.current)).toHaveLength(1);
			expect(v.items[0]!.loan!.borrower).toBe(s.keyOf('Bo'));
			expect(codes(s, T0 + 2 * DAY, order)).toContain('library-out');
			seen.add(JSON.stringify(v));
		}
		expect(seen.size).toBe(1);
		void rb;
	});

	it('holds queue in the ledger’s order; the first lapses if not collected; renewals are refused while someone waits', () => {
		const s = new Scenario(T0, NAMES);
		const item = drill(s, 'Ama', { renewals: 0 });
		const lend = s.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Bo'), T0 + DAY, 7));
		s.write('Bo', T0 + DAY, lib.RECEIVE, lib.receiveBody(s.id(lend)));
		// Cyd and Dee reserve, each offline, within the same minute: the order is the ledger's.
		const hc = s.write('Cyd', T0 + 2 * DAY, lib.RESERVE, lib.reserveBody(item));
		const hd = s.write('Dee', T0 + 2 * DAY, lib.RESERVE, lib.reserveBody(item));
		let v = viewOf(s, T0 + 3 * DAY);
		expect(v.items[0]!.queue.map((h) => [h.holder, h.position, h.readyAt])).toEqual([
			[s.keyOf('Cyd'), 1, null],
			[s.keyOf('Dee'), 2, null]
		]);
		// The loser is offered the next free slot: after Bo's loan and then Cyd's.
		expect(lib.expectedFrom(v.items[0]!, 2, T0 + 3 * DAY)).toBe(T0 + 8 * DAY + 14 * DAY);
		// No renewal left and someone waits: refused.
		s.write('Bo', T0 + 4 * DAY, lib.RENEW, lib.renewBody(s.id(lend), T0 + 10 * DAY));
		expect(codes(s, T0 + 5 * DAY)).toEqual(['library-renewals']);
		s.write('Bo', T0 + 5 * DAY, lib.RETURN, lib.returnBody(s.id(lend), T0 + 5 * DAY));
		v = viewOf(s, T0 + 5 * DAY + HOUR);
		expect(v.items[0]!.queue[0]).toMatchObject({
			holder: s.keyOf('Cyd'),
			readyAt: T0 + 5 * DAY,
			lapsesAt: T0 + 8 * DAY
		});
		// Cyd never comes: three days later Dee is at the head.
		v = viewOf(s, T0 + 8 * DAY + 1);
		expect(v.items[0]!.queue.map((h) => h.holder)).toEqual([s.keyOf('Dee')]);
		expect(v.ended).toMatchObject([{ id: s.id(hc), ended: 'lapsed', endedAt: T0 + 8 * DAY }]);
		void hd;
	});

	it('refuses what breaks a rule, with a code', () => {
		const s = new Scenario(T0, NAMES);
		const item = drill(s);
		s.write('Bo', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Cyd'), T0 + DAY, 7)); // not the keeper
		s.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Ama'), T0 + DAY, 7)); // to oneself
		s.write('Ama', T0 + 30 * DAY, lib.LEND, lib.lendBody(item, s.keyOf('Cyd'), T0 + 20 * DAY, 7)); // backdated too far
		s.write('Ama', T0 + 30 * DAY, lib.LEND, lib.lendBody(item, s.keyOf('Cyd'), T0 + 30 * DAY, 40)); // too long
		expect(codes(s, T0 + 31 * DAY)).toEqual([
			'library-not-keeper',
			'library-self',
			'library-handover-time',
			'library-due'
		]);
		expect(() => lib.itemBody({ name: ' ', category: '', keeper: null })).toThrow('library-name');
		expect(() =>
			lib.itemBody({ name: 'x', category: '', keeper: null, photo: 'javascript:alert(1)' })
		).toThrow('library-photo');
	});
});

describe('properties', () => {
	it('an item is out to at most one borrower at a time in every fold, and every order gives the same library', () => {
		const act = fc.record({
			kind: fc.constantFrom('lend', 'receive', 'return', 'reserve'),
			who: fc.nat(4),
			back: fc.nat(6),
			pick: fc.nat()
		});
		fc.assert(
			fc.property(
				fc.array(act, { minLength: 4, maxLength: 30 }),
				fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
				(acts, keys) => {
					const s = new Scenario(T0, NAMES);
					const item = drill(s, null);
					const lends: Entry[] = [];
					let t = T0 + DAY;
					for (const a of acts) {
						t += 5 * HOUR;
						const who = NAMES[a.who]!;
						if (a.kind === 'lend')
							lends.push(
								s.write(
									who,
									t,
									lib.LEND,
									lib.lendBody(item, s.keyOf(NAMES[(a.who + 1) % 5]!), t - a.back * HOUR, 3)
								)
							);
						else if (a.kind === 'receive' && lends.length) {
							const l = lends[a.pick % lends.length]!;
							s.write((l.body as { borrower: MemberKey }).borrower, t, lib.RECEIVE, lib.receiveBody(s.id(l)));
						} else if (a.kind === 'return' && lends.length) {
							const l = lends[a.pick % lends.length]!;
							s.write(
								(l.body as { borrower: MemberKey }).borrower,
								t,
								lib.RETURN,
								lib.returnBody(s.id(l), t - a.back * HOUR)
							);
						} else s.write(who, t, lib.RESERVE, lib.reserveBody(item));
					}
					const end = t + DAY;
					const reference = JSON.stringify(viewOf(s, end));
					const shuffled = s.entries
						.map((e, i) => ({ e, k: keys[i % keys.length]! + i }))
						.sort((x, y) => x.k - y.k)
						.map((x) => x.e);
					expect(JSON.stringify(viewOf(s, end, shuffled))).toBe(reference);
					// At every instant, at most one loan is current.
					const v = viewOf(s, end);
					const received = v.loans.filter((l) => l.received !== null);
					for (const l of received) {
						const from = l.at;
						const to = l.returnedAt ?? Number.MAX_SAFE_INTEGER;
						for (const o of received)
							if (o !== l) expect(o.at >= to || (o.returnedAt ?? Number.MAX_SAFE_INTEGER) <= from).toBe(true);
					}
					for (let x = T0; x <= end; x += 3 * HOUR)
						expect(viewOf(s, x).loans.filter((l) => l.current).length).toBeLessThanOrEqual(1);
				}
			),
			{ numRuns: 40, ...SEED }
		);
	}, 120_000);

	it('reservations made offline for the same item resolve the same way on every phone', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ who: fc.nat(4), min: fc.nat(30) }), { minLength: 2, maxLength: 6 }),
				fc.nat(),
				(holds, split) => {
					const s = new Scenario(T0, NAMES);
					const item = drill(s);
					const base = s.entries.length;
					for (const h of holds)
						s.write(NAMES[h.who]!, T0 + DAY + h.min * 60_000, lib.RESERVE, lib.reserveBody(item));
					const now = T0 + 2 * DAY;
					const mine = s.entries.slice(base);
					// Two phones each got a different half first, then the rest.
					const k = split % (mine.length + 1);
					const a = [...s.entries.slice(0, base), ...mine.slice(0, k), ...mine.slice(k)];
					const b = [...s.entries.slice(0, base), ...mine.slice(k), ...mine.slice(0, k)];
					const qa = viewOf(s, now, a).items[0]!.queue.map((h) => [h.holder, h.position]);
					const qb = viewOf(s, now, b).items[0]!.queue.map((h) => [h.holder, h.position]);
					expect(qa).toEqual(qb);
					expect(new Set(qa.map(([m]) => m)).size).toBe(qa.length);
				}
			),
			{ numRuns: 60, ...SEED }
		);
	});
});
