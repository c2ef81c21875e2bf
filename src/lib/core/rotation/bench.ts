/**
 * Benches: "if the same individuals dominate discussions, they rotate out of facilitation for
 * a predefined period" (the essay's temperature check). Nobody silences anyone alone (issue 8,
 * item 5; threat model T15):
 *
 *   member.bench        {member, role, until, reason}   proposes a bench; its author supports it
 *   member.bench.second {proposal}                      another member supports it
 *
 * A bench takes effect at the support that brings its distinct supporters, all active then,
 * to the charter's threshold (`thresholds.bench`, default 3), capped by the active members
 * other than the benched one but never below two, as removals count theirs (membership/fold.ts).
 * It lasts at most the charter's `thresholds.benchMaxDays` (default 90) from its proposal, ends
 * at the first hard reset after it, and lapses once fewer of its supporters than it needed are
 * still members. Meetings do not bench: a pattern in the closed meetings passes a member over in
 * the facilitator draw only (meeting/judge.ts, read through the timeline's `unavailable`), so
 * `MeetingCheck` stays a hook that decides nothing.
 */
import type { CharterContent } from '../charter/content';
import type { EntryId, MemberKey, Millis } from '../types';

/** Defaults when the charter in force says nothing (charters before v2 have neither field). */
export const BENCH_SUPPORT = 3;
export const BENCH_MAX_DAYS = 90;
/** Nobody alone: however small the circle, a bench needs at least two members. */
export const BENCH_SUPPORT_FLOOR = 2;

/** The charter's bench rule, read leniently: a missing or unusable field takes its default. */
export const benchRule = (c: CharterContent): { support: number; maxDays: number } => {
	const t = c.thresholds as { [key: string]: unknown };
	const int = (x: unknown, lo: number, hi: number, d: number): number =>
		Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi ? (x as number) : d;
	return {
		support: int(t.bench, 1, 1000, BENCH_SUPPORT),
		maxDays: int(t.benchMaxDays, 1, 366, BENCH_MAX_DAYS)
	};
};

/** Supporters a bench of one of `others` (the active members but the benched one) needs. */
export const supportNeeded = (threshold: number, others: number): number =>
	Math.max(BENCH_SUPPORT_FLOOR, Math.min(threshold, others));

/** A bench proposal and its supporters, proposer first, then in the order they supported. */
export interface BenchProposal {
	id: EntryId;
	member: MemberKey;
	/** The role benched from, or null for every role. */
	role: string | null;
	until: Millis;
	reason: string;
	proposer: MemberKey;
	at: Millis;
	supporters: MemberKey[];
	/** Supporters needed, as of the latest support (or the proposal). */
	needed: number;
	/** When it took effect, or null while it waits for supporters. */
	decided: Millis | null;
}

/**
 * A hook for a recorded meeting check deciding a bench: the instant it did, or null. Nothing uses
 * it: nothing decides a bench but its supporters (meetings pass over instead, meeting/judge.ts).
 */
export type MeetingCheck = (proposal: BenchProposal) => Millis | null;
export const noMeetingCheck: MeetingCheck = () => null;
