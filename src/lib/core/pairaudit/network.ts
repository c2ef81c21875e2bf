/**
 * The network map of a pair audit (issue 10, item 4), all pure and the same on every phone:
 * a layout, cliques, communities, isolated members, brokers and the change since the last audit.
 *
 * Determinism: members are taken in key order; every number is an integer, or a double computed
 * with + − × ÷ only in a fixed order (IEEE 754 rounds those exactly the same everywhere). No
 * Math.sin/cos/exp/pow (implementation-approximated in JavaScript) and no randomness: the circle's
 * starting positions come from our own Taylor series, the square roots from an integer square root.
 * Pinned by tests/core/vectors/pairaudit.json.
 */
import type { MemberKey } from '../types';
import { normaliseTies, pairKey, type Tie } from './ties';

export { normaliseTies, tied, type Tie } from './ties';

/** The drawing box: coordinates are integers in [0, SIZE]. */
export const SIZE = 1000;
const CENTRE = SIZE / 2;
const RADIUS = 380;
const MARGIN = 60;
/** Force iterations, always this many. */
export const ITERATIONS = 60;
/** Above this many members with a tie, communities are found greedily (still deterministic). */
export const EXACT_LIMIT = 12;
/** A broker: betweenness at least this (thousandths of the largest possible). */
export const BROKER_PERMILLE = 200;

const PI = 3.141592653589793;

/** sin(x) for |x| ≤ π by its Taylor series: + − × ÷ only, the same bits on every platform. */
const sinT = (x: number): number => {
	let term = x;
	let sum = x;
	for (let i = 1; i <= 12; i++) {
		term = (-term * x * x) / (2 * i * (2 * i + 1));
		sum += term;
	}
	return sum;
};
const reduce = (x: number): number => {
	let y = x;
	while (y > PI) y -= 2 * PI;
	while (y < -PI) y += 2 * PI;
	return y;
};
const sinD = (x: number): number => sinT(reduce(x));
const cosD = (x: number): number => sinT(reduce(x + PI / 2));

/** ⌊√n⌋ for a non-negative safe integer, exactly. */
export const isqrt = (n: number): number => {
	if (n <= 0) return 0;
	let r = Math.floor(Math.sqrt(n));
	while (r * r > n) r--;
	while ((r + 1) * (r + 1) <= n) r++;
	return r;
};

const trunc = (a: number, b: number): number => Math.trunc(a / b);

/** Adjacency by index over `keys` (sorted), with weights. */
const adjacency = (keys: readonly MemberKey[], ties: readonly Tie[]): Map<number, number>[] => {
	const index = new Map(keys.map((k, i) => [k, i]));
	const adj = keys.map(() => new Map<number, number>());
	for (const [a, b, w] of ties) {
		const i = index.get(a);
		const j = index.get(b);
		if (i === undefined || j === undefined || i === j) continue;
		adj[i]!.set(j, (adj[i]!.get(j) ?? 0) + w);
		adj[j]!.set(i, (adj[j]!.get(i) ?? 0) + w);
	}
	return adj;
};

export interface Point {
	key: MemberKey;
	x: number;
	y: number;
}

/**
 * Where each member sits on the map: on a circle in key order, then ITERATIONS rounds of a
 * Fruchterman–Reingold spring layout in integers (members repel, ties attract, a weak pull to
 * the centre keeps a lone member on the page), cooling linearly. Integer coordinates in the box.
 */
export const layout = (keysIn: readonly MemberKey[], ties: readonly Tie[]): Point[] => {
	const keys = [...keysIn].sort();
	const n = keys.length;
	if (n === 0) return [];
	if (n === 1) return [{ key: keys[0]!, x: CENTRE, y: CENTRE }];
	const adj = adjacency(keys, ties);
	const x: number[] = [];
	const y: number[] = [];
	for (let i = 0; i < n; i++) {
		const angle = (2 * PI * i) / n - PI / 2;
		x.push(CENTRE + Math.round(RADIUS * cosD(angle)));
		y.push(CENTRE + Math.round(RADIUS * sinD(angle)));
	}
	const k = isqrt(trunc(SIZE * SIZE, n)) >> 1 || 1;
	for (let it = 0; it < ITERATIONS; it++) {
		const temp = trunc(120 * (ITERATIONS - it), ITERATIONS);
		const dx = new Array<number>(n).fill(0);
		const dy = new Array<number>(n).fill(0);
		for (let i = 0; i < n; i++)
			for (let j = 0; j < n; j++) {
				if (i === j) continue;
				let ex = x[i]! - x[j]!;
				const ey = y[i]! - y[j]!;
				if (ex === 0 && ey === 0) ex = i < j ? -1 : 1;
				const d = Math.max(1, isqrt(ex * ex + ey * ey));
				const rep = trunc(k * k, d);
				dx[i]! += trunc(ex * rep, d);
				dy[i]! += trunc(ey * rep, d);
				const w = adj[i]!.get(j);
				if (w !== undefined) {
					const att = trunc(d * d * Math.min(w, 4), k * 2);
					dx[i]! -= trunc(ex * att, d);
					dy[i]! -= trunc(ey * att, d);
				}
			}
		for (let i = 0; i < n; i++) {
			dx[i]! += trunc(CENTRE - x[i]!, 8);
			dy[i]! += trunc(CENTRE - y[i]!, 8);
			const len = isqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
			const step = Math.min(len, temp);
			if (len > 0) {
				x[i] = Math.min(SIZE - MARGIN, Math.max(MARGIN, x[i]! + trunc(dx[i]! * step, len)));
				y[i] = Math.min(SIZE - MARGIN, Math.max(MARGIN, y[i]! + trunc(dy[i]! * step, len)));
			}
		}
	}
	return keys.map((key, i) => ({ key, x: x[i]!, y: y[i]! }));
};

/**
 * Maximal cliques of three or more (Bron–Kerbosch with Tomita's pivot: the vertex of P ∪ X
 * with the most neighbours in P, the lowest key on a tie). Each clique in key order; the list
 * largest first, then by keys.
 */
export const cliques = (keysIn: readonly MemberKey[], ties: readonly Tie[]): MemberKey[][] => {
	const keys = [...keysIn].sort();
	const adj = adjacency(keys, ties);
	const out: number[][] = [];
	const bk = (r: number[], p: number[], x: number[]) => {
		if (p.length === 0 && x.length === 0) {
			if (r.length >= 3) out.push([...r].sort((a, b) => a - b));
			return;
		}
		let pivot = -1;
		let best = -1;
		for (const u of [...p, ...x].sort((a, b) => a - b)) {
			const c = p.filter((v) => adj[u]!.has(v)).length;
			if (c > best) {
				best = c;
				pivot = u;
			}
		}
		const P = p.slice();
		const X = x.slice();
		for (const v of p.filter((v) => !adj[pivot]!.has(v))) {
			bk(
				[...r, v],
				P.filter((u) => adj[v]!.has(u)),
				X.filter((u) => adj[v]!.has(u))
			);
			P.splice(P.indexOf(v), 1);
			X.push(v);
		}
	};
	bk(
		[],
		keys.map((_, i) => i),
		[]
	);
	out.sort((a, b) => {
		if (a.length !== b.length) return b.length - a.length;
		for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
		return 0;
	});
	return out.map((c) => c.map((i) => keys[i]!));
};

export interface Communities {
	/** Groups of two or more (members with no tie are not in one), each in key order, largest first. */
	groups: MemberKey[][];
	/** Modularity in ten-thousandths (−5000…10000). */
	modularity: number;
	/** True: the best of every partition (≤ EXACT_LIMIT members with ties); false: greedy moves. */
	exact: boolean;
}

/**
 * Communities by modularity Q = Σ_c (L_c/m − (D_c/2m)²), maximised exactly: every partition of
 * the members with a tie (restricted growth strings, first best kept) scored in integers as
 * Σ_c (4m·L_c − D_c²) = 4m²·Q. Above EXACT_LIMIT, greedy local moves in key order until none
 * helps (deterministic, not necessarily the best; `exact` says which).
 */
export const communities = (keysIn: readonly MemberKey[], ties: readonly Tie[]): Communities => {
	const all = [...keysIn].sort();
	const adjAll = adjacency(all, ties);
	const keys = all.filter((_, i) => adjAll[i]!.size > 0);
	const n = keys.length;
	if (n === 0) return { groups: [], modularity: 0, exact: true };
	const adj = adjacency(keys, ties);
	const deg = adj.map((a) => [...a.values()].reduce((s, w) => s + w, 0));
	const m = deg.reduce((s, d) => s + d, 0) / 2;
	let block: number[];
	if (n <= EXACT_LIMIT) {
		// Each member's ties to members before it (by index), flat, for a tight inner loop.
		const backFrom: number[] = [];
		const backTo: number[] = [];
		const backW: number[] = [];
		const bound = new Array<number>(n + 1).fill(0);
		for (let i = 0; i < n; i++) {
			backFrom.push(backTo.length);
			let wb = 0;
			for (const [j, w] of [...adj[i]!.entries()].sort((p, q) => p[0] - q[0]))
				if (j < i) {
					backTo.push(j);
					backW.push(w);
					wb += w;
				}
			// The most adding member i could raise the score: every earlier tie inside, no cross term.
			bound[i] = 4 * m * wb - deg[i]! * deg[i]!;
		}
		backFrom.push(backTo.length);
		for (let i = n - 1; i >= 0; i--) bound[i]! += bound[i + 1]!;
		const cur = new Int32Array(n);
		const D = new Float64Array(n);
		let bestScore = -Infinity;
		let best = Array.from(cur);
		const go = (i: number, nb: number, score: number) => {
			if (i === n) {
				if (score > bestScore) {
					bestScore = score;
					best = Array.from(cur);
				}
				return;
			}
			// Branch and bound: even the best case from here cannot beat what was found (ties keep the first).
			if (score + bound[i]! <= bestScore) return;
			const d = deg[i]!;
			for (let b = 0; b <= nb; b++) {
				let inside = 0;
				for (let x = backFrom[i]!; x < backFrom[i + 1]!; x++) if (cur[backTo[x]!] === b) inside += backW[x]!;
				const db = b === nb ? 0 : D[b]!;
				cur[i] = b;
				D[b] = db + d;
				go(i + 1, b === nb ? nb + 1 : nb, score + 4 * m * inside - 2 * db * d - d * d);
				D[b] = db;
			}
		};
		go(0, 0, 0);
		block = best;
	} else {
		block = keys.map((_, i) => i);
		const D = deg.slice();
		for (let pass = 0; pass < 100; pass++) {
			let moved = false;
			for (let i = 0; i < n; i++) {
				const from = block[i]!;
				const links = new Map<number, number>();
				for (const [j, w] of adj[i]!) links.set(block[j]!, (links.get(block[j]!) ?? 0) + w);
				// Gain of moving i into c (leaving `from`), times 2m·... as integers: 4m·k_ic − 2·d_i·D_c.
				const gain = (c: number) =>
					4 * m * (links.get(c) ?? 0) - 2 * deg[i]! * (D[c]! - (c === from ? deg[i]! : 0));
				let best = from;
				let bestGain = gain(from);
				for (const c of [...links.keys()].sort((a, b) => a - b))
					if (gain(c) > bestGain) {
						best = c;
						bestGain = gain(c);
					}
				if (best !== from) {
					D[from]! -= deg[i]!;
					D[best]! += deg[i]!;
					block[i] = best;
					moved = true;
				}
			}
			if (!moved) break;
		}
	}
	const groups = new Map<number, MemberKey[]>();
	block.forEach((b, i) => groups.set(b, [...(groups.get(b) ?? []), keys[i]!]));
	let score = 0;
	for (const members of groups.values()) {
		const set = new Set(members);
		let l = 0;
		let d = 0;
		members.forEach((k) => {
			const i = keys.indexOf(k);
			d += deg[i]!;
			for (const [j, w] of adj[i]!) if (set.has(keys[j]!) && keys[j]! > k) l += w;
		});
		score += 4 * m * l - d * d;
	}
	const list = [...groups.values()]
		.filter((g) => g.length >= 2)
		.sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
	return { groups: list, modularity: Math.round((10000 * score) / (4 * m * m)), exact: n <= EXACT_LIMIT };
};

/**
 * Betweenness centrality (Brandes, ties unweighted), normalised to thousandths of the most a
 * member could have: (n−1)(n−2)/2 pairs of others.
 */
export const betweenness = (keysIn: readonly MemberKey[], ties: readonly Tie[]): Map<MemberKey, number> => {
	const keys = [...keysIn].sort();
	const n = keys.length;
	const adj = adjacency(keys, ties).map((a) => [...a.keys()].sort((p, q) => p - q));
	const cb = new Array<number>(n).fill(0);
	for (let s = 0; s < n; s++) {
		const stack: number[] = [];
		const pred: number[][] = keys.map(() => []);
		const sigma = new Array<number>(n).fill(0);
		const dist = new Array<number>(n).fill(-1);
		sigma[s] = 1;
		dist[s] = 0;
		const queue = [s];
		for (let q = 0; q < queue.length; q++) {
			const v = queue[q]!;
			stack.push(v);
			for (const w of adj[v]!) {
				if (dist[w]! < 0) {
					queue.push(w);
					dist[w] = dist[v]! + 1;
				}
				if (dist[w] === dist[v]! + 1) {
					sigma[w]! += sigma[v]!;
					pred[w]!.push(v);
				}
			}
		}
		const delta = new Array<number>(n).fill(0);
		while (stack.length) {
			const w = stack.pop()!;
			for (const v of pred[w]!) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
			if (w !== s) cb[w]! += delta[w]!;
		}
	}
	const pairs = ((n - 1) * (n - 2)) / 2;
	return new Map(keys.map((k, i) => [k, pairs > 0 ? Math.round((1000 * (cb[i]! / 2)) / pairs) : 0]));
};

export interface NetworkMap {
	members: MemberKey[];
	ties: Tie[];
	points: Point[];
	cliques: MemberKey[][];
	communities: Communities;
	/** Members no tie reaches, in key order. */
	isolated: MemberKey[];
	/** Betweenness in thousandths, by member (key order). */
	betweenness: [MemberKey, number][];
	/** Members at or above BROKER_PERMILLE, most between first. */
	brokers: MemberKey[];
	/** Since the audit before (null: this is the first). */
	change: { gained: Tie[]; lost: Tie[] } | null;
}

/** Everything the map shows, for `members` (the roster at the audit) and its ties. */
export const analyse = (
	membersIn: readonly MemberKey[],
	tiesIn: readonly Tie[],
	previous: readonly Tie[] | null
): NetworkMap => {
	const members = [...membersIn].sort();
	const ties = normaliseTies(members, tiesIn);
	const deg = new Map(members.map((k) => [k, 0]));
	for (const [a, b] of ties) {
		deg.set(a, deg.get(a)! + 1);
		deg.set(b, deg.get(b)! + 1);
	}
	const bc = betweenness(members, ties);
	const brokers = [...bc.entries()]
		.filter(([, v]) => v >= BROKER_PERMILLE)
		.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
		.map(([k]) => k);
	let change: NetworkMap['change'] = null;
	if (previous) {
		const before = new Set(previous.map(([a, b]) => pairKey(a, b)));
		const now = new Set(ties.map(([a, b]) => pairKey(a, b)));
		change = {
			gained: ties.filter(([a, b]) => !before.has(pairKey(a, b))),
			lost: previous.filter(([a, b]) => !now.has(pairKey(a, b)))
		};
	}
	return {
		members,
		ties,
		points: layout(members, ties),
		cliques: cliques(members, ties),
		communities: communities(members, ties),
		isolated: members.filter((k) => deg.get(k) === 0),
		betweenness: [...bc.entries()],
		brokers,
		change
	};
};
