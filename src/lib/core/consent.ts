/**
 * One consent machinery for every proposal kind (Sociocracy For All's consent round; DESIGN.md §12).
 * Pure: a round is the answers to one version of a proposal, and the rule below says when it passes.
 *
 * - Each member answers **consent** (an optional note), **object** (a reason, required by the
 *   decoders) or **stand aside** (an optional note). A later answer by the same member replaces the
 *   earlier one: a consent after an objection withdraws it.
 * - The proposer's proposal counts as their consent.
 * - An objection is integrated by **amending**: a new version opens a new round, and answers to the
 *   old version do not count for the new one.
 * - A round **passes** at t when no objection stands and either every member active at t has
 *   answered (consent or stand aside) or t is at or past the window's end: silence is assent,
 *   objection blocks (consent, not consensus). An objection stands until its author answers again,
 *   even if they leave (an objection is answered by amending, not by waiting someone out).
 */
import type { MemberKey, Millis } from './types';

export type Answer = 'consent' | 'object' | 'stand-aside';
export const ANSWERS: readonly Answer[] = ['consent', 'object', 'stand-aside'];

export interface Response {
	member: MemberKey;
	answer: Answer;
	/** The objection's reason, or a consent's or stand-aside's optional note. */
	note: string;
	at: Millis;
	/**
	 * Set when the answer was recorded for the member by a meeting's facilitator on the shared phone
	 * (decision.md): the member's own signed answer always replaces it, and never the other way.
	 */
	recordedBy?: MemberKey;
}

export interface Round {
	/** Which version of the proposal this round is about (1, then 2 after an amendment …). */
	version: number;
	openedAt: Millis;
	/** From this instant silence counts as consent. */
	windowEndsAt: Millis;
	/** Latest answer of each member to this version. */
	answers: Map<MemberKey, Response>;
	/** The window's end has been judged (passing then, or blocked by an objection standing). */
	windowJudged: boolean;
}

/** A new round for a version proposed (or amended) by `proposer` at `at`: the proposer consents. */
export const openRound = (version: number, proposer: MemberKey, at: Millis, windowMs: number): Round => ({
	version,
	openedAt: at,
	windowEndsAt: at + windowMs,
	answers: new Map([[proposer, { member: proposer, answer: 'consent', note: '', at }]]),
	windowJudged: false
});

export const copyRound = (r: Round): Round => ({ ...r, answers: new Map(r.answers) });

/** Members whose latest answer is an objection, in key order. */
export const objecting = (r: Round): MemberKey[] =>
	[...r.answers.values()]
		.filter((a) => a.answer === 'object')
		.map((a) => a.member)
		.sort();

/** True when every member of `roster` has answered without objecting. */
export const allAnswered = (r: Round, roster: readonly MemberKey[]): boolean =>
	roster.every((m) => {
		const a = r.answers.get(m);
		return a !== undefined && a.answer !== 'object';
	});

/** Whether the round passes at t with `roster` the members active then. */
export const passes = (r: Round, roster: readonly MemberKey[], t: Millis): boolean =>
	objecting(r).length === 0 && (t >= r.windowEndsAt || allAnswered(r, roster));

/** Who said what, for a card: counts over the members active now. */
export interface Tally {
	/** Members active now. */
	total: number;
	/** Of them, how many have answered this version. */
	answered: number;
	consented: MemberKey[];
	stoodAside: MemberKey[];
	objections: { member: MemberKey; reason: string }[];
	/** Notes that came with a consent or a stand-aside. */
	notes: { member: MemberKey; note: string }[];
	/** Active members who have not answered this version. */
	silent: MemberKey[];
}

export const tally = (r: Round, roster: readonly MemberKey[]): Tally => {
	const all = [...r.answers.values()].sort((a, b) => (a.member < b.member ? -1 : 1));
	return {
		total: roster.length,
		answered: roster.filter((m) => r.answers.has(m)).length,
		consented: all.filter((a) => a.answer === 'consent').map((a) => a.member),
		stoodAside: all.filter((a) => a.answer === 'stand-aside').map((a) => a.member),
		objections: all.filter((a) => a.answer === 'object').map((a) => ({ member: a.member, reason: a.note })),
		notes: all
			.filter((a) => a.answer !== 'object' && a.note)
			.map((a) => ({ member: a.member, note: a.note })),
		silent: roster.filter((m) => !r.answers.has(m))
	};
};
