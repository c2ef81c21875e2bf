/**
 * What a published snapshot shows anyone (issue 14, item 5: "publish every decision… in a ledger
 * that anyone can audit"): the circle's decisions, rotations, handoffs and scorecard, read from
 * the same fold the circle's phones run, after auditExport has checked every signature and chain.
 *
 * Only the public record: names, roles, dates, the charter's versions, mandates, meeting decisions
 * and victories, the scorecard's totals. Not credit memos, not loans, not reciprocity, not minutes'
 * text, not the room secret (sealed in the file to each member; nobody else can open it). Those
 * entries are still in the file, signed, so an auditor can count and check them; the page simply
 * does not dress them up.
 */
import type { Circle, GovernanceState } from '$lib/core/circle';
import { offsetOf } from '$lib/core/charter';
import { scorecard } from '$lib/core/domains';
import * as seal from '$lib/core/rotation';
import type { ScorecardView } from '$lib/core/scorecard';
import type { Millis } from '$lib/core/types';

export interface RecordTerm {
	role: string;
	term: number;
	start: Millis;
	end: Millis;
	holders: string[];
	/** Whether a phone sealed this draw, and whether the seal matches the rule recomputed here. */
	seal: 'matches' | 'flagged' | 'unsealed';
	/** Who stepped down, left or was reset out (why this stretch ended early). */
	ended: 'term' | 'stepdown' | 'left' | 'reset' | null;
}

export interface PublicRecord {
	founded: Millis;
	/** The circle's fixed offset from UTC in minutes (its charter's): dates read in its own time. */
	offsetMinutes: number;
	charter: {
		version: number;
		ratifiedAt: Millis;
		expiresAt: Millis;
		hash: string;
	}[];
	mandates: {
		task: string;
		holder: string | null;
		status: string;
		proposedAt: Millis;
		sunset: Millis;
		endedAt: Millis | null;
	}[];
	meetings: { date: string; present: number; decisions: string[]; victories: string[] }[];
	/** Newest first; the terms still to come are left out. */
	terms: RecordTerm[];
	handoffs: { role: string; term: number; at: Millis; from: string; to: string[]; note: string }[];
	resets: { at: Millis; callers: string[] }[];
	scorecard: {
		autonomyPermille: number | null;
		decisions: number;
		purchasesAvoided: number;
		repairs: number;
		disputes: number;
		meals: number;
	};
}

/** The public record of an audited circle at `now`; `nameOf` gives a member's name. */
export const recordOf = (
	circle: Circle,
	gov: GovernanceState,
	now: Millis,
	nameOf: (key: string) => string
): PublicRecord => {
	const score = circle.view<ScorecardView>(scorecard, now);
	return {
		founded: gov.genesisAt,
		offsetMinutes: offsetOf(gov.charter.inForce),
		charter: gov.charter.versions
			.map((v) => ({
				version: v.version,
				ratifiedAt: v.ratifiedAt,
				expiresAt: v.expiresAt,
				hash: v.hash
			}))
			.reverse(),
		mandates: gov.mandates
			.map((m) => ({
				task: m.task,
				holder: m.holder ? nameOf(m.holder) : null,
				status: m.status,
				proposedAt: m.proposedAt,
				sunset: m.sunset,
				endedAt: m.endedAt
			}))
			.sort((a, b) => b.proposedAt - a.proposedAt),
		meetings: gov.meetings
			.filter((c) => c.verdict.ok)
			.map((c) => ({
				date: c.body.date,
				present: c.body.present.length,
				decisions: c.body.decisions.slice(),
				victories: c.body.victories.slice()
			}))
			.reverse(),
		terms: gov.history
			.filter((h) => h.start <= now)
			.map((h) => ({
				role: h.roleName,
				term: h.term,
				start: h.start,
				end: h.end,
				holders: h.holders.map(nameOf),
				seal: seal.verify(h),
				ended: h.end <= now ? h.ended : null
			}))
			.reverse(),
		handoffs: gov.handoffs
			.map((h) => ({
				role: h.roleName,
				term: h.term,
				at: h.at,
				from: nameOf(h.from),
				to: h.to.map(nameOf),
				note: h.note
			}))
			.reverse(),
		resets: gov.reset.history.map((r) => ({ at: r.at, callers: r.calls.map((c) => nameOf(c.member)) })),
		scorecard: {
			autonomyPermille: score.autonomyPermille,
			decisions: score.totals.decisions,
			purchasesAvoided: score.totals.purchasesAvoided,
			repairs: score.totals.repairs,
			disputes: score.totals.disputes,
			meals: score.totals.meals
		}
	};
};
