/**
 * What the rotation domain keeps from the ledger: seals, step-downs, bench proposals, benches
 * in force and absences.
 * The timelines themselves are computed from these at view time (per term, not per entry)
 * and remembered in `memo`, which is not part of the book's state: a clone starts without it.
 */
import { SealBook } from './seal';
import type { BenchProposal } from './bench';
import type { EntryId, MemberKey, Millis } from '../types';
import type { Holding, StepDown, Tally } from './timeline';

/**
 * Whether a bench no longer counts at t: fewer of its supporters than it needed are still
 * members (it lapses when its supporters leave), or a hard reset came after it.
 */
export const benchLifted =
	(
		isActive: (m: MemberKey, t: Millis) => boolean,
		resets: readonly { at: Millis }[]
	): ((b: Bench, t: Millis) => boolean) =>
	(b, t) =>
		b.supporters.filter((m) => isActive(m, t)).length < b.needed ||
		resets.some((r) => r.at > b.at && r.at <= t);

/** A temperature check's outcome: "they rotate out of facilitation for a predefined period". */
export interface Bench {
	/** The member.bench entry that proposed it. */
	id: EntryId;
	member: MemberKey;
	/** The role benched from, or null for every role. */
	role: string | null;
	/** When it took effect: the support that reached the threshold. */
	at: Millis;
	until: Millis;
	/** Who proposed it. */
	by: MemberKey;
	reason: string;
	/** Everyone who supported it when it took effect, the proposer first. */
	supporters: MemberKey[];
	/** How many of them had to be members for it to take effect, and to go on counting. */
	needed: number;
}

export interface Absence {
	id: EntryId;
	member: MemberKey;
	at: Millis;
	from: Millis;
	until: Millis;
	note: string;
}

export interface MemoTimeline {
	holdings: Holding[];
	tallies: ReadonlyMap<MemberKey, Tally>;
	validFrom: Millis;
	validUntil: Millis;
	/** The inputs it was computed from (see RotationBook.inputsKey). */
	key: string;
	/** Starts of stretches whose seals arrived since, not yet brought in. */
	seals: Millis[];
}

export class RotationBook {
	seals = new SealBook();
	stepdowns: StepDown[] = [];
	benches: Bench[] = [];
	/** Bench proposals by id, decided or not (supports name them). */
	proposals = new Map<EntryId, BenchProposal>();
	absences: Absence[] = [];
	/** Counts entries that can change every role's timeline (absences, benches from all roles). */
	unscoped = 0;
	/** Each role's timeline as last computed (a cache only: a miss recomputes the same thing). */
	memo = new Map<string, MemoTimeline>();

	clone(): RotationBook {
		const c = new RotationBook();
		c.seals = this.seals.clone();
		c.stepdowns = this.stepdowns.slice();
		c.benches = this.benches.slice();
		for (const [k, p] of this.proposals) c.proposals.set(k, { ...p, supporters: p.supporters.slice() });
		c.absences = this.absences.slice();
		c.unscoped = this.unscoped;
		return c;
	}

	/**
	 * Members benched (by `recordedBy`, covering `from`) or absent during [from, to). A bench
	 * no longer counts once `lifted` says so as of `recordedBy`: its author has left, or a hard
	 * reset came after it (nobody silences anyone for longer than they stay, or past a reset).
	 */
	unavailable(
		role: string | null,
		recordedBy: Millis,
		from: Millis,
		to: Millis,
		lifted: (b: Bench, t: Millis) => boolean
	): Map<MemberKey, 'benched' | 'absent'> {
		const out = new Map<MemberKey, 'benched' | 'absent'>();
		for (const a of this.absences)
			if (a.at <= recordedBy && a.from < to && a.until > from) out.set(a.member, 'absent');
		for (const b of this.benches)
			if (
				b.at <= recordedBy &&
				(b.role === null || b.role === role) &&
				b.until > from &&
				!lifted(b, recordedBy)
			)
				out.set(b.member, 'benched');
		return out;
	}
}
