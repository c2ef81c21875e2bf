/**
 * The decision domain: a general proposal — a decision the circle takes — through the one consent
 * machinery (../consent.ts), with an implementer who is a volunteer or drawn, never the proposer,
 * and a record of whether it needed anyone outside the circle's permission (the scorecard's
 * autonomy ratio). docs/protocol/decision.md.
 *
 *   decision.propose     {title, text, outside, deadline?}      any active member
 *   decision.amend       {decision, title, text, outside}       the proposer: a new version, a new round
 *   decision.consent     {decision, note?, version?}            answers to the current version
 *   decision.stand-aside {decision, note?, version?}
 *   decision.object      {decision, reason, version?}           a reason is required
 *   decision.volunteer   {decision}                              any active member but the proposer
 *
 * It observes `meeting.close`: the consent-round answers a meeting's facilitator recorded for members
 * present count as facilitator-recorded answers (RecordedAnswer; a member's own answer always wins).
 */
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { rosterAt, spanAround } from '../membership/view';
import { seeds } from '../seeds/domain';
import { CLOSE as MEETING_CLOSE, meeting } from '../meeting/domain';
import { DAY_MS } from '../calendar';
import {
	bad,
	kind,
	ok,
	refuse,
	type Decoded,
	type Domain,
	type FoldContext,
	type ViewContext
} from '../host/domain';
import { DecisionBook, type DecisionContext, type DecisionView } from './book';
import type { EntryId, Millis } from '../types';

export const PROPOSE = 'decision.propose';
export const AMEND = 'decision.amend';
export const CONSENT = 'decision.consent';
export const STAND_ASIDE = 'decision.stand-aside';
export const OBJECT = 'decision.object';
export const VOLUNTEER = 'decision.volunteer';

export const TITLE_MAX = 140;
export const TEXT_MAX = 4000;
export const NOTE_MAX = 1000;
/** The longest deadline a proposer may set. */
export const DEADLINE_MAX_DAYS = 90;

export type ProposeBody = { title: string; text: string; outside: boolean; deadline: Millis | null };
export type AmendBody = { decision: EntryId; title: string; text: string; outside: boolean };
export type AnswerBody = { decision: EntryId; note: string; version: number | null };

const words = (b: { [key: string]: unknown }): Decoded<{ title: string; text: string; outside: boolean }> => {
	if (typeof b.title !== 'string' || !b.title.trim() || b.title.length > TITLE_MAX)
		return bad('decision-title', { max: TITLE_MAX });
	if (b.text !== undefined && (typeof b.text !== 'string' || b.text.length > TEXT_MAX))
		return bad('decision-text', { max: TEXT_MAX });
	if (typeof b.outside !== 'boolean') return bad('decision-outside');
	return ok({ title: b.title.trim(), text: typeof b.text === 'string' ? b.text : '', outside: b.outside });
};

const decodePropose = (b: { [key: string]: unknown }): Decoded<ProposeBody> => {
	const w = words(b);
	if (!w.ok) return w;
	if (b.deadline !== undefined && !Number.isSafeInteger(b.deadline))
		return bad('decision-deadline', { maxDays: DEADLINE_MAX_DAYS });
	return ok({ ...w.body, deadline: b.deadline === undefined ? null : (b.deadline as number) });
};

const decodeAnswer = (b: { [key: string]: unknown }): Decoded<AnswerBody> => {
	if ('version' in b && !(Number.isSafeInteger(b.version) && (b.version as number) >= 1))
		return bad('answer-version');
	const note = typeof b.reason === 'string' ? b.reason : typeof b.note === 'string' ? b.note : '';
	return ok({
		decision: b.decision as EntryId,
		note: note.slice(0, NOTE_MAX),
		version: 'version' in b ? (b.version as number) : null
	});
};

const context = (ctx: FoldContext | ViewContext): DecisionContext => {
	const s = ctx.book(seeds);
	return { rosterAt: (t) => rosterAt(ctx.members, t), seedAt: (t) => s.seedAt(t).seed };
};

export const decision: Domain<DecisionBook, DecisionView[]> = {
	name: 'decision',
	version: 2,
	reads: [membership, charter, seeds, meeting],
	observes: [MEETING_CLOSE],
	observe: (book, _entry, id, ctx) => {
		// Only a close the meeting domain accepted, and only the first close of a meeting: answers
		// in a close whose meeting overlaps one closed before come after that meeting closed.
		const closes = ctx.book(meeting).closes;
		const c = closes[closes.length - 1];
		if (!c || c.id !== id || c.body.answers.length === 0) return;
		const { started, ended } = c.body;
		if (closes.slice(0, -1).some((x) => x.body.started < ended && started < x.body.ended)) return;
		book.record(c.author, c.at, ended, c.body.answers, context(ctx));
	},
	init: () => new DecisionBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: PROPOSE,
			decode: decodePropose,
			apply: (book, e, ctx) => {
				const window = ctx.book(charter).contentAt(e.at).consentWindowDays * DAY_MS;
				const d = e.body.deadline;
				if (d !== null && (d <= e.at || d > e.at + DEADLINE_MAX_DAYS * DAY_MS))
					return { code: 'decision-deadline', params: { maxDays: DEADLINE_MAX_DAYS } };
				const windowMs = d === null ? window : d - e.at;
				return book.propose(e.id, e.author, e.at, { ...e.body, windowMs }, context(ctx));
			}
		}),
		kind({
			type: AMEND,
			decode: (b): Decoded<AmendBody> => {
				const w = words(b);
				return w.ok ? ok({ ...w.body, decision: b.decision as EntryId }) : w;
			},
			apply: (book, e, ctx) => book.amend(e.id, e.author, e.at, e.body, context(ctx))
		}),
		kind({
			type: CONSENT,
			decode: decodeAnswer,
			apply: (book, e, ctx) => book.answer(e.author, e.at, e.body, 'consent', context(ctx))
		}),
		kind({
			type: STAND_ASIDE,
			decode: decodeAnswer,
			apply: (book, e, ctx) => book.answer(e.author, e.at, e.body, 'stand-aside', context(ctx))
		}),
		kind({
			type: OBJECT,
			decode: (b) => {
				const d = decodeAnswer(b);
				return d.ok && !d.body.note.trim() ? bad('objection-needs-reason') : d;
			},
			apply: (book, e, ctx) => book.answer(e.author, e.at, e.body, 'object', context(ctx))
		}),
		kind({
			type: VOLUNTEER,
			decode: (b): Decoded<{ decision: EntryId }> => ok({ decision: b.decision as EntryId }),
			apply: (book, e, ctx) => book.volunteer(e.author, e.at, e.body.decision, context(ctx))
		})
	],
	view: (book, now, ctx) => {
		const value = book.view(now, context(ctx));
		const times: number[] = [];
		for (const d of book.decisions.values()) times.push(d.round.windowEndsAt, d.inForceAt ?? 0);
		// The seed a projected draw reads changes with the seeds' book; its revision keys the host's cache.
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const proposeBody = (b: {
	title: string;
	text?: string;
	outside: boolean;
	deadline?: Millis | null;
}) => {
	const title = b.title.trim();
	if (!title || title.length > TITLE_MAX) refuse('decision-title', { max: TITLE_MAX });
	if ((b.text ?? '').length > TEXT_MAX) refuse('decision-text', { max: TEXT_MAX });
	return {
		title,
		text: b.text ?? '',
		outside: b.outside,
		...(b.deadline != null ? { deadline: b.deadline } : {})
	};
};
export const amendBody = (decisionId: EntryId, b: { title: string; text?: string; outside: boolean }) => ({
	decision: decisionId,
	...proposeBody(b)
});
export const answerBody = (decisionId: EntryId, note = '', version?: number) => ({
	decision: decisionId,
	...(note.trim() ? { note: note.trim().slice(0, NOTE_MAX) } : {}),
	...(version ? { version } : {})
});
export const objectionBody = (decisionId: EntryId, reason: string, version?: number) => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return { decision: decisionId, reason: reason.trim().slice(0, NOTE_MAX), ...(version ? { version } : {}) };
};
export const volunteerBody = (decisionId: EntryId) => ({ decision: decisionId });
