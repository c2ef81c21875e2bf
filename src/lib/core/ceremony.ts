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
import * as canonical from './canonical';
import { concatBytes, hexToBytes, isHex, sha256Hex, utf8ToBytes } from './bytes';
import type { Entry, EntryId, MemberKey, Millis } from './types';

export const COMMIT = 'seed.commit';
export const REVEAL = 'seed.reveal';
export const CEREMONY = 'seed.ceremony';

const CEREMONY_ID = /^[0-9a-f]{16,64}$/;
const DICE = /^[1-6]{0,120}$/;

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
	if (!DICE.test(dice)) throw new Error('Type the dice as digits 1 to 6, nothing else.');
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

	/** Applies a seed.* entry; returns a reason when the entry has no effect. */
	apply(e: Entry, id: EntryId): string | null {
		const b = e.body as Record<string, unknown>;
		const cid = b.ceremony;
		if (typeof cid !== 'string' || !CEREMONY_ID.test(cid))
			return 'the ceremony id must be 16–64 hex characters';
		let c = this.ceremonies.get(cid);
		if (e.type === COMMIT) {
			if (!isHex(b.commitment, 32)) return 'a commitment is a SHA-256 hash in hex';
			if (!c) {
				c = { startedAt: e.hlc[0], commits: new Map(), reveals: new Map(), completed: null };
				this.ceremonies.set(cid, c);
			}
			if (c.completed) return 'that ceremony is already complete';
			if (c.reveals.size > 0) return 'reveals have begun: commitments are closed';
			if (c.commits.has(e.author)) return 'this member already committed';
			c.commits.set(e.author, b.commitment);
			return null;
		}
		if (!c) return 'no commitments for that ceremony';
		if (c.completed) return 'that ceremony is already complete';
		if (e.type === REVEAL) {
			const commitment = c.commits.get(e.author);
			if (!commitment) return 'this member did not commit';
			if (!isHex(b.value, 32) || commitmentFor(cid, e.author, b.value) !== commitment)
				return 'the revealed value does not match the commitment';
			c.reveals.set(e.author, b.value);
			return null;
		}
		if (e.type === CEREMONY) {
			const reveals = b.reveals;
			if (!Array.isArray(reveals)) return 'reveals must be a list';
			const seen = new Set<string>();
			for (const r of reveals as Reveal[]) {
				const commitment = c.commits.get(r?.member);
				if (!commitment || seen.has(r.member)) return 'a reveal names a member who did not commit (or twice)';
				if (!isHex(r.value, 32) || commitmentFor(cid, r.member, r.value) !== commitment)
					return `the value revealed for ${String(r.member).slice(0, 8)} does not match its commitment`;
				seen.add(r.member);
			}
			if (seen.size !== c.commits.size) return 'every phone that committed must reveal';
			if (typeof b.dice !== 'string' || !DICE.test(b.dice)) return 'dice must be digits 1 to 6';
			const previous = this.seedAt(e.hlc[0]).seed;
			const seed = nextSeed(previous, reveals as Reveal[], b.dice);
			if (b.seed !== seed) return 'the recorded seed is not the hash of the previous seed, reveals and dice';
			c.completed = id;
			this.seeds.push({
				seed,
				at: e.hlc[0],
				source: 'ceremony',
				entry: id,
				dice: b.dice,
				participants: [...seen].sort() as MemberKey[]
			});
			return null;
		}
		return 'unknown seed entry';
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
