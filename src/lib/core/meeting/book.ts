/**
 * What the meeting domain keeps from the ledger: the agenda (a shared draft anyone edits
 * before a meeting) and the closing entries, in fold order. Whether a close counts (its author
 * was the facilitator then, and it is the first of that term) is judged in judge.ts against
 * the rotation's facilitator stretches, by the rotation domain and by the screen alike.
 */
import type { Json } from '../canonical';
import type { EntryId, MemberKey, Millis } from '../types';

export interface AgendaItem {
	item: string;
	title: string;
	note: string;
	/** Who added it first, and who edited it last. */
	by: MemberKey;
	editedBy: MemberKey;
	at: Millis;
	editedAt: Millis;
	removed: boolean;
}

export interface RoundAnswer {
	[key: string]: Json;
	/** Who answered, in the order they were asked: least talk time first. */
	member: MemberKey;
	/** The moment they felt least heard ("" when they passed). */
	moment: string;
	/** Whom they name, if anyone, as the voice they could not get past. */
	named: MemberKey[];
}

/**
 * An answer to a proposal's consent round that the facilitator's phone recorded for a member
 * present at the meeting (the round taken on the shared phone). It counts in the decision domain
 * only as facilitator-recorded: the member's own signed answer always wins (decision.md).
 */
export interface RecordedAnswer {
	[key: string]: Json;
	/** The decision (its `decision.propose` entry id) and the version answered. */
	decision: string;
	version: number;
	member: MemberKey;
	answer: 'consent' | 'object' | 'stand-aside';
	/** The objection's reason (required), or a consent's or stand-aside's note. */
	note: string;
}

/** The summary a `meeting.close` records (docs/protocol/meeting.md). */
export interface CloseBody {
	[key: string]: Json;
	/** The meeting's day on the facilitator's phone (YYYY-MM-DD): for people, never for rules. */
	date: string;
	/** Wall-clock instants the meter started and stopped (ms). */
	started: Millis;
	ended: Millis;
	/** Members present, sorted by key. */
	present: MemberKey[];
	/** Seconds each present member held the floor, aligned with `present`. */
	talk: number[];
	/** Seconds with several voices at once, and with nobody speaking. */
	several: number;
	silence: number;
	/** Agenda items taken. */
	items: string[];
	decisions: string[];
	/**
	 * For each decision, whether it needed anyone outside the circle's permission (the scorecard's
	 * autonomy ratio). Signed only when there are decisions; null for a close written before the flag
	 * existed (its decisions are not counted: nobody said).
	 */
	outside: boolean[] | null;
	minutes: string;
	/** SHA-256 of the minutes' UTF-8 bytes, lower-case hex. */
	minutesHash: string;
	round: RoundAnswer[];
	/** "Anonymous victories instead of heroes": what the circle achieved, no author. */
	victories: string[];
	/**
	 * Consent-round answers recorded for members present. Left out of the signed body when there
	 * are none (older closes have none); the decoder reads a missing field as empty.
	 */
	answers: RecordedAnswer[];
}

export interface Close {
	id: EntryId;
	author: MemberKey;
	/**
	 * When it took effect (witness.md): a pass-over starts here, so only draws frozen after the
	 * circle had the close can change.
	 */
	at: Millis;
	/**
	 * When its author signed it (its stamp; never after `at`): the meeting's time. Whether its author
	 * was the facilitator is judged here, so a close synced days later still counts.
	 */
	stamp: Millis;
	body: CloseBody;
}

export class MeetingBook {
	items = new Map<string, AgendaItem>();
	closes: Close[] = [];
	/** Agenda items taken by some close, with the close that took them first. */
	taken = new Map<string, EntryId>();

	clone(): MeetingBook {
		const c = new MeetingBook();
		for (const [k, v] of this.items) c.items.set(k, { ...v });
		c.closes = this.closes.slice();
		c.taken = new Map(this.taken);
		return c;
	}
}
