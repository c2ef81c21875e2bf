/**
 * The circle's care and ritual calendar (issue 10, item 6), read from the governance at `now`:
 * the meetings (one series, on the charter's day and time), each role's next term, the pair audit,
 * the mentorship inversion, open mandates' last days and the charter's expiry; with `more`, the
 * rituals the circle added (weekly or monthly series, cancelled ones marked so) and the loans due
 * back that concern this member (theirs, and the items they keep), and each mentorship session the
 * pairs logged (on the day it took place, this year's and earlier years'). Each event's UID
 * says what it is in the circle's own numbers (a role's term number, a mandate's entry, a charter
 * version), so it stays the same in every export. Its words are the member's language (the message
 * files' calendar_ev_*): the calendar app shows them as they are.
 */
import type { GovernanceState } from '$lib/core/circle';
import type { LibraryView } from '$lib/core/library/view';
import type { MentorshipView, Session } from '$lib/core/mentorship/domain';
import { nextOccurrence } from '$lib/core/rituals/occurrences';
import type { Ritual } from '$lib/core/rituals/domain';
import type { MemberKey } from '$lib/core/types';
import { intlLocale, m } from '$lib/i18n';
import type { CalEvent } from './ics';

/** What the calendar reads beyond the governance (state/due.ts gives it). */
export interface CalendarMore {
	off: number;
	me: MemberKey | null;
	library?: LibraryView | null;
	rituals?: readonly Ritual[] | null;
	/** The mentorship inversion's view: each logged session becomes an event of its own. */
	mentorship?: MentorshipView | null;
}

/** A cancelled ritual stays in the export this long after it was called off (then it is gone). */
const CANCELLED_KEPT = 30 * 86_400_000;

const HOUR = 60;

/** Names as the member's language joins them ('Ana, Ben and Cleo', 'Ana, Ben y Cleo'). */
const joined = (names: readonly string[]): string =>
	new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(names);

export const calendarEvents = (
	circle: string,
	circleName: string,
	s: GovernanceState,
	nameOf: (key: MemberKey) => string,
	more: CalendarMore | null = null
): CalEvent[] => {
	const uid = (what: string) => `${what}.${circle}@circulate`;
	const names = (keys: readonly MemberKey[]) => joined(keys.map(nameOf));
	const out: CalEvent[] = [
		{
			uid: uid('meetings'),
			start: s.rituals.nextMeeting,
			minutes: 90,
			title: m.calendar_ev_meeting_title({ circle: circleName }),
			label: m.calendar_ev_meeting(),
			description: m.calendar_ev_meeting_desc(),
			everyDays: s.charter.inForce.rituals.meetingEveryDays,
			alarmMinutes: HOUR
		}
	];
	for (const r of s.roles) {
		const n = r.next;
		if (!n) continue;
		const who = n.holders.length ? n.holders : n.computed;
		out.push({
			uid: uid(`term.${r.role.id}.${n.term}`),
			start: n.start,
			minutes: 30,
			title: m.calendar_ev_term_title({ circle: circleName, role: r.role.name }),
			label: m.calendar_ev_term({ role: r.role.name }),
			description: !who.length
				? m.calendar_ev_term_desc_undrawn({ term: n.term + 1, role: r.role.name })
				: n.freezeAt > s.now
					? m.calendar_ev_term_desc_provisional({ term: n.term + 1, role: r.role.name, names: names(who) })
					: m.calendar_ev_term_desc({ term: n.term + 1, role: r.role.name, names: names(who) }),
			alarmMinutes: 12 * HOUR
		});
	}
	out.push(
		{
			uid: uid(`pair-audit.${new Date(s.rituals.nextPairAudit).toISOString().slice(0, 10)}`),
			start: s.rituals.nextPairAudit,
			minutes: 120,
			title: m.calendar_ev_audit_title({ circle: circleName }),
			label: m.calendar_ev_audit(),
			screen: 'pair-audit',
			description: m.calendar_ev_audit_desc(),
			alarmMinutes: 24 * HOUR
		},
		{
			uid: uid(`mentorship.${new Date(s.rituals.nextMentorshipInversion).toISOString().slice(0, 10)}`),
			start: s.rituals.nextMentorshipInversion,
			minutes: 120,
			title: m.calendar_ev_mentorship_title({ circle: circleName }),
			label: m.calendar_ev_mentorship(),
			screen: 'mentorship',
			description: m.calendar_ev_mentorship_desc(),
			alarmMinutes: 24 * HOUR
		}
	);
	for (const mandate of s.mandates)
		if (mandate.status === 'open' && mandate.sunset > s.now)
			out.push({
				uid: uid(`mandate.${mandate.id.slice(0, 16)}`),
				start: mandate.sunset,
				minutes: 30,
				title: m.calendar_ev_mandate_title({ circle: circleName }),
				label: m.calendar_ev_mandate(),
				description: mandate.holder
					? m.calendar_ev_mandate_desc({ task: mandate.task, holder: nameOf(mandate.holder) })
					: m.calendar_ev_mandate_desc_unheld({ task: mandate.task }),
				alarmMinutes: 24 * HOUR
			});
	const c = s.charter;
	if (c.expiresAt !== null && c.expiresAt > s.now)
		out.push({
			uid: uid(`charter-expiry.${c.versions.length}`),
			start: c.expiresAt,
			minutes: 30,
			title: m.calendar_ev_charter_title({ circle: circleName }),
			label: m.calendar_ev_charter(),
			description: m.calendar_ev_charter_desc(),
			alarmMinutes: 7 * 24 * HOUR
		});
	if (more)
		out.push(
			...ritualEvents(uid, circleName, s, nameOf, more),
			...loanEvents(uid, circleName, s, nameOf, more),
			...sessionEvents(uid, circleName, nameOf, more)
		);
	return out.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : 1));
};

const ritualEvents = (
	uid: (what: string) => string,
	circleName: string,
	s: GovernanceState,
	nameOf: (key: MemberKey) => string,
	more: CalendarMore
): CalEvent[] => {
	const out: CalEvent[] = [];
	for (const r of more.rituals ?? []) {
		if (r.cancelled && s.now - r.cancelled.at > CANCELLED_KEPT) continue;
		// A series keeps its first time as its start (the calendar app repeats it); a one-off that is over is gone.
		if (!r.cancelled && nextOccurrence(r, s.now, more.off) === null) continue;
		const last = r.versions.at(-1);
		const by =
			r.versions.length > 1 && last
				? m.calendar_ev_ritual_by_changed({ name: nameOf(r.proposer), changer: nameOf(last.author) })
				: m.calendar_ev_ritual_by({ name: nameOf(r.proposer) });
		out.push({
			uid: uid(`ritual.${r.id.slice(0, 16)}`),
			start: r.at,
			minutes: r.minutes,
			title: m.calendar_ev_ritual_title({ circle: circleName, ritual: r.name }),
			label: r.name,
			description: r.cancelled
				? r.cancelled.reason
					? m.calendar_ev_ritual_cancelled_why({
							name: nameOf(r.cancelled.author),
							reason: r.cancelled.reason
						})
					: m.calendar_ev_ritual_cancelled({ name: nameOf(r.cancelled.author) })
				: r.note
					? `${r.note} ${by}`
					: by,
			...(r.every === 'week' ? { everyDays: 7 } : r.every === 'month' ? { monthly: true } : {}),
			...(r.cancelled ? { cancelled: true } : {}),
			alarmMinutes: 60
		});
	}
	return out;
};

const loanEvents = (
	uid: (what: string) => string,
	circleName: string,
	s: GovernanceState,
	nameOf: (key: MemberKey) => string,
	more: CalendarMore
): CalEvent[] => {
	const lib = more.library;
	const me = more.me;
	if (!lib || !me) return [];
	const out: CalEvent[] = [];
	for (const l of lib.loans) {
		if (!l.current) continue;
		const item = lib.items.find((i) => i.id === l.item);
		const name = item?.name ?? m.calendar_ev_an_item();
		const keeper = item?.keeper ?? null;
		if (l.borrower !== me && keeper !== me) continue;
		const mine = l.borrower === me;
		out.push({
			// The loan's id and its due date: a renewal is a new event, the old one gone from the next export.
			uid: uid(`loan.${l.id.slice(0, 16)}.${new Date(l.due).toISOString().slice(0, 10)}`),
			start: l.due,
			minutes: 30,
			title: m.calendar_ev_loan_title({ circle: circleName, item: name }),
			label: mine
				? m.calendar_ev_loan_mine({ item: name })
				: m.calendar_ev_loan_theirs({ item: name, name: nameOf(l.borrower) }),
			description: !mine
				? m.calendar_ev_loan_theirs_desc({ item: name, name: nameOf(l.borrower) })
				: keeper
					? m.calendar_ev_loan_mine_desc({ item: name, keeper: nameOf(keeper) })
					: m.calendar_ev_loan_mine_desc_circle({ item: name }),
			alarmMinutes: mine ? 24 * 60 : 60
		});
	}
	return out;
};

/** A logged session lasts an hour in the calendar (the ledger records its day, not its length). */
const SESSION_MINUTES = 60;

/** Each mentorship session logged, on its day: a record in the calendar, so no alarm. */
const sessionEvents = (
	uid: (what: string) => string,
	circleName: string,
	nameOf: (key: MemberKey) => string,
	more: CalendarMore
): CalEvent[] => {
	const v = more.mentorship;
	if (!v) return [];
	const all: Session[] = [...v.pairs.flatMap((p) => p.sessions), ...v.earlier];
	return all.map((x) => {
		const who = { mentor: nameOf(x.mentor), apprentice: nameOf(x.apprentice) };
		return {
			// The session's own entry: the same in every export, whoever exports it.
			uid: uid(`mentorship-session.${x.id.slice(0, 16)}`),
			start: x.on,
			minutes: SESSION_MINUTES,
			title: m.calendar_ev_session_title({ circle: circleName, ...who }),
			label: m.calendar_ev_session(who),
			screen: 'mentorship',
			logged: true,
			description: m.calendar_ev_session_desc({ ...who, taught: x.taught })
		};
	});
};
