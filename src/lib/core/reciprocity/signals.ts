/**
 * The early warnings (DESIGN.md §11): computed from whole numbers only, so every phone gives the
 * same answer for the same contributions (pinned by tests/core/reciprocity/signals.golden.json).
 *
 * Over the charter's window, counting *acts* (one contribution is one act whatever its kind, so
 * no unit is ever added to another):
 *   mostly-giving     at least `minActs` acts, and given ≥ `leanPercent`% of them
 *   mostly-receiving  the same, received
 *   quiet             nothing given or received for `quietDays`, by someone who was a member then
 *   carries           one member gave more than 2/n of all the acts members gave (n: active members)
 * Gini is only a trend (it is noise at n = 8): never a warning.
 *
 * A mirror, not a ranking: there is no score, and members come out in key order.
 */
import type { MemberKey, Millis } from '../types';

export const DAY = 86_400_000;

export interface ReciprocityRules {
	/** Days the mirror looks back over. */
	windowDays: number;
	/** Days without any act before a member is "quiet". */
	quietDays: number;
	/** Share of acts, in percent, that makes a member "mostly" giving or receiving. */
	leanPercent: number;
	/** Acts a member needs in the window before a lean is said at all. */
	minActs: number;
}

export const DEFAULT_RULES: ReciprocityRules = { windowDays: 90, quietDays: 28, leanPercent: 80, minActs: 4 };

export type SignalCode = 'mostly-giving' | 'mostly-receiving' | 'quiet' | 'carries';

export interface Signal {
	code: SignalCode;
	member: MemberKey;
	/** Whole numbers: acts given and received, days quiet, or the share's numerator and denominator. */
	params: { [key: string]: number };
}

/** One act as the signals see it: who gave, who received (null: the circle), when. */
export interface Act {
	giver: MemberKey | null;
	receiver: MemberKey | null;
	on: Millis;
}

export interface Roster {
	/** Active members at `now`, in key order, with the instant each (last) joined. */
	members: readonly { key: MemberKey; since: Millis }[];
}

/** The first instant of the UTC day after `now`: windows are whole days, so views hold for a day. */
export const dayEnd = (now: Millis): Millis => Math.floor(now / DAY) * DAY + DAY;

export const signals = (acts: readonly Act[], roster: Roster, now: Millis, r: ReciprocityRules): Signal[] => {
	const end = dayEnd(now);
	const from = end - r.windowDays * DAY;
	const quietFrom = end - r.quietDays * DAY;
	const given = new Map<MemberKey, number>();
	const received = new Map<MemberKey, number>();
	const last = new Map<MemberKey, Millis>();
	const bump = (m: Map<MemberKey, number>, k: MemberKey) => m.set(k, (m.get(k) ?? 0) + 1);
	for (const a of acts) {
		if (a.on >= end) continue;
		for (const k of [a.giver, a.receiver])
			if (k !== null && (last.get(k) ?? -Infinity) < a.on) last.set(k, a.on);
		if (a.on < from) continue;
		if (a.giver !== null) bump(given, a.giver);
		if (a.receiver !== null) bump(received, a.receiver);
	}
	const n = roster.members.length;
	let total = 0;
	for (const m of roster.members) total += given.get(m.key) ?? 0;
	const out: Signal[] = [];
	for (const { key, since } of roster.members) {
		const g = given.get(key) ?? 0;
		const rc = received.get(key) ?? 0;
		const acts = g + rc;
		if (acts >= r.minActs && g * 100 >= r.leanPercent * acts)
			out.push({ code: 'mostly-giving', member: key, params: { given: g, received: rc } });
		else if (acts >= r.minActs && rc * 100 >= r.leanPercent * acts)
			out.push({ code: 'mostly-receiving', member: key, params: { given: g, received: rc } });
		const seen = last.get(key);
		if (since < quietFrom && (seen === undefined || seen < quietFrom))
			out.push({
				code: 'quiet',
				member: key,
				// Whole days since the last act (or since joining), counted to the end of today.
				params: { days: Math.floor((end - Math.max(seen ?? since, since)) / DAY) }
			});
		// Share above 2/n, compared as whole numbers: g/total > 2/n ⇔ g·n > 2·total.
		if (n >= 3 && total >= n && g * n > 2 * total)
			out.push({ code: 'carries', member: key, params: { given: g, total, members: n } });
	}
	return out;
};

/**
 * Gini of acts given among `keys`, in thousandths (rounded down), or null when nobody gave:
 * Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n Σx), in whole numbers.
 */
export const giniPermille = (counts: readonly number[]): number | null => {
	const n = counts.length;
	let sum = 0;
	for (const x of counts) sum += x;
	if (n === 0 || sum === 0) return null;
	let diff = 0;
	for (const a of counts) for (const b of counts) diff += Math.abs(a - b);
	return Math.floor((diff * 1000) / (2 * n * sum));
};
