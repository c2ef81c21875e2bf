/**
 * The timeline of one role: every term from the epoch to the next one, each drawn by the
 * rule in draw.ts from what the ledger said at that term's freeze point, then honouring the
 * winning seal when it names people the rule allows. Step-downs and departures split a term
 * into segments; a hard reset ends every segment and starts a new cycle.
 */
import {
	DAY_MS,
	HOUR_MS,
	boundary,
	days,
	nearestLocalMidnight,
	startOfLocalDay,
	termIndexAt,
	type TermLength
} from '../calendar';
import { offsetOf, type CharterContent, type Role } from '../charter/content';
import type { EntryId, MemberKey, Millis } from '../types';
import { draw, recordService, type DrawResult, type Exclusion, type Tally, type Unavailable } from './draw';

export { SCALE } from './draw';
export type { Tally, DrawResult } from './draw';

export interface StepDown {
	/** The role.stepdown entry; for a departure, the empty string (the leave is in membership). */
	id: EntryId;
	member: MemberKey;
	role: string;
	/** The term stepped down from (for a departure, the term they held when they left). */
	term: number;
	at: Millis;
	note: string;
	/** A willing step-down (celebrated), or the holder leaving the circle. */
	kind: 'stepdown' | 'left';
}

export interface SealRef {
	entry: EntryId;
	holders: MemberKey[];
	inputs: string;
}

export interface RotationContext {
	/** Midnight UTC of the genesis day (the grid itself starts at the circle's own midnight). */
	epoch: Millis;
	/** The genesis instant: term 0 of every role starts here, and no freeze point is earlier. */
	genesisAt: Millis;
	charterAt(t: Millis): CharterContent;
	seedAt(t: Millis): string;
	rosterAt(t: Millis): MemberKey[];
	/**
	 * Benches recorded by `recordedBy` that cover `at`, absences overlapping [from, to), and
	 * members a meeting pattern passes over (judged against `held`: this role's stretches so far).
	 */
	unavailable(
		role: string,
		recordedBy: Millis,
		from: Millis,
		to: Millis,
		held: readonly Holding[]
	): Map<MemberKey, Unavailable>;
	/** Completed resets, sorted by time. */
	resets: readonly { at: Millis; cycle: number }[];
	/** Step-down entries for this role, sorted by time. */
	stepdowns(role: string): readonly StepDown[];
	/** When a member who was active at `at` left the circle (the end of that stretch), or null. */
	leftAt(member: MemberKey, at: Millis): Millis | null;
	/** The seals recorded for the stretch of `role` that starts at `start`, lowest id first. */
	seals(role: string, start: Millis): readonly SealRef[];
}

export type Verdict = 'matches' | 'flagged' | 'unsealed';

/**
 * A seal compared with the rule. `flagged` says why: the same holders from different inputs
 * (entries arrived after the seal), other holders the rule allows, or holders it does not
 * allow (then the seal is ignored and the rule's pick holds).
 */
export interface SealVerdict {
	entry: EntryId;
	holders: MemberKey[];
	verdict: 'matches' | 'flagged';
	why: 'inputs-differ' | 'holders-differ' | null;
}

/** One stretch of a role held by the same people: a term, or the part of it after a handoff. */
export interface Holding {
	role: string;
	roleName: string;
	term: number;
	segment: number;
	cycle: number;
	start: Millis;
	end: Millis;
	/** The term's own end (a segment may end earlier by a step-down or reset). */
	termEnd: Millis;
	freezeAt: Millis;
	seed: string;
	/** Who holds it (the sealed holders when a valid seal exists). Empty: vacant. */
	holders: MemberKey[];
	/** Who the rule picks from this ledger. */
	computed: MemberKey[];
	began: 'term' | 'stepdown' | 'left' | 'reset';
	ended: 'term' | 'stepdown' | 'left' | 'reset' | null;
	draw: DrawResult;
	seal: SealVerdict | null;
	/** The freeze point has not passed yet: this may still change. */
	provisional: boolean;
	/** The step-down that ended this segment. */
	stepdown: StepDown | null;
}

const sameLength = (a: TermLength | null, b: TermLength): boolean =>
	a !== null && a.unit === b.unit && a.count === b.count;

/**
 * Every term of `roleId` from the founding up to and including the first term that starts
 * after `now` (the "next" term). Pure: everything comes from the context.
 *
 * Term 0 starts at the genesis instant (a circle has holders from its founding day) and ends
 * at the first boundary of a grid anchored at the circle's midnight of that day, in the offset
 * of the charter in force at genesis. The tallies returned count only terms that have begun
 * by `now`: the next term is drawn, but not yet served.
 */
export const timeline = (
	ctx: RotationContext,
	roleId: string,
	now: Millis
): { holdings: Holding[]; tallies: Map<MemberKey, Tally>; validFrom: Millis; validUntil: Millis } => {
	const holdings: Holding[] = [];
	// The same result (but for `provisional`) holds for every now' in [validFrom, validUntil):
	// the walk stops at the first term starting after now, and terms start in increasing order.
	let validFrom = -Infinity;
	let validUntil = -Infinity;
	let tallies = new Map<MemberKey, Tally>();
	let served: Map<MemberKey, Tally> | null = null;
	let len: TermLength | null = null;
	// The grid's offset: the charter's at genesis, then each new one from the first boundary
	// whose freeze point sees it ratified.
	let off = offsetOf(ctx.charterAt(ctx.genesisAt));
	let anchor = startOfLocalDay(ctx.genesisAt, off);
	let j = 0;
	let start = ctx.genesisAt;
	let k = 0;
	let floor = ctx.genesisAt;
	let cycle = 0;
	let lead = ctx.charterAt(ctx.genesisAt).freezeHours * HOUR_MS;
	let ri = 0;
	const steps = ctx.stepdowns(roleId);
	let si = 0;
	let began: Holding['began'] = 'term';
	for (let guard = 0; guard < 1_000_000; guard++) {
		while (ri < ctx.resets.length && ctx.resets[ri]!.at <= start) {
			floor = Math.max(floor, ctx.resets[ri]!.at);
			cycle = ctx.resets[ri]!.cycle;
			tallies = carryLimits(tallies);
			ri++;
		}
		// Service counts once a term has begun: the next one is drawn from these, not counted.
		if (start > now && served === null) served = cloneTallies(tallies);
		const freezeAt = Math.max(start - lead, floor);
		const charter = ctx.charterAt(freezeAt);
		const role = charter.roles.find((r) => r.id === roleId) ?? null;
		if (role && !sameLength(len, role.term)) {
			// A new term length applies from this boundary: re-anchor the grid at the circle's
			// midnight that begins this term's day (this boundary itself, but for the founding
			// term and a term begun by a reset).
			len = role.term;
			anchor = startOfLocalDay(start, off);
			j = 0;
		}
		const gridLen = len ?? days(1);
		let gridEnd = boundary(anchor, gridLen, j + 1, off);
		// A ratified charter with another offset moves the grid from the first boundary whose
		// freeze point (judged by this term's freeze lead) comes after the ratification: that
		// boundary becomes the new midnight nearest it (it moves by twelve hours at most).
		const nextOff = offsetOf(ctx.charterAt(Math.max(gridEnd - charter.freezeHours * HOUR_MS, floor)));
		let regrid = false;
		if (nextOff !== off) {
			let moved = nearestLocalMidnight(gridEnd, nextOff);
			if (moved <= start) moved += DAY_MS;
			gridEnd = moved;
			regrid = true;
		}
		const reset = ri < ctx.resets.length && ctx.resets[ri]!.at < gridEnd ? ctx.resets[ri]! : null;
		const termEnd = reset ? reset.at : gridEnd;
		if (role) {
			const seed = ctx.seedAt(freezeAt);
			const result = draw({
				role,
				term: k,
				segment: 0,
				seed,
				roster: ctx.rosterAt(freezeAt),
				unavailable: ctx.unavailable(roleId, freezeAt, start, termEnd, holdings),
				tallies,
				seats: role.seats,
				earn: true
			});
			let segment = 0;
			let segStart = start;
			let segFreeze = freezeAt;
			let segSeed = seed;
			let segBegan: Holding['began'] = began;
			let current = settle(ctx, role, k, start, result, tallies);
			// Step-downs inside this term split it: the rest goes to the next in line.
			for (;;) {
				// The first step-down (fold order) in [segStart, termEnd) by a holder of this
				// segment. Non-matching ones are not used up: the one holding the next segment
				// (a successor after a departure) may be their author. A holder who stepped down
				// has served term k, so no later segment of it can seat them again.
				while (si < steps.length && steps[si]!.at < segStart) si++;
				let sd = null as StepDown | null;
				for (let i = si; i < steps.length && steps[i]!.at < termEnd; i++) {
					const x = steps[i]!;
					if (x.term === k && current.holders.includes(x.member)) {
						sd = x;
						break;
					}
				}
				// A holder who leaves the circle hands over like a step-down; one who left after
				// the freeze point but before the term began hands over at its very start.
				for (const m of current.holders) {
					const left = ctx.leftAt(m, segFreeze);
					if (left === null || left >= termEnd) continue;
					const at = Math.max(left, segStart);
					if (!sd || at < sd.at || (at === sd.at && sd.kind === 'stepdown'))
						sd = {
							id: '' as EntryId,
							member: m,
							role: roleId,
							term: k,
							at,
							note: 'left the circle',
							kind: 'left'
						};
				}
				const segEnd = sd ? sd.at : termEnd;
				// A stretch nobody actually held (its holder left before it began) is not shown.
				if (segEnd > segStart)
					holdings.push({
						role: roleId,
						roleName: role.name,
						term: k,
						segment,
						cycle,
						start: segStart,
						end: segEnd,
						termEnd,
						freezeAt: segFreeze,
						seed: segSeed,
						holders: current.holders,
						computed: current.computed,
						began: segBegan,
						ended: sd ? sd.kind : reset ? 'reset' : 'term',
						draw: current.draw,
						seal: current.seal,
						provisional: now < segFreeze,
						stepdown: sd
					});
				if (!sd) break;
				segment++;
				segStart = sd.at;
				segFreeze = sd.at;
				segSeed = ctx.seedAt(sd.at);
				segBegan = sd.kind;
				const stay = current.holders.filter((m) => m !== sd.member);
				const exclude = new Map<MemberKey, Exclusion>(stay.map((m) => [m, 'already-serving']));
				exclude.set(sd.member, 'stepped-down');
				const next = draw({
					role,
					term: k,
					segment,
					seed: segSeed,
					roster: ctx.rosterAt(sd.at),
					unavailable: ctx.unavailable(roleId, sd.at, sd.at, termEnd, holdings),
					tallies,
					seats: role.seats - stay.length,
					earn: false,
					exclude
				});
				current = settle(ctx, role, k, segStart, next, tallies, stay);
			}
		}
		// The next term's freeze lead: this term's freeze-point charter.
		lead = charter.freezeHours * HOUR_MS;
		if (start > now) {
			validUntil = start;
			break;
		}
		validFrom = start;
		k++;
		if (reset) {
			start = reset.at;
			j = termIndexAt(anchor, gridLen, reset.at, off);
			began = 'reset';
		} else if (regrid) {
			off = nextOff;
			anchor = gridEnd;
			start = gridEnd;
			j = 0;
			began = 'term';
		} else {
			start = gridEnd;
			j++;
			began = 'term';
		}
	}
	return { holdings, tallies: served ?? tallies, validFrom, validUntil };
};

const cloneTallies = (tallies: Map<MemberKey, Tally>): Map<MemberKey, Tally> => {
	const out = new Map<MemberKey, Tally>();
	for (const [m, t] of tallies) out.set(m, { ...t });
	return out;
};

/** After a reset the counts restart, but the limits remember who just served. */
const carryLimits = (tallies: Map<MemberKey, Tally>): Map<MemberKey, Tally> => {
	const out = new Map<MemberKey, Tally>();
	for (const [m, t] of tallies) out.set(m, { earned: 0, served: 0, lastTerm: t.lastTerm, run: t.run });
	return out;
};

/**
 * A seal compared with the rule (DESIGN.md §10: "a seal records an outcome every phone can
 * recompute; it never chooses one"). The holders are always the rule's; the seals recorded
 * for the stretch only say whether a phone saw the same thing. A matching seal is shown when
 * there is one (so a forged seal with a ground-down id cannot hide it); otherwise the lowest
 * id, flagged with why.
 */
export const sealOutcome = (
	seals: readonly SealRef[],
	computed: MemberKey[],
	result: DrawResult
): SealVerdict | null => {
	if (seals.length === 0) return null;
	const same = (x: SealRef) => {
		const sealed = [...new Set(x.holders)].sort();
		return sealed.length === computed.length && sealed.every((m, i) => m === computed[i]);
	};
	const matching = seals.find((x) => same(x) && x.inputs === result.inputsHash);
	const shown = matching ?? seals[0]!;
	return {
		entry: shown.entry,
		holders: [...new Set(shown.holders)].sort(),
		verdict: matching ? 'matches' : 'flagged',
		why: matching ? null : same(shown) ? 'inputs-differ' : 'holders-differ'
	};
};

/** The rule's holders for a stretch, its seals' verdict, and the service recorded. */
const settle = (
	ctx: RotationContext,
	role: Role,
	k: number,
	start: Millis,
	result: DrawResult,
	tallies: Map<MemberKey, Tally>,
	stay: readonly MemberKey[] = []
): { holders: MemberKey[]; computed: MemberKey[]; draw: DrawResult; seal: Holding['seal'] } => {
	// After a handoff the co-holders stay; the seal covers everyone holding the segment.
	const computed = [...stay, ...result.holders].sort();
	const seal = sealOutcome(ctx.seals(role.id, start), computed, result);
	recordService(tallies, result.holders, k);
	return { holders: computed, computed, draw: result, seal };
};
