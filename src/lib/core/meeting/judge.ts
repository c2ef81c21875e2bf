/**
 * Which closes count, and who is passed over in the facilitator draw because of them — a pure
 * function of the closing entries and the facilitator's stretches, the same on every phone in
 * any delivery order (the fold gives the closes in total order with their effective instants).
 *
 * A close counts when (1) its author is the first member present in the facilitator's order at
 * the close's stamp (the meeting's time: a phone that syncs days later is not penalised) — the holder, or, when the holder was not present, the next in that term's
 * draw — and (2) no earlier counting close fell in the same facilitator term: one meeting per
 * draw. A close that does not count is kept and shown, with its code, and has no effect.
 *
 * Passed over (the essay: "if the same individuals dominate discussions, they rotate out of
 * facilitation for a predefined period"): at each counting close, over it and the counting closes
 * before it (the last three meetings),
 * - a member whose talk share was at least 2/n (n present) in at least two of them, or
 * - a member named in the least-heard round by at least the charter's threshold of distinct members
 * sits out the facilitator draw for the charter's `passOverDays` from that close's instant: every
 * draw whose freeze point falls in that stretch passes them over.
 */
import type { Close } from './book';
import { WINDOW, type MeetingRules } from './settings';
import type { MemberKey, Millis } from '../types';

/** The role whose draw a meeting pattern passes people over in. */
export const FACILITATOR = 'facilitator';

/** A stretch of the facilitator role: its term, and who may close a meeting in it, in order. */
export interface Stretch {
	term: number;
	start: Millis;
	end: Millis;
	/** The holders, then the rest of the term's draw in the rule's order. */
	order: readonly MemberKey[];
}

export type CloseVerdict =
	| { ok: true; term: number }
	| {
			ok: false;
			code: 'meeting-no-facilitator' | 'meeting-not-facilitator' | 'meeting-closed-twice';
			expected: MemberKey | null;
	  };

export interface JudgedClose extends Close {
	verdict: CloseVerdict;
}

export type PassReason = 'talk-share' | 'least-heard';

export interface PassOver {
	member: MemberKey;
	reason: PassReason;
	/** The close that made it (its instant starts the stretch). */
	close: Close['id'];
	from: Millis;
	until: Millis;
	/** talk-share: the meetings where their share was ≥ 2/n; least-heard: how many named them. */
	meetings: number;
	namedBy: number;
}

/** The stretch holding `t` in a list sorted by start (stretches do not overlap), or null. */
export const stretchIn = (stretches: readonly Stretch[], t: Millis): Stretch | null => {
	let lo = 0;
	let hi = stretches.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (stretches[mid]!.start <= t) lo = mid + 1;
		else hi = mid;
	}
	const s = stretches[lo - 1];
	return s && t < s.end ? s : null;
};

/**
 * Each close with its verdict, in the order given (the fold's). `stretches`: the facilitator's,
 * sorted by start, or a function giving the one holding an instant.
 */
export const judgeCloses = (
	closes: readonly Close[],
	stretches: readonly Stretch[] | ((t: Millis) => Stretch | null)
): JudgedClose[] => {
	const at = typeof stretches === 'function' ? stretches : (t: Millis) => stretchIn(stretches, t);
	const termsClosed = new Set<number>();
	return closes.map((c) => {
		const s = at(c.stamp);
		const expected = s?.order.find((m) => c.body.present.includes(m)) ?? null;
		let verdict: CloseVerdict;
		if (!s || expected === null) verdict = { ok: false, code: 'meeting-no-facilitator', expected: null };
		else if (c.author !== expected) verdict = { ok: false, code: 'meeting-not-facilitator', expected };
		else if (termsClosed.has(s.term)) verdict = { ok: false, code: 'meeting-closed-twice', expected };
		else {
			termsClosed.add(s.term);
			verdict = { ok: true, term: s.term };
		}
		return { ...c, verdict };
	});
};

/** Talk share of `m` at least 2/n: talk·n ≥ 2·total (integers, no rounding). */
export const dominant = (c: Close, m: MemberKey): boolean => {
	const i = c.body.present.indexOf(m);
	if (i < 0) return false;
	const total = c.body.talk.reduce((s, x) => s + x, 0);
	return total > 0 && c.body.talk[i]! * c.body.present.length >= 2 * total;
};

/**
 * Every pass-over the counting closes make, in order. `rulesAt` is the charter's meetings
 * section in force at an instant (read at each close's own instant).
 */
export const passOvers = (
	judged: readonly JudgedClose[],
	rulesAt: (t: Millis) => MeetingRules
): PassOver[] => {
	const counted = judged.filter((c) => c.verdict.ok);
	const out: PassOver[] = [];
	counted.forEach((c, i) => {
		const window = counted.slice(Math.max(0, i + 1 - WINDOW), i + 1);
		const rules = rulesAt(c.at);
		const until = c.at + rules.passOverDays * 86_400_000;
		const members = [...new Set(window.flatMap((w) => w.body.present))].sort();
		for (const m of members) {
			const meetings = window.filter((w) => dominant(w, m)).length;
			const namers = new Set<MemberKey>();
			for (const w of window) for (const r of w.body.round) if (r.named.includes(m)) namers.add(r.member);
			// Only a pattern the latest meeting takes part in starts a stretch (one per meeting).
			const talkShare = meetings >= 2 && dominant(c, m);
			const heard = namers.size >= rules.namedThreshold && c.body.round.some((r) => r.named.includes(m));
			if (talkShare || heard)
				out.push({
					member: m,
					reason: talkShare ? 'talk-share' : 'least-heard',
					close: c.id,
					from: c.at,
					until,
					meetings,
					namedBy: namers.size
				});
		}
	});
	return out;
};

/** Members passed over in a draw frozen at `t`: the latest stretch covering it, per member. */
export const passedOverAt = (all: readonly PassOver[], t: Millis): Map<MemberKey, PassOver> => {
	const out = new Map<MemberKey, PassOver>();
	for (const p of all) if (p.from < t && t < p.until) out.set(p.member, p);
	return out;
};
