/**
 * Ties, the only part of a pair audit the fold keeps: the domain stores them, mentorship reads
 * them. The map drawn from them (network.ts: layout, cliques, communities, brokers) is computed
 * by the screen that shows it, so its code loads with that screen, not with every circle.
 */
import type { MemberKey } from '../types';

/** A tie between two members (a < b by key) with a weight: how many times it was named. */
export type Tie = [a: MemberKey, b: MemberKey, weight: number];

export const pairKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Ties between members of `members` only, merged per pair (weights added), a < b, in key order. */
export const normaliseTies = (members: readonly MemberKey[], ties: readonly Tie[]): Tie[] => {
	const keep = new Set(members);
	const sum = new Map<string, number>();
	for (const [a, b, w] of ties) {
		if (a === b || !keep.has(a) || !keep.has(b)) continue;
		const k = pairKey(a, b);
		sum.set(k, (sum.get(k) ?? 0) + w);
	}
	return [...sum.entries()]
		.sort(([p], [q]) => (p < q ? -1 : 1))
		.map(([k, w]) => {
			const [a, b] = k.split(':') as [MemberKey, MemberKey];
			return [a, b, w] as Tie;
		});
};

/** Whether two members were tied in `ties` (either order). */
export const tied = (ties: readonly Tie[], a: MemberKey, b: MemberKey): boolean =>
	ties.some(([p, q]) => (p === a && q === b) || (p === b && q === a));
