/**
 * What waits for a member, in words (state/needs.ts gives the items): one sentence per item for
 * Now, and one line per circle for Home ("1 proposal waits for you · Facilitator came to you"), in
 * the member's language (messages/<lang>/needs.json).
 */
import type { MemberKey, Millis } from '$lib/core/types';
import { isProposal, type Arrival, type Need } from '$lib/state/needs';
import { startOfLocalDay } from '$lib/core/calendar';
import { intlLocale, m } from '$lib/i18n';
import { formatCircle, formatList, formatRelative, keptDateFormat } from './format';

const day = (t: Millis) => keptDateFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(t);

/** "19:00" (or "7:00 PM"), in the circle's time. */
export const timeIn = (t: Millis, off: number): string =>
	keptDateFormat({ timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(t + off * 60_000);

/** "today", "tomorrow", "yesterday" or "on Mon 7 Dec": a day in the circle's own calendar. */
export const dayWord = (t: Millis, now: Millis, off: number): string => {
	const d = Math.round((startOfLocalDay(t, off) - startOfLocalDay(now, off)) / 86_400_000);
	if (d === 0) return m.needs_today();
	if (d === 1) return m.needs_tomorrow();
	if (d === -1) return m.needs_yesterday();
	return m.needs_on({ date: formatCircle(t, off, false, true) });
};

const those = (keys: readonly MemberKey[], nameOf: (k: MemberKey) => string) =>
	keys.length ? formatList(keys.map(nameOf)) : m.needs_pair_undrawn();

const mentorship = (sessions: number) =>
	sessions ? m.needs_mentor_sessions({ count: sessions }) : m.needs_mentor_none();

/**
 * The sentence for one item: what and when, in words ("Drill due back tomorrow", "Meeting today
 * at 19:00"). `off` is the circle's offset: its days and hours are the ones named.
 */
export const needText = (n: Need, now: Millis, nameOf: (k: MemberKey) => string, off = 0): string => {
	const when = (t: Millis) => ({ day: dayWord(t, now, off), time: timeIn(t, off) });
	const relative = (t: Millis) => formatRelative(t, now);
	switch (n.kind) {
		case 'meeting':
			return n.due - now < 3_600_000 && n.due > now
				? m.needs_meeting_soon({ ...when(n.due), relative: relative(n.due) })
				: m.needs_meeting(when(n.due));
		case 'ritual':
			return m.needs_ritual({ name: n.name, ...when(n.due) });
		case 'charter-expiring':
			return n.due > now
				? m.needs_charter_expiring({
						relative: relative(n.due),
						date: formatCircle(n.due, off, false, true)
					})
				: m.needs_charter_expired({ day: dayWord(n.due, now, off) });
		case 'audit':
			return n.mine
				? n.auditors.length
					? m.needs_audit_mine_with({ day: dayWord(n.due, now, off), names: those(n.auditors, nameOf) })
					: m.needs_audit_mine({ day: dayWord(n.due, now, off) })
				: m.needs_audit({ day: dayWord(n.due, now, off), names: those(n.auditors, nameOf) });
		case 'pair-audit':
			return n.waiting
				? m.needs_pair_audit_waiting({ names: those(n.partners, nameOf) })
				: n.partners.length
					? m.needs_pair_audit_with({
							names: those(n.partners, nameOf),
							date: formatCircle(n.end, off, false, true)
						})
					: m.needs_pair_audit({ date: formatCircle(n.end, off, false, true) });
		case 'mentorship':
			return n.teaching
				? m.needs_mentor_teach({ name: nameOf(n.other), progress: mentorship(n.sessions) })
				: m.needs_mentor_learn({ name: nameOf(n.other), progress: mentorship(n.sessions) });
		case 'loan-due':
			return n.keeper
				? m.needs_loan_due_to({ item: n.item, ...when(n.due), name: nameOf(n.keeper) })
				: m.needs_loan_due({ item: n.item, ...when(n.due) });
		case 'loan-overdue': {
			const at = { item: n.item, day: dayWord(n.due, now, off), relative: relative(n.due) };
			return n.keeper ? m.needs_loan_overdue_to({ ...at, name: nameOf(n.keeper) }) : m.needs_loan_overdue(at);
		}
		case 'loan-late':
			return m.needs_loan_late({
				name: nameOf(n.borrower),
				item: n.item,
				day: dayWord(n.due, now, off),
				relative: relative(n.due)
			});
		case 'charter':
			return m.needs_charter({ name: nameOf(n.author), date: day(n.due), relative: relative(n.due) });
		case 'proposal': {
			const what = { name: nameOf(n.author), title: n.title, date: day(n.due), relative: relative(n.due) };
			return n.what === 'mandate' ? m.needs_proposal_mandate(what) : m.needs_proposal_decision(what);
		}
		case 'bench':
			return n.role === null
				? m.needs_bench_every({ name: nameOf(n.author), member: nameOf(n.member) })
				: m.needs_bench_role({ name: nameOf(n.author), member: nameOf(n.member) });
		case 'removal':
			return m.needs_removal({ name: nameOf(n.author), member: nameOf(n.member) });
		case 'reset':
			return n.due
				? m.needs_reset_window({ count: n.count, needed: n.needed, relative: relative(n.due) })
				: m.needs_reset({ count: n.count, needed: n.needed });
		case 'role':
			return n.from
				? m.needs_role_from({ name: nameOf(n.from), role: n.role, date: day(n.end) })
				: m.needs_role_lot({ role: n.role, date: day(n.end) });
		case 'term-ending':
			return m.needs_term_ending({ role: n.role, relative: relative(n.end), date: day(n.end) });
		case 'mandate':
			return m.needs_mandate({ task: n.task, name: nameOf(n.author), date: day(n.due - 1) });
		case 'mandate-ending':
			return m.needs_mandate_ending({ task: n.task, relative: relative(n.due) });
	}
};

/** The short form Home shows per circle: proposals counted, the rest named. Empty when nothing waits. */
export const needsSummary = (needs: readonly Need[]): string => {
	const proposals = needs.filter(isProposal).length;
	const parts: string[] = [];
	if (proposals) parts.push(m.needs_sum_proposals({ count: proposals }));
	for (const n of needs) {
		if (n.kind === 'role') parts.push(m.needs_sum_role({ role: n.role }));
		else if (n.kind === 'term-ending') parts.push(m.needs_sum_term({ role: n.role }));
		else if (n.kind === 'mandate') parts.push(m.needs_sum_mandate());
		else if (n.kind === 'mandate-ending') parts.push(m.needs_sum_mandate_ending());
		else if (n.kind === 'meeting') parts.push(m.needs_sum_meeting());
		else if (n.kind === 'loan-overdue') parts.push(m.needs_sum_overdue({ item: n.item }));
		else if (n.kind === 'loan-late') parts.push(m.needs_sum_late({ item: n.item }));
		else if (n.kind === 'loan-due') parts.push(m.needs_sum_due({ item: n.item }));
		else if (n.kind === 'charter-expiring') parts.push(m.needs_sum_charter());
	}
	const text = parts.join(' · ');
	return text && text[0]!.toLocaleUpperCase(intlLocale()) + text.slice(1);
};

/** What a sync brought, as one line: "Ilse proposed a charter change; Ilse handed Facilitator to you." */
export const arrivalsText = (arrivals: readonly Arrival[], nameOf: (k: MemberKey) => string): string => {
	const parts = arrivals.map((a): string => {
		const name = 'author' in a ? nameOf(a.author) : '';
		switch (a.kind) {
			case 'charter':
				return m.arrived_charter({ name });
			case 'mandate':
				return m.arrived_mandate({ name, task: a.task });
			case 'handoff':
				return a.toMe
					? m.arrived_handoff_me({ name, role: a.role })
					: m.arrived_stepdown({ name, role: a.role });
			case 'admit':
				return m.arrived_admit({ name, member: a.name });
			case 'rename':
				return m.arrived_rename({ name, circle: a.name });
			case 'bench':
				return m.arrived_bench({ name });
			case 'removal':
				return m.arrived_removal({ name });
			case 'reset':
				return m.arrived_reset({ name });
			case 'left':
				return m.arrived_left({ name });
			case 'others':
				return m.arrived_others({ count: a.count });
		}
	});
	return parts.length ? m.arrived_all({ list: parts.join('; ') }) : '';
};
