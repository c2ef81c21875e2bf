/**
 * What waits for a member, in words (state/needs.ts gives the items): one sentence per item for
 * Now, and one line per circle for Home ("1 proposal waits for you · Facilitator came to you").
 */
import type { MemberKey, Millis } from '$lib/core/types';
import { isProposal, type Arrival, type Need } from '$lib/state/needs';
import { relative } from './shared/dates';

const day = (t: Millis) =>
	new Date(t).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** The sentence for one item. */
export const needText = (n: Need, now: Millis, nameOf: (k: MemberKey) => string): string => {
	switch (n.kind) {
		case 'charter':
			return `${nameOf(n.author)} proposed a charter change: consent or object by ${day(n.due)} (${relative(n.due, now)}); silence counts as consent.`;
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
