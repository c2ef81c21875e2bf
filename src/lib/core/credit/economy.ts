/**
 * The charter's economy section (DESIGN.md §11): the circle's unit, the default limits every
 * account has, whether a payee must accept a payment before it counts, and how many members a
 * credit decision (a member's own limits, a write-off) needs. It lives under the key `economy`
 * of the charter's content, beside the sections older phones know: they keep and hash it and
 * ignore it (charter/content.ts `checkContent`). It is read leniently: a missing or unusable
 * field takes its default, so no charter is ever refused for its economy section.
 *
 * Amounts are integers in the unit's smallest step: with `decimals` 2, 150 is 1.50 hours. No
 * fraction ever enters the ledger (canonical JSON has none), so every phone adds the same way.
 */
import type { CharterContent } from '../charter/content';

export const SECTION = 'economy';

/** The largest amount one transfer may carry, and the largest limit: sums stay exact. */
export const AMOUNT_MAX = 1_000_000_000;
export const UNIT_MAX = 24;
/** The unit of a charter that names none: a constant every phone shares, worded by each (the UI). */
export const DEFAULT_UNIT = 'hours';
export const DECIMALS_MAX = 3;
/** Default limits in whole units: an account may go 20 down and 40 up. */
export const DEFAULT_FLOOR_UNITS = -20;
export const DEFAULT_CEILING_UNITS = 40;
/** Nobody decides alone: a credit decision needs at least two members, whatever the charter says. */
export const SUPPORT_FLOOR = 2;
export const DEFAULT_SUPPORT = 3;

export interface Economy {
	/** What the circle counts in: "hours", or its own currency's name. */
	unit: string;
	/** Digits after the point when an amount is shown: the unit's smallest step is 10^-decimals. */
	decimals: number;
	/** The lowest balance an account may reach by paying (≤ 0), in smallest steps. */
	floor: number;
	/** The highest balance an account should reach (≥ 0): flagged, never enforced (offline). */
	ceiling: number;
	/** When true a payment counts only once its payee accepts it (Credit Commons' pending → accepted). */
	payeeMustAccept: boolean;
	/** Members whose support decides a member's limits or a write-off (capped, never below two). */
	support: number;
}

const int = (x: unknown, lo: number, hi: number): x is number =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/** The economy section of a charter, every field checked, defaults where a field is unusable. */
export const economyOf = (content: CharterContent | { [key: string]: unknown }): Economy => {
	const raw = (content as { [key: string]: unknown })[SECTION];
	const e = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as {
		[key: string]: unknown;
	};
	const unit =
		typeof e.unit === 'string' && e.unit.trim() && e.unit.length <= UNIT_MAX ? e.unit.trim() : DEFAULT_UNIT;
	const decimals = int(e.decimals, 0, DECIMALS_MAX) ? e.decimals : 2;
	const step = 10 ** decimals;
	return {
		unit,
		decimals,
		floor: int(e.floor, -AMOUNT_MAX, 0) ? e.floor : DEFAULT_FLOOR_UNITS * step,
		ceiling: int(e.ceiling, 0, AMOUNT_MAX) ? e.ceiling : DEFAULT_CEILING_UNITS * step,
		payeeMustAccept: e.payeeMustAccept === true,
		support: int(e.support, 1, 1000) ? e.support : DEFAULT_SUPPORT
	};
};

/** Members a decision about `subject` needs, given the active members other than them. */
export const supportNeeded = (threshold: number, others: number): number =>
	Math.max(SUPPORT_FLOOR, Math.min(threshold, others));

/**
 * An amount as text, in the unit's steps: formatAmount(-250, 2) is "-2.50". Plain digits, no
 * locale: the same on every phone (the UI may dress it).
 */
export const formatAmount = (n: number, decimals: number): string => {
	const sign = n < 0 ? '-' : '';
	const a = Math.abs(n);
	if (decimals === 0) return `${sign}${a}`;
	const step = 10 ** decimals;
	const whole = Math.floor(a / step);
	const frac = String(a % step).padStart(decimals, '0');
	return `${sign}${whole}.${frac}`;
};

/**
 * What a person typed ("2", "2.5", "2,50") as an integer in smallest steps, or null when it is
 * not a positive amount the unit can hold (too many decimals, too large, not a number).
 */
export const parseAmount = (text: string, decimals: number): number | null => {
	const t = text.trim().replace(',', '.');
	const m = /^(\d{1,10})(?:\.(\d*))?$/.exec(t) ?? /^()\.(\d+)$/.exec(t);
	if (!m) return null;
	const frac = m[2] ?? '';
	if (frac.replace(/0+$/, '').length > decimals) return null;
	const n =
		Number(m[1] || '0') * 10 ** decimals + Number((frac + '0'.repeat(decimals)).slice(0, decimals) || '0');
	return Number.isSafeInteger(n) && n >= 1 && n <= AMOUNT_MAX ? n : null;
};
