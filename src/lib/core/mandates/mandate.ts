/**
 * Single-issue mandates (the essay, The Affinity Circle Model): "Each circle elects a
 * delegate whose mandate covers just one issue and expires with the task."
 *
 *   mandate.propose     {task, sunset}       by any active member
 *   mandate.done        {mandate}            by the holder: the mandate dissolves
 *   mandate.recall-vote {mandate, reason}    by any active member but the holder
 *
 * The holder is drawn by lottery at the proposal, among the members active then,
 * never the proposer ("when proposals succeed, the proposer steps aside to let others
 * lead implementation": anti-charisma), nor anyone benched from every role or absent
 * then, and preferably not someone already holding an open mandate (power should
 * circulate, not pool). The draw is `below(n)` over the eligible members in key order,
 * from the stream ["mandate/v1", seed in force, proposer, proposer's seq]: nothing the
 * proposer can vary unseen (a different task text would not change it; a different seq
 * needs visible extra entries).
 *
 * It ends at the first of: done, its sunset, recall (the charter's `thresholds.recall`
 * distinct members, capped by the active members other than the holder), the holder leaving,
 * a hard reset.
 */
import * as random from '../random';
import { reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const TASK_MAX = 280;
export const MAX_SUNSET_DAYS = 366;

export type MandateStatus =
	'open' | 'done' | 'sunset' | 'recalled' | 'holder-left' | 'dissolved' | 'unfilled';

export interface Mandate {
	id: EntryId;
	task: string;
	proposer: MemberKey;
	/** The proposer's seq on the proposal: part of the draw's domain. */
	proposerSeq: number;
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
}

/** The lottery itself, exported so "verify this draw" can rerun it. */
export const drawHolder = (
	seed: string,
	proposer: MemberKey,
	seq: number,
	eligible: readonly MemberKey[]
): MemberKey | null => {
	if (eligible.length === 0) return null;
	const s = random.stream(seed, ['mandate/v1', proposer, String(seq)]);
	return eligible[s.below(eligible.length)]!;
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
 * who could vote (active at t, the holder excluded), and at least 1, so a small circle can
 * always recall.
 */
export const recallNeeded = (ctx: MandateContext, holder: MemberKey, t: Millis): number =>
	Math.max(1, Math.min(ctx.recallThresholdAt(t), ctx.rosterAt(t).filter((k) => k !== holder).length));

/** Incremental reducer of mandate entries (fed in total order, with resets in between). */
export class MandateBook {
	readonly mandates = new Map<EntryId, Mandate>();
	readonly order: EntryId[] = [];

	/** Ids of mandates that were open when last looked at (kept small: most end soon). */
	private openIds: EntryId[] = [];

	/**
	 * What a mandate the book holds as open is at instant t: it lapses at its sunset, and ends
	 * when its holder leaves, whichever comes first. Derived, never stored, so that an entry
	 * the rules reject changes nothing (the law suite) and every phone gets the same answer
	 * whenever it looks.
	 */
	private effective(m: Mandate, t: Millis, leftAt: (m: MemberKey, since: Millis) => Millis | null): Mandate {
		if (m.status !== 'open') return m;
		const left = m.holder ? leftAt(m.holder, m.proposedAt) : null;
		if (left !== null && left <= t && left < m.sunset) return { ...m, status: 'holder-left', endedAt: left };
		if (m.sunset <= t) return { ...m, status: 'sunset', endedAt: m.sunset };
		return m;
	}

	/** Drops ids of mandates that have ended for good (kept small: most end soon). */
	private prune(t: Millis, ctx: MandateContext): void {
		this.openIds = this.openIds.filter(
			(id) => this.effective(this.mandates.get(id)!, t, ctx.leftAt).status === 'open'
		);
	}

	clone(): MandateBook {
		const c = new MandateBook();
		for (const [k, m] of this.mandates) c.mandates.set(k, { ...m, recallVotes: m.recallVotes.slice() });
		c.order.push(...this.order);
		c.openIds = this.openIds.slice();
		return c;
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
		const holder = drawHolder(seed, author, seq, eligible);
		this.mandates.set(id, {
			id,
			task,
			proposer: author,
			proposerSeq: seq,
			proposedAt: at,
			sunset,
			holder,
			eligible,
			seed,
			status: holder ? 'open' : 'unfilled',
			endedAt: holder ? null : at,
			recallVotes: [],
			recallNeeded: holder ? recallNeeded(ctx, holder, at) : ctx.recallThresholdAt(at)
		});
		this.order.push(id);
		if (holder) this.openIds.push(id);
		return null;
	}

	/** The open mandate an entry about `id` may act on, or why not. */
	private live(id: EntryId, at: Millis, ctx: MandateContext): Mandate | Rejection {
		const m = this.mandates.get(id);
		if (!m) return reject('no-such-mandate');
		const now = this.effective(m, at, ctx.leftAt);
		if (now.status !== 'open') return reject('mandate-ended', { status: now.status });
		return m;
	}

	done(mandate: EntryId, author: MemberKey, at: Millis, ctx: MandateContext): Rejection | null {
		const m = this.live(mandate, at, ctx);
		if ('code' in m) return m;
		if (author !== m.holder) return reject('not-the-holder');
		m.status = 'done';
		m.endedAt = at;
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
		m.recallVotes.push({ member: author, at, reason });
		m.recallNeeded = recallNeeded(ctx, m.holder!, at);
		const live = m.recallVotes.filter((v) => ctx.isActive(v.member, at)).length;
		if (live >= m.recallNeeded) {
			m.status = 'recalled';
			m.endedAt = at;
		}
		return null;
	}

	/** A hard reset dissolves every open mandate at once. */
	dissolve(at: Millis, ctx: Pick<MandateContext, 'leftAt'>): void {
		for (const m of this.open(at, ctx)) {
			m.status = 'dissolved';
			m.endedAt = at;
		}
	}

	/** The mandates open at t (the book's own objects). */
	open(t: Millis, ctx: Pick<MandateContext, 'leftAt'>): Mandate[] {
		return this.openIds
			.map((id) => this.mandates.get(id)!)
			.filter((m) => this.effective(m, t, ctx.leftAt).status === 'open');
	}

	/**
	 * Copies of mandates that have ended in the book: an ended mandate never changes again
	 * (every entry about it is refused), so one copy serves every later view.
	 */
	private ended = new Map<EntryId, Mandate>();

	/** The copies for the longest run of ended mandates at the start of `order`. */
	private endedPrefix: Mandate[] = [];

	private endedCopy(id: EntryId, book: Mandate): Mandate {
		let copy = this.ended.get(id);
		if (!copy) {
			copy = { ...book, recallVotes: book.recallVotes.slice() };
			this.ended.set(id, copy);
		}
		return copy;
	}

	/** All mandates as of `now`, in proposal order (copies: the book stays unchanged). */
	view(now: Millis, leftAt: (m: MemberKey, since: Millis) => Millis | null): Mandate[] {
		const prefix = this.endedPrefix;
		while (prefix.length < this.order.length) {
			const id = this.order[prefix.length]!;
			const book = this.mandates.get(id)!;
			if (book.status === 'open') break;
			prefix.push(this.endedCopy(id, book));
		}
		return prefix.concat(
			this.order.slice(prefix.length).map((id) => {
				const book = this.mandates.get(id)!;
				if (book.status !== 'open') return this.endedCopy(id, book);
				const m = this.effective(book, now, leftAt);
				return m === book
					? { ...book, recallVotes: book.recallVotes.slice() }
					: { ...m, recallVotes: m.recallVotes.slice() };
			})
		);
	}
}
