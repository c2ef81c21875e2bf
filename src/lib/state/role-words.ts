/**
 * The default charter's roles in the member's language. Until a circle ratifies a charter of its own,
 * its roles are the core's defaults (core/charter/content.ts), whose names and duties are English
 * constants every phone shares; a circle that kept them reads them in each member's language. A name
 * or duty the circle wrote itself is its own text and is shown as written. Display only: no rule
 * reads a role's name or duties.
 */
import type { GovernanceState } from '$lib/core/circle';
import { defaultCharter, type Role } from '$lib/core/charter/content';
import { m } from '$lib/i18n';

const DEFAULTS = new Map(defaultCharter().roles.map((r) => [r.id, r]));

const WORDS: Record<string, () => { name: string; duties: string }> = {
	facilitator: () => ({ name: m.role_facilitator(), duties: m.role_facilitator_duties() }),
	steward: () => ({ name: m.role_steward(), duties: m.role_steward_duties() }),
	auditors: () => ({ name: m.role_auditors(), duties: m.role_auditors_duties() })
};

/** A role as the member reads it: a default name or duty in their language, the circle's own as written. */
export const wordRole = (role: Role): Role => {
	const d = DEFAULTS.get(role.id);
	const words = WORDS[role.id];
	if (!d || !words) return role;
	const name = role.name === d.name;
	const duties = role.duties === d.duties;
	if (!name && !duties) return role;
	const w = words();
	return { ...role, ...(name ? { name: w.name } : {}), ...(duties ? { duties: w.duties } : {}) };
};

/** The governance as the screens show it: every role (and the charter in force's) worded. */
export const wordGovernance = (s: GovernanceState): GovernanceState => ({
	...s,
	roles: s.roles.map((r) => ({ ...r, role: wordRole(r.role) })),
	charter: { ...s.charter, inForce: { ...s.charter.inForce, roles: s.charter.inForce.roles.map(wordRole) } }
});
