/**
 * The reciprocity view at `now`: what each member gave and received over the charter's window,
 * kind by kind and each in its own unit (never summed across units), the early warnings, a
 * monthly Gini trend, and what waits for someone's confirmation. Loans from the library count as
 * 'tools' on their own: the keeper gave (or the circle, for a tool it keeps), the borrower received.
 */
import type { LibraryBook } from '../library/book';
import { isActiveAt, type MembershipView } from '../membership/view';
import type { MemberKey, Millis } from '../types';
import { KINDS, type Contribution, type ContributionKind, type ReciprocityBook } from './book';
import { DAY, dayEnd, giniPermille, signals, type ReciprocityRules, type Signal } from './signals';

export type Tally = { [K in ContributionKind]: number };

export interface MemberMirror {
	key: MemberKey;
	/** Amounts in each kind's own unit over the window, given and received apart. */
	given: Tally;
	received: Tally;
	/** Acts (contributions of any kind) given and received over the window. */
	givenActs: number;
	receivedActs: number;
}

export interface GiniPoint {
	/** The month, as "YYYY-MM" (UTC). */
	month: string;
	/** Gini of acts given that month among the members active at its end (or now), in thousandths. */
	permille: number | null;
	acts: number;
}

export interface ReciprocityView {
	rules: ReciprocityRules;
	/** The window: [from, until), whole UTC days ending with today. */
	from: Millis;
	until: Millis;
	/** Active members, in key order (display order is the screen's: by name, never by amount). */
	members: MemberMirror[];
	signals: Signal[];
	gini: GiniPoint[];
	/** Contributions that count, newest first, within the window. */
	recent: Contribution[];
	/** Contributions recorded by their giver that wait for the receiver's word. */
	pending: Contribution[];
}

const zero = (): Tally => ({ hours: 0, tools: 0, skills: 0, meals: 0, care: 0 });

/** Loans as contributions: one loan, one act of kind 'tools' (a loan counts from its handover). */
export const loanContributions = (lib: LibraryBook | null): Contribution[] => {
	if (!lib) return [];
	const out: Contribution[] = [];
	for (const l of lib.loans.values()) {
		if (l.received === null) continue;
		const item = lib.items.get(l.item);
		out.push({
			id: l.id,
			kind: 'tools',
			amount: 1,
			giver: item ? item.keeper : l.lender,
			receiver: l.borrower,
			on: l.at,
			note: item ? item.name : '',
			recordedBy: l.lender,
			recordedAt: l.recordedAt,
			countsFrom: l.at,
			confirmedBy: l.borrower
		});
	}
	return out;
};

/** Every contribution that counts at `now`, recorded or from the library, in a stable order. */
export const countedAt = (book: ReciprocityBook, lib: LibraryBook | null, now: Millis): Contribution[] => {
	const out: Contribution[] = [];
	for (const c of book.records.values()) if (c.countsFrom !== null && c.countsFrom <= now) out.push(c);
	for (const c of loanContributions(lib)) if (c.on <= now) out.push(c);
	return out.sort((a, b) => a.on - b.on || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};

const monthKey = (t: Millis): string => new Date(t).toISOString().slice(0, 7);
const monthStart = (t: Millis): Millis => {
	const d = new Date(t);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: Millis): Millis => {
	const d = new Date(t);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

export const reciprocityView = (
	book: ReciprocityBook,
	lib: LibraryBook | null,
	members: MembershipView,
	now: Millis,
	rules: ReciprocityRules
): { value: ReciprocityView; times: (number | null)[] } => {
	const until = dayEnd(now);
	const from = until - rules.windowDays * DAY;
	const counted = countedAt(book, lib, now);
	const roster = [...members.members.values()]
		.filter((m) => isActiveAt(m, now))
		.map((m) => ({
			key: m.key,
			since: (m.spans && m.spans.length ? m.spans[m.spans.length - 1]!.since : m.since) as Millis
		}))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const mirrors = new Map<MemberKey, MemberMirror>(
		roster.map((m) => [m.key, { key: m.key, given: zero(), received: zero(), givenActs: 0, receivedActs: 0 }])
	);
	const recent: Contribution[] = [];
	for (const c of counted) {
		if (c.on < from || c.on >= until) continue;
		recent.push(c);
		const g = c.giver === null ? undefined : mirrors.get(c.giver);
		if (g) {
			g.given[c.kind] += c.amount;
			g.givenActs++;
		}
		const r = c.receiver === null ? undefined : mirrors.get(c.receiver);
		if (r) {
			r.received[c.kind] += c.amount;
			r.receivedActs++;
		}
	}
	recent.reverse();

	// The Gini trend: the last twelve months, acts given per member active at the month's end.
	const gini: GiniPoint[] = [];
	let m = monthStart(now);
	const starts: Millis[] = [];
	for (let i = 0; i < 12; i++) {
		starts.unshift(m);
		m = monthStart(m - 1);
	}
	for (const s of starts) {
		const e = nextMonth(s);
		const at = Math.min(e - 1, now);
		const keys = [...members.members.values()].filter((x) => isActiveAt(x, at)).map((x) => x.key);
		const count = new Map<MemberKey, number>(keys.map((k) => [k, 0]));
		let acts = 0;
		for (const c of counted) {
			if (c.on < s || c.on >= e || c.giver === null || !count.has(c.giver)) continue;
			count.set(c.giver, count.get(c.giver)! + 1);
			acts++;
		}
		gini.push({ month: monthKey(s), permille: giniPermille([...count.values()]), acts });
	}

	const pending = [...book.records.values()]
		.filter((c) => c.recordedAt <= now && (c.countsFrom === null || c.countsFrom > now))
		.sort((a, b) => b.recordedAt - a.recordedAt || (a.id < b.id ? -1 : 1));

	const times: (number | null)[] = [until - DAY, until];
	for (const c of book.records.values()) times.push(c.recordedAt, c.countsFrom);
	for (const c of loanContributions(lib)) times.push(c.on);
	return {
		value: {
			rules,
			from,
			until,
			members: [...mirrors.values()],
			signals: signals(counted, { members: roster }, now, rules),
			gini,
			recent,
			pending
		},
		times
	};
};

export { KINDS };
