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
import * as random from './random';
import type { Entry, EntryId, MemberKey, Millis } from './types';

export const PROPOSE = 'mandate.propose';
export const DONE = 'mandate.done';
export const RECALL_VOTE = 'mandate.recall-vote';

export const TASK_MAX = 280;
export const MAX_SUNSET_DAYS = 366;

export const proposeBody = (task: string, sunset: Millis) => ({ task: task.trim(), sunset });
export const doneBody = (mandate: EntryId) => ({ mandate });
export const recallVoteBody = (mandate: EntryId, reason: string) => ({
	mandate,
	reason: reason.slice(0, 280)
});

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

	/** Brings lapsed mandates up to time t (sunset before t). */
	private lapse(t: Millis): void {
		this.openIds = this.openIds.filter((id) => {
			const m = this.mandates.get(id)!;
			if (m.status === 'open' && m.sunset <= t) {
				m.status = 'sunset';
				m.endedAt = m.sunset;
			}
			return m.status === 'open';
		});
	}

	apply(e: Entry, id: EntryId, ctx: MandateContext): string | null {
		const at = e.hlc[0];
		const b = e.body as Record<string, unknown>;
		this.lapse(at);
		if (e.type === PROPOSE) {
			if (typeof b.task !== 'string' || !b.task.trim() || b.task.length > TASK_MAX)
				return `a mandate needs a task under ${TASK_MAX} characters`;
			if (
				!Number.isSafeInteger(b.sunset) ||
				(b.sunset as number) <= at ||
				(b.sunset as number) > at + MAX_SUNSET_DAYS * 86_400_000
			)
				return `the sunset must be after the proposal and within ${MAX_SUNSET_DAYS} days`;
			const busy = new Set(this.open().map((m) => m.holder));
			const away = ctx.unavailableAt(at);
			const candidates = ctx.rosterAt(at).filter((m) => m !== e.author && !away.has(m));
			const free = candidates.filter((m) => !busy.has(m));
			const eligible = free.length ? free : candidates;
			const seed = ctx.seedAt(at);
			const holder = drawHolder(seed, e.author, e.seq, eligible);
			this.mandates.set(id, {
				id,
				task: b.task.trim(),
				proposer: e.author,
				proposerSeq: e.seq,
				proposedAt: at,
				sunset: b.sunset as number,
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
		const m = this.mandates.get(b.mandate as EntryId);
		if (!m) return 'no such mandate';
		if (m.holder && m.status === 'open' && !ctx.isActive(m.holder, at)) {
			m.status = 'holder-left';
			m.endedAt = at;
		}
		if (m.status !== 'open') return `that mandate has already ended (${m.status})`;
		if (e.type === DONE) {
			if (e.author !== m.holder) return 'only the holder marks a mandate done';
			m.status = 'done';
			m.endedAt = at;
			return null;
		}
		if (e.type === RECALL_VOTE) {
			if (e.author === m.holder) return 'the holder cannot vote on their own recall';
			if (m.recallVotes.some((v) => v.member === e.author)) return 'this member already voted to recall';
			m.recallVotes.push({ member: e.author, at, reason: typeof b.reason === 'string' ? b.reason : '' });
			m.recallNeeded = recallNeeded(ctx, m.holder!, at);
			const live = m.recallVotes.filter((v) => ctx.isActive(v.member, at)).length;
			if (live >= m.recallNeeded) {
				m.status = 'recalled';
				m.endedAt = at;
			}
			return null;
		}
		return 'unknown mandate entry';
	}

	/** A hard reset dissolves every open mandate at once. */
	dissolve(at: Millis): void {
		this.lapse(at);
		for (const m of this.open()) {
			m.status = 'dissolved';
			m.endedAt = at;
		}
	}

	open(): Mandate[] {
		return this.openIds.map((id) => this.mandates.get(id)!).filter((m) => m.status === 'open');
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
	view(now: Millis, isActive: (m: MemberKey, t: Millis) => boolean): Mandate[] {
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
				const m = { ...book, recallVotes: book.recallVotes.slice() };
				if (m.status === 'open' && m.sunset <= now) {
					m.status = 'sunset';
					m.endedAt = m.sunset;
				} else if (m.status === 'open' && m.holder && !isActive(m.holder, now)) {
					m.status = 'holder-left';
				}
				return m;
			})
		);
	}
}
