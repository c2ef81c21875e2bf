/**
 * What the governance rules need from membership (H1's CircleState satisfies it):
 * each member with the instants they joined and left (every stretch, if they came back). Rules ask "who was an active
 * member at instant t", always answered in key-byte order, never in map order.
 */
import type { MemberKey, Millis } from '../types';

export interface MemberSpan {
	key: MemberKey;
	name: string;
	/** The latest stretch of membership (start, end or null while active). */
	since: Millis;
	until: Millis | null;
	/**
	 * Every stretch, oldest first (H1's Member has them). When present, rules use all of them,
	 * so re-admitting someone never changes who was a member earlier; when absent, the one
	 * stretch [since, until).
	 */
	spans?: readonly { since: Millis; until: Millis | null }[];
}

export interface MembershipView {
	members: ReadonlyMap<MemberKey, MemberSpan>;
}

const spansOf = (m: MemberSpan): readonly { since: Millis; until: Millis | null }[] =>
	m.spans && m.spans.length > 0 ? m.spans : [m];

export const isActiveAt = (m: MemberSpan | undefined, t: Millis): boolean =>
	m !== undefined && spansOf(m).some((x) => x.since <= t && (x.until === null || t < x.until));

/**
 * When a member active at t stops being one: the end of the stretch containing t. If they were
 * not a member at t, the end of their last stretch begun by t (≤ t); null if they stay, or never
 * had begun by t.
 */
export const leftAfter = (m: MemberSpan | undefined, t: Millis): Millis | null => {
	if (!m) return null;
	let last: { since: Millis; until: Millis | null } | null = null;
	for (const x of spansOf(m)) if (x.since <= t && (last === null || x.since >= last.since)) last = x;
	return last ? last.until : null;
};

/** Active members at instant t, sorted by key bytes (lower-case hex compares like bytes). */
export const rosterAt = (view: MembershipView, t: Millis): MemberKey[] => {
	const out: MemberKey[] = [];
	for (const m of view.members.values()) if (isActiveAt(m, t)) out.push(m.key);
	return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
};

/** Every stretch of every member (for views that change when the roster does). */
export function* memberSpans(view: MembershipView): Iterable<{ since: Millis; until: Millis | null }> {
	for (const m of view.members.values()) yield* spansOf(m);
}

/** The stretch around `now` over which `rosterAt(view, ·)` gives the same answer. */
export const rosterSpan = (view: MembershipView, now: Millis): { validFrom: Millis; validUntil: Millis } => {
	let validFrom = Number.MIN_SAFE_INTEGER;
	let validUntil = Number.MAX_SAFE_INTEGER;
	for (const s of memberSpans(view))
		for (const t of [s.since, s.until]) {
			if (t === null) continue;
			if (t <= now && t > validFrom) validFrom = t;
			if (t > now && t < validUntil) validUntil = t;
		}
	return { validFrom, validUntil };
};

/**
 * A view's span of validity around `now`: it changes at any of `times` and whenever the roster
 * changes (for views that read who is active at `now`).
 */
export const spanAround = (
	view: MembershipView,
	now: Millis,
	times: Iterable<number | null | undefined>
): { validFrom: Millis; validUntil: Millis } => {
	const roster = rosterSpan(view, now);
	let validFrom = roster.validFrom;
	let validUntil = roster.validUntil;
	for (const t of times) {
		if (t === null || t === undefined) continue;
		if (t <= now && t > validFrom) validFrom = t;
		if (t > now && t < validUntil) validUntil = t;
	}
	return { validFrom, validUntil };
};
