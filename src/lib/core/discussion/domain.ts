/**
 * The discussion domain: around a consent round, what Loomio has beside the vote — clarifying
 * questions, their replies, and reactions. docs/protocol/discussion.md. A proposal is a decision,
 * a charter version or a mandate put to consent (v2: the same machinery for all three).
 *
 *   discussion.ask   {proposal, text}       any active member, while the proposal is open
 *   discussion.reply {question, text}       any active member (the proposer or anyone), while it is open
 *   discussion.react {proposal, reaction}   any active member, while it is open; one reaction each
 *
 * Nothing here is an answer: no consent domain reads this one, so no question, reply or reaction
 * ever counts as consent. A proposal is open at t while it is not in force and would not be by t
 * (a window passed with no objection standing closes it, as the fold will).
 */
import { membership } from '../membership/domain';
import { decision } from '../decision/domain';
import type { Decision } from '../decision/book';
import { charter } from '../charter/domain';
import { mandates } from '../mandates/domain';
import { objecting, type Round } from '../consent';
import {
	ALWAYS,
	bad,
	kind,
	ok,
	refuse,
	reject,
	type Decoded,
	type Domain,
	type FoldContext,
	type Rejection
} from '../host/domain';
import { DiscussionBook, REACTIONS, type DiscussionView, type Reaction } from './book';
import type { EntryId, Millis } from '../types';

export const ASK = 'discussion.ask';
export const REPLY = 'discussion.reply';
export const REACT = 'discussion.react';

export const TEXT_MAX = 1000;

export type AskBody = { proposal: EntryId; text: string };
export type ReplyBody = { question: EntryId; text: string };
export type ReactBody = { proposal: EntryId; reaction: Reaction };

const textOf = (b: { [key: string]: unknown }): Decoded<string> =>
	typeof b.text === 'string' && b.text.trim() && b.text.length <= TEXT_MAX
		? ok(b.text.trim())
		: bad('discussion-text', { max: TEXT_MAX });

const idOf = (v: unknown, code: string): Decoded<EntryId> =>
	typeof v === 'string' && v.length > 0 ? ok(v as EntryId) : bad(code);

/** Whether a decision still takes questions at t (in force, or due to be by t: no). */
/** Whether a round still takes questions at t: not past a window with no objection standing. */
const roundOpen = (round: Round, t: Millis): boolean =>
	!(!round.windowJudged && round.windowEndsAt <= t && objecting(round).length === 0);

/** Whether a decision still takes questions at t (in force, or due to be by t: no). */
export const openAt = (d: Decision, t: Millis): boolean => d.status === 'open' && roundOpen(d.round, t);

/**
 * The proposal `id` names at t — a decision, a charter version or a mandate put to consent — with
 * the version its round is on, or why it takes no question.
 */
const proposalAt = (
	ctx: FoldContext,
	id: EntryId,
	t: Millis
): { version: number; rejection?: undefined } | { rejection: Rejection } => {
	const closed = { rejection: reject('proposal-closed') };
	const d = ctx.book(decision).decisions.get(id);
	if (d) return openAt(d, t) ? { version: d.history.length } : closed;
	const c = ctx.book(charter).proposals.get(id);
	if (c) return c.status === 'open' && roundOpen(c.round, t) ? { version: c.history.length } : closed;
	const x = ctx.book(mandates).get(id);
	if (x?.consent)
		return x.status === 'proposed' && roundOpen(x.consent.round, t)
			? { version: x.consent.history.length }
			: closed;
	return { rejection: reject('no-such-proposal') };
};

export const discussion: Domain<DiscussionBook, DiscussionView> = {
	name: 'discussion',
	version: 2,
	reads: [membership, decision, charter, mandates],
	init: () => new DiscussionBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: ASK,
			decode: (b): Decoded<AskBody> => {
				const p = idOf(b.proposal, 'no-such-proposal');
				if (!p.ok) return p;
				const t = textOf(b);
				return t.ok ? ok({ proposal: p.body, text: t.body }) : t;
			},
			apply: (book, e, ctx) => {
				const p = proposalAt(ctx, e.body.proposal, e.at);
				if (p.rejection) return p.rejection;
				const { version } = p;
				return book.ask({
					id: e.id,
					proposal: e.body.proposal,
					author: e.author,
					at: e.at,
					version,
					text: e.body.text
				});
			}
		}),
		kind({
			type: REPLY,
			decode: (b): Decoded<ReplyBody> => {
				const q = idOf(b.question, 'no-such-question');
				if (!q.ok) return q;
				const t = textOf(b);
				return t.ok ? ok({ question: q.body, text: t.body }) : t;
			},
			apply: (book, e, ctx) => {
				const q = book.questions.get(e.body.question);
				if (!q) return reject('no-such-question');
				const p = proposalAt(ctx, q.proposal, e.at);
				if (p.rejection) return p.rejection;
				return book.reply(q.id, { id: e.id, author: e.author, at: e.at, text: e.body.text });
			}
		}),
		kind({
			type: REACT,
			decode: (b): Decoded<ReactBody> => {
				const p = idOf(b.proposal, 'no-such-proposal');
				if (!p.ok) return p;
				if (!REACTIONS.includes(b.reaction as Reaction)) return bad('reaction-unknown');
				return ok({ proposal: p.body, reaction: b.reaction as Reaction });
			},
			apply: (book, e, ctx) => {
				const p = proposalAt(ctx, e.body.proposal, e.at);
				if (p.rejection) return p.rejection;
				return book.react(e.body.proposal, e.author, e.body.reaction);
			}
		})
	],
	// Nothing in it changes with time: the same questions and reactions at every `now`.
	view: (book) => ({ value: book.view(), ...ALWAYS })
};

// ---- builders ----

const text = (t: string): string => {
	const s = t.trim();
	if (!s || s.length > TEXT_MAX) refuse('discussion-text', { max: TEXT_MAX });
	return s;
};
export const askBody = (proposal: EntryId, t: string) => ({ proposal, text: text(t) });
export const replyBody = (question: EntryId, t: string) => ({ question, text: text(t) });
export const reactBody = (proposal: EntryId, reaction: Reaction) => {
	if (!REACTIONS.includes(reaction)) refuse('reaction-unknown');
	return { proposal, reaction };
};
