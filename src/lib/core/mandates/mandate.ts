/**
 * Single-issue mandates (the essay, The Affinity Circle Model): "Each circle elects a
 * delegate whose mandate covers just one issue and expires with the task."
 *
 *   mandate.propose     {task, sunset}       by any active member
 *   mandate.done        {mandate}            by the holder: the mandate dissolves
 *   mandate.recall-vote {mandate, reason}    by any active member but the holder
 *   mandate.hand-back   {mandate, reason}    by the holder: redrawn among the rest
 *
 * The holder is drawn by lottery at the proposal, among the members active then,
 * never the proposer ("when proposals succeed, the proposer steps aside to let others
 * lead implementation": anti-charisma), nor anyone benched from every role or absent
 * then, and preferably not someone already holding an open mandate (power should
 * circulate, not pool). Among them, whoever held the fewest mandates this cycle goes first,
 * ties to a seeded per-member key (`drawHolder`): nothing the proposer controls enters it.
 *
 * It ends at the first of: done, its sunset, recall (the charter's `thresholds.recall`
 * distinct members, capped by the active members other than the holder), the holder leaving,
 * a hard reset.
 *
 * A drawn delegate may hand the mandate back (protocol v2). It is redrawn at once by the same
 * lottery, from the same seed and round and the same service counts as the first draw, among
 * the members it was drawn among who are still members, less everyone who has handed it back:
 * so the next delegate is the next in an order fixed when it was proposed, which nobody handing
 * back can choose. Never the proposer. With nobody left, it ends unfilled.
 */
import * as random from '../random';
import { reject, type Rejection } from '../host/domain';
import { copyRound, objecting, openRound, passes, type Answer, type Round } from '../consent';
import type { EntryId, MemberKey, Millis } from '../types';

export const TASK_MAX = 280;
export const MAX_SUNSET_DAYS = 366;

export type MandateStatus =
	'proposed' | 'open' | 'done' | 'sunset' | 'recalled' | 'holder-left' | 'dissolved' | 'unfilled';

/** One version of a mandate put through the consent round (v3). */
export interface MandateVersion {
	n: number;
	entry: EntryId;
	at: Millis;
	task: string;
	sunset: Millis;
}

/**
 * A mandate proposed through the consent round (`mandate.propose` with `consent: true`): it is
 * 'proposed', with no delegate, until its round passes — at the answer after which it passes, or
 * at the window's end with no objection standing (silence is assent), or after a blocked window
 * at the answer withdrawing the last objection. Then the delegate is the first volunteer still
 * active and available (never the proposer), else drawn by `drawHolder` at that instant.
 */
export interface MandateConsent {
	history: MandateVersion[];
	round: Round;
	windowMs: number;
	/** Members who offered to hold it, in order (never the proposer). */
	volunteers: MemberKey[];
	inForceAt: Millis | null;
	chosenBy: 'volunteer' | 'draw' | null;
}

export interface Mandate {
	id: EntryId;
	task: string;
	proposer: MemberKey;
	/** The proposer's seq on the proposal (shown; the draw does not read it). */
	proposerSeq: number;
	/** Which mandate of the cycle this is: the draw's domain. */
	round: number;
	/** How many mandates each eligible member had held this cycle, when it was drawn. */
	served: [MemberKey, number][];
	proposedAt: Millis;
	sunset: Millis;
	holder: MemberKey | null;
	/** The members the lottery chose among, in key order, and the seed it used. */
	eligible: MemberKey[];
	seed: string;
	status: MandateStatus;
	endedAt: Millis | null;
	recallVotes: { member: MemberKey; at: Millis; reason: string }[];
	recallNeeded: number;
	/** Who handed it back, in order, and why (each time it was redrawn). */
	handedBack: { member: MemberKey; at: Millis; reason: string }[];
	/** Only for a mandate put through the consent round (v3). */
	consent?: MandateConsent;
}

/**
 * The lottery for a mandate's delegate (v2; DESIGN.md §10, "nobody steers a draw"). Nothing the
 * proposer controls goes into it — not the task's text, not their seq or log length, not their
 * entry's id — so padding a log or grinding a text changes nobody. Among the eligible, those who
 * have held the fewest mandates this cycle (since genesis or the last reset) go first: power
 * circulates. Ties go to the lowest per-member key SHA-256(["mandate/v2", seed, round, key]),
 * `round` counting the mandates proposed this cycle; each key is computed alone, so adding
 * someone never reorders the others.
 */
export const drawHolder = (
	seed: string,
	round: number,
	eligible: readonly MemberKey[],
	served: ReadonlyMap<MemberKey, number>
): MemberKey | null => {
	// The fewest served first, then only those are hashed: the draw is the same as hashing everyone
	// (a key only breaks ties), and a large history proposes thousands of mandates.
	let fewest = Infinity;
	let tied = 0;
	let only: MemberKey | null = null;
	for (const m of eligible) {
		const n = served.get(m) ?? 0;
		if (n < fewest) {
			fewest = n;
			tied = 1;
			only = m;
		} else if (n === fewest) tied++;
	}
	// One member served least: theirs is the draw, whatever the keys (no tie to break).
	if (tied === 1) return only;
	let best: MemberKey | null = null;
	let bestKey = '';
	const domain = ['mandate/v2', String(round)];
	for (const m of eligible) {
		if ((served.get(m) ?? 0) !== fewest) continue;
		const key = random.memberKey(seed, domain, m);
		if (best === null || key < bestKey) {
			best = m;
			bestKey = key;
		}
	}
	return best;
};

export interface MandateContext {
	rosterAt(t: Millis): MemberKey[];
	seedAt(t: Millis): string;
	/** Members unavailable for any duty at t (benched from every role, or absent). */
	unavailableAt(t: Millis): Set<MemberKey>;
	recallThresholdAt(t: Millis): number;
	isActive(m: MemberKey, t: Millis): boolean;
	/** When a member who was active at `since` stopped being one (null: still active). */
	leftAt(m: MemberKey, since: Millis): Millis | null;
}

/**
 * Votes needed to recall `holder` at t: the charter's `thresholds.recall`, capped by the members
 * who could vote (active at t, the holder excluded) so a small circle can still recall, but at
 * least 2: nobody recalls anyone alone (threat model T17). In a circle of two a mandate runs to
 * its sunset unless its holder is done or leaves.
 */
export const recallNeeded = (ctx: MandateContext, holder: MemberKey, t: Millis): number =>
	Math.max(2, Math.min(ctx.recallThresholdAt(t), ctx.rosterAt(t).filter((k) => k !== holder).length));

export interface MandateSnapshot {
	length: number;
	journal: number;
	open: EntryId[];
	pending: EntryId[];
	served: [MemberKey, number][];
	round: number;
}

/** Incremental reducer of mandate entries (fed in total order, with resets in between). */
export class MandateBook {
	/** Every mandate in proposal order; a change replaces the object (never edited in place). */
	private list: Mandate[] = [];
	/** Where each mandate sits in `list` (only ever grows, but for a rewind). */
	private index = new Map<EntryId, number>();
	/** Mandates held this cycle, by member, and mandates proposed this cycle (a reset starts over). */
	private served = new Map<MemberKey, number>();
	private round = 0;
	/** Each replaced object with its place, so a rewind can put it back (see `snapshot`). */
	private journal: { at: number; was: Mandate }[] = [];

	/** Ids of mandates that were open when last looked at (kept small: most end soon). */
	private openIds: EntryId[] = [];
	/** Ids of mandates whose consent round has not passed yet. */
	private pendingIds: EntryId[] = [];

	/**
	 * What a mandate the book holds as open is at instant t: it lapses at its sunset, and ends
	 * when its holder leaves, whichever comes first. Derived, never stored, so that an entry
	 * the rules reject changes nothing (the law suite) and every phone gets the same answer
	 * whenever it looks.
	 */
	private effective(m: Mandate, t: Millis, leftAt: (m: MemberKey, since: Millis) => Millis | null): Mandate {
		if (m.status === 'proposed') return m.sunset <= t ? { ...m, status: 'sunset', endedAt: m.sunset } : m;
		if (m.status !== 'open') return m;
		const left = m.holder ? leftAt(m.holder, m.consent?.inForceAt ?? m.proposedAt) : null;
		if (left !== null && left <= t && left < m.sunset) return { ...m, status: 'holder-left', endedAt: left };
		if (m.sunset <= t) return { ...m, status: 'sunset', endedAt: m.sunset };
		return m;
	}

	/** Drops ids of mandates that have ended for good (kept small: most end soon). */
	private prune(t: Millis, ctx: MandateContext): void {
		this.openIds = this.openIds.filter(
			(id) => this.effective(this.get(id)!, t, ctx.leftAt).status === 'open'
		);
	}

	get(id: EntryId): Mandate | undefined {
		const i = this.index.get(id);
		return i === undefined ? undefined : this.list[i];
	}

	/** Every mandate the book holds, in proposal order (as stored: see `view` for `now`). */
	get all(): readonly Mandate[] {
		return this.list;
	}

	private replace(m: Mandate): void {
		const i = this.index.get(m.id)!;
		this.journal.push({ at: i, was: this.list[i]! });
		this.list[i] = m;
	}

	clone(): MandateBook {
		const c = new MandateBook();
		c.list = this.list.slice();
		c.index = new Map(this.index);
		c.openIds = this.openIds.slice();
		c.pendingIds = this.pendingIds.slice();
		c.served = new Map(this.served);
		c.round = this.round;
		return c;
	}

	/**
	 * A checkpoint costs three numbers and the few open ids: thousands of mandates are never
	 * copied. Rewinding undoes the journal back to it and drops what was proposed since.
	 */
	snapshot(): MandateSnapshot {
		return {
			length: this.list.length,
			journal: this.journal.length,
			open: this.openIds.slice(),
			pending: this.pendingIds.slice(),
			served: [...this.served],
			round: this.round
		};
	}

	rewind(s: MandateSnapshot): this {
		while (this.journal.length > s.journal) {
			const { at, was } = this.journal.pop()!;
			this.list[at] = was;
		}
		for (let i = s.length; i < this.list.length; i++) this.index.delete(this.list[i]!.id);
		this.list.length = s.length;
		this.openIds = s.open.slice();
		this.pendingIds = s.pending.slice();
		this.served = new Map(s.served);
		this.round = s.round;
		return this;
	}

	propose(
		id: EntryId,
		author: MemberKey,
		seq: number,
		at: Millis,
		task: string,
		sunset: Millis,
		ctx: MandateContext
	): Rejection | null {
		if (sunset <= at || sunset > at + MAX_SUNSET_DAYS * 86_400_000)
			return reject('sunset-range', { maxDays: MAX_SUNSET_DAYS });
		this.prune(at, ctx);
		const busy = new Set(this.open(at, ctx).map((m) => m.holder));
		const away = ctx.unavailableAt(at);
		const candidates = ctx.rosterAt(at).filter((m) => m !== author && !away.has(m));
		const free = candidates.filter((m) => !busy.has(m));
		const eligible = free.length ? free : candidates;
		const seed = ctx.seedAt(at);
		const round = this.round++;
		const served = eligible.map((m): [MemberKey, number] => [m, this.served.get(m) ?? 0]);
		const holder = drawHolder(seed, round, eligible, this.served);
		if (holder) this.served.set(holder, (this.served.get(holder) ?? 0) + 1);
		this.index.set(id, this.list.length);
		this.list.push({
			id,
			task,
			proposer: author,
			proposerSeq: seq,
			round,
			served,
			proposedAt: at,
			sunset,
			holder,
			eligible,
			seed,
			status: holder ? 'open' : 'unfilled',
			endedAt: holder ? null : at,
			recallVotes: [],
			recallNeeded: holder ? recallNeeded(ctx, holder, at) : ctx.recallThresholdAt(at),
			handedBack: []
		});
		if (holder) this.openIds.push(id);
		return null;
	}

	/**
	 * Runs `f` as an entry at t: first every consent window ended by t is judged, in order; a
	 * rejected entry undoes that too (a rejected entry changes nothing).
	 */
	at(t: Millis, ctx: MandateContext, f: () => Rejection | null): Rejection | null {
		const s = this.snapshot();
		this.settle(t, ctx);
		const r = f();
		if (r) this.rewind(s);
		return r;
	}

	/** Judges every consent window ended by t, earliest first. */
	settle(t: Millis, ctx: MandateContext): void {
		if (!this.pendingIds.length) return;
		const due = this.pendingIds
			.map((id) => this.get(id)!)
			.filter((m) => !m.consent!.round.windowJudged && m.consent!.round.windowEndsAt <= t)
			.sort(
				(a, b) => a.consent!.round.windowEndsAt - b.consent!.round.windowEndsAt || (a.id < b.id ? -1 : 1)
			);
		for (const m of due) {
			const end = m.consent!.round.windowEndsAt;
			const judged: Mandate = {
				...m,
				consent: { ...m.consent!, round: { ...copyRound(m.consent!.round), windowJudged: true } }
			};
			if (objecting(judged.consent!.round).length) this.replace(judged);
			else this.#enact(judged, end, ctx);
		}
	}

	/**
	 * The round of a proposed mandate passed at t: its delegate is the first volunteer still active
	 * and available, else the lottery among the members active and available then but the
	 * proposer (preferring those holding no open mandate), round and counts of this cycle.
	 */
	#enact(m: Mandate, t: Millis, ctx: MandateContext): void {
		this.pendingIds = this.pendingIds.filter((id) => id !== m.id);
		if (m.sunset <= t) {
			this.replace({ ...m, status: 'sunset', endedAt: m.sunset });
			return;
		}
		this.prune(t, ctx);
		const busy = new Set(this.open(t, ctx).map((x) => x.holder));
		const away = ctx.unavailableAt(t);
		const roster = ctx.rosterAt(t);
		const candidates = roster.filter((k) => k !== m.proposer && !away.has(k));
		const free = candidates.filter((k) => !busy.has(k));
		const eligible = free.length ? free : candidates;
		const seed = ctx.seedAt(t);
		const round = this.round++;
		const served = eligible.map((k): [MemberKey, number] => [k, this.served.get(k) ?? 0]);
		const volunteer = m.consent!.volunteers.find((k) => candidates.includes(k));
		const holder = volunteer ?? drawHolder(seed, round, eligible, this.served);
		if (holder) this.served.set(holder, (this.served.get(holder) ?? 0) + 1);
		this.replace({
			...m,
			round,
			served,
			eligible,
			seed,
			holder,
			status: holder ? 'open' : 'unfilled',
			endedAt: holder ? null : t,
			recallNeeded: holder ? recallNeeded(ctx, holder, t) : ctx.recallThresholdAt(t),
			consent: {
				...m.consent!,
				inForceAt: t,
				chosenBy: holder ? (volunteer ? 'volunteer' : 'draw') : null
			}
		});
		if (holder) this.openIds.push(m.id);
	}

	#check(m: Mandate, t: Millis, ctx: MandateContext): void {
		if (passes(m.consent!.round, ctx.rosterAt(t), t)) this.#enact(m, t, ctx);
	}

	/** A mandate put through the consent round (v3): no delegate until the round passes. */
	proposeRound(
		id: EntryId,
		author: MemberKey,
		seq: number,
		at: Millis,
		task: string,
		sunset: Millis,
		windowMs: number,
		ctx: MandateContext
	): Rejection | null {
		if (sunset <= at || sunset > at + MAX_SUNSET_DAYS * 86_400_000)
			return reject('sunset-range', { maxDays: MAX_SUNSET_DAYS });
		this.index.set(id, this.list.length);
		const m: Mandate = {
			id,
			task,
			proposer: author,
			proposerSeq: seq,
			round: -1,
			served: [],
			proposedAt: at,
			sunset,
			holder: null,
			eligible: [],
			seed: '',
			status: 'proposed',
			endedAt: null,
			recallVotes: [],
			recallNeeded: ctx.recallThresholdAt(at),
			handedBack: [],
			consent: {
				history: [{ n: 1, entry: id, at, task, sunset }],
				round: openRound(1, author, at, windowMs),
				windowMs,
				volunteers: [],
				inForceAt: null,
				chosenBy: null
			}
		};
		this.list.push(m);
		this.pendingIds.push(id);
		this.#check(m, at, ctx);
		return null;
	}

	/** The proposed mandate an answer, amendment or offer may act on, or why not. */
	private pending(id: EntryId, at: Millis, ctx: MandateContext): Mandate | Rejection {
		const m = this.get(id);
		if (!m || !m.consent) return reject('no-such-mandate');
		const now = this.effective(m, at, ctx.leftAt);
		if (now.status !== 'proposed') return reject('mandate-in-force', { status: now.status });
		return m;
	}

	/** The proposer amends: a new version opens a new round; answers to the old one no longer count. */
	amend(
		id: EntryId,
		mandate: EntryId,
		author: MemberKey,
		at: Millis,
		task: string,
		sunset: Millis,
		ctx: MandateContext
	): Rejection | null {
		const m = this.pending(mandate, at, ctx);
		if ('code' in m) return m;
		if (author !== m.proposer) return reject('amend-not-proposer');
		if (sunset <= at || sunset > at + MAX_SUNSET_DAYS * 86_400_000)
			return reject('sunset-range', { maxDays: MAX_SUNSET_DAYS });
		const c = m.consent!;
		const n = c.history.length + 1;
		const next: Mandate = {
			...m,
			task,
			sunset,
			consent: {
				...c,
				history: [...c.history, { n, entry: id, at, task, sunset }],
				round: openRound(n, author, at, c.windowMs)
			}
		};
		this.replace(next);
		this.#check(next, at, ctx);
		return null;
	}

	/** An answer to the current version (`version`, when given, must be it). */
	answer(
		mandate: EntryId,
		author: MemberKey,
		at: Millis,
		answer: Answer,
		note: string,
		version: number | null,
		ctx: MandateContext
	): Rejection | null {
		const m = this.pending(mandate, at, ctx);
		if ('code' in m) return m;
		const c = m.consent!;
		if (version !== null && version !== c.history.length) return reject('answer-outdated');
		const round = copyRound(c.round);
		round.answers.set(author, { member: author, answer, note, at });
		const next: Mandate = { ...m, consent: { ...c, round } };
		this.replace(next);
		this.#check(next, at, ctx);
		return null;
	}

	/** A member offers to hold it: never the proposer. */
	volunteer(mandate: EntryId, author: MemberKey, at: Millis, ctx: MandateContext): Rejection | null {
		const m = this.get(mandate);
		// Whoever proposed never holds it (the essay: the proposer steps aside).
		if (m?.consent && author === m.proposer) return reject('implementer-is-proposer');
		const p = this.pending(mandate, at, ctx);
		if ('code' in p) return p;
		const c = p.consent!;
		if (c.volunteers.includes(author)) return reject('already-volunteered');
		this.replace({ ...p, consent: { ...c, volunteers: [...c.volunteers, author] } });
		return null;
	}

	/** The open mandate an entry about `id` may act on, or why not. */
	private live(id: EntryId, at: Millis, ctx: MandateContext): Mandate | Rejection {
		const m = this.get(id);
		if (!m) return reject('no-such-mandate');
		const now = this.effective(m, at, ctx.leftAt);
		if (now.status !== 'open') return reject('mandate-ended', { status: now.status });
		return m;
	}

	done(mandate: EntryId, author: MemberKey, at: Millis, ctx: MandateContext): Rejection | null {
		const m = this.live(mandate, at, ctx);
		if ('code' in m) return m;
		if (author !== m.holder) return reject('not-the-holder');
		this.replace({ ...m, status: 'done', endedAt: at });
		return null;
	}

	/**
	 * The holder hands the mandate back: redrawn from the first draw's seed, round and counts among
	 * its eligible still active, less all who handed it back (the proposer was never among them).
	 * Recall votes were about the one who handed it back: the new delegate starts with none.
	 */
	handBack(
		mandate: EntryId,
		author: MemberKey,
		at: Millis,
		reason: string,
		ctx: MandateContext
	): Rejection | null {
		const m = this.live(mandate, at, ctx);
		if ('code' in m) return m;
		if (author !== m.holder) return reject('not-the-holder');
		const handedBack = [...m.handedBack, { member: author, at, reason }];
		const gone = new Set(handedBack.map((h) => h.member));
		const rest = m.eligible.filter((k) => !gone.has(k) && k !== m.proposer && ctx.isActive(k, at));
		const holder = drawHolder(m.seed, m.round, rest, new Map(m.served));
		this.served.set(author, Math.max(0, (this.served.get(author) ?? 0) - 1));
		if (holder) this.served.set(holder, (this.served.get(holder) ?? 0) + 1);
		this.replace(
			holder
				? {
						...m,
						holder,
						handedBack,
						recallVotes: [],
						recallNeeded: recallNeeded(ctx, holder, at)
					}
				: { ...m, holder: null, handedBack, recallVotes: [], status: 'unfilled', endedAt: at }
		);
		return null;
	}

	recallVote(
		mandate: EntryId,
		author: MemberKey,
		at: Millis,
		reason: string,
		ctx: MandateContext
	): Rejection | null {
		const m = this.live(mandate, at, ctx);
		if ('code' in m) return m;
		if (author === m.holder) return reject('own-recall');
		if (m.recallVotes.some((v) => v.member === author)) return reject('already-voted');
		const recallVotes = [...m.recallVotes, { member: author, at, reason }];
		const needed = recallNeeded(ctx, m.holder!, at);
		const live = recallVotes.filter((v) => ctx.isActive(v.member, at)).length;
		this.replace(
			live >= needed
				? { ...m, recallVotes, recallNeeded: needed, status: 'recalled', endedAt: at }
				: { ...m, recallVotes, recallNeeded: needed }
		);
		return null;
	}

	/** A hard reset dissolves every open mandate at once. */
	dissolve(at: Millis, ctx: Pick<MandateContext, 'leftAt'>): void {
		for (const m of this.open(at, ctx)) this.replace({ ...m, status: 'dissolved', endedAt: at });
		for (const id of this.pendingIds) {
			const m = this.get(id)!;
			if (this.effective(m, at, ctx.leftAt).status === 'proposed')
				this.replace({ ...m, status: 'dissolved', endedAt: at });
		}
		this.pendingIds = [];
		// A new cycle: service counts start again.
		this.served = new Map();
		this.round = 0;
	}

	/** The mandates open at t (the book's own objects). */
	open(t: Millis, ctx: Pick<MandateContext, 'leftAt'>): Mandate[] {
		return this.openIds
			.map((id) => this.get(id)!)
			.filter((m) => this.effective(m, t, ctx.leftAt).status === 'open');
	}

	/**
	 * All mandates as of `now`, in proposal order. The book never changes a mandate in place,
	 * so the objects can be handed out as they are.
	 */
	/** Consent windows still to be judged, for the view's span. */
	get windowsPending(): Millis[] {
		return this.pendingIds.map((id) => this.get(id)!.consent!.round.windowEndsAt);
	}

	view(now: Millis, leftAt: (m: MemberKey, since: Millis) => Millis | null): Mandate[] {
		return this.list.map((m) => this.effective(m, now, leftAt));
	}
}
