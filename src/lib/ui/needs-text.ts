/**
 * What waits for a member, in words (state/needs.ts gives the items): one sentence per item for
 * Now, and one line per circle for Home ("1 proposal waits for you · Facilitator came to you").
 */
import type { MemberKey, Millis } from '$lib/core/types';
import { isProposal, type Arrival, type Need } from '$lib/state/needs';
import { startOfLocalDay } from '$lib/core/calendar';
import { relative } from './shared/dates';
import { formatCircle } from './format';

const day = (t: Millis) =>
	new Date(t).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

const clockTime = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' });
/** "19:00" (or "7:00 PM"), in the circle's time. */
export const timeIn = (t: Millis, off: number): string => clockTime.format(t + off * 60_000);

/** "today", "tomorrow", "yesterday" or "on Mon 7 Dec": a day in the circle's own calendar. */
export const dayWord = (t: Millis, now: Millis, off: number): string => {
	const d = Math.round((startOfLocalDay(t, off) - startOfLocalDay(now, off)) / 86_400_000);
	if (d === 0) return 'today';
	if (d === 1) return 'tomorrow';
	if (d === -1) return 'yesterday';
	return `on ${formatCircle(t, off, false, true)}`;
};

const those = (keys: readonly MemberKey[], nameOf: (k: MemberKey) => string) =>
	keys.length ? keys.map(nameOf).join(' and ') : 'a pair not drawn yet';

/**
 * The sentence for one item: what and when, in words ("Drill due back tomorrow", "Meeting today
 * at 19:00"). `off` is the circle's offset: its days and hours are the ones named.
 */
export const needText = (n: Need, now: Millis, nameOf: (k: MemberKey) => string, off = 0): string => {
	switch (n.kind) {
		case 'meeting':
			return `Meeting ${dayWord(n.due, now, off)} at ${timeIn(n.due, off)}${n.due - now < 3_600_000 && n.due > now ? ` (${relative(n.due, now)})` : ''}.`;
		case 'ritual':
			return `${n.name} ${dayWord(n.due, now, off)} at ${timeIn(n.due, off)}.`;
		case 'charter-expiring':
			return n.due > now
				? `The charter expires ${relative(n.due, now)} (${formatCircle(n.due, off, false, true)}): re-ratify it, or it stays in force marked expired.`
				: `The charter expired ${dayWord(n.due, now, off)}: it stays in force marked expired until the circle re-ratifies it.`;
		case 'audit':
			return n.mine
				? `You run the pair audit ${dayWord(n.due, now, off)}${n.auditors.length ? `, with ${those(n.auditors, nameOf)}` : ''}.`
				: `Pair audit ${dayWord(n.due, now, off)}, by ${those(n.auditors, nameOf)}.`;
		case 'pair-audit':
			return n.waiting
				? `${those(n.partners, nameOf)} proposed this quarter’s ties: look at the map and co-sign it.`
				: `You audit this quarter${n.partners.length ? ` with ${those(n.partners, nameOf)}` : ''}: interview the members and propose the map by ${formatCircle(n.end, off, false, true)}.`;
		case 'mentorship':
			return n.teaching
				? `This year you teach ${nameOf(n.other)} (the mentorship inversion): ${n.sessions ? `${n.sessions} session${n.sessions === 1 ? '' : 's'} logged` : 'log your sessions'}, then say if you would do it again.`
				: `This year ${nameOf(n.other)} teaches you (the mentorship inversion): ${n.sessions ? `${n.sessions} session${n.sessions === 1 ? '' : 's'} logged` : 'log your sessions'}, then say if you would do it again.`;
		case 'loan-due':
			return `${n.item} due back ${dayWord(n.due, now, off)} at ${timeIn(n.due, off)}${n.keeper ? ` to ${nameOf(n.keeper)}` : ''}.`;
		case 'loan-overdue':
			return `${n.item} was due back ${dayWord(n.due, now, off)} (${relative(n.due, now)}): bring it back${n.keeper ? ` to ${nameOf(n.keeper)}` : ''}.`;
		case 'loan-late':
			return `${nameOf(n.borrower)} has your ${n.item}, due back ${dayWord(n.due, now, off)} (${relative(n.due, now)}).`;
		case 'charter':
			return `${nameOf(n.author)} proposed a charter change: consent or object by ${day(n.due)} (${relative(n.due, now)}); silence counts as consent.`;
		case 'proposal':
			return `${nameOf(n.author)} proposed ${n.what === 'mandate' ? 'a mandate' : 'a decision'}, “${n.title}”: consent or object by ${day(n.due)} (${relative(n.due, now)}); silence counts as consent.`;
		case 'bench':
			return `${nameOf(n.author)} proposed that ${nameOf(n.member)} sit out ${n.role === null ? 'every role' : 'a role'}: support it, or let it lapse.`;
		case 'removal':
			return `${nameOf(n.author)} proposed removing ${nameOf(n.member)}: support it, or let it be.`;
		case 'reset':
			return `${n.count} of ${n.needed} members called for a hard reset${n.due ? `; the window closes ${relative(n.due, now)}` : ''}.`;
		case 'role':
			return n.from
				? `${nameOf(n.from)} handed ${n.role} to you: yours until ${day(n.end)}.`
				: `${n.role} came to you by lot: yours until ${day(n.end)}.`;
		case 'term-ending':
			return `Your term as ${n.role} ends ${relative(n.end, now)} (${day(n.end)}).`;
		case 'mandate':
			return `A mandate came to you by lot: “${n.task}”, proposed by ${nameOf(n.author)}, until ${day(n.due - 1)}.`;
		case 'mandate-ending':
			return `Your mandate “${n.task}” reaches its sunset ${relative(n.due, now)}.`;
	}
};

/** The short form Home shows per circle: proposals counted, the rest named. Empty when nothing waits. */
export const needsSummary = (needs: readonly Need[]): string => {
	const proposals = needs.filter(isProposal).length;
	const parts: string[] = [];
	if (proposals) parts.push(`${proposals} ${proposals === 1 ? 'proposal waits' : 'proposals wait'} for you`);
	for (const n of needs) {
		if (n.kind === 'role') parts.push(`${n.role} came to you`);
		else if (n.kind === 'term-ending') parts.push(`your ${n.role} term ends soon`);
		else if (n.kind === 'mandate') parts.push('a mandate came to you');
		else if (n.kind === 'mandate-ending') parts.push('your mandate ends soon');
		else if (n.kind === 'meeting') parts.push('a meeting soon');
		else if (n.kind === 'loan-overdue') parts.push(`${n.item} is overdue`);
		else if (n.kind === 'loan-late') parts.push(`your ${n.item} is out past due`);
		else if (n.kind === 'loan-due') parts.push(`${n.item} is due back soon`);
		else if (n.kind === 'charter-expiring') parts.push('the charter expires soon');
	}
	const text = parts.join(' · ');
	return text && text[0]!.toUpperCase() + text.slice(1);
};

/** What a sync brought, as one line: "Ilse proposed a charter change; Ilse handed Facilitator to you." */
export const arrivalsText = (arrivals: readonly Arrival[], nameOf: (k: MemberKey) => string): string => {
	const parts = arrivals.map((a): string => {
		switch (a.kind) {
			case 'charter':
				return `${nameOf(a.author)} proposed a charter change`;
			case 'mandate':
				return `${nameOf(a.author)} proposed a mandate: “${a.task}”`;
			case 'handoff':
				return a.toMe
					? `${nameOf(a.author)} handed ${a.role} to you`
					: `${nameOf(a.author)} stepped down as ${a.role}`;
			case 'admit':
				return `${nameOf(a.author)} welcomed ${a.name}`;
			case 'rename':
				return `${nameOf(a.author)} renamed the circle “${a.name}”`;
			case 'bench':
				return `${nameOf(a.author)} proposed that someone sit out`;
			case 'removal':
				return `${nameOf(a.author)} proposed removing a member`;
			case 'reset':
				return `${nameOf(a.author)} called for a hard reset`;
			case 'left':
				return `${nameOf(a.author)} left the circle`;
			case 'others':
				return `${a.count} more ${a.count === 1 ? 'entry' : 'entries'} of the circle’s bookkeeping`;
		}
	});
	return parts.length ? `${parts.join('; ')}.` : '';
};
