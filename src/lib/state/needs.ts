/**
 * What waits for this member in a circle (issue 13, "What needs you"; issue 10, item 8, the due
 * list): a proposal to answer and its deadline, a role or mandate that came to them, a handoff to
 * them, a term or mandate about to end, a reset others have called; the meeting or a ritual today
 * or tomorrow (in the circle's time), the charter expiring, the pair audit coming, a loan of theirs
 * due soon or overdue, and, for a keeper, their items out past due. Read from the governance at
 * `now`, the removal proposals and (when given) the library and the rituals; the words are the
 * UI's (ui/needs-text.ts). Pure: the same state gives the same list, and nothing is stored.
 */
import type { GovernanceState } from '$lib/core/circle';
import type { RemovalProposal } from '$lib/core/state';
import type { Entry, EntryId, MemberKey, Millis } from '$lib/core/types';
import type { LibraryView } from '$lib/core/library/view';
import type { Ritual } from '$lib/core/rituals/domain';
import type { PairAuditView } from '$lib/core/pairaudit/domain';
import type { MentorshipView } from '$lib/core/mentorship/domain';
import type { DecisionView } from '$lib/core/decision/book';
import { nextOccurrence } from '$lib/core/rituals/occurrences';
import { startOfLocalDay } from '$lib/core/calendar';
import { isFounding } from '$lib/core/rotation/seal';

const DAY = 86_400_000;
/** A role or mandate "came to you" for this long after it began. */
export const CAME_WITHIN = 3 * DAY;
/** A term or mandate "ends soon" this long before its end. */
export const ENDS_WITHIN = 2 * DAY;
/** A loan is "due soon" this long before its due date. */
export const LOAN_DUE_WITHIN = 2 * DAY;
/** The charter's expiry shows this long before it (and until it is re-ratified). */
export const EXPIRY_WITHIN = 14 * DAY;
/** The pair audit shows this long before its day. */
export const AUDIT_WITHIN = 7 * DAY;
/** A meeting or a ritual is notified this long before it starts. */
export const STARTS_WITHIN = 15 * 60_000;

/** What the due list reads beyond the governance: the circle's offset, its library and rituals. */
export interface DueContext {
	/** The circle's offset from UTC in minutes: "today" and "tomorrow" are the circle's days. */
	off: number;
	library?: LibraryView | null;
	rituals?: readonly Ritual[] | null;
	/** The pair audit and the mentorship inversion (issue 10, items 4 and 5). */
	pairAudit?: PairAuditView | null;
	mentorship?: MentorshipView | null;
	/** The circle's decisions (issue 10, item 2): those waiting for this member's answer. */
	decisions?: readonly DecisionView[] | null;
}

/** Where a waiting proposal's card is: its screen and the card's heading. */
export type ProposalScreen = `${'decisions' | 'mandates'}#${string}`;

export type Need =
	/** A charter change this member has not consented to or objected to; silence counts as consent at `due`. */
	| { kind: 'charter'; id: EntryId; author: MemberKey; due: Millis; screen: 'charter' }
	/** A decision or a mandate waiting for this member's answer; silence counts as consent at `due`. */
	| {
			kind: 'proposal';
			what: 'decision' | 'mandate';
			id: EntryId;
			title: string;
			author: MemberKey;
			due: Millis;
			screen: ProposalScreen;
	  }
	/** A bench proposed by someone else, waiting for supporters. */
	| {
			kind: 'bench';
			id: EntryId;
			author: MemberKey;
			member: MemberKey;
			role: string | null;
			due: Millis;
			screen: 'now';
	  }
	/** Removing a member, proposed by someone else, waiting for supporters. */
	| { kind: 'removal'; id: EntryId; author: MemberKey; member: MemberKey; screen: '' }
	/** A reset others have called; it happens when `needed` members call within the window. */
	| { kind: 'reset'; count: number; needed: number; due: Millis | null; screen: 'reset' }
	/** A role that came to this member: drawn, or handed over by `from`. */
	| { kind: 'role'; role: string; from: MemberKey | null; start: Millis; end: Millis; screen: 'now' }
	/** This member's term ends soon. */
	| { kind: 'term-ending'; role: string; end: Millis; screen: 'handoffs' }
	/** A mandate drawn to this member. */
	| { kind: 'mandate'; id: EntryId; task: string; author: MemberKey; due: Millis; screen: 'mandates' }
	/** This member's mandate reaches its sunset soon. */
	| { kind: 'mandate-ending'; id: EntryId; task: string; due: Millis; screen: 'mandates' }
	/** The circle meets today or tomorrow (the circle's days). */
	| { kind: 'meeting'; due: Millis; screen: 'meeting' }
	/** A ritual the circle added, today or tomorrow. */
	| { kind: 'ritual'; id: EntryId; name: string; due: Millis; screen: 'calendar' }
	/** The charter in force expires soon, or has expired (it stays in force, marked expired). */
	| { kind: 'charter-expiring'; due: Millis; screen: 'charter' }
	/** The pair audit is coming; `mine` when this member is one of the drawn pair (`auditors` then names the other). */
	| { kind: 'audit'; due: Millis; auditors: MemberKey[]; mine: boolean; screen: 'pair-audit' }
	/** This member audits this quarter and the audit does not count yet; `waiting`: the other proposed, co-sign it. */
	| {
			kind: 'pair-audit';
			term: number;
			end: Millis;
			partners: MemberKey[];
			waiting: boolean;
			screen: 'pair-audit';
	  }
	/** This member is in a mentorship pair this year (from the first anniversary on) and has not reflected yet. */
	| {
			kind: 'mentorship';
			other: MemberKey;
			teaching: boolean;
			sessions: number;
			end: Millis;
			screen: 'mentorship';
	  }
	/** A loan of this member's is due back soon. */
	| { kind: 'loan-due'; id: EntryId; item: string; keeper: MemberKey | null; due: Millis; screen: 'library' }
	/** A loan of this member's is overdue. */
	| {
			kind: 'loan-overdue';
			id: EntryId;
			item: string;
			keeper: MemberKey | null;
			due: Millis;
			screen: 'library';
	  }
	/** An item this member keeps is out past its due date. */
	| { kind: 'loan-late'; id: EntryId; item: string; borrower: MemberKey; due: Millis; screen: 'library' };

export type NeedKind = Need['kind'];

/** Answers a person is asked for (they count as "proposals" in a summary). */
export const isProposal = (n: Need): boolean =>
	n.kind === 'charter' ||
	n.kind === 'proposal' ||
	n.kind === 'bench' ||
	n.kind === 'removal' ||
	n.kind === 'reset';

/**
 * Whether an item asks something of this member (the tab's badge counts those): not the meeting or
 * a ritual coming, nor a pair audit someone else runs, which the list only announces.
 */
export const asksOfYou = (n: Need): boolean =>
	n.kind !== 'meeting' && n.kind !== 'ritual' && !(n.kind === 'audit' && !n.mine);

/** Everything that waits for `me` at `s.now`, proposals first, each group soonest first. */
export const needsFor = (
	s: GovernanceState,
	removals: readonly RemovalProposal[],
	me: MemberKey | null,
	more: DueContext | null = null
): Need[] => {
	if (!me) return [];
	const now = s.now;
	const out: Need[] = [];
	for (const p of s.charter.proposals)
		if (p.status === 'open' && p.author !== me && p.silent.includes(me) && now < p.windowEndsAt)
			out.push({ kind: 'charter', id: p.id, author: p.author, due: p.windowEndsAt, screen: 'charter' });
	for (const m of s.mandates) {
		const round = m.consent?.round;
		if (m.status !== 'proposed' || !round || m.proposer === me || round.answers.has(me)) continue;
		if (now < round.windowEndsAt)
			out.push({
				kind: 'proposal',
				what: 'mandate',
				id: m.id,
				title: m.task,
				author: m.proposer,
				due: round.windowEndsAt,
				screen: `mandates#mandate-${m.id.slice(0, 12)}-title`
			});
	}
	for (const d of more?.decisions ?? [])
		if (d.status === 'open' && d.proposer !== me && d.silent.includes(me) && now < d.windowEndsAt)
			out.push({
				kind: 'proposal',
				what: 'decision',
				id: d.id,
				title: d.title,
				author: d.proposer,
				due: d.windowEndsAt,
				screen: `decisions#decision-${d.id.slice(0, 12)}-title`
			});
	for (const b of s.benchProposals)
		if (b.proposer !== me && b.member !== me && !b.supporters.includes(me) && now < b.until)
			out.push({
				kind: 'bench',
				id: b.id,
				author: b.proposer,
				member: b.member,
				role: b.role,
				due: b.until,
				screen: 'now'
			});
	for (const r of removals)
		if (r.proposer !== me && r.target !== me && !r.supporters.includes(me))
			out.push({ kind: 'removal', id: r.id, author: r.proposer, member: r.target, screen: '' });
	if (s.reset.count > 0 && !s.reset.callers.some((c) => c.member === me))
		out.push({
			kind: 'reset',
			count: s.reset.count,
			needed: s.reset.needed,
			due: s.reset.windowEndsAt,
			screen: 'reset'
		});
	for (const r of s.roles) {
		const h = r.current;
		// The founding stretch came to nobody: the founder holds every role from founding until others join.
		if (!h || !h.holders.includes(me) || isFounding(h)) continue;
		const handoff = s.handoffs.find((x) => x.role === h.role && x.term === h.term && x.to.includes(me));
		if (now - h.start < CAME_WITHIN)
			out.push({
				kind: 'role',
				role: h.roleName,
				from: handoff?.from ?? null,
				start: h.start,
				end: h.end,
				screen: 'now'
			});
		else if (h.end - now < ENDS_WITHIN)
			out.push({ kind: 'term-ending', role: h.roleName, end: h.end, screen: 'handoffs' });
	}
	for (const m of s.mandates) {
		if (m.status !== 'open' || m.holder !== me) continue;
		if (m.sunset - now < ENDS_WITHIN)
			out.push({ kind: 'mandate-ending', id: m.id, task: m.task, due: m.sunset, screen: 'mandates' });
		else if (now - (m.handedBack?.at(-1)?.at ?? m.proposedAt) < CAME_WITHIN)
			out.push({
				kind: 'mandate',
				id: m.id,
				task: m.task,
				author: m.proposer,
				due: m.sunset,
				screen: 'mandates'
			});
	}
	if (more) out.push(...dueFor(s, me, more));
	const dueOf = (n: Need): number =>
		'due' in n && n.due !== null ? n.due : 'end' in n ? n.end : Number.MAX_SAFE_INTEGER;
	return out.sort((a, b) => Number(isProposal(b)) - Number(isProposal(a)) || dueOf(a) - dueOf(b));
};

/** Whether `t` falls on the circle's today or tomorrow (as seen at `now`). */
const todayOrTomorrow = (t: Millis, now: Millis, off: number): boolean => {
	const d = startOfLocalDay(t, off) - startOfLocalDay(now, off);
	return d >= 0 && d <= DAY;
};

/** The due list's items beyond what needs an answer: what comes soon, and what is late. */
const dueFor = (s: GovernanceState, me: MemberKey, more: DueContext): Need[] => {
	const { now } = s;
	const { off } = more;
	const out: Need[] = [];
	const meeting = s.rituals.nextMeeting;
	if (todayOrTomorrow(meeting, now, off)) out.push({ kind: 'meeting', due: meeting, screen: 'meeting' });
	for (const r of more.rituals ?? []) {
		if (r.cancelled) continue;
		const at = nextOccurrence(r, now, off);
		if (at !== null && todayOrTomorrow(at, now, off))
			out.push({ kind: 'ritual', id: r.id, name: r.name, due: at, screen: 'calendar' });
	}
	const expires = s.charter.expiresAt;
	if (expires !== null && expires - now < EXPIRY_WITHIN)
		out.push({ kind: 'charter-expiring', due: expires, screen: 'charter' });
	const audit = s.rituals.nextPairAudit;
	if (audit - now < AUDIT_WITHIN) {
		const pair = s.history.find((h) => h.role === 'auditors' && h.start <= audit && audit < h.end);
		const holders = pair?.holders ?? [];
		const mine = holders.includes(me);
		const auditors = mine ? holders.filter((k) => k !== me) : holders;
		// The auditors themselves are reminded by the pair audit's own item (below) when it is known.
		if (!(mine && more.pairAudit))
			out.push({ kind: 'audit', due: audit, auditors, mine, screen: 'pair-audit' });
	}
	const pa = more.pairAudit;
	if (pa?.pair && pa.pair.auditors.includes(me) && !pa.current)
		out.push({
			kind: 'pair-audit',
			term: pa.pair.term,
			end: pa.pair.end,
			partners: pa.pair.auditors.filter((k) => k !== me),
			waiting: pa.pending.some((p) => p.proposer !== me),
			screen: 'pair-audit'
		});
	// The first inversion is a year after the founding (the calendar's date): no reminder before it.
	const ment = more.mentorship && more.mentorship.year >= 1 ? more.mentorship : null;
	const pair = ment?.pairs.find((p) => p.mentor === me || p.apprentice === me);
	if (ment && pair && !pair.reflections.some((r) => r.by === me))
		out.push({
			kind: 'mentorship',
			other: pair.mentor === me ? pair.apprentice : pair.mentor,
			teaching: pair.mentor === me,
			sessions: pair.sessions.length,
			end: ment.end,
			screen: 'mentorship'
		});
	const lib = more.library;
	if (lib) {
		const itemOf = (id: EntryId) => lib.items.find((i) => i.id === id);
		for (const l of lib.loans) {
			if (!l.current) continue;
			const item = itemOf(l.item);
			const name = item?.name ?? '';
			const keeper = item?.keeper ?? null;
			if (l.borrower === me) {
				if (l.overdue)
					out.push({ kind: 'loan-overdue', id: l.id, item: name, keeper, due: l.due, screen: 'library' });
				else if (l.due - now < LOAN_DUE_WITHIN)
					out.push({ kind: 'loan-due', id: l.id, item: name, keeper, due: l.due, screen: 'library' });
			} else if (l.overdue && keeper === me)
				out.push({
					kind: 'loan-late',
					id: l.id,
					item: name,
					borrower: l.borrower,
					due: l.due,
					screen: 'library'
				});
		}
	}
	return out;
};

/**
 * The key under which a phone notifies an item once (state/reminders), or null when the item
 * is not worth a notification yet: a meeting or a ritual only when it starts within
 * STARTS_WITHIN; everything else as soon as it is in the list. A key changes when what it says
 * changes (a renewed loan's new due date, a meeting's next date), so each is notified once.
 */
export const alertKey = (n: Need, now: Millis): string | null => {
	switch (n.kind) {
		case 'meeting':
			return n.due - now <= STARTS_WITHIN ? `meeting:${n.due}` : null;
		case 'ritual':
			return n.due - now <= STARTS_WITHIN ? `ritual:${n.id}:${n.due}` : null;
		case 'charter':
		case 'proposal':
		case 'bench':
		case 'removal':
		case 'mandate':
		case 'mandate-ending':
			return `${n.kind}:${n.id}`;
		case 'reset':
			return `reset:${n.due ?? ''}`;
		case 'role':
			return `role:${n.role}:${n.start}`;
		case 'term-ending':
			return `term-ending:${n.role}:${n.end}`;
		case 'charter-expiring':
		case 'audit':
			return `${n.kind}:${n.due}`;
		case 'pair-audit':
			return `pair-audit:${n.term}:${n.waiting}`;
		case 'mentorship':
			return `mentorship:${n.end}:${n.other}`;
		case 'loan-due':
		case 'loan-overdue':
		case 'loan-late':
			return `${n.kind}:${n.id}:${n.due}`;
	}
};

/** What a sync brought that a person would want named (the rest is counted). */
export type Arrival =
	| { kind: 'charter'; author: MemberKey }
	| { kind: 'mandate'; author: MemberKey; task: string }
	| { kind: 'handoff'; author: MemberKey; role: string; toMe: boolean }
	| { kind: 'admit'; author: MemberKey; name: string }
	| { kind: 'rename'; author: MemberKey; name: string }
	| { kind: 'bench'; author: MemberKey }
	| { kind: 'removal'; author: MemberKey }
	| { kind: 'reset'; author: MemberKey }
	| { kind: 'left'; author: MemberKey }
	| { kind: 'others'; count: number };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The entries a sync brought, as what people did (issue 13: "Ilse handed Facilitator to you",
 * not "3 new entries"). `s` is the governance after the sync: a step-down names who holds the
 * role now. Seals, consents and other bookkeeping are counted as `others`.
 */
export const arrivalsOf = (
	items: readonly { entry: Entry }[],
	s: GovernanceState | null,
	me: MemberKey | null
): Arrival[] => {
	const out: Arrival[] = [];
	let others = 0;
	for (const { entry } of items) {
		const b = entry.body as Record<string, unknown>;
		const author = entry.author;
		switch (entry.type) {
			case 'charter.propose':
				out.push({ kind: 'charter', author });
				break;
			case 'mandate.propose':
				out.push({ kind: 'mandate', author, task: text(b.task) });
				break;
			case 'role.stepdown': {
				const role = s?.roles.find((r) => r.role.id === b.role);
				out.push({
					kind: 'handoff',
					author,
					role: role?.role.name ?? text(b.role),
					toMe: !!me && !!role?.current?.holders.includes(me)
				});
				break;
			}
			case 'member.admit':
				out.push({ kind: 'admit', author, name: text(b.name) });
				break;
			case 'circle.rename':
				out.push({ kind: 'rename', author, name: text(b.name) });
				break;
			case 'member.bench':
				out.push({ kind: 'bench', author });
				break;
			case 'member.remove.propose':
				out.push({ kind: 'removal', author });
				break;
			case 'reset.call':
				out.push({ kind: 'reset', author });
				break;
			case 'member.leave':
				out.push({ kind: 'left', author });
				break;
			default:
				others++;
		}
	}
	if (others) out.push({ kind: 'others', count: others });
	return out;
};
