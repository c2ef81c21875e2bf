/**
 * Rotation: who holds each role in each term, computed identically on every phone.
 *
 * The rule is "largest entitlement deficit first" (DESIGN.md §4): at the start of every
 * term each available member earns SCALE·seats/|available| of a seat; the member(s) with
 * the largest earned − SCALE·served go next. Over a cycle everyone eligible serves once
 * before anyone serves twice, and service counts never differ by more than one while
 * nobody is benched (tested over 1,000 terms). SCALE is lcm(1..20) rather than the
 * brief's 2520 = lcm(1..10), so shares stay exact integers up to twenty members.
 *
 * Ties (everyone at the start of a cycle) are broken by a seeded per-member hash,
 * SHA-256(["rot/v1", seed, term, role, "member", key]): each member's key is computed
 * alone, so adding someone never reorders the others. "When responsibility feels
 * arbitrary, charisma loses leverage" (the essay, Randomized Stewardship).
 *
 * Hard limits on top, never relaxed (a role goes vacant rather than break them):
 * - max consecutive terms ("two-term limits ... prevent subtle consolidation");
 * - cooldown: after a run of service ends, sit out that many terms;
 * - benches from temperature checks ("they rotate out of facilitation for a predefined period");
 * - absences declared in advance.
 * Benched and absent members earn nothing for that term (they are not available); members
 * held back only by a limit still earn, so they come back first once the limit lifts.
 *
 * Stability across offline phones: the draw for term k uses only what the ledger says as
 * of the freeze point F(k) = start(k) − freezeHours (never before the cycle began): the
 * roster then, the seed in force then, benches and absences recorded by then, the charter
 * in force then. Anything later applies from the next term. The freeze lead (freezeHours)
 * of term k is read from the charter in force at the freeze point of the walk's previous step
 * k − 1 (for the first step, at genesis), not from the charter during term k − 1: so a freeze
 * point never depends on itself, and a changed lead applies to the term after the first freeze
 * point that sees it.
 */
import * as canonical from '../canonical';
import * as random from '../random';
import { sha256Hex } from '../bytes';
import type { Role } from '../charter/content';
import type { MemberKey } from '../types';

/** lcm(1, 2, ..., 20): a seat splits into whole units among up to twenty members. */
export const SCALE = 232_792_560;

/** One member's service record in one role. */
export interface Tally {
	/** Seat units earned this cycle (SCALE units per whole seat). */
	earned: number;
	/** Terms (or parts of terms) served this cycle. */
	served: number;
	/** Index of the last term served, in any cycle; -1 if never. */
	lastTerm: number;
	/** Length of the run of consecutive terms ending at lastTerm. */
	run: number;
}

export const freshTally = (): Tally => ({ earned: 0, served: 0, lastTerm: -1, run: 0 });

/** Why a member is not available for a term: a bench, an absence, or a meeting pattern (meeting/judge.ts). */
export type Unavailable = 'benched' | 'absent' | 'passed-over';

export type Exclusion = Unavailable | 'max-consecutive' | 'cooldown' | 'already-serving' | 'stepped-down';

export interface DrawInput {
	role: Role;
	term: number;
	segment: number;
	seed: string;
	/** Active members at the freeze point, sorted by key. */
	roster: readonly MemberKey[];
	/** Members not available this term, with the reason (benched, absent, passed over). */
	unavailable: ReadonlyMap<MemberKey, Unavailable>;
	tallies: Map<MemberKey, Tally>;
	/** How many seats to fill (the role's seats, or the seats a step-down left empty). */
	seats: number;
	/** True at a term's start: available members earn their share before the draw. */
	earn: boolean;
	/** Members who may not take this seat (the one stepping down, co-holders). */
	exclude?: ReadonlyMap<MemberKey, Exclusion>;
}

export interface Ranked {
	member: MemberKey;
	earned: number;
	served: number;
	/** earned − SCALE·served after this term's earning; the larger goes first. */
	deficit: number;
	tie: string;
}

export interface DrawResult {
	holders: MemberKey[];
	/** Candidates in the order the rule ranks them (holders first). */
	ranking: Ranked[];
	excluded: { member: MemberKey; reason: Exclusion }[];
	inputsHash: string;
}

export const tieKey = (seed: string, term: number, role: string, member: MemberKey): string =>
	random.memberKey(seed, ['rot/v1', String(term), role], member);

/** Whether the limits let a member serve term k. */
export const limitFor = (t: Tally | undefined, k: number, role: Role): Exclusion | null => {
	if (!t || t.lastTerm < 0) return null;
	if (t.lastTerm >= k) return 'already-serving';
	if (t.lastTerm === k - 1) return t.run >= role.maxConsecutive ? 'max-consecutive' : null;
	return k - 1 - t.lastTerm >= role.cooldownTerms ? null : 'cooldown';
};

/**
 * One draw. Mutates `tallies` (earning, then service) exactly as the rule prescribes, so a
 * sequence of draws is the rotation. The inputs hash covers everything the outcome depends
 * on, so a verifier can tell "different inputs" from "different rule".
 */
export const draw = (input: DrawInput): DrawResult => {
	const { role, term, tallies } = input;
	const available = input.roster.filter((m) => !input.unavailable.has(m));
	const get = (m: MemberKey): Tally => {
		let t = tallies.get(m);
		if (!t) tallies.set(m, (t = freshTally()));
		return t;
	};
	if (input.earn && available.length > 0) {
		const share = Math.floor((SCALE * role.seats) / available.length);
		for (const m of available) get(m).earned += share;
	}
	const excluded: { member: MemberKey; reason: Exclusion }[] = [];
	for (const m of input.roster) {
		const why = input.unavailable.get(m) ?? input.exclude?.get(m) ?? limitFor(tallies.get(m), term, role);
		if (why) excluded.push({ member: m, reason: why });
	}
	const out = new Set(excluded.map((x) => x.member));
	const ranking: Ranked[] = available
		.filter((m) => !out.has(m))
		.map((m) => {
			const t = get(m);
			return { member: m, earned: t.earned, served: t.served, deficit: t.earned - SCALE * t.served, tie: '' };
		});
	for (const r of ranking) r.tie = tieKey(input.seed, term, role.id, r.member);
	ranking.sort((a, b) => b.deficit - a.deficit || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
	const holders = ranking.slice(0, input.seats).map((r) => r.member);
	const inputsHash = sha256Hex(
		canonical.encode({
			v: 'rot/v1',
			role: role.id,
			term,
			segment: input.segment,
			seed: input.seed,
			seats: input.seats,
			ranking: ranking.map((r) => [r.member, r.earned, r.served]),
			excluded: excluded.map((x) => [x.member, x.reason])
		})
	);
	return { holders, ranking, excluded, inputsHash };
};

/** Records that `holders` serve term k (after a draw, or after honouring a seal). */
export const recordService = (
	tallies: Map<MemberKey, Tally>,
	holders: readonly MemberKey[],
	k: number
): void => {
	for (const m of holders) {
		let t = tallies.get(m);
		if (!t) tallies.set(m, (t = freshTally()));
		t.served += 1;
		if (t.lastTerm === k) continue;
		t.run = t.lastTerm === k - 1 ? t.run + 1 : 1;
		t.lastTerm = k;
	}
};
