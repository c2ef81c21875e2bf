/**
 * Reseeding the lottery by an in-person dice ceremony (DESIGN.md §4; the essay's
 * "dice roll or digital shuffle"). Commit–reveal, so nobody can choose their value
 * after seeing the others':
 *   seed.commit   {ceremony, commitment}   commitment = SHA-256(["seed-commit/v2", ceremony, member, value, dice])
 *   seed.reveal   {ceremony, value, dice}  value: 32 random bytes in hex, chosen by the phone
 *   seed.ceremony {ceremony, reveals: [{member, value, dice}], seed}   written by anyone present
 * The new seed is SHA-256(["seed/v2", previous seed, [member, value, dice] sorted by member]).
 * Binding the member into the commitment stops anyone replaying another phone's commitment.
 *
 * Physical dice are rolled at the table before anyone reveals, typed into a phone and
 * committed with its value (threat model T4): in v1 the writer of the seed.ceremony entry
 * typed them after seeing every reveal, and could try dice until the seed drew whom they
 * liked. Now the ceremony entry holds nothing its writer chooses: every phone computes the
 * same seed from the reveals, whoever writes it.
 *
 * A ceremony completes only when every phone that committed has revealed: a phone that
 * withholds its reveal after seeing the others' chooses between two seeds (this ceremony's
 * and the previous one), never a third, and is seen committing without revealing (T6).
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
export const revealBody = (ceremony: string, value: string, dice: string) => ({ ceremony, value, dice });
export const ceremonyBody = (ceremony: string, previous: string, reveals: readonly Reveal[]) => {
	const sorted = reveals.map((r) => ({ member: r.member, value: r.value, dice: r.dice })).sort(byMember);
	return { ceremony, reveals: sorted, seed: nextSeed(previous, sorted) };
};

export interface CeremonyProgress {
	ceremony: string;
	startedAt: Millis;
	committed: MemberKey[];
	revealed: MemberKey[];
	/** Every committed phone has revealed: a seed.ceremony entry can be written. */
	ready: boolean;
	/** The reveals to embed, sorted by member. */
	reveals: Reveal[];
	completed: EntryId | null;
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

interface Open {
	startedAt: Millis;
	commits: Map<MemberKey, string>;
	reveals: Map<MemberKey, { value: string; dice: string }>;
	completed: EntryId | null;
}

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
		for (const [k, o] of this.ceremonies)
			c.ceremonies.set(k, { ...o, commits: new Map(o.commits), reveals: new Map(o.reveals) });
		c.genesisAt = this.genesisAt;
		c.epoch = this.epoch;
		return c;
	}

	commit(author: MemberKey, at: Millis, cid: string, commitment: string): Rejection | null {
		let c = this.ceremonies.get(cid);
		if (!c) {
			c = { startedAt: at, commits: new Map(), reveals: new Map(), completed: null };
			this.ceremonies.set(cid, c);
		}
		if (c.completed) return reject('ceremony-complete');
		if (c.reveals.size > 0) return reject('commitments-closed');
		if (c.commits.has(author)) return reject('already-committed');
		c.commits.set(author, commitment);
		return null;
	}

	reveal(author: MemberKey, cid: string, value: string, dice: string): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const commitment = c.commits.get(author);
		if (!commitment) return reject('did-not-commit');
		if (commitmentFor(cid, author, value, dice) !== commitment) return reject('reveal-mismatch');
		c.reveals.set(author, { value, dice });
		return null;
	}

	/**
	 * Completes a ceremony: every committed member's reveal, each matching its commitment, and
	 * the seed they give. Nothing else in the entry counts, so its writer chooses nothing (T4).
	 */
	complete(id: EntryId, at: Millis, cid: string, reveals: readonly unknown[], seed: unknown): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const seen = new Map<MemberKey, Reveal>();
		for (const item of reveals) {
			const r = readReveal(item);
			const commitment = r && c.commits.get(r.member);
			if (!r || !commitment || seen.has(r.member)) return reject('reveal-not-committed');
			if (commitmentFor(cid, r.member, r.value, r.dice) !== commitment)
				return reject('reveal-mismatch', { member: r.member });
			seen.set(r.member, r);
		}
		if (seen.size !== c.commits.size) return reject('reveals-missing');
		const sorted = [...seen.values()].sort(byMember);
		const seed0 = nextSeed(this.seedAt(at).seed, sorted);
		if (seed !== seed0) return reject('seed-mismatch');
		c.completed = id;
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
			.map(([ceremony, c]) => {
				const reveals = [...c.reveals.entries()]
					.map(([member, r]) => ({ member, value: r.value, dice: r.dice }))
					.sort(byMember);
				return {
					ceremony,
					startedAt: c.startedAt,
					committed: [...c.commits.keys()].sort(),
					revealed: reveals.map((r) => r.member),
					ready: c.completed === null && c.commits.size > 0 && c.reveals.size === c.commits.size,
					reveals,
					completed: c.completed
				};
			});
	}
}

/** A reveal embedded in a seed.ceremony body, or null; absent dice read as none. */
const readReveal = (x: unknown): Reveal | null => {
	if (typeof x !== 'object' || x === null) return null;
	const r = x as Record<string, unknown>;
	const dice = r.dice === undefined ? '' : r.dice;
	if (typeof r.member !== 'string' || !isHex(r.value, 32) || typeof dice !== 'string' || !DICE.test(dice))
		return null;
	return { member: r.member as MemberKey, value: r.value, dice };
};
