/**
 * The circle's care and ritual calendar (issue 10, item 6), read from the governance at `now`:
 * the meetings (one series, on the charter's day and time), each role's next term, the pair audit,
 * the mentorship inversion, open mandates' last days and the charter's expiry. Each event's UID
 * says what it is in the circle's own numbers (a role's term number, a mandate's entry, a charter
 * version), so it stays the same in every export.
 */
import type { GovernanceState } from '$lib/core/circle';
import type { MemberKey } from '$lib/core/types';
import type { CalEvent } from './ics';

const HOUR = 60;

export const calendarEvents = (
	circle: string,
	circleName: string,
	s: GovernanceState,
	nameOf: (key: MemberKey) => string
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
	return out.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : 1));
};
