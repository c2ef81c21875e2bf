/**
 * The sovereignty scorecard at `now`: month by month over the last twelve (UTC) months, what the
 * circle did without the market or outside permission. Purchases avoided come from the library on
 * their own: a borrowed tool is a purchase avoided, valued at the item's replacement value, once
 * per borrower, category and year (borrowing three drills in May avoids buying one drill).
 * Shared meals come from the reciprocity mirror (contributions of kind 'meals', in meals).
 */
import type { DecisionView } from '../decision/book';
import { decisionKey, type JudgedClose } from '../meeting';
import type { LibraryBook } from '../library/book';
import type { ReciprocityBook } from '../reciprocity/book';
import type { MemberKey, Millis, EntryId } from '../types';
import type { ScoreRecord, ScorecardBook } from './book';

export interface MonthRow {
	/** "YYYY-MM" (UTC). */
	month: string;
	purchasesAvoided: number;
	/** Replacement value of those purchases, in whole units of the circle's currency. */
	valueAvoided: number;
	dependencies: number;
	repairs: number;
	disputes: number;
	/** Meals shared (the mirror's 'meals'). */
	meals: number;
	decisions: number;
	/** Decisions that needed nobody outside the circle's permission. */
	localDecisions: number;
}

export interface Avoided {
	/** The library's lend entry of the loan that counted. */
	loan: EntryId;
	borrower: MemberKey;
	category: string;
	year: number;
	item: string;
	value: number;
	on: Millis;
}

export interface ScorecardView {
	months: MonthRow[];
	/** Every month's row added up, all time (not only the twelve shown). */
	totals: Omit<MonthRow, 'month'>;
	/** Local decisions ÷ decisions, in thousandths; null before any decision was recorded. */
	autonomyPermille: number | null;
	avoided: Avoided[];
	rounds: ScoreRecord[];
	/** Counted records (not rounds), newest first. */
	records: ScoreRecord[];
	/** Records waiting for a second. */
	pending: ScoreRecord[];
}

const empty = (month: string): MonthRow => ({
	month,
	purchasesAvoided: 0,
	valueAvoided: 0,
	dependencies: 0,
	repairs: 0,
	disputes: 0,
	meals: 0,
	decisions: 0,
	localDecisions: 0
});

export const monthOf = (t: Millis): string => new Date(t).toISOString().slice(0, 7);
const monthStart = (t: Millis): Millis => {
	const d = new Date(t);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const byOn = <T extends { on: Millis; id?: string; loan?: string }>(a: T, b: T) =>
	a.on - b.on || ((a.id ?? a.loan)! < (b.id ?? b.loan)! ? -1 : 1);

/** Purchases avoided up to `now`: the first loan of each (borrower, category, year) counts. */
export const purchasesAvoided = (lib: LibraryBook | null, now: Millis): Avoided[] => {
	if (!lib) return [];
	const loans = [...lib.loans.values()]
		.filter((l) => l.received !== null && l.at <= now)
		.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
	const seen = new Set<string>();
	const out: Avoided[] = [];
	for (const l of loans) {
		const item = lib.items.get(l.item);
		if (!item) continue;
		const category = item.category || item.name;
		const year = new Date(l.at).getUTCFullYear();
		const key = `${l.borrower}|${category.toLowerCase()}|${year}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push({
			loan: l.id,
			borrower: l.borrower,
			category,
			year,
			item: item.name,
			value: item.value,
			on: l.at
		});
	}
	return out;
};

export const scorecardView = (
	book: ScorecardBook,
	lib: LibraryBook | null,
	mirror: ReciprocityBook | null,
	now: Millis,
	decided: readonly Pick<DecisionView, 'inForceAt' | 'outside' | 'history'>[] = [],
	meetings: readonly Pick<JudgedClose, 'at' | 'verdict' | 'body'>[] = []
): { value: ScorecardView; times: (number | null)[] } => {
	const rows = new Map<string, MonthRow>();
	const row = (t: Millis) => {
		const k = monthOf(t);
		let r = rows.get(k);
		if (!r) rows.set(k, (r = empty(k)));
		return r;
	};
	const times: (number | null)[] = [];
	const avoided = purchasesAvoided(lib, now);
	for (const a of avoided) {
		const r = row(a.on);
		r.purchasesAvoided++;
		r.valueAvoided += a.value;
	}
	if (lib) for (const l of lib.loans.values()) times.push(l.at);
	if (mirror)
		for (const c of mirror.records.values()) {
			times.push(c.countsFrom);
			if (c.kind === 'meals' && c.countsFrom !== null && c.countsFrom <= now) row(c.on).meals += c.amount;
		}
	// Decisions taken by consent (the decision domain), in the month they came into force.
	for (const d of decided)
		if (d.inForceAt !== null && d.inForceAt <= now) {
			const m = row(d.inForceAt);
			m.decisions++;
			if (!d.outside) m.localDecisions++;
		}
	const counted: ScoreRecord[] = [];
	const pending: ScoreRecord[] = [];
	for (const r of book.records.values()) {
		times.push(r.recordedAt, r.countsFrom);
		if (r.countsFrom !== null && r.countsFrom <= now) counted.push(r);
		else if (r.recordedAt <= now) pending.push(r);
	}
	counted.sort(byOn);
	// Decisions written at a meeting's close, each decision once: only closes that count (the
	// facilitator's, the first of the term: a forged or second close adds nothing), only those that
	// say whether each needed outside permission, and never a decision counted already — a proposal
	// by its words (any version), a seconded record, or the same words at an earlier meeting.
	const seen = new Set<string>();
	for (const d of decided) for (const v of d.history) seen.add(decisionKey(v.title));
	for (const r of counted) if (r.kind === 'decision') seen.add(decisionKey(r.what));
	for (const c of meetings) {
		times.push(c.at);
		if (!c.verdict.ok || c.at > now || !c.body.outside) continue;
		c.body.decisions.forEach((text, i) => {
			const k = decisionKey(text);
			if (k === '' || seen.has(k)) return;
			seen.add(k);
			const m = row(c.at);
			m.decisions++;
			if (c.body.outside![i] === false) m.localDecisions++;
		});
	}
	for (const r of counted) {
		const m = row(r.on);
		if (r.kind === 'dependency') m.dependencies++;
		else if (r.kind === 'repair') m.repairs++;
		else if (r.kind === 'dispute') m.disputes++;
		else if (r.kind === 'decision') {
			m.decisions++;
			if (r.outside === false) m.localDecisions++;
		}
	}
	const totals = empty('');
	for (const r of rows.values())
		for (const k of Object.keys(totals) as (keyof MonthRow)[])
			if (k !== 'month') (totals[k] as number) += r[k] as number;
	const { month: _, ...sums } = totals;
	void _;
	// The last twelve months, oldest first, empty ones included (a trend has no holes).
	const months: MonthRow[] = [];
	let s = monthStart(now);
	for (let i = 0; i < 12; i++) {
		months.unshift(rows.get(monthOf(s)) ?? empty(monthOf(s)));
		s = monthStart(s - 1);
	}
	times.push(monthStart(now), Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 1));
	return {
		value: {
			months,
			totals: sums,
			autonomyPermille: sums.decisions ? Math.floor((sums.localDecisions * 1000) / sums.decisions) : null,
			avoided: avoided.reverse(),
			rounds: counted.filter((r) => r.kind === 'round').reverse(),
			records: counted.filter((r) => r.kind !== 'round').reverse(),
			pending: pending.sort((a, b) => b.recordedAt - a.recordedAt || (a.id < b.id ? -1 : 1))
		},
		times
	};
};
