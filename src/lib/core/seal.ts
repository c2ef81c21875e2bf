/**
 * Seals: the record that a term has begun and who holds it (DESIGN.md §4).
 *
 *   rotation.seal {role, term, segment, start, holders, inputs}
 * The first phone past a boundary writes one; phones that were offline may write their
 * own. Concurrent seals resolve deterministically: the lowest entry id wins (ids are
 * hashes, so nobody can aim for a low one without grinding visibly). Anyone can recompute
 * any seal from the ledger: "matches", or "flagged: expected X". A winning seal fixes the
 * holder against entries that arrive late, but only if its holders are ones the rule
 * allows at all (rotation.ts `settle`), so a forged seal can never seat a benched member or
 * break a term limit; it is shown flagged, and the circle's answer is a hard reset.
 */
import { isHex } from './bytes';
import type { Holding, SealRef } from './rotation';
import type { Entry, EntryId, MemberKey, Millis } from './types';

export const SEAL = 'rotation.seal';

export interface SealBody {
	[key: string]: string | number | string[];
	role: string;
	term: number;
	segment: number;
	start: Millis;
	holders: MemberKey[];
	inputs: string;
}

export const sealBody = (h: Holding): SealBody => ({
	role: h.role,
	term: h.term,
	segment: h.segment,
	start: h.start,
	holders: h.computed.slice(),
	inputs: h.draw.inputsHash
});

const key = (role: string, term: number, segment: number) => `${role}\u0000${term}\u0000${segment}`;

/** Collects seals; for every (role, term, segment) keeps the one with the lowest entry id. */
export class SealBook {
	private readonly best = new Map<string, SealRef & { all: EntryId[] }>();
	readonly count = { total: 0 };

	apply(e: Entry, id: EntryId): string | null {
		const b = e.body as Record<string, unknown>;
		if (typeof b.role !== 'string' || !Number.isSafeInteger(b.term) || !Number.isSafeInteger(b.segment))
			return 'a seal names a role, a term and a segment';
		if (!Array.isArray(b.holders) || !b.holders.every((h) => isHex(h, 32)))
			return 'holders must be member keys';
		if (!isHex(b.inputs, 32)) return 'inputs must be a SHA-256 hash';
		const k = key(b.role, b.term as number, b.segment as number);
		const prev = this.best.get(k);
		this.count.total++;
		if (!prev || id < prev.entry)
			this.best.set(k, {
				entry: id,
				holders: b.holders as MemberKey[],
				inputs: b.inputs,
				all: [...(prev?.all ?? []), id]
			});
		else prev.all.push(id);
		return null;
	}

	get(role: string, term: number, segment: number): SealRef | null {
		return this.best.get(key(role, term, segment)) ?? null;
	}
}

/**
 * The seals this phone should write now: every segment that has begun, whose freeze point
 * has passed, and that nobody has sealed yet. A vacant term is sealed too (as vacant).
 */
export const dueSeals = (holdings: readonly Holding[], now: Millis): SealBody[] =>
	holdings
		.filter((h) => h.start <= now && h.freezeAt <= now && h.end > h.start && h.seal === null)
		.map(sealBody);

/** What "verify this draw" shows for a holding. */
export const verify = (h: Holding): { verdict: 'matches' | 'flagged' | 'unsealed'; message: string } => {
	if (!h.seal)
		return {
			verdict: 'unsealed',
			message: `not sealed yet; the rule picks ${h.computed.join(', ') || 'nobody'}`
		};
	return { verdict: h.seal.verdict === 'matches' ? 'matches' : 'flagged', message: h.seal.message };
};
