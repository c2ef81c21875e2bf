/** Plain words for charter content, shared by the summary and the side-by-side comparison. */
import type { Json } from '$lib/core/canonical';
import type { TermLength } from '$lib/core/calendar';

export const termText = (t: TermLength): string =>
	`${t.count} ${t.unit === 'days' ? (t.count === 1 ? 'day' : 'days') : t.count === 1 ? 'month' : 'months'}`;

const LABELS: Record<string, string> = {
	'thresholds.recall': 'Recall needs',
	'thresholds.removal': 'Removal needs',
	'thresholds.resetCount': 'Reset needs',
	'thresholds.resetWindowDays': 'Reset window (days)',
	consentWindowDays: 'Consent window (days)',
	validityDays: 'Valid for (days)',
	freezeHours: 'Draws freeze (hours before a term)',
	'rituals.meetingEveryDays': 'Meeting every (days)',
	'rituals.pairAuditMonths': 'Pair audit every (months)',
	'rituals.mentorshipInversionMonths': 'Mentorship inversion every (months)',
	text: 'The charter text'
};

const ROLE_FIELDS: Record<string, string> = {
	name: 'name',
	duties: 'duties',
	'term.count': 'term length',
	'term.unit': 'term unit',
	seats: 'seats',
	maxConsecutive: 'max consecutive terms',
	cooldownTerms: 'cooldown (terms)',
	id: 'id'
};

/** "roles.steward.maxConsecutive" → "Role steward: max consecutive terms". */
export const pathText = (path: string): string => {
	if (LABELS[path]) return LABELS[path];
	const m = /^roles\.([^.]+)(?:\.(.+))?$/.exec(path);
	if (m) return m[2] ? `Role “${m[1]}”: ${ROLE_FIELDS[m[2]] ?? m[2]}` : `Role “${m[1]}”`;
	return path;
};

export const valueText = (v: Json | null): string => {
	if (v === null) return '—';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
};
