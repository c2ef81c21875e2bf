/**
 * The circle's care and ritual calendar (issue 10, item 6), read from the governance at `now`:
 * the meetings (one series, on the charter's day and time), each role's next term, the pair audit,
 * the mentorship inversion, open mandates' last days and the charter's expiry; with `more`, the
 * rituals the circle added (weekly or monthly series, cancelled ones marked so) and the loans due
 * back that concern this member (theirs, and the items they keep). Each event's UID
 * says what it is in the circle's own numbers (a role's term number, a mandate's entry, a charter
 * version), so it stays the same in every export.
 */
import type { GovernanceState } from '$lib/core/circle';
import type { LibraryView } from '$lib/core/library/view';
import { nextOccurrence } from '$lib/core/rituals/occurrences';
import type { Ritual } from '$lib/core/rituals/domain';
import type { MemberKey } from '$lib/core/types';
import type { CalEvent } from './ics';

/** What the calendar reads beyond the governance (state/due.ts gives it). */
export interface CalendarMore {
	off: number;
	me: MemberKey | null;
	library?: LibraryView | null;
	rituals?: readonly Ritual[] | null;
}

/** A cancelled ritual stays in the export this long after it was called off (then it is gone). */
const CANCELLED_KEPT = 30 * 86_400_000;

const HOUR = 60;

export const calendarEvents = (
	circle: string,
	circleName: string,
	s: GovernanceState,
	nameOf: (key: MemberKey) => string,
	more: CalendarMore | null = null
): CalEvent[] => {
	const uid = (what: string) => `${what}.${circle}@circulate`;
	const names = (keys: readonly MemberKey[]) => keys.map(nameOf).join(', ');
	const out: CalEvent[] = [
		{
			uid: uid('meetings'),
			start: s.rituals.nextMeeting,
			minutes: 90,
			title: `${circleName}: circle meeting`,
			label: 'Circle meeting',
			description: 'The facilitator drawn by lot opens it on one phone (Meetings → Meeting).',
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
			title: `${circleName}: ${r.role.name} changes hands`,
			label: `${r.role.name} changes hands`,
			description: who.length
				? `Term ${n.term + 1} of ${r.role.name} begins: ${names(who)}${n.freezeAt > s.now ? ' (provisional until the draw is frozen)' : ''}.`
				: `Term ${n.term + 1} of ${r.role.name} begins; who holds it is drawn by lot when the draw is frozen.`,
			alarmMinutes: 12 * HOUR
		});
	}
	out.push(
		{
			uid: uid(`pair-audit.${new Date(s.rituals.nextPairAudit).toISOString().slice(0, 10)}`),
			start: s.rituals.nextPairAudit,
			minutes: 120,
			title: `${circleName}: pair audit`,
			label: 'Pair audit',
			screen: 'pair-audit',
			description:
				'The drawn pair talks with each member about who turns to whom: informal power, named early.',
			alarmMinutes: 24 * HOUR
		},
		{
			uid: uid(`mentorship.${new Date(s.rituals.nextMentorshipInversion).toISOString().slice(0, 10)}`),
			start: s.rituals.nextMentorshipInversion,
			minutes: 120,
			title: `${circleName}: mentorship inversion`,
			label: 'Mentorship inversion',
			screen: 'mentorship',
			description: 'The newest members teach the most senior.',
			alarmMinutes: 24 * HOUR
		}
	);
	for (const m of s.mandates)
		if (m.status === 'open' && m.sunset > s.now)
			out.push({
				uid: uid(`mandate.${m.id.slice(0, 16)}`),
				start: m.sunset,
				minutes: 30,
				title: `${circleName}: a mandate ends`,
				label: 'A mandate ends',
				description: `“${m.task}” (held by ${m.holder ? nameOf(m.holder) : 'nobody'}) ends.`,
				alarmMinutes: 24 * HOUR
			});
	const c = s.charter;
	if (c.expiresAt !== null && c.expiresAt > s.now)
		out.push({
			uid: uid(`charter-expiry.${c.versions.length}`),
			start: c.expiresAt,
			minutes: 30,
			title: `${circleName}: the charter expires`,
			label: 'The charter expires',
			description: 'Re-ratify it before then, or the last version stays in force marked expired.',
			alarmMinutes: 7 * 24 * HOUR
		});
	if (more)
		out.push(
			...ritualEvents(uid, circleName, s, nameOf, more),
			...loanEvents(uid, circleName, s, nameOf, more)
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
				? `proposed by ${nameOf(r.proposer)}, changed by ${nameOf(last.author)}`
				: `proposed by ${nameOf(r.proposer)}`;
		out.push({
			uid: uid(`ritual.${r.id.slice(0, 16)}`),
			start: r.at,
			minutes: r.minutes,
			title: `${circleName}: ${r.name}`,
			label: r.name,
			description: r.cancelled
				? `Cancelled by ${nameOf(r.cancelled.author)}${r.cancelled.reason ? `: ${r.cancelled.reason}` : ''}.`
				: `${r.note ? `${r.note} ` : ''}(A ritual ${by}.)`,
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
		const name = item?.name ?? 'An item';
		const keeper = item?.keeper ?? null;
		if (l.borrower !== me && keeper !== me) continue;
		const mine = l.borrower === me;
		out.push({
			// The loan's id and its due date: a renewal is a new event, the old one gone from the next export.
			uid: uid(`loan.${l.id.slice(0, 16)}.${new Date(l.due).toISOString().slice(0, 10)}`),
			start: l.due,
			minutes: 30,
			title: `${circleName}: ${name} due back`,
			label: mine ? `${name} due back` : `${name} due back from ${nameOf(l.borrower)}`,
			description: mine
				? `Bring ${name} back${keeper ? ` to ${nameOf(keeper)}` : ''} (Library).`
				: `${nameOf(l.borrower)} has your ${name}; it is due back then.`,
			alarmMinutes: mine ? 24 * 60 : 60
		});
	}
	return out;
};
