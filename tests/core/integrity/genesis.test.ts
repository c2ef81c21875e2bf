/**
 * Threat model T19 (docs/protocol/threat-model.md): a rival genesis on a phone that joined by
 * invite. The attacker runs a modified app: it signs a genesis for the real circle's id with
 * its own key and dates it before the real one. A phone that joined by invite, by file or by
 * pairing opens its ledger with no founder option; before protocol v2 its ledger took the
 * first genesis in the total order, so the rival became "founder" and every real member's
 * entries were set aside. Since v2 the circle id is bound to its founder and genesis seed, so
 * the rival founds nothing, on every phone, in every delivery order.
 *
 * The test derives the circle id itself, from the construction in docs/protocol/membership.md
 * (an independent check of `circleIdFor`), and builds genesis entries field by field, as a
 * modified app would.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ledger } from '$lib/core/ledger';
import { openCircle } from '$lib/core/circle';
import * as membership from '$lib/core/membership/fold';
import { bytesToHex, concatBytes, hexToBytes, sha256Bytes, sha256Hex, utf8ToBytes } from '$lib/core/bytes';
import { entryId } from '$lib/core/entry';
import type { CircleId, Entry, MemberKey, Millis } from '$lib/core/types';
import { T0, arrival, joinRequestOf, note, person, sign, type Person } from '../helpers';
import { batches, rng, shuffle } from '../sim';

const MIN = 60_000;
const [maya, ana, bo, eve] = ['Maya', 'Ana', 'Bo', 'Eve'].map((n) => person(n, 'genesis-attack')) as [
	Person,
	Person,
	Person,
	Person
];
const SEED = sha256Hex('the real seed');

/** The circle id as the protocol defines it: SHA-256(tag || founder key || seed), first 16 bytes. */
const circleOf = (founder: MemberKey, seed: string): CircleId =>
	bytesToHex(
		sha256Bytes(
			concatBytes(utf8ToBytes('circulate/circle/v2:'), hexToBytes(founder), hexToBytes(seed))
		).slice(0, 16)
	) as CircleId;

const CIRCLE = circleOf(maya.key, SEED);

/** A genesis exactly as any app (honest or not) can sign it: every field chosen by its author. */
const genesis = (
	author: Person,
	at: Millis,
	opts: { circle?: CircleId; seed?: string; name?: string } = {}
): Entry =>
	sign(
		{
			v: 1,
			circle: opts.circle ?? CIRCLE,
			author: author.key,
			seq: 1,
			prev: null,
			hlc: [at, 0],
			type: 'circle.genesis',
			body: {
				name: opts.name ?? 'Elm Street Tools',
				commons: 'the shed behind no. 14',
				founder: author.name,
				seed: opts.seed ?? SEED
			}
		},
		author
	);

/**
 * The real history, written on the founding phone: Maya founds, admits Ana, Ana admits Bo,
 * Ana and Bo post notes. Returns the entries in the order they were written.
 */
const realHistory = (): Entry[] => {
	const l = new Ledger(CIRCLE, { founder: maya.key });
	const out: Entry[] = [];
	const put = (e: Entry, at: Millis) => {
		out.push(e);
		l.add([arrival(e)], at);
	};
	const write = (p: Person, at: Millis, make: (s: membership.Slot) => Parameters<typeof sign>[0]) =>
		put(sign(make(l.nextFor(p.key, at)), p), at);
	put(genesis(maya, T0), T0);
	write(maya, T0 + MIN, (s) => membership.admit(s, joinRequestOf(ana, T0 + MIN, CIRCLE)));
	write(ana, T0 + 2 * MIN, (s) => membership.admit(s, joinRequestOf(bo, T0 + 2 * MIN, CIRCLE)));
	write(ana, T0 + 3 * MIN, note('the ladder is back'));
	write(bo, T0 + 4 * MIN, note('thanks'));
	expect(l.quarantine).toEqual([]);
	return out;
};

/**
 * The attacker's history: Eve's genesis for the same circle id, dated an hour before the real
 * one (with the real seed, so it looks like the real circle), and a note of hers after it.
 */
const rivalHistory = (): Entry[] => {
	const g = genesis(eve, T0 - 60 * MIN, { name: 'Elm Street Tools (real)' });
	const n = sign(
		membership.draft(
			{ circle: CIRCLE, author: eve.key, seq: 2, prev: entryId(g), hlc: [T0 - 59 * MIN, 0] },
			'note.post',
			{ text: 'I founded this circle' }
		),
		eve
	);
	return [g, n];
};

const END = T0 + 10 * MIN;
const verdictOf = (l: Ledger, e: Entry) => {
	const v = l.verdict(entryId(e));
	return v?.status === 'quarantined' ? `${v.reason}/${v.detail ?? ''}` : v?.status;
};

describe('T19: a rival genesis on a phone that joined by invite', () => {
	it('a phone with no founder option accepts only the genesis bound to the circle id', () => {
		const real = realHistory();
		const [rival, rivalNote] = rivalHistory();
		// A phone that joined by invite: no founder option. The rival arrives first.
		const joined = new Ledger(CIRCLE);
		joined.add([rival!, rivalNote!].map(arrival), END);
		expect(joined.state().founded).toBe(false);
		joined.add(real.map(arrival), END);
		const s = joined.state();
		expect(s.founder).toBe(maya.key);
		expect(s.genesis).toBe(entryId(real[0]!));
		expect(s.roster).toEqual([maya.key, ana.key, bo.key].sort());
		for (const e of real) expect(verdictOf(joined, e)).toBe('accepted');
		expect(verdictOf(joined, rival!)).toBe('not-a-member/genesis-not-bound');
		expect(joined.verdict(entryId(rival!))).toMatchObject({ params: { author: eve.key } });
		expect(verdictOf(joined, rivalNote!)).toBe('not-a-member/before-genesis');
	});

	it('the whole circle (every domain) takes the real founder and seed', () => {
		const real = realHistory();
		const c = openCircle(CIRCLE);
		c.add([...rivalHistory(), ...real].map(arrival), END);
		expect(c.ledger.state().founder).toBe(maya.key);
		expect(c.ledger.state().seed).toBe(SEED);
		expect(c.ledger.acceptedIdList).toEqual(real.map(entryId));
	});

	it('refuses a genesis whose seed, author or circle was changed, each on its own', () => {
		const other = sha256Hex('another seed');
		const cases: [string, Entry][] = [
			['the founder, another seed', genesis(maya, T0, { seed: other })],
			['another key, the real seed', genesis(eve, T0)],
			['another key, a seed of its own', genesis(eve, T0, { seed: other })],
			['the real founder and seed, another circle id', genesis(maya, T0, { circle: circleOf(eve.key, SEED) })]
		];
		for (const [what, g] of cases) {
			const l = new Ledger(g.circle);
			l.add([arrival(g)], END);
			expect({ what, founded: l.state().founded, verdict: verdictOf(l, g) }).toEqual({
				what,
				founded: false,
				verdict: 'not-a-member/genesis-not-bound'
			});
		}
		// The real one, alone, founds the circle.
		const l = new Ledger(CIRCLE);
		l.add([arrival(genesis(maya, T0))], END);
		expect(l.state().founder).toBe(maya.key);
	});

	it('delivery order and batching do not matter (property; fast-check prints its seed)', () => {
		const real = realHistory();
		// Rivals by outside keys, dated before, at and after the real genesis, with the real seed
		// or one of their own (a key's second seq 1 would be a fork of its log: the fork rules'
		// business, not this one's).
		const [mal, zed, kim, lou] = ['Mal', 'Zed', 'Kim', 'Lou'].map((n) => person(n, 'genesis-attack'));
		const rivals = [
			...rivalHistory(),
			genesis(mal!, T0 - 2 * MIN),
			genesis(zed!, T0 - MIN, { seed: sha256Hex('zed grinds') }),
			genesis(kim!, T0, { name: 'Elm Street Tools' }),
			genesis(lou!, T0 + 5 * MIN, { seed: sha256Hex('late') })
		];
		// Signatures are checked once; the property reorders the arrivals.
		const all = [...real, ...rivals].map(arrival);
		const reference = new Ledger(CIRCLE);
		reference.add(real.map(arrival), END);
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const r = rng(seed);
				const l = new Ledger(CIRCLE, { checkpointEvery: 1 + Math.floor(r() * 3) });
				for (const b of batches(shuffle(all, r), r)) l.add(b, END);
				expect(l.acceptedIdList).toEqual(reference.acceptedIdList);
				expect(l.state().head).toBe(reference.state().head);
				expect(l.state().founder).toBe(maya.key);
				for (const g of rivals.filter((e) => e.seq === 1))
					expect(verdictOf(l, g)).toBe('not-a-member/genesis-not-bound');
			}),
			{ numRuns: 150 }
		);
	}, 60_000);
});
