/**
 * The mandates domain: single-issue mandates whose delegate is drawn by lottery, never the
 * proposer, and that end with the task, at a sunset, by recall or by a hard reset (the essay,
 * The Affinity Circle Model). docs/protocol/mandates.md.
 *
 *   mandate.propose     {task, sunset}       by any active member
 *   mandate.done        {mandate}            by the holder
 *   mandate.recall-vote {mandate, reason}    by any active member but the holder
 *   mandate.hand-back   {mandate, reason}    by the holder: redrawn, never to the proposer (v2)
 *
 * Through the consent round (v3; the one machinery in ../consent.ts):
 *   mandate.propose      {task, sunset, consent: true}  any active member: 'proposed', no delegate yet
 *   mandate.amend        {mandate, task, sunset}         the proposer: a new version, a new round
 *   mandate.consent      {mandate, note?, version?}      answers to the current version
 *   mandate.stand-aside  {mandate, note?, version?}
 *   mandate.object       {mandate, reason, version?}     a reason is required
 *   mandate.volunteer    {mandate}                       any active member but the proposer
 */
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, leftAfter, rosterAt, spanAround } from '../membership/view';
import { reset, CALL } from '../reset/domain';
import { rotation } from '../rotation/domain';
import { benchLifted } from '../rotation/book';
import { seeds } from '../seeds/domain';
import { DAY_MS } from '../calendar';
import type { Answer } from '../consent';
import {
	bad,
	kind,
	ok,
	refuse,
	type Applied,
	type Decoded,
	type FoldContext,
	type Domain
} from '../host/domain';
import { MandateBook, TASK_MAX, type Mandate, type MandateContext, type MandateSnapshot } from './mandate';
import type { EntryId, MemberKey, Millis } from '../types';

export const PROPOSE = 'mandate.propose';
export const DONE = 'mandate.done';
export const RECALL_VOTE = 'mandate.recall-vote';
export const HAND_BACK = 'mandate.hand-back';
export const AMEND = 'mandate.amend';
export const CONSENT = 'mandate.consent';
export const STAND_ASIDE = 'mandate.stand-aside';
export const OBJECT = 'mandate.object';
export const VOLUNTEER = 'mandate.volunteer';
const REASON_MAX = 280;
export const NOTE_MAX = 1000;

export type ProposeBody = {
	task: string;
	sunset: Millis;
	/** Put through the consent round (v3); absent: drawn at once (v1/v2 entries). */
	consent?: true;
};
export type AmendBody = { mandate: EntryId; task: string; sunset: Millis };
export type AnswerBody = { mandate: EntryId; note: string; version: number | null };
export type AboutBody = {
	mandate: EntryId;
	/** Empty for `mandate.done`. */
	reason: string;
};

const context = (ctx: FoldContext): MandateContext => {
	const view = ctx.members;
	const rot = ctx.book(rotation);
	const c = ctx.book(charter);
	const s = ctx.book(seeds);
	return {
		rosterAt: (t) => rosterAt(view, t),
		seedAt: (t) => s.seedAt(t).seed,
		unavailableAt: (t) =>
			new Set(
				rot
					.unavailable(
						null,
						t,
						t,
						t + 1,
						benchLifted((m, at) => isActiveAt(view.members.get(m), at), ctx.book(reset).history)
					)
					.keys()
			),
		recallThresholdAt: (t) => c.contentAt(t).thresholds.recall,
		isActive: (m, t) => isActiveAt(view.members.get(m), t),
		leftAt: (m, since) => leftAfter(view.members.get(m), since)
	};
};

const decodeTask = (b: { [key: string]: unknown }): Decoded<{ task: string; sunset: Millis }> => {
	if (typeof b.task !== 'string' || !b.task.trim() || b.task.length > TASK_MAX)
		return bad('task-length', { max: TASK_MAX });
	if (!Number.isSafeInteger(b.sunset)) return bad('sunset-range', { maxDays: 366 });
	return ok({ task: b.task.trim(), sunset: b.sunset as number });
};

const decodeAnswer = (b: { [key: string]: unknown }): Decoded<AnswerBody> => {
	if ('version' in b && !(Number.isSafeInteger(b.version) && (b.version as number) >= 1))
		return bad('answer-version');
	const note = typeof b.reason === 'string' ? b.reason : typeof b.note === 'string' ? b.note : '';
	return ok({
		mandate: b.mandate as EntryId,
		note: note.slice(0, NOTE_MAX),
		version: 'version' in b ? (b.version as number) : null
	});
};

const answerKind = (type: string, answer: Answer) =>
	kind({
		type,
		decode:
			answer === 'object'
				? (b: { [key: string]: unknown }) => {
						const d = decodeAnswer(b);
						return d.ok && !d.body.note.trim() ? bad('objection-needs-reason') : d;
					}
				: decodeAnswer,
		apply: (book: MandateBook, e: Applied<AnswerBody>, ctx: FoldContext) => {
			const c = context(ctx);
			return book.at(e.at, c, () =>
				book.answer(e.body.mandate, e.author, e.at, answer, e.body.note, e.body.version, c)
			);
		}
	});

const decodeAbout = (b: { [key: string]: unknown }): Decoded<AboutBody> =>
	ok({ mandate: b.mandate as EntryId, reason: typeof b.reason === 'string' ? b.reason : '' });

export const mandates: Domain<MandateBook, Mandate[]> = {
	name: 'mandates',
	version: 1,
	reads: [membership, charter, reset, seeds, rotation],
	init: () => new MandateBook(),
	clone: (book) => book.clone(),
	snapshot: (book) => book.snapshot(),
	restore: (book, s) => book.rewind(s as MandateSnapshot),
	kinds: [
		kind({
			type: PROPOSE,
			decode: (b): Decoded<ProposeBody> => {
				const d = decodeTask(b);
				if (!d.ok) return d;
				return ok(b.consent === true ? { ...d.body, consent: true } : d.body);
			},
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () =>
					e.body.consent
						? book.proposeRound(
								e.id,
								e.author,
								e.entry.seq,
								e.at,
								e.body.task,
								e.body.sunset,
								ctx.book(charter).contentAt(e.at).consentWindowDays * DAY_MS,
								c
							)
						: book.propose(e.id, e.author, e.entry.seq, e.at, e.body.task, e.body.sunset, c)
				);
			}
		}),
		kind({
			type: DONE,
			decode: decodeAbout,
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () => book.done(e.body.mandate, e.author, e.at, c));
			}
		}),
		kind({
			type: RECALL_VOTE,
			decode: decodeAbout,
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () => book.recallVote(e.body.mandate, e.author, e.at, e.body.reason, c));
			}
		}),
		kind({
			type: HAND_BACK,
			decode: (b) => {
				const d = decodeAbout(b);
				return d.ok ? ok({ ...d.body, reason: d.body.reason.slice(0, REASON_MAX) }) : d;
			},
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () => book.handBack(e.body.mandate, e.author, e.at, e.body.reason, c));
			}
		}),
		kind({
			type: AMEND,
			decode: (b): Decoded<AmendBody> => {
				const d = decodeTask(b);
				return d.ok ? ok({ ...d.body, mandate: b.mandate as EntryId }) : d;
			},
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () =>
					book.amend(e.id, e.body.mandate, e.author, e.at, e.body.task, e.body.sunset, c)
				);
			}
		}),
		answerKind(CONSENT, 'consent'),
		answerKind(STAND_ASIDE, 'stand-aside'),
		answerKind(OBJECT, 'object'),
		kind({
			type: VOLUNTEER,
			decode: (b): Decoded<{ mandate: EntryId }> => ok({ mandate: b.mandate as EntryId }),
			apply: (book, e, ctx) => {
				const c = context(ctx);
				return book.at(e.at, c, () => book.volunteer(e.body.mandate, e.author, e.at, c));
			}
		})
	],
	// "A hard reset dissolves every role and mandate at once."
	observes: [CALL],
	observe: (book, _e, id, ctx) => {
		const fired = ctx.book(reset).firedBy(id);
		if (fired) {
			const c = context(ctx);
			book.settle(fired.at, c);
			book.dissolve(fired.at, c);
		}
	},
	view: (book, now, ctx) => {
		const leftAt = (m: MemberKey, since: Millis) => leftAfter(ctx.members.members.get(m), since);
		const pending = book.windowsPending;
		// Consent windows ended by now are judged on a copy, as the next entry would judge them.
		const settled = pending.some((t) => t <= now) ? book.clone() : book;
		if (settled !== book) settled.settle(now, context(ctx));
		const value = settled.view(now, leftAt);
		// A mandate the book holds open lapses at its sunset or when its holder leaves.
		const times: number[] = [];
		for (const m of book.all)
			if (m.status === 'open') times.push(m.sunset, (m.holder && leftAt(m.holder, m.proposedAt)) || 0);
			else if (m.status === 'proposed') times.push(m.sunset);
		times.push(...pending);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const proposeBody = (task: string, sunset: Millis): ProposeBody => {
	const t = task.trim();
	if (!t || t.length > TASK_MAX) refuse('task-length', { max: TASK_MAX });
	return { task: t, sunset };
};
/** A mandate put through the consent round (v3). */
export const proposeRoundBody = (task: string, sunset: Millis): ProposeBody => ({
	...proposeBody(task, sunset),
	consent: true
});
export const amendBody = (mandate: EntryId, task: string, sunset: Millis) => ({
	mandate,
	...proposeBody(task, sunset)
});
export const answerBody = (mandate: EntryId, note = '', version?: number) => ({
	mandate,
	...(note.trim() ? { note: note.trim().slice(0, NOTE_MAX) } : {}),
	...(version ? { version } : {})
});
export const objectionBody = (mandate: EntryId, reason: string, version?: number) => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return { mandate, reason: reason.trim().slice(0, NOTE_MAX), ...(version ? { version } : {}) };
};
export const volunteerBody = (mandate: EntryId) => ({ mandate });
export const doneBody = (mandate: EntryId) => ({ mandate });
export const handBackBody = (mandate: EntryId, reason: string) => ({
	mandate,
	reason: reason.trim().slice(0, REASON_MAX)
});
export const recallVoteBody = (mandate: EntryId, reason: string) => ({
	mandate,
	reason: reason.slice(0, REASON_MAX)
});
