/**
 * Now's first line: who holds each role, in one line that fits a phone ("Facilitator Kwame ·
 * Steward Zoë · Audit pair Maya & İlkay"), so the answer to "who is doing what" is on screen
 * before any scrolling.
 */
import type { MemberKey } from '$lib/core/types';
import { m } from '$lib/i18n';

export interface HolderPart {
	role: string;
	names: string;
}

export const holdersLine = (
	roles: readonly { role: { name: string }; current: { holders: readonly MemberKey[] } | null }[],
	nameOf: (k: MemberKey) => string,
	me: MemberKey | null
): HolderPart[] =>
	roles.map((r) => {
		const holders = r.current?.holders ?? [];
		return {
			role: r.role.name,
			names: holders.length
				? holders.map((k) => (k === me ? m.now_holder_you({ name: nameOf(k) }) : nameOf(k))).join(' & ')
				: r.current
					? m.now_holder_vacant()
					: m.now_holder_not_started()
		};
	});
