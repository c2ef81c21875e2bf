/**
 * The mandates domain: single-issue mandates whose delegate is drawn by lottery, never the
 * proposer, and that end with the task, at a sunset, by recall or by a hard reset (the essay,
 * The Affinity Circle Model). docs/protocol/mandates.md.
 *
 *   mandate.propose     {task, sunset}       by any active member
 *   mandate.done        {mandate}            by the holder
 *   mandate.recall-vote {mandate, reason}    by any active member but the holder
 *   mandate.hand-back   {mandate, reason}    by the holder: redrawn, never to the proposer (v2)
 */
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, leftAfter, rosterAt, spanAround } from '../membership/view';
import { reset, CALL } from '../reset/domain';
import { rotation } from '../rotation/domain';
import { benchLifted } from '../rotation/book';
import { seeds } from '../seeds/domain';
import { bad, kind, ok, refuse, type Decoded, type FoldContext, type Domain } from '../host/domain';
import { MandateBook, TASK_MAX, type Mandate, type MandateContext, type MandateSnapshot } from './mandate';
import type { EntryId, MemberKey, Millis } from '../types';

export const PROPOSE = 'mandate.propose';
export const DONE = 'mandate.done';
export const RECALL_VOTE = 'mandate.recall-vote';
export const HAND_BACK = 'mandate.hand-back';
const REASON_MAX = 280;

export type ProposeBody = {
	task: string;
	sunset: Millis;
};
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
				if (typeof b.task !== 'string' || !b.task.trim() || b.task.length > TASK_MAX)
					return bad('task-length', { max: TASK_MAX });
				if (!Number.isSafeInteger(b.sunset)) return bad('sunset-range', { maxDays: 366 });
				return ok({ task: b.task.trim(), sunset: b.sunset as number });
			},
			apply: (book, e, ctx) =>
				book.propose(e.id, e.author, e.entry.seq, e.at, e.body.task, e.body.sunset, context(ctx))
		}),
		kind({
			type: DONE,
			decode: decodeAbout,
			apply: (book, e, ctx) => book.done(e.body.mandate, e.author, e.at, context(ctx))
		}),
		kind({
			type: RECALL_VOTE,
			decode: decodeAbout,
			apply: (book, e, ctx) => book.recallVote(e.body.mandate, e.author, e.at, e.body.reason, context(ctx))
		}),
		kind({
			type: HAND_BACK,
			decode: (b) => {
				const d = decodeAbout(b);
				return d.ok ? ok({ ...d.body, reason: d.body.reason.slice(0, REASON_MAX) }) : d;
			},
			apply: (book, e, ctx) => book.handBack(e.body.mandate, e.author, e.at, e.body.reason, context(ctx))
		})
	],
	// "A hard reset dissolves every role and mandate at once."
	observes: [CALL],
	observe: (book, _e, id, ctx) => {
		const fired = ctx.book(reset).firedBy(id);
		if (fired) book.dissolve(fired.at, context(ctx));
	},
	view: (book, now, ctx) => {
		const leftAt = (m: MemberKey, since: Millis) => leftAfter(ctx.members.members.get(m), since);
		const value = book.view(now, leftAt);
		// A mandate the book holds open lapses at its sunset or when its holder leaves.
		const times: number[] = [];
		for (const m of book.all)
			if (m.status === 'open') times.push(m.sunset, (m.holder && leftAt(m.holder, m.proposedAt)) || 0);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const proposeBody = (task: string, sunset: Millis): ProposeBody => {
	const t = task.trim();
	if (!t || t.length > TASK_MAX) refuse('task-length', { max: TASK_MAX });
	return { task: t, sunset };
};
export const doneBody = (mandate: EntryId) => ({ mandate });
export const handBackBody = (mandate: EntryId, reason: string) => ({
	mandate,
	reason: reason.trim().slice(0, REASON_MAX)
});
export const recallVoteBody = (mandate: EntryId, reason: string) => ({
	mandate,
	reason: reason.slice(0, REASON_MAX)
});
