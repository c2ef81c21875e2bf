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
import type { Holding, SealRef } from './timeline';
import type { EntryId, MemberKey, Millis } from '../types';

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

	apply(b: SealBody, id: EntryId): void {
		const k = key(b.role, b.term, b.segment);
		const prev = this.best.get(k);
		this.count.total++;
		if (!prev || id < prev.entry)
			this.best.set(k, { entry: id, holders: b.holders, inputs: b.inputs, all: [...(prev?.all ?? []), id] });
		else prev.all.push(id);
	}

	clone(): SealBook {
		const c = new SealBook();
		for (const [k, v] of this.best) c.best.set(k, { ...v, all: v.all.slice() });
		c.count.total = this.count.total;
		return c;
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
export const verify = (h: Holding): 'matches' | 'flagged' | 'unsealed' =>
	h.seal ? h.seal.verdict : 'unsealed';
