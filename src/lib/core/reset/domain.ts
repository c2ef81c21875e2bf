/**
 * The hard reset domain (the essay, Reversible Charters and Hard Resets): "a small group of
 * members can invoke a hard reset that dissolves all roles instantly". One entry type:
 *
 *   reset.call {reason}   by any active member
 *
 * The seeds domain reseeds the lottery from a completed reset and the mandates domain
 * dissolves open mandates: both observe `reset.call` and ask this book whether that call
 * completed a reset. docs/protocol/reset.md.
 */
import { DAY_MS } from '../calendar';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, spanAround, type MembershipView } from '../membership/view';
import { kind, ok, type Domain } from '../host/domain';
import { ResetBook, type ResetStatus } from './reset';
import type { MemberKey, Millis } from '../types';

export const CALL = 'reset.call';
const REASON_MAX = 280;

export type CallBody = {
	reason: string;
};

export const callBody = (reason: string): CallBody => ({ reason: reason.slice(0, REASON_MAX) });

const activeIn =
	(view: MembershipView) =>
	(m: MemberKey, t: Millis): boolean =>
		isActiveAt(view.members.get(m), t);

export const reset: Domain<ResetBook, ResetStatus> = {
	name: 'reset',
	version: 1,
	reads: [membership, charter],
	init: () => new ResetBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: CALL,
			decode: (b) => ok<CallBody>({ reason: typeof b.reason === 'string' ? b.reason : '' }),
			apply: (book, e, ctx) => {
				const rule = ctx.book(charter).contentAt(e.at).thresholds;
				book.apply(
					{ id: e.id, member: e.author, at: e.at, reason: e.body.reason },
					rule,
					activeIn(ctx.members)
				);
				return null;
			}
		})
	],
	view: (book, now, ctx) => {
		const rule = ctx.view(charter, now).inForce.thresholds;
		const value = book.status(rule, now, activeIn(ctx.members));
		// Calls count from their instant until the window closes; the roster changes on its own.
		const times = book.pending.flatMap((x) => [x.at, x.at + rule.resetWindowDays * DAY_MS]);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};
