/**
 * Reseeding the lottery by an in-person dice ceremony (DESIGN.md §4; the essay's
 * "dice roll or digital shuffle"). Commit, close, reveal, so nobody can choose their value
 * after seeing the others':
 *   seed.commit   {ceremony, commitment}   commitment = SHA-256(["seed-commit/v2", ceremony, member, value, dice])
 *   seed.close    {ceremony, commitments: [{member, commitment}]}   "no more commitments"
 *   seed.reveal   {ceremony, close, value, dice}  value: 32 random bytes in hex, chosen by the phone
 *   seed.ceremony {ceremony, close, reveals: [{member, value, dice}], seed}   written by anyone present
 * The new seed is SHA-256(["seed/v2", previous seed, [member, value, dice] sorted by member]).
 * Binding the member into the commitment stops anyone replaying another phone's commitment.
 *
 * Physical dice are rolled at the table before anyone reveals, typed into a phone and
 * committed with its value (threat model T4): in v1 the writer of the seed.ceremony entry
 * typed them after seeing every reveal, and could try dice until the seed drew whom they
 * liked. Now the ceremony entry holds nothing its writer chooses: every phone computes the
 * same seed from the reveals, whoever writes it.
 *
 * Who is in is fixed before anyone reveals (threat model T5): a seed.close names the
 * commitments it counts, each one already on the ledger before it, at least a quorum of them
 * (max(2, half the active members rounded up), so nobody closes a ceremony of their own). A
 * reveal names its close and counts only there; a ceremony completes under a close when every
 * commitment it counts has a reveal naming it, and the first such completion in the total order
 * wins. A commitment the close does not name counts for nothing, however early it is dated: a
 * member who signs one after seeing the reveals chooses nothing, and cannot undo a completion.
 * In v1 a commit counted when no reveal sorted before it, so a back-dated one did both.
 *
 * A ceremony completes only when every phone its close counts has revealed: a phone that
 * withholds its reveal after seeing the others' chooses between two seeds (this ceremony's
 * and the previous one), never a third, and is seen committing without revealing (T6). So
 * does anyone who writes a second, conflicting close before the reveals: honest phones may
 * split between the two and neither completes (the previous seed stays; visible, like T6).
 *
 * Roster freeze: a seed takes effect at the hlc of its seed.ceremony entry. The draw for a
 * term uses the seed in force at that term's freeze point together with the roster as of
 * that same freeze point, so a seed revealed after a freeze point never meets that roster.
 */
import * as canonical from '../canonical';
import { isHex, sha256Hex } from '../bytes';
import { refuse, reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const CEREMONY_ID = /^[0-9a-f]{16,64}$/;
export const DICE = /^[1-6]{0,120}$/;

/** A phone's commitment: its member, its secret value and the dice rolled at the table. */
export const commitmentFor = (ceremony: string, member: MemberKey, value: string, dice: string): string =>
	sha256Hex(canonical.encode(['seed-commit/v2', ceremony, member, value, dice]));

export interface Reveal {
	[key: string]: string;
	member: MemberKey;
	value: string;
	/** Physical dice committed with the value (digits 1–6, may be empty). */
	dice: string;
}

const byMember = (a: { member: string }, b: { member: string }): number => (a.member < b.member ? -1 : 1);

/** The seed a ceremony produces from the seed in force before it: nothing but the reveals. */
export const nextSeed = (previous: string, reveals: readonly Reveal[]): string =>
	sha256Hex(
		canonical.encode([
			'seed/v2',
			previous,
			reveals
				.slice()
				.sort(byMember)
				.map((r) => [r.member, r.value, r.dice])
		])
	);

export const commitBody = (ceremony: string, member: MemberKey, value: string, dice: string) => {
	if (!DICE.test(dice)) refuse('dice-digits');
	return { ceremony, commitment: commitmentFor(ceremony, member, value, dice) };
};
/** Closes the commitments: the ones this phone has seen, one per member (its first), by member. */
export const closeBody = (ceremony: string, commitments: readonly Commitment[]) => ({
	ceremony,
	commitments: commitments.map((c) => ({ member: c.member, commitment: c.commitment })).sort(byMember)
});
export const revealBody = (ceremony: string, close: EntryId, value: string, dice: string) => ({
	ceremony,
	close,
	value,
	dice
});
export const ceremonyBody = (
	ceremony: string,
	close: EntryId,
	previous: string,
	reveals: readonly Reveal[]
) => {
	const sorted = reveals.map((r) => ({ member: r.member, value: r.value, dice: r.dice })).sort(byMember);
	return { ceremony, close, reveals: sorted, seed: nextSeed(previous, sorted) };
};

/** The fewest commitments a close counts: two, or half the active members rounded up. */
export const closeQuorum = (active: number): number => Math.max(2, Math.ceil(active / 2));

export interface Commitment {
	[key: string]: string;
	member: MemberKey;
	commitment: string;
}

export interface CloseProgress {
	close: EntryId;
	at: Millis;
	author: MemberKey;
	/** The members whose commitments this close counts, sorted. */
	counted: MemberKey[];
	/** Counted members who revealed naming this close. */
	revealed: MemberKey[];
	/** Every counted member has revealed naming this close: a seed.ceremony can be written. */
	ready: boolean;
	/** The reveals to embed, sorted by member. */
	reveals: Reveal[];
}

export interface CeremonyProgress {
	ceremony: string;
	startedAt: Millis;
	/** Members with a commitment on the ledger (counted by a close or not), sorted. */
	committed: MemberKey[];
	/** Each member's first commitment in fold order: what an honest close names. */
	commitments: Commitment[];
	/** The closes, in fold order. */
	closes: CloseProgress[];
	completed: EntryId | null;
	/** The close the completion answered. */
	completedUnder: EntryId | null;
}

export interface SeedRecord {
	seed: string;
	/** When it took effect (hlc milliseconds of its entry). */
	at: Millis;
	source: 'genesis' | 'ceremony' | 'reset';
	entry: EntryId;
	/** For a ceremony, the dice committed with its reveals (in member order, space-separated). */
	dice?: string;
	participants?: MemberKey[];
}

interface Close {
	at: Millis;
	author: MemberKey;
	counted: Map<MemberKey, string>;
	reveals: Map<MemberKey, { value: string; dice: string }>;
}

interface Open {
	startedAt: Millis;
	/** Every commitment each member signed, in fold order (only a close makes one count). */
	commits: Map<MemberKey, string[]>;
	closes: Map<EntryId, Close>;
	completed: { entry: EntryId; close: EntryId } | null;
}

const cloneOpen = (o: Open): Open => ({
	startedAt: o.startedAt,
	commits: new Map([...o.commits].map(([k, v]) => [k, v.slice()])),
	closes: new Map(
		[...o.closes].map(([k, c]) => [k, { ...c, counted: new Map(c.counted), reveals: new Map(c.reveals) }])
	),
	completed: o.completed
});

/** Incremental reducer of ceremony entries; seeds come from genesis, ceremonies and resets. */
export class SeedBook {
	readonly seeds: SeedRecord[] = [];
	readonly ceremonies = new Map<string, Open>();

	/** The seed in force at instant t. */
	seedAt(t: Millis): SeedRecord {
		for (let i = this.seeds.length - 1; i >= 0; i--) if (this.seeds[i]!.at <= t) return this.seeds[i]!;
		return this.seeds[0]!;
	}

	current(): SeedRecord {
		return this.seeds[this.seeds.length - 1]!;
	}

	push(record: SeedRecord): void {
		this.seeds.push(record);
	}

	/** Genesis facts every rule reads: term 0 of every role starts at the epoch. */
	genesisAt: Millis = 0;
	epoch: Millis = 0;

	clone(): SeedBook {
		const c = new SeedBook();
		c.seeds.push(...this.seeds);
		for (const [k, o] of this.ceremonies) c.ceremonies.set(k, cloneOpen(o));
		c.genesisAt = this.genesisAt;
		c.epoch = this.epoch;
		return c;
	}

	/**
	 * Records a commitment. It counts only if a close names it, so a commitment signed late
	 * (however it is dated) changes no close already written.
	 */
	commit(author: MemberKey, at: Millis, cid: string, commitment: string): Rejection | null {
		let c = this.ceremonies.get(cid);
		if (!c) {
			c = { startedAt: at, commits: new Map(), closes: new Map(), completed: null };
			this.ceremonies.set(cid, c);
		}
		if (c.completed) return reject('ceremony-complete');
		const mine = c.commits.get(author) ?? [];
		if (mine.includes(commitment)) return reject('already-committed');
		c.commits.set(author, [...mine, commitment]);
		return null;
	}

	/**
	 * Closes the commitments: the close counts exactly the commitments it names, each already
	 * recorded for its member (so signed before the close in the total order), one per member,
	 * at least `quorum` of them.
	 */
	close(
		id: EntryId,
		author: MemberKey,
		at: Millis,
		cid: string,
		named: readonly unknown[],
		quorum: number
	): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const counted = new Map<MemberKey, string>();
		for (const item of named) {
			const n = readCommitment(item);
			if (!n || counted.has(n.member) || !(c.commits.get(n.member) ?? []).includes(n.commitment))
				return reject('close-not-committed');
			counted.set(n.member, n.commitment);
		}
		if (counted.size < quorum) return reject('close-quorum', { count: counted.size, quorum });
		c.closes.set(id, { at, author, counted, reveals: new Map() });
		return null;
	}

	reveal(author: MemberKey, cid: string, close: EntryId, value: string, dice: string): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const k = c.closes.get(close);
		if (!k) return reject('no-such-close');
		const commitment = k.counted.get(author);
		if (!commitment) return reject('not-counted');
		if (commitmentFor(cid, author, value, dice) !== commitment) return reject('reveal-mismatch');
		if (k.reveals.has(author)) return reject('already-revealed');
		k.reveals.set(author, { value, dice });
		return null;
	}

	/**
	 * Completes a ceremony under a close: one reveal per member the close counts, each revealed
	 * on the ledger naming that close, and the seed they give. Nothing else in the entry counts,
	 * so its writer chooses nothing (T4); the first completion in the total order wins.
	 */
	complete(
		id: EntryId,
		at: Millis,
		cid: string,
		close: EntryId,
		reveals: readonly unknown[],
		seed: unknown
	): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const k = c.closes.get(close);
		if (!k) return reject('no-such-close');
		const seen = new Map<MemberKey, Reveal>();
		for (const item of reveals) {
			const r = readReveal(item);
			const commitment = r && k.counted.get(r.member);
			if (!r || !commitment || seen.has(r.member)) return reject('reveal-not-committed');
			if (commitmentFor(cid, r.member, r.value, r.dice) !== commitment)
				return reject('reveal-mismatch', { member: r.member });
			if (!k.reveals.has(r.member)) return reject('reveals-missing');
			seen.set(r.member, r);
		}
		if (seen.size !== k.counted.size) return reject('reveals-missing');
		const sorted = [...seen.values()].sort(byMember);
		const seed0 = nextSeed(this.seedAt(at).seed, sorted);
		if (seed !== seed0) return reject('seed-mismatch');
		c.completed = { entry: id, close };
		this.seeds.push({
			seed: seed0,
			at,
			source: 'ceremony',
			entry: id,
			dice: sorted
				.map((r) => r.dice)
				.filter((d) => d !== '')
				.join(' '),
			participants: sorted.map((r) => r.member)
		});
		return null;
	}

	progress(): CeremonyProgress[] {
		return [...this.ceremonies.entries()]
			.sort((a, b) => a[1].startedAt - b[1].startedAt || (a[0] < b[0] ? -1 : 1))
			.map(([ceremony, c]) => ({
				ceremony,
				startedAt: c.startedAt,
				committed: [...c.commits.keys()].sort(),
				commitments: [...c.commits.entries()]
					.map(([member, list]) => ({ member, commitment: list[0]! }))
					.sort(byMember),
				closes: [...c.closes.entries()].map(([close, k]) => {
					const reveals = [...k.reveals.entries()]
						.map(([member, r]) => ({ member, value: r.value, dice: r.dice }))
						.sort(byMember);
					return {
						close,
						at: k.at,
						author: k.author,
						counted: [...k.counted.keys()].sort(),
						revealed: reveals.map((r) => r.member),
						ready: c.completed === null && k.reveals.size === k.counted.size,
						reveals
					};
				}),
				completed: c.completed?.entry ?? null,
				completedUnder: c.completed?.close ?? null
			}));
	}
}

/** A commitment named by a seed.close body, or null. */
const readCommitment = (x: unknown): Commitment | null => {
	if (typeof x !== 'object' || x === null) return null;
	const r = x as Record<string, unknown>;
	return typeof r.member === 'string' && isHex(r.commitment, 32)
		? { member: r.member as MemberKey, commitment: r.commitment }
		: null;
};

/** A reveal embedded in a seed.ceremony body, or null; absent dice read as none. */
const readReveal = (x: unknown): Reveal | null => {
	if (typeof x !== 'object' || x === null) return null;
	const r = x as Record<string, unknown>;
	const dice = r.dice === undefined ? '' : r.dice;
	if (typeof r.member !== 'string' || !isHex(r.value, 32) || typeof dice !== 'string' || !DICE.test(dice))
		return null;
	return { member: r.member as MemberKey, value: r.value, dice };
};
