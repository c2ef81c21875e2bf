/**
 * The charter: the circle's rules as data, versioned and expiring.
 *
 * "All governing documents should expire or require re-ratification at predictable
 * intervals" (the essay, Reversible Charters and Hard Resets). Lifecycle:
 *   charter.propose {content, text, hash}     a draft (text drafted together in Y.Text, frozen here)
 *   charter.consent {proposal}                a member consents
 *   charter.object  {proposal, reason}        a member objects (a later consent by the same member withdraws it)
 *   charter.ratify  {proposal, content, text, hash}   anyone records ratification, embedding the frozen content
 * A ratify entry is valid only when, at its own time, (a) every active member has consented, or
 * (b) the consent window since the proposal has passed; and in both cases no active member's
 * latest stance is an objection (consent, not consensus: silence is assent, objection blocks).
 * The proposer's proposal counts as their consent.
 *
 * A version is in force from its ratification until the next ratified version. After
 * `validityDays` it is "expired — re-ratify", but it stays in force (a circle is never left
 * without rules); the status message says so. Before any ratification the default charter
 * below is in force and the status says that too.
 */
import * as canonical from '../canonical';
import { sha256Hex } from '../bytes';
import {
	days,
	isTermLength,
	isUtcOffset,
	months,
	OFFSET_MAX,
	OFFSET_MIN,
	type TermLength
} from '../calendar';
import type { Json } from '../canonical';
import type { Rejection } from '../host/domain';

export const PROPOSE = 'charter.propose';
export const CONSENT = 'charter.consent';
export const OBJECT = 'charter.object';
export const RATIFY = 'charter.ratify';
export const AMEND = 'charter.amend';
export const STAND_ASIDE = 'charter.stand-aside';

export interface Role {
	[key: string]: Json;
	/** Stable identifier, lower-case: `facilitator`, `steward`, `auditors`. */
	id: string;
	name: string;
	duties: string;
	term: TermLength;
	/** How many people hold the role at once (an audit pair is 2 different people). */
	seats: number;
	/** "Two-term limits ... prevent subtle consolidation": the longest run of consecutive terms. */
	maxConsecutive: number;
	/** Terms a member sits out after a run of service ends before serving again. */
	cooldownTerms: number;
}

export interface Thresholds {
	[key: string]: number;
	/** Distinct members (the holder excluded) whose recall votes end a mandate. */
	recall: number;
	/** Distinct members needed to remove a member (read by the membership rules). */
	removal: number;
	/** "Any trio can push the reset button": distinct members calling reset ... */
	resetCount: number;
	/** ... within this many days. */
	resetWindowDays: number;
}

export interface Rituals {
	[key: string]: number;
	/** Meetings happen every this many days; the facilitator is drawn per meeting. */
	meetingEveryDays: number;
	/** "Once per quarter, two members interview everyone else": pair audits. */
	pairAuditMonths: number;
	/** "Invert it annually": mentorship inversion. */
	mentorshipInversionMonths: number;
	// Since protocol v2, optional (read with `meetingOf`): `meetingWeekday`, 1 = Monday … 7 =
	// Sunday (absent: every `meetingEveryDays` from the circle's first day), and `meetingMinutes`,
	// minutes after the circle's midnight (absent: 0).
}

export interface CharterContent {
	[key: string]: Json;
	roles: Role[];
	thresholds: Thresholds;
	/** Days after a proposal when silence counts as consent. */
	consentWindowDays: number;
	/** Days a ratified version is valid before it must be re-ratified. */
	validityDays: number;
	/** Hours before a term starts when its roster and seed are frozen (DESIGN.md §4). */
	freezeHours: number;
	rituals: Rituals;
	// Since protocol v2, optional (read with `offsetOf`): `utcOffsetMinutes`, the circle's fixed
	// offset from UTC in minutes, so terms turn over at the circle's own midnight. Absent: 0 (UTC).
	// Only a real zone's offset is valid (calendar.ts `isUtcOffset`).
}

/** The circle's offset from UTC in minutes under this charter (0 when it names none). */
export const offsetOf = (c: CharterContent): number =>
	typeof c.utcOffsetMinutes === 'number' ? c.utcOffsetMinutes : 0;

/** When the circle meets under this charter: the weekday (1 = Monday … 7, or null) and the minute of the day. */
export const meetingOf = (c: CharterContent): { weekday: number | null; minutes: number } => {
	const r = c.rituals as Record<string, unknown>;
	return {
		weekday: typeof r.meetingWeekday === 'number' ? r.meetingWeekday : null,
		minutes: typeof r.meetingMinutes === 'number' ? r.meetingMinutes : 0
	};
};

/**
 * A sensible start for a circle of six to ten: a facilitator per weekly meeting (rotate
 * facilitation each meeting), a monthly steward with a two-term limit, a quarterly audit
 * pair, recall by three, reset by any three within a week, a yearly charter.
 */
export const defaultCharter = (): CharterContent => ({
	roles: [
		{
			id: 'facilitator',
			name: 'Facilitator',
			duties: 'Runs the next meeting: agenda, talk time, the closing temperature check.',
			term: days(7),
			seats: 1,
			maxConsecutive: 1,
			cooldownTerms: 1
		},
		{
			id: 'steward',
			name: 'Steward',
			duties: 'Looks after the commons this month: keys, loans, the shared calendar.',
			term: months(1),
			seats: 1,
			maxConsecutive: 2,
			cooldownTerms: 1
		},
		{
			id: 'auditors',
			name: 'Audit pair',
			duties: 'Interview everyone else to map cliques and blockages; present, then listen.',
			term: months(3),
			seats: 2,
			maxConsecutive: 1,
			cooldownTerms: 1
		}
	],
	thresholds: { recall: 3, removal: 4, resetCount: 3, resetWindowDays: 7 },
	consentWindowDays: 7,
	validityDays: 365,
	freezeHours: 24,
	rituals: { meetingEveryDays: 7, pairAuditMonths: 3, mentorshipInversionMonths: 12 }
});

const ID = /^[a-z][a-z0-9-]{0,31}$/;
const int = (x: unknown, lo: number, hi: number): boolean =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/**
 * Checks untrusted charter content; a code (with what it concerns) or null. Top-level keys
 * other than today's fields are sections of other domains (an economy section, say): they are
 * kept and hashed with the rest and never make a charter invalid; the domain that owns a
 * section reads it leniently (its defaults where a field is unusable), and a phone without
 * that domain ignores it — so older and newer phones agree on which charter is in force.
 */
export const checkContent = (x: unknown): Rejection | null => {
	const r = (code: string, params?: Rejection['params']): Rejection => (params ? { code, params } : { code });
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return r('charter-not-object');
	const c = x as Record<string, unknown>;
	if (!Array.isArray(c.roles) || c.roles.length > 20) return r('charter-roles', { max: 20 });
	const seen = new Set<string>();
	for (const item of c.roles as unknown[]) {
		const role = item as Record<string, unknown>;
		if (typeof role !== 'object' || role === null || Array.isArray(role)) return r('role-not-object');
		if (typeof role.id !== 'string' || !ID.test(role.id)) return r('role-id');
		const id = role.id;
		if (seen.has(id)) return r('role-twice', { role: id });
		seen.add(id);
		if (typeof role.name !== 'string' || !role.name.trim() || role.name.length > 80)
			return r('role-name', { role: id, max: 80 });
		if (typeof role.duties !== 'string' || role.duties.length > 1000)
			return r('role-duties', { role: id, max: 1000 });
		if (!isTermLength(role.term)) return r('role-term', { role: id });
		if (!int(role.seats, 1, 10)) return r('role-seats', { role: id, min: 1, max: 10 });
		if (!int(role.maxConsecutive, 1, 100)) return r('role-max-consecutive', { role: id });
		if (!int(role.cooldownTerms, 0, 100)) return r('role-cooldown', { role: id });
	}
	const t = c.thresholds as Record<string, unknown> | undefined;
	if (typeof t !== 'object' || t === null) return r('charter-thresholds');
	if (!int(t.recall, 1, 1000)) return r('threshold-recall');
	if (!int(t.removal, 1, 1000)) return r('threshold-removal');
	if (!int(t.resetCount, 2, 1000)) return r('threshold-reset-count');
	if (!int(t.resetWindowDays, 1, 365)) return r('threshold-reset-window', { min: 1, max: 365 });
	if (!int(c.consentWindowDays, 1, 90)) return r('consent-window', { min: 1, max: 90 });
	if (!int(c.validityDays, 7, 3660)) return r('validity', { min: 7, max: 3660 });
	if (!int(c.freezeHours, 0, 168)) return r('freeze-hours', { min: 0, max: 168 });
	const rt = c.rituals as Record<string, unknown> | undefined;
	if (typeof rt !== 'object' || rt === null) return r('charter-rituals');
	if (!int(rt.meetingEveryDays, 1, 366)) return r('ritual-meetings', { min: 1, max: 366 });
	if (!int(rt.pairAuditMonths, 1, 24)) return r('ritual-pair-audit', { min: 1, max: 24 });
	if (!int(rt.mentorshipInversionMonths, 1, 60)) return r('ritual-mentorship', { min: 1, max: 60 });
	if ('meetingWeekday' in rt && !int(rt.meetingWeekday, 1, 7)) return r('ritual-meeting-day');
	if ('meetingMinutes' in rt && !int(rt.meetingMinutes, 0, 1439)) return r('ritual-meeting-time');
	// Only an offset some place keeps: a boundary can move only by a charter the circle ratified,
	// and never to an instant no zone has as its midnight.
	if ('utcOffsetMinutes' in c && !isUtcOffset(c.utcOffsetMinutes))
		return r('utc-offset', { min: OFFSET_MIN / 60, max: OFFSET_MAX / 60 });
	if (canonicalOrNull(c) === null) return r('not-canonical');
	return null;
};

/** Canonical JSON text of an untrusted value, or null when it has none (a float, undefined, ...). */
export const canonicalOrNull = (x: unknown): string | null => {
	try {
		return canonical.encodeText(x);
	} catch {
		return null;
	}
};

/** The hash frozen into proposals and ratifications: SHA-256 of canonical {content, text}. */
export const hashCharter = (content: CharterContent, text: string): string =>
	sha256Hex(canonical.encode({ content, text }));

/** The longest charter text a proposal may carry. */
export const TEXT_MAX = 20_000;
