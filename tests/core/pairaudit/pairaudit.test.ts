/**
 * Pair audits through the real ledger: the drawn pair proposes and co-signs aggregated ties; the
 * map (layout, cliques, communities, isolated members, brokers, change since the last audit) is
 * pure and pinned by tests/core/vectors/pairaudit.json (regenerate only on purpose:
 * UPDATE_VECTORS=1). Attacks by a member with a modified app sit beside each rule. The same entries
 * in any order give the same view; a failing property prints its seed (replay with FC_SEED=<seed>).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as pa from '$lib/core/pairaudit';
import { pairaudit } from '$lib/core/domains';
import { openCircle } from '$lib/core/circle';
import type { Entry, MemberKey, Millis } from '$lib/core/types';
import { DAY, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli', 'Fay'];
const T0 = utc(2025, 3, 3, 9);
/** Inside the auditors' term 1 (June to September 2025): Cyd and Eli are drawn. */
const Q1 = T0 + 100 * DAY;
/** Inside term 2 (September to December): Ama and Fay. */
const Q2 = T0 + 200 * DAY;
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const FILE = new URL('../vectors/pairaudit.json', import.meta.url);

const viewOf = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries): pa.PairAuditView =>
	s.open(entries).view<pa.PairAuditView>(pairaudit, now);
const codes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);
const asideCodes = (v: pa.PairAuditView) => v.setAside.map((x) => x.rejection.code);
const names = (s: Scenario, keys: readonly MemberKey[]) => keys.map((k) => s.names.get(k)).sort();

/** Interviews where Ama, Bo and Cyd turn to each other, Dee and Eli spend time together, Bo links to Dee. */
const interviews = (s: Scenario): Map<MemberKey, pa.Interview> => {
	const k = (n: string) => s.keyOf(n);
	const i = (work: string[], outside: string[] = [], rarely: string[] = []): pa.Interview => ({
		work: work.map(k),
		outside: outside.map(k),
		rarely: rarely.map(k)
	});
	return new Map([
		[k('Ama'), i(['Bo', 'Cyd'], [], ['Fay'])],
		[k('Bo'), i(['Ama', 'Cyd'], ['Dee'], ['Fay'])],
		[k('Cyd'), i(['Ama'], ['Bo'])],
		[k('Dee'), i(['Eli'], ['Bo'])],
		[k('Eli'), i([], ['Dee'], ['Fay'])],
		[k('Fay'), i([], [])]
	]);
};

const members = (s: Scenario) => NAMES.map((n) => s.keyOf(n));

/** Cyd proposes term 1's aggregate, Eli co-signs it. */
const audit = (s: Scenario, at = Q1, by = 'Cyd', other = 'Eli', term = 1) => {
	const ties = s.write(by, at, pa.TIES, pa.aggregate(term, members(s), interviews(s)));
	const agree = s.write(other, at + DAY, pa.AGREE, pa.agreeBody(s.id(ties)));
	return { ties, agree };
};

describe('pair audits', () => {
	it('counts once both auditors have signed: the proposer’s aggregate and the other’s agreement', () => {
		const s = new Scenario(T0, NAMES);
		const ties = s.write('Cyd', Q1, pa.TIES, pa.aggregate(1, members(s), interviews(s)));
		let v = viewOf(s, Q1 + 1);
		expect(names(s, v.pair!.auditors)).toEqual(['Cyd', 'Eli']);
		expect(v.current).toBeNull();
		expect(v.pending.map((p) => [p.id, names(s, p.waitingFor)])).toEqual([[s.id(ties), ['Eli']]]);
		s.write('Eli', Q1 + DAY, pa.AGREE, pa.agreeBody(s.id(ties)));
		v = viewOf(s, Q1 + 2 * DAY);
		expect(v.pending).toEqual([]);
		expect(v.current).toMatchObject({ term: 1, interviewed: 6 });
		const map = pa.analyse(v.current!.roster, v.current!.ties, v.current!.previousTies);
		expect(map.cliques.map((c) => names(s, c))).toEqual([['Ama', 'Bo', 'Cyd']]);
		expect(names(s, map.isolated)).toEqual(['Fay']);
		expect(names(s, map.brokers)).toEqual(['Bo', 'Dee']);
		expect(map.communities.exact).toBe(true);
		expect(map.communities.groups.map((g) => names(s, g))).toEqual([
			['Ama', 'Bo', 'Cyd'],
			['Dee', 'Eli']
		]);
		expect(v.current!.unheard.map(([k, n]) => [s.names.get(k), n])).toEqual([['Fay', 3]]);
		expect(map.change).toBeNull();
	});

	it('attack: one auditor alone never makes an audit count (no agreement, or agreeing to their own)', () => {
		const s = new Scenario(T0, NAMES);
		const ties = s.write('Cyd', Q1, pa.TIES, pa.aggregate(1, members(s), interviews(s)));
		s.write('Cyd', Q1 + DAY, pa.AGREE, pa.agreeBody(s.id(ties)));
		expect(codes(s, Q1 + 2 * DAY)).toEqual(['pairaudit-own-ties']);
		const v = viewOf(s, Q1 + 2 * DAY);
		expect(v.current).toBeNull();
		expect(v.audits).toEqual([]);
	});

	it('attack: a member not drawn can neither propose nor co-sign', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Bo', Q1, pa.TIES, pa.aggregate(1, members(s), interviews(s))); // Bo is no auditor
		const ties = s.write('Cyd', Q1 + 1, pa.TIES, pa.aggregate(1, members(s), interviews(s)));
		s.write('Dee', Q1 + DAY, pa.AGREE, pa.agreeBody(s.id(ties))); // nor is Dee
		const v = viewOf(s, Q1 + 2 * DAY);
		expect(asideCodes(v)).toEqual(['pairaudit-not-auditor', 'pairaudit-not-auditor']);
		expect(v.current).toBeNull();
		expect(v.pending.map((p) => p.id)).toEqual([s.id(ties)]);
	});

	it('attack: a tie set naming someone who is not a member is refused whole', () => {
		const s = new Scenario(T0, NAMES);
		const zed = s.keyOf('Zed');
		const body = pa.aggregate(1, members(s), interviews(s));
		const [a, b] = [s.keyOf('Ama'), zed].sort() as [MemberKey, MemberKey];
		s.write('Cyd', Q1, pa.TIES, { ...body, ties: [...body.ties, [a, b, 1]].sort() } as never);
		s.write('Cyd', Q1 + 1, pa.TIES, { ...body, unheard: [[zed, 1]] } as never);
		// Garbage a modified app could send: a tie with itself, unsorted, a weight out of range.
		const k = s.keyOf('Bo');
		s.write('Cyd', Q1 + 2, pa.TIES, { ...body, ties: [[k, k, 1]] } as never);
		s.write('Cyd', Q1 + 3, pa.TIES, { ...body, ties: [...body.ties].reverse() } as never);
		s.write('Cyd', Q1 + 4, pa.TIES, { ...body, ties: [[a, s.keyOf('Ama') === a ? zed : a, 99]] } as never);
		expect(codes(s, Q1 + DAY)).toEqual([
			'pairaudit-not-member',
			'pairaudit-not-member',
			'pairaudit-ties',
			'pairaudit-ties',
			'pairaudit-ties'
		]);
		expect(viewOf(s, Q1 + DAY).pending).toEqual([]);
	});

	it('attack: a second audit in the same quarter, and replays, do not count', () => {
		const s = new Scenario(T0, NAMES);
		const first = audit(s);
		// Eli now proposes another map for the same quarter, and Cyd agrees: set aside.
		const again = s.write('Eli', Q1 + 2 * DAY, pa.TIES, pa.aggregate(1, members(s), interviews(s)));
		s.write('Cyd', Q1 + 3 * DAY, pa.AGREE, pa.agreeBody(s.id(again)));
		// Eli agrees to the counted one a second time (a replayed agreement, re-signed).
		s.write('Eli', Q1 + 4 * DAY, pa.AGREE, pa.agreeBody(s.id(first.ties)));
		const v = viewOf(s, Q1 + 5 * DAY);
		expect(v.audits.map((a) => a.id)).toEqual([s.id(first.ties)]);
		expect(asideCodes(v)).toEqual(['pairaudit-done', 'pairaudit-ties-set-aside', 'pairaudit-done']);
	}, 20_000);

	it('attack: last quarter’s proposal agreed late, or a proposal naming another term, does not count', () => {
		const s = new Scenario(T0, NAMES);
		const ties = s.write('Cyd', Q1, pa.TIES, pa.aggregate(1, members(s), interviews(s)));
		s.write('Cyd', Q1 + 1, pa.TIES, pa.aggregate(2, members(s), interviews(s))); // not this term
		// The next quarter's pair: Fay co-signs term 1's proposal in term 2.
		s.write('Fay', Q2, pa.AGREE, pa.agreeBody(s.id(ties)));
		// Eli, no longer an auditor in term 2, agrees now: too late.
		s.write('Eli', Q2 + 1, pa.AGREE, pa.agreeBody(s.id(ties)));
		const v = viewOf(s, Q2 + DAY);
		expect(asideCodes(v)).toEqual(['pairaudit-term', 'pairaudit-term', 'pairaudit-not-auditor']);
		expect(v.audits).toEqual([]);
		expect(v.pending).toEqual([]); // term 2 has no proposal of its own
	});

	it('names what changed since the audit before', () => {
		const s = new Scenario(T0, NAMES);
		audit(s);
		const k = (n: string) => s.keyOf(n);
		const later = new Map<MemberKey, pa.Interview>([
			[k('Ama'), { work: [k('Bo'), k('Fay')], outside: [], rarely: [] }],
			[k('Dee'), { work: [k('Eli')], outside: [], rarely: [] }]
		]);
		const t = s.write('Ama', Q2, pa.TIES, pa.aggregate(2, members(s), later));
		s.write('Fay', Q2 + DAY, pa.AGREE, pa.agreeBody(s.id(t)));
		const v = viewOf(s, Q2 + 2 * DAY);
		expect(v.audits.map((a) => a.term)).toEqual([1, 2]);
		const change = pa.analyse(v.current!.roster, v.current!.ties, v.current!.previousTies).change!;
		const pairs = (ts: readonly pa.Tie[]) => ts.map(([a, b]) => names(s, [a, b]).join('–')).sort();
		expect(pairs(change.gained)).toEqual(['Ama–Fay']);
		expect(pairs(change.lost)).toEqual(['Ama–Cyd', 'Bo–Cyd', 'Bo–Dee']);
	});

	it('a term drawn with one auditor gets a second by a lottery every phone computes', () => {
		const s = new Scenario(T0, NAMES);
		const st = s.fold(Q1);
		const h = { ...st.history.find((x) => x.role === 'auditors' && x.term === 1)! };
		const view = s.open().ledger.state();
		const one = { ...h, holders: [h.holders[0]!] };
		const p = pa.auditPair(one, { members: view.members })!;
		expect(p.auditors).toContain(h.holders[0]);
		expect(p.drawn).not.toBeNull();
		expect(p.drawn).not.toBe(h.holders[0]);
		// Same on every phone: a function of the term's seed and the roster at its start.
		expect(pa.auditPair(one, { members: s.open().ledger.state().members })).toEqual(p);
		expect(pa.auditPair({ ...h, holders: [] }, { members: view.members })).toBeNull();
	});

	it('any delivery order gives the same view (property)', () => {
		const s = new Scenario(T0, NAMES);
		audit(s);
		const t = s.write('Ama', Q2, pa.TIES, pa.aggregate(2, members(s), interviews(s)));
		s.write('Fay', Q2 + DAY, pa.AGREE, pa.agreeBody(s.id(t)));
		s.write('Bo', Q2 + DAY + 1, pa.AGREE, pa.agreeBody(s.id(t)));
		const now = Q2 + 3 * DAY;
		const want = JSON.stringify(viewOf(s, now));
		fc.assert(
			fc.property(
				fc.shuffledSubarray(s.entries, { minLength: s.entries.length }),
				fc.nat(4),
				(order, cut) => {
					const c = openCircle(s.circle, { verifyJoin: () => true });
					const third = Math.max(1, Math.ceil(order.length / (cut + 1)));
					for (let i = 0; i < order.length; i += third)
						c.add(
							order.slice(i, i + third).map((entry) => ({ entry, sigValid: true })),
							now
						);
					expect(JSON.stringify(c.view(pairaudit, now))).toBe(want);
				}
			),
			{ numRuns: 20, ...SEED }
		);
	}, 60_000);
});

describe('the network map', () => {
	const key = (i: number) => i.toString(16).padStart(64, '0') as MemberKey;
	const tie = (a: number, b: number, w = 1): pa.Tie => [key(Math.min(a, b)), key(Math.max(a, b)), w];
	const GRAPHS: { name: string; n: number; ties: pa.Tie[] }[] = [
		{
			name: 'two triangles and a bridge',
			n: 7,
			ties: [tie(1, 2), tie(1, 3), tie(2, 3), tie(3, 4), tie(4, 5), tie(4, 6), tie(5, 6)]
		},
		{ name: 'a star', n: 5, ties: [tie(1, 2), tie(1, 3), tie(1, 4), tie(1, 5, 2)] },
		{ name: 'nobody tied', n: 4, ties: [] },
		{
			name: 'twelve in three groups',
			n: 12,
			ties: [
				...[1, 2, 3, 4].flatMap((a) => [1, 2, 3, 4].filter((b) => b > a).map((b) => tie(a, b))),
				...[5, 6, 7, 8].flatMap((a) => [5, 6, 7, 8].filter((b) => b > a).map((b) => tie(a, b, 2))),
				...[9, 10, 11, 12].flatMap((a) => [9, 10, 11, 12].filter((b) => b > a).map((b) => tie(a, b))),
				tie(4, 5),
				tie(8, 9),
				tie(12, 1)
			]
		},
		{
			name: 'fifteen in a ring (greedy communities)',
			n: 15,
			ties: Array.from({ length: 15 }, (_, i) => tie(i + 1, ((i + 1) % 15) + 1))
		}
	];
	const members = (n: number) => Array.from({ length: n }, (_, i) => key(i + 1));

	it('finds the cliques, communities, isolated members and brokers a person would', () => {
		const m = pa.analyse(members(7), GRAPHS[0]!.ties, null);
		expect(m.cliques).toEqual([
			[key(1), key(2), key(3)],
			[key(4), key(5), key(6)]
		]);
		expect(m.communities.groups).toEqual([
			[key(1), key(2), key(3)],
			[key(4), key(5), key(6)]
		]);
		expect(m.isolated).toEqual([key(7)]);
		expect(m.brokers).toEqual([key(3), key(4)]);
		const star = pa.analyse(members(5), GRAPHS[1]!.ties, null);
		expect(star.brokers).toEqual([key(1)]);
		expect(star.betweenness.find(([k]) => k === key(1))![1]).toBe(1000);
		expect(star.cliques).toEqual([]);
	});

	it('is exhaustive up to twelve members and says when it is not', () => {
		const twelve = pa.communities(members(12), GRAPHS[3]!.ties);
		expect(twelve.exact).toBe(true);
		expect(twelve.groups).toEqual([members(4), members(8).slice(4), members(12).slice(8)]);
		const ring = pa.communities(members(15), GRAPHS[4]!.ties);
		expect(ring.exact).toBe(false);
	});

	it('the exhaustive search finds the best partition (checked against every partition of small graphs)', () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 2, max: 6 })
					.chain((n) =>
						fc.tuple(
							fc.constant(n),
							fc.subarray(
								Array.from({ length: n }, (_, a) =>
									Array.from({ length: n }, (_, b) => [a + 1, b + 1] as const).filter(([p, q]) => p < q)
								).flat()
							)
						)
					),
				([n, edges]) => {
					const ties = edges.map(([a, b]) => tie(a, b));
					const got = pa.communities(members(n), ties);
					// Every partition of the tied members, scored in floating point.
					const tiedKeys = [...new Set(ties.flatMap(([a, b]) => [a, b]))].sort();
					const m = ties.length;
					if (m === 0) {
						expect(got.groups).toEqual([]);
						return;
					}
					const deg = (k: string) => ties.filter(([a, b]) => a === k || b === k).length;
					let best = -Infinity;
					const assign = (i: number, blocks: string[][]) => {
						if (i === tiedKeys.length) {
							let q = 0;
							for (const bl of blocks) {
								const l = ties.filter(([a, b]) => bl.includes(a) && bl.includes(b)).length;
								const d = bl.reduce((s, k) => s + deg(k), 0);
								q += l / m - (d / (2 * m)) ** 2;
							}
							best = Math.max(best, q);
							return;
						}
						for (let b = 0; b <= blocks.length; b++) {
							const next = blocks.map((x) => x.slice());
							if (b === blocks.length) next.push([tiedKeys[i]!]);
							else next[b]!.push(tiedKeys[i]!);
							assign(i + 1, next);
						}
					};
					assign(0, []);
					expect(Math.abs(got.modularity - Math.round(best * 10000))).toBeLessThanOrEqual(1);
				}
			),
			{ numRuns: 60, ...SEED }
		);
	});

	it('twelve members take well under a second', () => {
		const all = members(12).flatMap((a, i) =>
			members(12)
				.slice(i + 1)
				.map((b) => [a, b, 1] as pa.Tie)
		);
		const t = performance.now();
		pa.communities(
			members(12),
			all.filter((_, i) => i % 3 !== 0)
		);
		expect(performance.now() - t).toBeLessThan(4000);
	});

	it('lays out the same coordinates every run, inside the box, members apart', () => {
		for (const g of GRAPHS) {
			const a = pa.layout(members(g.n), g.ties);
			expect(pa.layout([...members(g.n)].reverse(), g.ties)).toEqual(a);
			for (const p of a) {
				expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
				expect(p.x).toBeGreaterThanOrEqual(0);
				expect(p.x).toBeLessThanOrEqual(pa.SIZE);
			}
			const distinct = new Set(a.map((p) => `${p.x},${p.y}`));
			expect(distinct.size).toBe(g.n);
		}
	});

	it('matches tests/core/vectors/pairaudit.json', () => {
		const got = {
			about:
				'Golden network maps (tests/core/pairaudit/pairaudit.test.ts): layout, cliques, communities, betweenness. Regenerate only on purpose: UPDATE_VECTORS=1.',
			maps: GRAPHS.map((g) => {
				const m = pa.analyse(members(g.n), g.ties, null);
				const short = (k: string) => Number.parseInt(k, 16);
				return {
					name: g.name,
					points: m.points.map((p) => [short(p.key), p.x, p.y]),
					cliques: m.cliques.map((c) => c.map(short)),
					communities: { ...m.communities, groups: m.communities.groups.map((c) => c.map(short)) },
					isolated: m.isolated.map(short),
					betweenness: m.betweenness.map(([k, v]) => [short(k), v]),
					brokers: m.brokers.map(short)
				};
			})
		};
		if (process.env.UPDATE_VECTORS === '1' || !existsSync(FILE))
			writeFileSync(FILE, JSON.stringify(got, null, '\t') + '\n');
		expect(got).toEqual(JSON.parse(readFileSync(FILE, 'utf8')));
	});
});
