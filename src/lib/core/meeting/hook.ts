/**
 * The narrow hook the rotation reads (rotation.md "Passed over"): members a meeting pattern
 * passes over in a facilitator draw, judged against that role's stretches as the rotation's own
 * walk computed them so far. A close at t only counts for a draw frozen after t, and the stretch
 * holding t began before that freeze point, so the walk never needs a term it has not drawn.
 */
import type { CharterContent } from '../charter/content';
import type { MemberKey, Millis } from '../types';
import type { MeetingBook } from './book';
import {
	FACILITATOR,
	judgeCloses,
	passOvers,
	passedOverAt,
	type JudgedClose,
	type PassOver,
	type Stretch
} from './judge';
import { meetingRules } from './settings';

/** What the rotation knows of a stretch (a Holding, structurally). */
export interface HeldStretch {
	term: number;
	start: Millis;
	end: Millis;
	holders: readonly MemberKey[];
	draw: { ranking: readonly { member: MemberKey }[] };
}

export const stretchOf = (h: HeldStretch): Stretch => ({
	term: h.term,
	start: h.start,
	end: h.end,
	order: [...h.holders, ...h.draw.ranking.map((r) => r.member).filter((m) => !h.holders.includes(m))]
});

/** Every close judged, and every pass-over they make, against the facilitator's stretches. */
export const meetingOutcomes = (
	book: MeetingBook,
	held: readonly HeldStretch[],
	charterAt: (t: Millis) => CharterContent,
	before = Number.MAX_SAFE_INTEGER
): { meetings: JudgedClose[]; passedOver: PassOver[] } => {
	const closes = book.closes.filter((c) => c.at < before);
	const meetings = judgeCloses(closes, (t) => {
		// The stretch holding t, by binary search over the stretches (in start order); made only
		// for the stretches a close falls in, so a walk of many terms stays cheap.
		let lo = 0;
		let hi = held.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (held[mid]!.start <= t) lo = mid + 1;
			else hi = mid;
		}
		const h = held[lo - 1];
		return h && t < h.end ? stretchOf(h) : null;
	});
	return { meetings, passedOver: passOvers(meetings, (t) => meetingRules(charterAt(t))) };
};

/**
 * `unavailable` with the members passed over in a `role` draw frozen at `recordedBy` added
 * (a bench or an absence, already there, keeps its own reason).
 */
export const withPassedOver = <R extends string>(
	unavailable: Map<MemberKey, R>,
	role: string,
	recordedBy: Millis,
	held: readonly HeldStretch[],
	book: MeetingBook,
	charterAt: (t: Millis) => CharterContent
): Map<MemberKey, R | 'passed-over'> => {
	const out = unavailable as Map<MemberKey, R | 'passed-over'>;
	if (role !== FACILITATOR || book.closes.length === 0) return out;
	const { passedOver } = meetingOutcomes(book, held, charterAt, recordedBy);
	for (const m of passedOverAt(passedOver, recordedBy).keys()) if (!out.has(m)) out.set(m, 'passed-over');
	return out;
};
