import { describe, expect, it } from 'vitest';
import * as membership from '$lib/core/membership/fold';
import { Ledger, FUTURE_SKEW } from '$lib/core/ledger';
import { computeHead } from '$lib/core/state';
import {
	CIRCLE,
	OTHER_CIRCLE,
	T0,
	arrival,
	arrivals,
	genesisOf,
	idOf,
	joinRequestOf,
	note,
	person,
	sign,
	write
} from './helpers';
import type { Entry } from '$lib/core/types';

const maya = person('Maya');
const ana = person('Ana');
const bo = person('Bo');
const cy = person('Cy');
const MIN = 60_000;

/** A circle of Maya (founder), Ana and Bo, one entry a minute. */
const basicCircle = () => {
	const l = new Ledger(CIRCLE);
	const g = genesisOf(maya);
	l.add([arrival(g)], T0);
	const a1 = write(l, maya, T0 + MIN, (s) => membership.admit(s, joinRequestOf(ana, T0 + MIN)));
	const a2 = write(l, ana, T0 + 2 * MIN, (s) => membership.admit(s, joinRequestOf(bo, T0 + 2 * MIN)));
	return { l, entries: [g, a1, a2] };
};

describe('Ledger basics', () => {
	it('founds a circle and admits members by their signed join requests', () => {
		const { l } = basicCircle();
		const s = l.state();
		expect(s.founded).toBe(true);
		expect(s.name).toBe('Elm Street Tools');
		expect(s.founder).toBe(maya.key);
		expect(s.roster).toEqual([maya.key, ana.key, bo.key].sort());
		expect(s.members.get(bo.key)?.admittedBy).toBe(ana.key);
		expect(s.entryCount).toBe(3);
		expect(l.quarantine).toEqual([]);
		expect(s.head).toBe(computeHead(CIRCLE, l.accepted.map(idOf)));
	});

	it('gives the same state for any delivery order', () => {
		const { l, entries } = basicCircle();
		const other = new Ledger(CIRCLE);
		for (const e of [...entries].reverse()) other.add([arrival(e)], T0 + 3 * MIN);
		expect(other.acceptedIdList).toEqual(l.acceptedIdList);
		expect(other.state().head).toBe(l.state().head);
		expect(other.pending).toEqual([]);
	});

	it('holds an entry whose predecessor has not arrived as pending, then accepts it', () => {
		const { l, entries } = basicCircle();
		const n1 = write(l, maya, T0 + 3 * MIN, note('one'));
		const n2 = write(l, maya, T0 + 4 * MIN, note('two'));
		const other = new Ledger(CIRCLE);
		other.add(arrivals([...entries, n2]), T0 + 5 * MIN);
		expect(other.pending.map(idOf)).toEqual([idOf(n2)]);
		expect(other.quarantine).toEqual([]);
		const r = other.add([arrival(n1)], T0 + 5 * MIN);
		expect(r.accepted).toEqual([idOf(n1), idOf(n2)]);
		expect(other.pending).toEqual([]);
		expect(other.state().head).toBe(l.state().head);
	});

	it('ignores duplicates', () => {
		const { l, entries } = basicCircle();
		const before = l.state().head;
		const r = l.add(arrivals([...entries, ...entries]), T0 + 10 * MIN);
		expect(r).toEqual({ accepted: [], quarantined: [], retracted: [], refolded: false });
		expect(l.state().head).toBe(before);
	});
});

describe('Quarantine', () => {
	it('quarantines a forged signature and an altered body, losing nothing valid', () => {
		const { l } = basicCircle();
		const good = write(l, ana, T0 + 3 * MIN, note('hello'));
		const altered: Entry = { ...good, body: { text: 'goodbye' } };
		const forged = sign(membership.draft(l.nextFor(bo.key, T0 + 4 * MIN), 'note.post', { text: 'x' }), cy);
		const forgedAsBo: Entry = { ...forged, author: bo.key };
		const r = l.add(arrivals([altered, forgedAsBo]), T0 + 5 * MIN);
		expect(r.quarantined.map((q) => q.reason).sort()).toEqual(['bad-signature', 'bad-signature']);
		expect(l.isAccepted(idOf(good))).toBe(true);
		expect(l.state().entryCount).toBe(4);
		// The real entry with Bo's seq still goes in afterwards: a forgery cannot fork anyone.
		const real = write(l, bo, T0 + 6 * MIN, note('real'));
		expect(l.isAccepted(idOf(real))).toBe(true);
	});

	it('quarantines entries from another circle and from non-members', () => {
		const { l } = basicCircle();
		const foreign = sign(
			membership.draft({ ...l.nextFor(ana.key, T0 + 3 * MIN), circle: OTHER_CIRCLE }, 'note.post', {
				text: 'x'
			}),
			ana
		);
		const stranger = sign(membership.draft(l.nextFor(cy.key, T0 + 3 * MIN), 'note.post', { text: 'hi' }), cy);
		l.add(arrivals([foreign, stranger]), T0 + 4 * MIN);
		const reasons = Object.fromEntries(l.quarantine.map((q) => [q.id, q.reason]));
		expect(reasons[idOf(foreign)]).toBe('wrong-circle');
		expect(reasons[idOf(stranger)]).toBe('not-a-member');
	});

	it('an entry replayed into another circle’s ledger is wrong-circle there, and harmless here', () => {
		const { l, entries } = basicCircle();
		const other = new Ledger(OTHER_CIRCLE);
		other.add(arrivals(entries), T0 + 3 * MIN);
		expect(other.accepted).toEqual([]);
		expect(other.quarantine.map((q) => q.reason)).toEqual(['wrong-circle', 'wrong-circle', 'wrong-circle']);
		const head = l.state().head;
		expect(l.add(arrivals(entries), T0 + 3 * MIN).accepted).toEqual([]);
		expect(l.state().head).toBe(head);
	});

	it('quarantines unreadable input as malformed, keeping what can be kept', () => {
		const { l } = basicCircle();
		const good = write(l, ana, T0 + 3 * MIN, note('fine'));
		const r = l.add(
			[
				{ entry: { hello: 'world' } as never, sigValid: true },
				{ entry: { ...good, seq: 0 }, sigValid: true },
				{ entry: { ...good, body: { x: 1.5 } }, sigValid: true }
			],
			T0 + 4 * MIN
		);
		expect(r.quarantined.map((q) => [q.reason, q.entry])).toEqual([
			['malformed', null],
			['malformed', null],
			['malformed', null]
		]);
		expect(l.quarantine.map((q) => q.params?.problem).sort()).toEqual([
			'entry-body-canonical',
			'entry-fields',
			'entry-seq'
		]);
		const canonical = l.quarantine.find((q) => q.params?.problem === 'entry-body-canonical');
		expect(canonical?.params?.problemParams).toEqual({
			problem: 'canonical-integer',
			problemParams: { path: '$.x', value: '1.5' }
		});
		expect(l.isAccepted(idOf(good))).toBe(true);
	});

	it('checks the fields of an entry that comes with an id, unless told its caller decoded it', () => {
		const { l, entries } = basicCircle();
		const good = write(l, ana, T0 + 3 * MIN, note('fine'));
		const bad = { ...good, sig: 'zz'.repeat(64) };
		const r = l.add(
			[{ entry: bad, sigValid: true, id: idOf(good).replace(/^./, (c) => (c === 'f' ? '0' : 'f')) as never }],
			T0 + 4 * MIN
		);
		expect(r.quarantined.map((q) => q.reason)).toEqual(['malformed']);

		// Trusting the caller changes nothing for entries it really decoded.
		const all = [...entries, good].map((e) => ({ entry: e, sigValid: true, id: idOf(e) }));
		const trusting = new Ledger(CIRCLE, { trustDecoded: true });
		trusting.add([...all].reverse(), T0 + 4 * MIN);
		const checking = new Ledger(CIRCLE);
		checking.add(all, T0 + 4 * MIN);
		expect(trusting.acceptedIdList).toEqual(checking.acceptedIdList);
		expect(trusting.state().head).toBe(checking.state().head);
		expect(trusting.quarantine).toEqual([]);
	});

	it('holds future-dated entries until the clock reaches them', () => {
		const { l } = basicCircle();
		const later = T0 + 60 * MIN;
		const e = sign(membership.draft(l.nextFor(ana.key, later), 'note.post', { text: 'early bird' }), ana);
		l.add([arrival(e)], T0 + 3 * MIN);
		expect(l.quarantine.map((q) => q.reason)).toEqual(['future-timestamp']);
		const r = l.add([], later - FUTURE_SKEW);
		expect(r.accepted).toEqual([idOf(e)]);
		expect(l.quarantine).toEqual([]);
	});

	it('keeps both branches of a forked log, lists the fork, and retracts nothing, in either order', () => {
		const { l, entries } = basicCircle();
		const slot = l.nextFor(bo.key, T0 + 3 * MIN);
		const x = sign(membership.draft(slot, 'note.post', { text: 'x' }), bo);
		const y = sign(membership.draft({ ...slot, hlc: [slot.hlc[0] + 1, 0] }, 'note.post', { text: 'y' }), bo);
		// y's branch goes on: an entry chained after it
		const y2 = sign(
			membership.draft(
				{ ...slot, seq: slot.seq + 1, prev: idOf(y), hlc: [slot.hlc[0] + 2, 0] },
				'note.post',
				{
					text: 'y2'
				}
			),
			bo
		);
		const l1 = new Ledger(CIRCLE);
		l1.add(arrivals([...entries, y, y2]), T0 + 5 * MIN);
		expect(l1.isAccepted(idOf(y2))).toBe(true);
		// x is dated earlier than y: in v1 it took y and y2 back
		const r = l1.add([arrival(x)], T0 + 5 * MIN);
		expect(r.retracted).toEqual([]);
		expect(r.accepted).toEqual([idOf(x)]);
		const l2 = new Ledger(CIRCLE);
		l2.add(arrivals([x, ...entries, y2, y].reverse()), T0 + 5 * MIN);
		for (const led of [l1, l2]) {
			for (const e of [x, y, y2]) expect(led.isAccepted(idOf(e))).toBe(true);
			expect(led.forks).toEqual([{ author: bo.key, seq: slot.seq, ids: [idOf(x), idOf(y)].sort() }]);
			expect(led.quarantine).toEqual([]);
		}
		expect(l1.state().head).toBe(l2.state().head);
		// Bo's own phone goes on from the tip: the branch with the highest seq.
		expect(l1.nextFor(bo.key, T0 + 6 * MIN).prev).toBe(idOf(y2));
	});
});
