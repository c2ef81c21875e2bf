/**
 * The lottery's only source of chance: a SHA-256 counter-mode stream over a seed.
 * "Chance is the great democratizer" (the essay, Randomized Stewardship), but chance
 * that every phone can recompute and anyone can audit: no Math.random, no floats.
 *
 * Block i of a stream is SHA-256 of the canonical JSON array
 *   [tag, seed, ...rest, i]        e.g. ["rot/v1", "<seed hex>", "12", "steward", 0]
 * where `domain = [tag, ...rest]` (DESIGN.md §4: `rot/v1 | seed | term | role | counter`).
 * A JSON array rather than joined text, so no choice of role name can make two
 * domains collide. Each block yields eight big-endian unsigned 32-bit words, used in order.
 */
import { sha256Bytes, sha256Hex, utf8ToBytes } from './bytes';

/**
 * The canonical JSON (RFC 8785) text of an array of strings and an optional trailing
 * counter. JCS serialises strings and integers exactly as JSON.stringify does, so this is
 * the same text as canonical.encodeText, without its general-purpose checks (this runs
 * once per draw, tens of thousands of times in a large ledger).
 */
const tupleText = (parts: readonly string[], counter: number | null): string => {
	for (const p of parts) if (typeof p !== 'string') throw new Error('stream domains are strings');
	if (counter !== null && !Number.isSafeInteger(counter)) throw new Error('the counter is an integer');
	return JSON.stringify(counter === null ? parts : [...parts, counter]);
};

export interface Stream {
	/** The next 32-bit word of the stream, 0 ≤ x < 2^32. */
	nextU32(): number;
	/** An unbiased integer 0 ≤ x < n (1 ≤ n ≤ 2^32), by rejection sampling. */
	below(n: number): number;
}

const TWO_32 = 0x1_0000_0000;

export const block = (seed: string, domain: readonly string[], counter: number): Uint8Array => {
	const [tag, ...rest] = domain;
	if (tag === undefined) throw new Error('a random stream needs a domain tag such as "rot/v1"');
	return sha256Bytes(utf8ToBytes(tupleText([tag, seed, ...rest], counter)));
};

export const stream = (seed: string, domain: readonly string[]): Stream => {
	let counter = 0;
	let words: Uint8Array = new Uint8Array(0);
	let at = 0;
	const nextU32 = (): number => {
		if (at >= words.length) {
			words = block(seed, domain, counter++);
			at = 0;
		}
		const x = ((words[at]! << 24) | (words[at + 1]! << 16) | (words[at + 2]! << 8) | words[at + 3]!) >>> 0;
		at += 4;
		return x;
	};
	const below = (n: number): number => {
		if (!Number.isSafeInteger(n) || n < 1 || n > TWO_32)
			throw new Error(`below(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
		// Only the largest multiple of n under 2^32 maps evenly onto 0..n-1; a word at
		// or above it would favour the small residues, so it is thrown away and redrawn.
		const limit = TWO_32 - (TWO_32 % n);
		for (;;) {
			const x = nextU32();
			if (x < limit) return x % n;
		}
	};
	return { nextU32, below };
};

/** Fisher–Yates (Durstenfeld) shuffle driven by the stream; returns a new array. */
export const shuffle = <T>(items: readonly T[], s: Stream): T[] => {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = s.below(i + 1);
		const tmp = out[i]!;
		out[i] = out[j]!;
		out[j] = tmp;
	}
	return out;
};

/**
 * A per-member tie-break key: SHA-256 over (tag, seed, ...rest, member). Each member's key
 * is computed alone, so adding someone to a circle never reorders the others among
 * themselves (DESIGN.md §4). Compared as lower-case hex, i.e. by bytes.
 */
export const memberKey = (seed: string, domain: readonly string[], member: string): string => {
	const [tag, ...rest] = domain;
	if (tag === undefined) throw new Error('a tie-break key needs a domain tag');
	return sha256Hex(tupleText([tag, seed, ...rest, 'member', member], null));
};
