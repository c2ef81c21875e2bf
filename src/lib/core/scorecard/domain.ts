/**
 * The scorecard domain: the circle's sovereignty scorecard (DESIGN.md §11).
 * docs/protocol/scorecard.md.
 *
 *   scorecard.record {kind, what, on, outside?}   a dependency reversed, a repair done in the
 *                     circle, a dispute resolved internally, or a decision (outside: whether it
 *                     needed anyone outside the circle's permission)
 *   scorecard.round  {answers, what, on}          a sufficiency round: "we have what we need" for
 *                     tools, time, skills, care and space (yes, partly, no)
 *   scorecard.second {record}                     another member's word: the record counts
 *
 * Purchases avoided come from the library and shared meals from the reciprocity mirror, on their
 * own. Reads: membership, the library, reciprocity.
 */
import { isHex } from '../bytes';
import { decision } from '../decision/domain';
import { rotation } from '../rotation/domain';
import { library } from '../library/domain';
import { membership } from '../membership/domain';
import { reciprocity } from '../reciprocity/domain';
import { isActiveAt, spanAround } from '../membership/view';
import { bad, kind, ok, refuse, reject, type Decoded, type Domain } from '../host/domain';
import type { EntryId, Millis } from '../types';
import { ANSWERS, AREAS, RECORD_KINDS, ScorecardBook, type Answer, type Area, type RecordKind } from './book';
import { scorecardView, type ScorecardView } from './view';

export const RECORD = 'scorecard.record';
export const ROUND = 'scorecard.round';
export const SECOND = 'scorecard.second';

export const WHAT_MAX = 140;
export const BACKDATE_DAYS = 60;
const DAY = 86_400_000;

export type RecordBody = { kind: RecordKind; what: string; on: Millis; outside?: boolean };
export type RoundBody = { answers: { [A in Area]: Answer }; what: string; on: Millis };

const what = (x: unknown): string | null =>
	x === undefined ? '' : typeof x === 'string' && x.length <= WHAT_MAX ? x : null;

const decodeRecord = (b: { [key: string]: unknown }): Decoded<RecordBody> => {
	if (!RECORD_KINDS.includes(b.kind as RecordKind)) return bad('scorecard-kind');
	const w = what(b.what);
	if (w === null || !w.trim()) return bad('scorecard-what', { max: WHAT_MAX });
	if (!Number.isSafeInteger(b.on)) return bad('scorecard-date', { days: BACKDATE_DAYS });
	if (b.kind === 'decision') {
		if (typeof b.outside !== 'boolean') return bad('scorecard-outside');
		return ok({ kind: 'decision', what: w, on: b.on as number, outside: b.outside });
	}
	if (b.outside !== undefined) return bad('scorecard-outside');
	return ok({ kind: b.kind as RecordKind, what: w, on: b.on as number });
};

const decodeRound = (b: { [key: string]: unknown }): Decoded<RoundBody> => {
	const a = b.answers;
	if (typeof a !== 'object' || a === null || Array.isArray(a)) return bad('scorecard-answers');
	const answers = {} as { [A in Area]: Answer };
	for (const area of AREAS) {
		const v = (a as { [key: string]: unknown })[area];
		if (!ANSWERS.includes(v as Answer)) return bad('scorecard-answers');
		answers[area] = v as Answer;
	}
	if (Object.keys(a).length !== AREAS.length) return bad('scorecard-answers');
	const w = what(b.what);
	if (w === null) return bad('scorecard-what', { max: WHAT_MAX });
	if (!Number.isSafeInteger(b.on)) return bad('scorecard-date', { days: BACKDATE_DAYS });
	return ok({ answers, what: w, on: b.on as number });
};

const dated = (on: Millis, at: Millis) => on <= at && on >= at - BACKDATE_DAYS * DAY;

export const scorecard: Domain<ScorecardBook, ScorecardView> = {
	name: 'scorecard',
	// 2: decisions written at a meeting's close count in the autonomy ratio (once each).
	version: 2,
	reads: [membership, decision, library, reciprocity, rotation],
	init: () => new ScorecardBook(),
	clone: (book) => book.clone(),
	snapshot: (book) => book.snapshot(),
	restore: (book, s) => book.rewind(s as number),
	kinds: [
		kind({
			type: RECORD,
			decode: decodeRecord,
			apply: (book, e) => {
				if (!dated(e.body.on, e.at)) return reject('scorecard-date', { days: BACKDATE_DAYS });
				return book.add({
					id: e.id,
					kind: e.body.kind,
					what: e.body.what,
					outside: e.body.outside ?? null,
					answers: null,
					on: e.body.on,
					by: e.author,
					recordedAt: e.at,
					secondedBy: null,
					countsFrom: null
				});
			}
		}),
		kind({
			type: ROUND,
			decode: decodeRound,
			apply: (book, e) => {
				if (!dated(e.body.on, e.at)) return reject('scorecard-date', { days: BACKDATE_DAYS });
				return book.add({
					id: e.id,
					kind: 'round',
					what: e.body.what,
					outside: null,
					answers: e.body.answers,
					on: e.body.on,
					by: e.author,
					recordedAt: e.at,
					secondedBy: null,
					countsFrom: null
				});
			}
		}),
		kind({
			type: SECOND,
			decode: (b): Decoded<{ record: EntryId }> =>
				isHex(b.record, 32) ? ok({ record: b.record as EntryId }) : bad('scorecard-no-such-record'),
			apply: (book, e, ctx) => {
				if (!isActiveAt(ctx.members.members.get(e.author), e.at)) return reject('scorecard-member');
				return book.second(e.body.record, e.author, e.at);
			}
		})
	],
	view: (book, now, ctx) => {
		// Decisions the circle consented to count too (each once: a consented decision is not a record).
		const decided = ctx.view(decision, now);
		// And decisions written at a meeting's close, from the closes the rotation judged to count.
		const meetings = ctx.view(rotation, now).meetings;
		const { value, times } = scorecardView(
			book,
			ctx.book(library),
			ctx.book(reciprocity),
			now,
			decided,
			meetings
		);
		for (const d of decided) times.push(d.windowEndsAt, d.inForceAt);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const recordBody = (b: {
	kind: RecordKind;
	what: string;
	on: Millis;
	outside?: boolean;
}): RecordBody => {
	const d = decodeRecord({ ...b, what: b.what.trim() });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};
export const roundBody = (b: { answers: { [A in Area]: Answer }; what?: string; on: Millis }): RoundBody => {
	const d = decodeRound({ ...b, what: (b.what ?? '').trim() });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};
export const secondBody = (record: EntryId) => ({ record });
