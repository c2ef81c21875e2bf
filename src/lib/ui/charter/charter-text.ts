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
	'rituals.meetingWeekday': 'Meeting day (1 = Monday)',
	'rituals.meetingMinutes': 'Meeting time (minutes after midnight)',
	utcOffsetMinutes: 'Circle time (minutes from UTC)',
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

/** The offsets places keep (whole hours, and the half and quarter hours some zones use). */
export const OFFSETS: readonly number[] = [
	...Array.from({ length: 27 }, (_, i) => (i - 12) * 60),
	-570,
	-210,
	210,
	270,
	330,
	345,
	390,
	525,
	570,
	630,
	765,
	825
].sort((a, b) => a - b);

/** Monday … Sunday in the reader's language (1 January 2024 was a Monday). */
export const WEEKDAYS: readonly string[] = Array.from({ length: 7 }, (_, i) =>
	new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i))
);

/** "19:30" from minutes after midnight (for <input type="time">). */
export const timeValue = (minutes: number): string =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes after midnight from "19:30", or null. */
export const minutesOf = (value: string): number | null => {
	const m = /^(\d{2}):(\d{2})/.exec(value);
	if (!m) return null;
	const h = Number(m[1]);
	const min = Number(m[2]);
	return h < 24 && min < 60 ? h * 60 + min : null;
};

export const valueText = (v: Json | null): string => {
	if (v === null) return '—';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
};
