/**
 * What the governance rules need from membership (H1's CircleState satisfies it):
 * each member with the instants they joined and left. Rules ask "who was an active
 * member at instant t", always answered in key-byte order, never in map order.
 */
import type { MemberKey, Millis } from './types';

export interface MemberSpan {
	key: MemberKey;
	name: string;
	since: Millis;
	until: Millis | null;
}

export interface MembershipView {
	members: ReadonlyMap<MemberKey, MemberSpan>;
}

export const isActiveAt = (m: MemberSpan | undefined, t: Millis): boolean =>
	m !== undefined && m.since <= t && (m.until === null || t < m.until);

/** Active members at instant t, sorted by key bytes (lower-case hex compares like bytes). */
export const rosterAt = (view: MembershipView, t: Millis): MemberKey[] => {
	const out: MemberKey[] = [];
	for (const m of view.members.values()) if (isActiveAt(m, t)) out.push(m.key);
	return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
};
