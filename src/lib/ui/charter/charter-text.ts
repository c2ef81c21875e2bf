/** Plain words for charter content, shared by the summary and the side-by-side comparison. */
import type { Json } from '$lib/core/canonical';
import type { TermLength } from '$lib/core/calendar';
import { KIND_NAMES, type PrivateKind } from '$lib/core/privacy/section';
import { privateKindName } from '$lib/messages/privacy';
import { intlLocale, m } from '$lib/i18n';
import { formatList, formatNumber } from '../format';

/** "3 days", "1 Monat", "12 horas": a count with its unit, as the language writes it. */
export const unitText = (count: number, unit: 'day' | 'month' | 'hour'): string =>
	formatNumber(count, { style: 'unit', unit, unitDisplay: 'long' });

export const termText = (t: TermLength): string => unitText(t.count, t.unit === 'days' ? 'day' : 'month');

/** Labels of the charter's fields, looked up when called (the messages load with the language). */
const LABELS: Record<string, () => string> = {
	'thresholds.recall': () => m.charter_f_recall(),
	'thresholds.removal': () => m.charter_f_removal(),
	'thresholds.bench': () => m.charter_f_bench(),
	'thresholds.benchMaxDays': () => m.charter_f_bench_days(),
	'thresholds.resetCount': () => m.charter_f_reset(),
	'thresholds.resetWindowDays': () => m.charter_f_reset_window(),
	consentWindowDays: () => m.charter_f_consent(),
	validityDays: () => m.charter_f_valid(),
	freezeHours: () => m.charter_p_freeze(),
	'rituals.meetingEveryDays': () => m.charter_p_meet(),
	'rituals.pairAuditMonths': () => m.charter_p_audit(),
	'rituals.mentorshipInversionMonths': () => m.charter_p_invert(),
	'rituals.meetingWeekday': () => m.charter_p_weekday(),
	'rituals.meetingMinutes': () => m.charter_p_minutes(),
	utcOffsetMinutes: () => m.charter_p_offset(),
	'privacy.kinds': () => m.charter_privacy(),
	text: () => m.charter_p_text()
};

const ROLE_FIELDS: Record<string, () => string> = {
	name: () => m.charter_rf_name(),
	duties: () => m.charter_rf_duties(),
	'term.count': () => m.charter_rf_term_count(),
	'term.unit': () => m.charter_rf_term_unit(),
	seats: () => m.charter_rf_seats(),
	maxConsecutive: () => m.charter_rf_max(),
	cooldownTerms: () => m.charter_rf_cooldown(),
	id: () => m.charter_rf_id()
};

const ECONOMY_FIELDS: Record<string, () => string> = {
	unit: () => m.charter_unit(),
	decimals: () => m.charter_e_decimals(),
	floor: () => m.charter_e_floor(),
	ceiling: () => m.charter_e_ceiling(),
	payeeMustAccept: () => m.charter_e_accept(),
	support: () => m.charter_e_support()
};

const LIBRARY_FIELDS: Record<string, () => string> = {
	holdDays: () => m.charter_l_hold_days(),
	loanDays: () => m.charter_l_loan_days(),
	renewals: () => m.charter_l_renewals(),
	bufferDays: () => m.charter_l_buffer(),
	approval: () => m.charter_l_approval()
};

/** A kind of entry the charter may keep private: its name and what it covers (in a list: privateKindName). */
export const KIND_TEXT: Record<PrivateKind, { name: () => string; about: () => string }> = {
	payments: {
		name: () => m.charter_kind_payments(),
		about: () => m.charter_kind_payments_about()
	},
	loans: {
		name: () => m.charter_kind_loans(),
		about: () => m.charter_kind_loans_about()
	},
	contributions: {
		name: () => m.charter_kind_contributions(),
		about: () => m.charter_kind_contributions_about()
	},
	mentorship: {
		name: () => m.charter_kind_mentorship(),
		about: () => m.charter_kind_mentorship_about()
	},
	ties: {
		name: () => m.charter_kind_ties(),
		about: () => m.charter_kind_ties_about()
	}
};

/** "payments, loans and ties": kinds in a sentence; a kind a newer version added keeps its own name. */
export const kindsText = (kinds: readonly string[]): string =>
	formatList(
		kinds.map((k) =>
			privateKindName((KIND_NAMES as readonly string[]).includes(k) ? (k as PrivateKind) : null, k)
		)
	);

/** "roles.steward.maxConsecutive" → "Role “steward”: max consecutive terms". */
export const pathText = (path: string): string => {
	const label = LABELS[path];
	if (label) return label();
	const r = /^roles\.([^.]+)(?:\.(.+))?$/.exec(path);
	if (r)
		return r[2]
			? m.charter_p_role_field({ role: r[1]!, field: ROLE_FIELDS[r[2]]?.() ?? r[2] })
			: m.charter_p_role({ role: r[1]! });
	const e = /^economy\.(.+)$/.exec(path);
	if (e) return m.charter_p_economy({ field: ECONOMY_FIELDS[e[1]!]?.() ?? e[1]! });
	const l = /^library\.(.+)$/.exec(path);
	if (l) return m.charter_p_library({ field: LIBRARY_FIELDS[l[1]!]?.() ?? l[1]! });
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

/** Monday … Sunday in the app's language (1 January 2024 was a Monday). */
export const weekdays = (): string[] =>
	Array.from({ length: 7 }, (_, i) =>
		new Intl.DateTimeFormat(intlLocale(), { weekday: 'long', timeZone: 'UTC' }).format(
			Date.UTC(2024, 0, 1 + i)
		)
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

/** A field's value as a person reads it; `path` words the values that are more than a number or a name. */
export const valueText = (v: Json | null, path = ''): string => {
	if (v === null) return '—';
	// The privacy section's kinds (core/privacy/section.ts): a list of names, none when empty.
	if (path === 'privacy.kinds' && Array.isArray(v) && v.every((k): k is string => typeof k === 'string'))
		return v.length ? kindsText(v) : '—';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
};
