/**
 * How a template's parameters read on screen: known charter numbers by name, roles by their id.
 * Messages are looked up when called (`m` is filled when the language's messages load, which may be
 * after this module is evaluated).
 */
import { m } from '$lib/i18n';
import type { Param } from '$lib/core/protocols';

const CHARTER: Record<string, () => string> = {
	consentWindowDays: () => m.protocols_param_consent_window(),
	validityDays: () => m.protocols_param_validity(),
	freezeHours: () => m.protocols_param_freeze(),
	'thresholds.recall': () => m.protocols_param_recall(),
	'thresholds.removal': () => m.protocols_param_removal(),
	'thresholds.resetCount': () => m.protocols_param_reset_count(),
	'thresholds.resetWindowDays': () => m.protocols_param_reset_window(),
	'rituals.meetingEveryDays': () => m.protocols_param_meeting_every(),
	'rituals.pairAuditMonths': () => m.protocols_param_pair_audit(),
	'rituals.mentorshipInversionMonths': () => m.protocols_param_mentorship()
};

const ROLE: Record<string, (x: { role: string }) => string> = {
	seats: (x) => m.protocols_param_role_seats(x),
	maxConsecutive: (x) => m.protocols_param_role_max(x),
	cooldownTerms: (x) => m.protocols_param_role_cooldown(x)
};

/** The label a person reads for a parameter's key (the key itself when the app has no name for it). */
export const paramLabel = (key: string): string => {
	const known = CHARTER[key];
	if (known) return known();
	const [role, field] = key.split('.');
	const r = field ? ROLE[field] : undefined;
	return r && role ? r({ role }) : key;
};

/** A parameter's value as text. */
export const paramValue = (v: Param['default'] | null): string =>
	v === null
		? m.protocols_diff_none()
		: typeof v === 'boolean'
			? v
				? m.protocols_diff_yes()
				: m.protocols_diff_no()
			: String(v);
