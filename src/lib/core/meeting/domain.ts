/**
 * The meeting domain (DESIGN.md §12; issue 10): the agenda a circle drafts together and the one
 * signed summary the facilitator's phone writes when a meeting closes. docs/protocol/meeting.md.
 *
 *   meeting.item   {item, title, note, removed}     adds, edits or removes an agenda item (anyone)
 *   meeting.close  {date, started, ended, present, talk, several, silence, items, decisions,
 *                   outside?, minutes, minutesHash, round, victories, answers?}   the meeting's summary
 *
 * `outside` (version 2) says, for each decision in turn, whether it needed anyone outside the
 * circle's permission (the scorecard's autonomy ratio); a close from before it has none, and its
 * decisions are shown but not counted (nobody said).
 *
 * `answers` are the consent-round answers the facilitator's phone recorded for members present;
 * the decision domain observes the close and counts them as facilitator-recorded (decision.md).
 *
 * A close is checked here for what needs no rotation: its members, its numbers (talk bounded by
 * the meeting's length), its round's order (least talk first), its minutes' hash. Whether its
 * author was the facilitator then, and whether it is the term's first, is judged in judge.ts
 * (the rotation reads this domain, never the other way: rotation.md "Passed over").
 *
 * Reads: membership (who was present), the charter (the `meetings` section).
 */
import { isHex, sha256Hex } from '../bytes';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, spanAround } from '../membership/view';
import { bad, kind, ok, refuse, reject, type Decoded, type Domain } from '../host/domain';
import {
	MeetingBook,
	type AgendaItem,
	type Close,
	type CloseBody,
	type RecordedAnswer,
	type RoundAnswer
} from './book';
import type { MemberKey, Millis } from '../types';

export const ITEM = 'meeting.item';
export const CLOSE = 'meeting.close';

export const TITLE_MAX = 140;
export const NOTE_MAX = 1000;
export const TEXT_MAX = 500;
export const MOMENT_MAX = 280;
export const MINUTES_MAX = 20_000;
export const LIST_MAX = 30;
export const PRESENT_MAX = 50;
/** Recorded consent-round answers in one close. */
export const ANSWERS_MAX = 200;
export const ANSWER_NOTE_MAX = 1000;
const ANSWER_KINDS = ['consent', 'object', 'stand-aside'];
/** A meeting lasts at most twelve hours. */
export const LENGTH_MAX = 12 * 3_600_000;
/** A close is signed within two days of the meeting's end (its author's own stamp)... */
export const CLOSE_LATE = 2 * 86_400_000;
/** ... and takes effect within fourteen days of that stamp (a phone offline for two weeks). */
export const WITNESS_LATE = 14 * 86_400_000;

export type ItemBody = { item: string; title: string; note: string; removed: boolean };

const str = (x: unknown, max: number): string | null =>
	x === undefined ? '' : typeof x === 'string' && x.length <= max ? x : null;
const strings = (x: unknown, max: number): string[] | null =>
	Array.isArray(x) && x.length <= LIST_MAX && x.every((s) => typeof s === 'string' && s.length <= max)
		? (x as string[])
		: null;
const seconds = (x: unknown): x is number =>
	Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= 86_400;
const sortedKeys = (x: unknown, max: number): x is MemberKey[] =>
	Array.isArray(x) &&
	x.length <= max &&
	x.every((k, i) => isHex(k, 32) && (i === 0 || (x[i - 1] as string) < (k as string)));

export const minutesHash = (minutes: string): string => sha256Hex(minutes);

/** Two decisions' words are the same decision (case, spacing and the final stop aside). */
export const decisionKey = (text: string): string =>
	text
		.normalize('NFC')
		.toLocaleLowerCase('en')
		.replace(/\s+/g, ' ')
		.replace(/[\s.!]+$/, '')
		.trim();
export const sameDecision = (a: string, b: string): boolean => decisionKey(a) === decisionKey(b);

const decodeItem = (b: { [key: string]: unknown }): Decoded<ItemBody> => {
	if (!isHex(b.item, 8)) return bad('meeting-item');
	const title = str(b.title, TITLE_MAX);
	const note = str(b.note, NOTE_MAX);
	if (title === null || note === null) return bad('meeting-text', { max: NOTE_MAX });
	if (!(b.removed === undefined || typeof b.removed === 'boolean')) return bad('meeting-item');
	if (title.trim() === '' && b.removed !== true) return bad('meeting-title');
	return ok({ item: b.item as string, title, note, removed: b.removed === true });
};

const decodeRound = (x: unknown): RoundAnswer[] | null => {
	if (!Array.isArray(x) || x.length > PRESENT_MAX) return null;
	const out: RoundAnswer[] = [];
	for (const a of x) {
		if (typeof a !== 'object' || a === null || Array.isArray(a)) return null;
		const r = a as { [key: string]: unknown };
		const moment = str(r.moment, MOMENT_MAX);
		if (!isHex(r.member, 32) || moment === null || !sortedKeys(r.named ?? [], PRESENT_MAX)) return null;
		out.push({ member: r.member as MemberKey, moment, named: (r.named ?? []) as MemberKey[] });
	}
	return out;
};

/** Recorded answers, strictly ascending by (decision, version, member): each member once per version. */
const decodeAnswers = (x: unknown): RecordedAnswer[] | null => {
	if (!Array.isArray(x) || x.length > ANSWERS_MAX) return null;
	const out: RecordedAnswer[] = [];
	for (const a of x) {
		if (typeof a !== 'object' || a === null || Array.isArray(a)) return null;
		const r = a as { [key: string]: unknown };
		const note = str(r.note, ANSWER_NOTE_MAX);
		if (
			!isHex(r.decision, 32) ||
			!(Number.isSafeInteger(r.version) && (r.version as number) >= 1) ||
			!isHex(r.member, 32) ||
			typeof r.answer !== 'string' ||
			!ANSWER_KINDS.includes(r.answer) ||
			note === null
		)
			return null;
		out.push({
			decision: r.decision as string,
			version: r.version as number,
			member: r.member as MemberKey,
			answer: r.answer as RecordedAnswer['answer'],
			note
		});
	}
	return out;
};

/** The order recorded answers are kept in (and the key that may not repeat). */
export const answerKey = (a: RecordedAnswer): string =>
	`${a.decision}/${String(a.version).padStart(12, '0')}/${a.member}`;

export const decodeClose = (b: { [key: string]: unknown }): Decoded<CloseBody> => {
	if (typeof b.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.date)) return bad('meeting-date');
	const { started, ended } = b;
	if (
		!Number.isSafeInteger(started) ||
		!Number.isSafeInteger(ended) ||
		(ended as number) <= (started as number) ||
		(ended as number) - (started as number) > LENGTH_MAX
	)
		return bad('meeting-length', { hours: LENGTH_MAX / 3_600_000 });
	if (!sortedKeys(b.present, PRESENT_MAX) || b.present.length === 0) return bad('meeting-present');
	if (
		!Array.isArray(b.talk) ||
		b.talk.length !== b.present.length ||
		!b.talk.every(seconds) ||
		!seconds(b.several) ||
		!seconds(b.silence)
	)
		return bad('meeting-talk');
	if (!Array.isArray(b.items) || b.items.length > LIST_MAX || !b.items.every((i) => isHex(i, 8)))
		return bad('meeting-item');
	const decisions = strings(b.decisions, TEXT_MAX);
	if (
		decisions !== null &&
		b.outside !== undefined &&
		!(
			Array.isArray(b.outside) &&
			b.outside.length === decisions.length &&
			b.outside.every((x) => typeof x === 'boolean')
		)
	)
		return bad('meeting-outside');
	const victories = strings(b.victories ?? [], MOMENT_MAX);
	const minutes = str(b.minutes, MINUTES_MAX);
	if (decisions === null || victories === null || minutes === null)
		return bad('meeting-text', { max: MINUTES_MAX });
	if (!isHex(b.minutesHash, 32)) return bad('meeting-minutes-hash');
	const round = decodeRound(b.round);
	if (round === null) return bad('meeting-round');
	const answers = b.answers === undefined ? [] : decodeAnswers(b.answers);
	if (answers === null) return bad('meeting-answers', { max: ANSWERS_MAX });
	return ok({
		date: b.date,
		started: started as Millis,
		ended: ended as Millis,
		present: b.present,
		talk: b.talk as number[],
		several: b.several as number,
		silence: b.silence as number,
		items: b.items as string[],
		decisions,
		outside: b.outside === undefined ? null : (b.outside as boolean[]),
		minutes,
		minutesHash: b.minutesHash as string,
		round,
		victories,
		answers
	});
};

/** The order the round asks in: least talk time first, then by key (the same on every phone). */
export const roundOrder = (present: readonly MemberKey[], talk: readonly number[]): MemberKey[] =>
	present
		.map((m, i) => ({ m, t: talk[i] ?? 0 }))
		.sort((a, b) => a.t - b.t || (a.m < b.m ? -1 : 1))
		.map((x) => x.m);

/**
 * What a close must satisfy whoever signed it: every rule here reads only the body, the
 * membership, the close's stamp (when its author says the meeting closed: the meeting's time) and
 * its effective instant (when another member's phone first had it, witness.md). Also the honest
 * phone's check before it signs (with `at` = `stamp`).
 */
export const checkClose = (
	body: CloseBody,
	author: MemberKey,
	stamp: Millis,
	at: Millis,
	isActive: (m: MemberKey, t: Millis) => boolean
): ReturnType<typeof reject> | null => {
	for (const m of body.present) if (!isActive(m, stamp)) return reject('meeting-present-not-member');
	if (!body.present.includes(author)) return reject('meeting-closer-absent');
	// A meeting cannot end after its close was signed, nor be closed long after it ended; and a
	// close dated far back (or kept back) does not take effect weeks later.
	if (body.ended > stamp || stamp - body.ended > CLOSE_LATE || at - stamp > WITNESS_LATE)
		return reject('meeting-close-late', { days: 2, witnessDays: 14 });
	// Talk time is bounded by the meeting's length: nobody's share can be inflated past it.
	const length = Math.floor((body.ended - body.started) / 1000);
	const total = body.talk.reduce((s, x) => s + x, 0) + body.several + body.silence;
	if (total > length) return reject('meeting-talk-exceeds', { total, length });
	if (minutesHash(body.minutes) !== body.minutesHash) return reject('meeting-minutes-hash');
	// The round asks everyone present once, least talk first; a member names others, not themself.
	const order = roundOrder(body.present, body.talk);
	const asked = body.round.map((r) => r.member);
	if (asked.length !== order.length || asked.some((m, i) => m !== order[i]))
		return reject('meeting-round-order');
	for (const r of body.round)
		if (r.named.some((n) => n === r.member || !body.present.includes(n)))
			return reject('meeting-round-named');
	// Answers recorded on the shared phone: only for members present, never for the facilitator
	// (who answers with their own signed entry), each member once per version, an objection with
	// its reason.
	const answers = body.answers ?? [];
	for (let i = 0; i < answers.length; i++) {
		const a = answers[i]!;
		if (!body.present.includes(a.member)) return reject('meeting-answer-absent');
		if (a.member === author) return reject('meeting-answer-self');
		if (i > 0 && answerKey(answers[i - 1]!) >= answerKey(a)) return reject('meeting-answer-twice');
		if (a.answer === 'object' && !a.note.trim()) return reject('objection-needs-reason');
	}
	return null;
};

export interface MeetingView {
	/** Items still to take (not removed, not taken by a close), oldest first. */
	agenda: AgendaItem[];
	/** Every close the fold accepted, in its order (rotation's view judges them). */
	closes: Close[];
	/** Every item's title by id, taken or removed too (a summary names the items it took). */
	titles: { [item: string]: string };
}

export const meetingView = (book: MeetingBook): MeetingView => ({
	agenda: [...book.items.values()]
		.filter((i) => !i.removed && !book.taken.has(i.item))
		.sort((a, b) => a.at - b.at || (a.item < b.item ? -1 : 1)),
	closes: book.closes.slice(),
	titles: Object.fromEntries([...book.items.values()].map((i) => [i.item, i.title]))
});

export const meeting: Domain<MeetingBook, MeetingView> = {
	name: 'meeting',
	// 2: a close's decisions say whether they needed outside permission (`outside`).
	version: 2,
	reads: [membership, charter],
	charterSection: 'meetings',
	init: () => new MeetingBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: ITEM,
			decode: decodeItem,
			apply: (book, e, ctx) => {
				if (!isActiveAt(ctx.members.members.get(e.author), e.at)) return reject('meeting-not-member');
				const old = book.items.get(e.body.item);
				if (!old && e.body.removed) return reject('meeting-item');
				book.items.set(e.body.item, {
					item: e.body.item,
					title: e.body.removed && old ? old.title : e.body.title,
					note: e.body.removed && old ? old.note : e.body.note,
					removed: e.body.removed,
					by: old?.by ?? e.author,
					at: old?.at ?? e.at,
					editedBy: e.author,
					editedAt: e.at
				});
				return null;
			}
		}),
		kind({
			type: CLOSE,
			decode: decodeClose,
			apply: (book, e, ctx) => {
				const stamp = Math.min(e.entry.hlc[0], e.at);
				const problem = checkClose(e.body, e.author, stamp, e.at, (m, t) =>
					isActiveAt(ctx.members.members.get(m), t)
				);
				if (problem) return problem;
				book.closes.push({ id: e.id, author: e.author, at: e.at, stamp, body: e.body });
				for (const i of e.body.items) if (!book.taken.has(i)) book.taken.set(i, e.id);
				return null;
			}
		})
	],
	// Agenda and closes hold for all time; judging the closes needs the rotation (its view).
	view: (book, now, ctx) => ({ value: meetingView(book), ...spanAround(ctx.members, now, []) })
};

// ---- builders ----

export const itemBody = (item: string, title: string, note: string, removed = false): ItemBody => {
	const t = title.trim();
	if (!removed && t === '') refuse('meeting-title');
	if (t.length > TITLE_MAX || note.length > NOTE_MAX) refuse('meeting-text', { max: NOTE_MAX });
	return { item, title: t, note: note.trim(), removed };
};

export interface CloseDraft {
	date: string;
	started: Millis;
	ended: Millis;
	/** Milliseconds per present member, and for several voices and silence, from the meter. */
	talkMs: ReadonlyMap<MemberKey, number>;
	severalMs: number;
	silenceMs: number;
	items: string[];
	decisions: string[];
	/** For each decision: did it need anyone outside the circle's permission? (Default: no.) */
	outside?: readonly boolean[];
	minutes: string;
	round: { member: MemberKey; moment: string; named: MemberKey[] }[];
	victories: string[];
	/** Who signs the close (their own answers are their own entries, never recorded). */
	closer?: MemberKey;
	/** Answers recorded on this phone for members present (the latest per member and version). */
	answers?: readonly RecordedAnswer[];
}

/**
 * The close an honest phone signs: seconds rounded down, and a meeting at least as long as what
 * the meter counted (its start moved back if the wall clock was set back or pinned mid-meeting), so
 * the sum never exceeds the length and the end is never after the close.
 */
export const closeBody = (d: CloseDraft): CloseBody => {
	const present = [...d.talkMs.keys()].sort();
	if (present.length === 0) refuse('meeting-present');
	const talk = present.map((m) => Math.floor((d.talkMs.get(m) ?? 0) / 1000));
	const several = Math.floor(d.severalMs / 1000);
	const silence = Math.floor(d.silenceMs / 1000);
	const total = talk.reduce((s, x) => s + x, 0) + several + silence;
	// More than the longest meeting counted: nothing honest can be signed (the meter was left running).
	if (total * 1000 + 1000 > LENGTH_MAX) refuse('meeting-length', { hours: LENGTH_MAX / 3_600_000 });
	const started = Math.max(Math.min(d.started, d.ended - total * 1000 - 1000), d.ended - LENGTH_MAX);
	const byMember = new Map(d.round.map((r) => [r.member, r]));
	const round = roundOrder(present, talk).map((m) => {
		const r = byMember.get(m);
		return {
			member: m,
			moment: (r?.moment ?? '').trim().slice(0, MOMENT_MAX),
			named: [...new Set(r?.named ?? [])].filter((n) => n !== m && present.includes(n)).sort()
		};
	});
	const clean = (xs: string[], max: number) =>
		xs
			.map((x) => x.trim())
			.filter((x) => x !== '')
			.slice(0, LIST_MAX)
			.map((x) => x.slice(0, max));
	// Each decision once (the same words twice are one decision), with its flag beside it.
	const decisions: string[] = [];
	const outside: boolean[] = [];
	d.decisions.forEach((x, i) => {
		const t = x.trim().slice(0, TEXT_MAX);
		if (t === '' || decisions.length >= LIST_MAX || decisions.some((y) => sameDecision(y, t))) return;
		decisions.push(t);
		outside.push(d.outside?.[i] === true);
	});
	const minutes = d.minutes.slice(0, MINUTES_MAX);
	// The latest answer per member and version, for members present other than the closer (who
	// answers with their own entry: `closer`), sorted; none at all leaves the field out.
	const byKey = new Map<string, RecordedAnswer>();
	for (const a of d.answers ?? []) {
		if (!present.includes(a.member) || a.member === d.closer) continue;
		if (a.answer === 'object' && !a.note.trim()) refuse('objection-needs-reason');
		const r = { ...a, note: a.note.trim().slice(0, ANSWER_NOTE_MAX) };
		byKey.set(answerKey(r), r);
	}
	const answers = [...byKey.entries()]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([, a]) => a)
		.slice(0, ANSWERS_MAX);
	const out = {
		date: d.date,
		started,
		ended: d.ended,
		present,
		talk,
		several,
		silence,
		items: d.items.slice(0, LIST_MAX),
		decisions,
		// Every close that records a decision says whether it needed outside permission.
		...(decisions.length ? { outside } : {}),
		minutes,
		minutesHash: minutesHash(minutes),
		round,
		victories: clean(d.victories, MOMENT_MAX)
	};
	// No answers recorded: no field, so a close without a round signs the same bytes as before.
	return (answers.length ? { ...out, answers } : out) as CloseBody;
};
