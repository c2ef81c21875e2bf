/**
 * Reseeding the lottery by an in-person dice ceremony (DESIGN.md §4; the essay's
 * "dice roll or digital shuffle"). Commit–reveal, so nobody can choose their value
 * after seeing the others':
 *   seed.commit   {ceremony, commitment}   commitment = SHA-256(["seed-commit/v1", ceremony, member, value])
 *   seed.reveal   {ceremony, value}        value: 32 random bytes in hex, chosen by the phone
 *   seed.ceremony {ceremony, reveals: [{member, value}], dice, seed}   written by anyone present
 * The new seed is SHA-256(previous seed ‖ the reveals sorted by value ‖ the typed dice digits).
 * Binding the member into the commitment stops anyone replaying another phone's commitment.
 *
 * A ceremony completes only when every phone that committed has revealed: a phone that
 * withholds its reveal after seeing the others' cannot pick between two outcomes, it can
 * only stall the ceremony, which the others then simply start again.
 *
 * Roster freeze: a seed takes effect at the hlc of its seed.ceremony entry. The draw for a
 * term uses the seed in force at that term's freeze point together with the roster as of
 * that same freeze point, so a seed revealed after a freeze point never meets that roster.
 */
import * as canonical from '../canonical';
import { concatBytes, hexToBytes, isHex, sha256Hex, utf8ToBytes } from '../bytes';
import { refuse, reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const CEREMONY_ID = /^[0-9a-f]{16,64}$/;
export const DICE = /^[1-6]{0,120}$/;

export const commitmentFor = (ceremony: string, member: MemberKey, value: string): string =>
	sha256Hex(canonical.encode(['seed-commit/v1', ceremony, member, value]));

export interface Reveal {
	[key: string]: string;
	member: MemberKey;
	value: string;
}

/** The seed a ceremony produces from the seed in force before it. */
export const nextSeed = (previous: string, reveals: readonly Reveal[], dice: string): string => {
	const values = reveals.map((r) => r.value).sort();
	return sha256Hex(concatBytes(hexToBytes(previous), ...values.map((v) => hexToBytes(v)), utf8ToBytes(dice)));
};

export const commitBody = (ceremony: string, member: MemberKey, value: string) => ({
	ceremony,
	commitment: commitmentFor(ceremony, member, value)
});
export const revealBody = (ceremony: string, value: string) => ({ ceremony, value });
export const ceremonyBody = (ceremony: string, previous: string, reveals: Reveal[], dice: string) => {
	if (!DICE.test(dice)) refuse('dice-digits');
	const sorted = reveals.slice().sort((a, b) => (a.member < b.member ? -1 : 1));
	return { ceremony, reveals: sorted, dice, seed: nextSeed(previous, sorted, dice) };
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
	dice?: string;
	participants?: MemberKey[];
}

interface Open {
	startedAt: Millis;
	commits: Map<MemberKey, string>;
	reveals: Map<MemberKey, string>;
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

	reveal(author: MemberKey, cid: string, value: string): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const commitment = c.commits.get(author);
		if (!commitment) return reject('did-not-commit');
		if (commitmentFor(cid, author, value) !== commitment) return reject('reveal-mismatch');
		c.reveals.set(author, value);
		return null;
	}

	complete(
		id: EntryId,
		at: Millis,
		cid: string,
		reveals: readonly unknown[],
		dice: string,
		seed: unknown
	): Rejection | null {
		const c = this.ceremonies.get(cid);
		if (!c) return reject('no-commitments');
		if (c.completed) return reject('ceremony-complete');
		const seen = new Set<string>();
		for (const r of reveals as Reveal[]) {
			const commitment = c.commits.get(r?.member);
			if (!commitment || seen.has(r.member)) return reject('reveal-not-committed');
			if (!isHex(r.value, 32) || commitmentFor(cid, r.member, r.value) !== commitment)
				return reject('reveal-mismatch', { member: String(r.member) });
			seen.add(r.member);
		}
		if (seen.size !== c.commits.size) return reject('reveals-missing');
		const seed0 = nextSeed(this.seedAt(at).seed, reveals as Reveal[], dice);
		if (seed !== seed0) return reject('seed-mismatch');
		c.completed = id;
		this.seeds.push({
			seed: seed0,
			at,
			source: 'ceremony',
			entry: id,
			dice,
			participants: [...seen].sort() as MemberKey[]
		});
		return null;
	}

	progress(): CeremonyProgress[] {
		return [...this.ceremonies.entries()]
			.sort((a, b) => a[1].startedAt - b[1].startedAt || (a[0] < b[0] ? -1 : 1))
			.map(([ceremony, c]) => {
				const reveals = [...c.reveals.entries()]
					.map(([member, value]) => ({ member, value }))
					.sort((a, b) => (a.member < b.member ? -1 : 1));
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
