/**
 * The discussion book: clarifying questions on a proposal, their replies, and members' reactions
 * (Loomio's, a small fixed set of codes). None of it is an answer in the consent round: nothing here
 * is read by the decision domain, so a question or a reaction never counts as consent.
 */
import { reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

/** The reactions a member can give a proposal, as codes (the UI words and draws them). */
export const REACTIONS = ['support', 'thanks', 'unsure', 'concern'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface Reply {
	id: EntryId;
	author: MemberKey;
	at: Millis;
	text: string;
}

export interface Question {
	id: EntryId;
	proposal: EntryId;
	author: MemberKey;
	at: Millis;
	/** The proposal's version when it was asked. */
	version: number;
	text: string;
	replies: Reply[];
}

export interface Thread {
	proposal: EntryId;
	/** In the order the fold took them in, each with its replies in order. */
	questions: Question[];
	/** Each reaction with the members who gave it (a member's latest reaction only), in key order. */
	reactions: { reaction: Reaction; members: MemberKey[] }[];
}

export type DiscussionView = Record<EntryId, Thread>;

export class DiscussionBook {
	/** Questions by id. */
	readonly questions = new Map<EntryId, Question>();
	/** Question ids by proposal, in fold order. */
	readonly byProposal = new Map<EntryId, EntryId[]>();
	/** A member's latest reaction to a proposal. */
	readonly reactions = new Map<EntryId, Map<MemberKey, Reaction>>();

	clone(): DiscussionBook {
		const c = new DiscussionBook();
		for (const [k, q] of this.questions) c.questions.set(k, { ...q, replies: q.replies.slice() });
		for (const [k, ids] of this.byProposal) c.byProposal.set(k, ids.slice());
		for (const [k, r] of this.reactions) c.reactions.set(k, new Map(r));
		return c;
	}

	ask(q: Omit<Question, 'replies'>): Rejection | null {
		this.questions.set(q.id, { ...q, replies: [] });
		this.byProposal.set(q.proposal, [...(this.byProposal.get(q.proposal) ?? []), q.id]);
		return null;
	}

	reply(question: EntryId, r: Reply): Rejection | null {
		const q = this.questions.get(question);
		if (!q) return reject('no-such-question');
		q.replies.push(r);
		return null;
	}

	react(proposal: EntryId, member: MemberKey, reaction: Reaction): Rejection | null {
		const mine = this.reactions.get(proposal) ?? new Map<MemberKey, Reaction>();
		// The same reaction twice counts once: the second is refused and changes nothing.
		if (mine.get(member) === reaction) return reject('already-reacted');
		mine.set(member, reaction);
		this.reactions.set(proposal, mine);
		return null;
	}

	view(): DiscussionView {
		const out: DiscussionView = {};
		const proposals = new Set([...this.byProposal.keys(), ...this.reactions.keys()]);
		for (const p of [...proposals].sort()) {
			const given = [...(this.reactions.get(p) ?? new Map<MemberKey, Reaction>())];
			out[p] = {
				proposal: p,
				questions: (this.byProposal.get(p) ?? []).map((id) => {
					const q = this.questions.get(id)!;
					return { ...q, replies: q.replies.slice() };
				}),
				reactions: REACTIONS.map((reaction) => ({
					reaction,
					members: given
						.filter(([, r]) => r === reaction)
						.map(([m]) => m)
						.sort()
				})).filter((r) => r.members.length > 0)
			};
		}
		return out;
	}
}
