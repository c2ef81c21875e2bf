/**
 * The charter's `meetings` section, read leniently (a missing or unusable field takes its
 * default, so older charters and phones agree): how long a dominant voice sits out of
 * facilitation, and how many distinct members must name someone in the least-heard round.
 */
import type { CharterContent } from '../charter/content';

/** Four weekly meetings. */
export const PASS_OVER_DAYS = 28;
/** Distinct members naming someone across the last three meetings. */
export const NAMED_THRESHOLD = 3;
/** Nobody alone: naming needs at least two members, as benches do (rotation/bench.ts). */
export const NAMED_FLOOR = 2;
/** The window: "two of the last three meetings". */
export const WINDOW = 3;

export interface MeetingRules {
	passOverDays: number;
	namedThreshold: number;
}

export const meetingRules = (c: CharterContent): MeetingRules => {
	const s = c.meetings;
	const t = (typeof s === 'object' && s !== null && !Array.isArray(s) ? s : {}) as { [key: string]: unknown };
	const int = (x: unknown, lo: number, hi: number, d: number): number =>
		Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi ? (x as number) : d;
	return {
		passOverDays: int(t.passOverDays, 1, 366, PASS_OVER_DAYS),
		namedThreshold: int(t.namedThreshold, NAMED_FLOOR, 100, NAMED_THRESHOLD)
	};
};
