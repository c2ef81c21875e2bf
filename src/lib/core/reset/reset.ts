/**
 * The hard reset (the essay, Reversible Charters and Hard Resets): "a small group of
 * members can invoke a hard reset that dissolves all roles instantly. Knowing that any
 * trio can push the reset button deters domination long before it materializes."
 *
 *   reset.call {reason}   by any active member
 * When `thresholds.resetCount` distinct members, all active at the completing call, have called within
 * `thresholds.resetWindowDays` (the charter in force at the completing call), the reset
 * fires at that call's instant: every role and mandate dissolves at once, the lottery is
 * reseeded from the previous seed and the reset's number (nothing a caller writes: threat
 * model T7), and a new cycle starts with service counts at zero.
 * Calls made before a reset are used up by it.
 */
import * as canonical from '../canonical';
import { DAY_MS } from '../calendar';
import { sha256Hex } from '../bytes';
import type { EntryId, MemberKey, Millis } from '../types';

export interface ResetCall {
	id: EntryId;
	member: MemberKey;
	at: Millis;
	reason: string;
}

export interface ResetEvent {
	/** The cycle this reset starts (the first cycle, from genesis, is 0). */
	cycle: number;
	at: Millis;
	calls: ResetCall[];
	/** The call that completed it (the seeds domain reseeds the lottery from it). */
	entry: EntryId;
}

export interface ResetStatus {
	/** Distinct members whose call still counts at `now`. */
	count: number;
	needed: number;
	callers: ResetCall[];
	/** When the earliest counted call stops counting. */
	windowEndsAt: Millis | null;
	windowDays: number;
	history: ResetEvent[];
	cycle: number;
}

/**
 * The seed a reset brings: the previous seed and the reset's cycle number, nothing else. No
 * caller's id, text or stamp enters, so the caller who completes the count cannot grind it
 * (threat model T7); the price is that it is known in advance (reset.md, T10).
 */
export const resetSeed = (previous: string, cycle: number): string =>
	sha256Hex(canonical.encode(['reset/v2', previous, cycle]));

/** Incremental reducer of reset calls. */
export class ResetBook {
	readonly history: ResetEvent[] = [];
	pending: ResetCall[] = [];

	clone(): ResetBook {
		const c = new ResetBook();
		c.history.push(...this.history);
		c.pending = this.pending.slice();
		return c;
	}

	/** The reset completed by entry `id`, if it completed one. */
	firedBy(id: EntryId): ResetEvent | null {
		const last = this.history[this.history.length - 1];
		return last && last.entry === id ? last : null;
	}

	/** Records a call; returns the reset it completes, if any. */
	apply(
		call: ResetCall,
		rule: { resetCount: number; resetWindowDays: number },
		isActive: (m: MemberKey, t: Millis) => boolean
	): ResetEvent | null {
		const at = call.at;
		// Only members still active at this call count: a call does not outlive its caller's membership.
		this.pending = live(this.pending, at, rule.resetWindowDays).filter(
			(c) => c.member !== call.member && isActive(c.member, at)
		);
		this.pending.push(call);
		if (this.pending.length < rule.resetCount) return null;
		const calls = this.pending;
		this.pending = [];
		const event: ResetEvent = {
			cycle: this.history.length + 1,
			at,
			calls,
			entry: call.id
		};
		this.history.push(event);
		return event;
	}

	status(
		rule: { resetCount: number; resetWindowDays: number },
		now: Millis,
		isActive: (m: MemberKey, t: Millis) => boolean
	): ResetStatus {
		const callers = live(this.pending, now, rule.resetWindowDays).filter((c) => isActive(c.member, now));
		return {
			count: callers.length,
			needed: rule.resetCount,
			callers,
			windowEndsAt: callers.length ? callers[0]!.at + rule.resetWindowDays * DAY_MS : null,
			windowDays: rule.resetWindowDays,
			history: this.history.slice(),
			cycle: this.history.length
		};
	}
}

/** Calls still inside the window ending at t, one per member (their latest). */
const live = (calls: readonly ResetCall[], t: Millis, windowDays: number): ResetCall[] =>
	calls.filter((c) => c.at > t - windowDays * DAY_MS && c.at <= t);
