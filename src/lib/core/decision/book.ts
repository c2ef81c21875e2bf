/**
 * The decision book: general proposals (a decision the circle takes) through the one consent
 * machinery (../consent.ts), and who implements each — a volunteer or a draw, never the proposer.
 *
 * A decision comes into force from the fold itself, like a charter version: at the answer after
 * which its round passes, or at its deadline with no objection standing (judged before anything at
 * or after the deadline), or after a blocked deadline at the answer withdrawing the last objection.
 * Its implementer is fixed then: the first member who volunteered (not the proposer, still active),
 * else the lowest key SHA-256(["decision/v1", seed, round, member]) among the members active then
 * but the proposer, `seed` the circle's seed at that instant and `round` how many decisions came
 * into force before it. Nothing the proposer writes enters the draw (not the text, not the id).
 */
import * as random from '../random';
import { reject, type Rejection } from '../host/domain';
import {
	copyRound,
	objecting,
	openRound,
	passes,
	tally,
	type Answer,
	type Round,
	type Tally
} from '../consent';
import type { RecordedAnswer } from '../meeting/book';
import { DAY_MS } from '../calendar';
import type { EntryId, MemberKey, Millis } from '../types';

/**
 * A round complete only thanks to answers a facilitator recorded for members comes into force this
 * long after the meeting's close (or at its deadline, if sooner), not at once: the members it spoke
 * for can still answer for themselves, and their own answer wins.
 */
export const RECORDED_GRACE_MS = DAY_MS;

export interface DecisionVersion {
	n: number;
	entry: EntryId;
	at: Millis;
	title: string;
	text: string;
	outside: boolean;
}

export interface Decision {
	id: EntryId;
	proposer: MemberKey;
	at: Millis;
	history: DecisionVersion[];
	round: Round;
	/** Days from a version to its deadline (the proposer's choice, or the charter's window). */
	windowMs: number;
	status: 'open' | 'in-force';
	inForceAt: Millis | null;
	/** Members who offered to implement it, in order (never the proposer). */
	volunteers: MemberKey[];
	implementer: MemberKey | null;
	chosenBy: 'volunteer' | 'draw' | null;
}

export interface DecisionView extends Tally {
	id: EntryId;
	proposer: MemberKey;
	at: Millis;
	version: number;
	title: string;
	text: string;
	outside: boolean;
	history: DecisionVersion[];
	windowEndsAt: Millis;
	status: 'open' | 'in-force';
	inForceAt: Millis | null;
	volunteers: MemberKey[];
	implementer: MemberKey | null;
	chosenBy: 'volunteer' | 'draw' | null;
	answers: { member: MemberKey; answer: Answer; note: string; recordedBy?: MemberKey }[];
}

/** What the rules need from the fold. */
export interface DecisionContext {
	rosterAt(t: Millis): MemberKey[];
	seedAt(t: Millis): string;
}

const current = (d: Decision): DecisionVersion => d.history[d.history.length - 1]!;

/** The implementer of a decision coming into force at t (pure: the same on every phone). */
export const implementerOf = (
	d: Pick<Decision, 'proposer' | 'volunteers'>,
	t: Millis,
	round: number,
	ctx: DecisionContext
): { implementer: MemberKey | null; chosenBy: 'volunteer' | 'draw' | null } => {
	const roster = ctx.rosterAt(t);
	const volunteer = d.volunteers.find((m) => m !== d.proposer && roster.includes(m));
	if (volunteer) return { implementer: volunteer, chosenBy: 'volunteer' };
	const seed = ctx.seedAt(t);
	let best: MemberKey | null = null;
	let bestKey = '';
	for (const m of roster) {
		if (m === d.proposer) continue;
		const key = random.memberKey(seed, ['decision/v1', String(round)], m);
		if (best === null || key < bestKey) {
			best = m;
			bestKey = key;
		}
	}
	return best ? { implementer: best, chosenBy: 'draw' } : { implementer: null, chosenBy: null };
};

export class DecisionBook {
	readonly decisions = new Map<EntryId, Decision>();
	/** How many decisions came into force (the draw's round). */
	enacted = 0;

	clone(): DecisionBook {
		const c = new DecisionBook();
		for (const [k, d] of this.decisions)
			c.decisions.set(k, {
				...d,
				history: d.history.slice(),
				round: copyRound(d.round),
				volunteers: d.volunteers.slice()
			});
		c.enacted = this.enacted;
		return c;
	}

	#enact(d: Decision, t: Millis, ctx: DecisionContext): void {
		const chosen = implementerOf(d, t, this.enacted, ctx);
		d.status = 'in-force';
		d.inForceAt = t;
		d.implementer = chosen.implementer;
		d.chosenBy = chosen.chosenBy;
		this.enacted++;
	}

	/** Windows ended by t, in order (a refused entry undoes it: see `at`). */
	#settle(t: Millis, ctx: DecisionContext): () => void {
		const enacted = this.enacted;
		const due = [...this.decisions.values()]
			.filter((d) => d.status === 'open' && !d.round.windowJudged && d.round.windowEndsAt <= t)
			.sort((a, b) => a.round.windowEndsAt - b.round.windowEndsAt || (a.id < b.id ? -1 : 1));
		for (const d of due) {
			d.round.windowJudged = true;
			if (!objecting(d.round).length) this.#enact(d, d.round.windowEndsAt, ctx);
		}
		return () => {
			this.enacted = enacted;
			for (const d of due) {
				d.round.windowJudged = false;
				d.status = 'open';
				d.inForceAt = null;
				d.implementer = null;
				d.chosenBy = null;
			}
		};
	}

	at(t: Millis, ctx: DecisionContext, f: () => Rejection | null): Rejection | null {
		const undo = this.#settle(t, ctx);
		const r = f();
		if (r) undo();
		return r;
	}

	#check(d: Decision, t: Millis, ctx: DecisionContext): void {
		if (d.status !== 'open') return;
		const roster = ctx.rosterAt(t);
		if (!passes(d.round, roster, t)) return;
		const spokenFor = roster.some((m) => d.round.answers.get(m)?.recordedBy !== undefined);
		if (!spokenFor || t >= d.round.windowEndsAt) return this.#enact(d, t, ctx);
		// Complete only with answers recorded for members: the deadline comes forward instead.
		d.round.windowEndsAt = Math.min(d.round.windowEndsAt, t + RECORDED_GRACE_MS);
	}

	/**
	 * Answers a meeting's facilitator recorded for members present (a `meeting.close`, observed at its
	 * effective instant `at`): each counts for an open decision's current version, if that version
	 * existed when the meeting ended, and never over the member's own signed answer.
	 */
	record(
		by: MemberKey,
		at: Millis,
		ended: Millis,
		answers: readonly RecordedAnswer[],
		ctx: DecisionContext
	): void {
		this.#settle(at, ctx);
		const touched = new Set<Decision>();
		for (const a of answers) {
			const d = this.decisions.get(a.decision as EntryId);
			if (!d || d.status !== 'open') continue;
			const v = current(d);
			if (a.version !== v.n || v.at > ended) continue;
			const own = d.round.answers.get(a.member);
			if (own && own.recordedBy === undefined) continue;
			d.round.answers.set(a.member, { member: a.member, answer: a.answer, note: a.note, at, recordedBy: by });
			touched.add(d);
		}
		for (const d of touched) this.#check(d, at, ctx);
	}

	propose(
		id: EntryId,
		author: MemberKey,
		at: Millis,
		v: { title: string; text: string; outside: boolean; windowMs: number },
		ctx: DecisionContext
	): Rejection | null {
		return this.at(at, ctx, () => {
			const d: Decision = {
				id,
				proposer: author,
				at,
				history: [{ n: 1, entry: id, at, title: v.title, text: v.text, outside: v.outside }],
				round: openRound(1, author, at, v.windowMs),
				windowMs: v.windowMs,
				status: 'open',
				inForceAt: null,
				volunteers: [],
				implementer: null,
				chosenBy: null
			};
			this.decisions.set(id, d);
			this.#check(d, at, ctx);
			return null;
		});
	}

	amend(
		id: EntryId,
		author: MemberKey,
		at: Millis,
		b: { decision: EntryId; title: string; text: string; outside: boolean },
		ctx: DecisionContext
	): Rejection | null {
		return this.at(at, ctx, () => {
			const d = this.decisions.get(b.decision);
			if (!d) return reject('no-such-decision');
			if (d.status !== 'open') return reject('decision-in-force');
			if (author !== d.proposer) return reject('amend-not-proposer');
			const n = d.history.length + 1;
			d.history.push({ n, entry: id, at, title: b.title, text: b.text, outside: b.outside });
			d.round = openRound(n, author, at, d.windowMs);
			this.#check(d, at, ctx);
			return null;
		});
	}

	answer(
		author: MemberKey,
		at: Millis,
		b: { decision: EntryId; note: string; version: number | null },
		answer: Answer,
		ctx: DecisionContext
	): Rejection | null {
		return this.at(at, ctx, () => {
			const d = this.decisions.get(b.decision);
			if (!d) return reject('no-such-decision');
			if (d.status !== 'open') return reject('decision-in-force');
			if (b.version !== null && b.version !== current(d).n) return reject('answer-outdated');
			d.round.answers.set(author, { member: author, answer, note: b.note, at });
			this.#check(d, at, ctx);
			return null;
		});
	}

	volunteer(author: MemberKey, at: Millis, decision: EntryId, ctx: DecisionContext): Rejection | null {
		return this.at(at, ctx, () => {
			const d = this.decisions.get(decision);
			if (!d) return reject('no-such-decision');
			// Whoever proposed never implements (the essay: the proposer steps aside).
			if (author === d.proposer) return reject('implementer-is-proposer');
			if (d.status !== 'open') return reject('decision-in-force');
			if (d.volunteers.includes(author)) return reject('already-volunteered');
			d.volunteers.push(author);
			return null;
		});
	}

	/** Every decision at `now`, deadlines passed by then with no objection projected into force. */
	view(now: Millis, ctx: DecisionContext): DecisionView[] {
		const pending = [...this.decisions.values()]
			.filter(
				(d) =>
					d.status === 'open' &&
					!d.round.windowJudged &&
					d.round.windowEndsAt <= now &&
					!objecting(d.round).length
			)
			.sort((a, b) => a.round.windowEndsAt - b.round.windowEndsAt || (a.id < b.id ? -1 : 1));
		const projected = new Map<EntryId, ReturnType<typeof implementerOf>>();
		pending.forEach((d, i) =>
			projected.set(d.id, implementerOf(d, d.round.windowEndsAt, this.enacted + i, ctx))
		);
		const roster = ctx.rosterAt(now);
		return [...this.decisions.values()]
			.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
			.map((d) => {
				const v = current(d);
				const p = projected.get(d.id);
				return {
					id: d.id,
					proposer: d.proposer,
					at: d.at,
					version: v.n,
					title: v.title,
					text: v.text,
					outside: v.outside,
					history: d.history.slice(),
					windowEndsAt: d.round.windowEndsAt,
					status: p ? 'in-force' : d.status,
					inForceAt: p ? d.round.windowEndsAt : d.inForceAt,
					volunteers: d.volunteers.slice(),
					implementer: p ? p.implementer : d.implementer,
					chosenBy: p ? p.chosenBy : d.chosenBy,
					answers: [...d.round.answers.values()]
						.sort((a, b) => (a.member < b.member ? -1 : 1))
						.map((a) => ({
							member: a.member,
							answer: a.answer,
							note: a.note,
							...(a.recordedBy ? { recordedBy: a.recordedBy } : {})
						})),
					...tally(d.round, roster)
				};
			});
	}
}
