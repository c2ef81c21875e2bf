/**
 * Seals: the record that a term has begun and who holds it (DESIGN.md §4).
 *
 *   rotation.seal {role, term, segment, start, holders, inputs}
 * The first phone past a boundary writes one; phones that were offline may write their
 * own. A seal is a record, never a choice (DESIGN.md §10): the holders are always the ones
 * the rule computes, and a seal only says whether the phone that wrote it saw the same thing
 * ("matches") or not ("flagged", with why). So writing a seal for yourself, or grinding its
 * id, changes nobody's role. Seals are keyed by the stretch of time they cover (role and
 * start instant), so after two partitions each reset and merge, a seal written for one
 * stretch never speaks for another. A stretch with no matching seal is due: honest phones
 * write one even when a forged one is there.
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

/** Seals are keyed by the stretch of time they cover (role and start), never by a term number. */
const key = (role: string, start: Millis) => `${role}\u0000${start}`;

/** Collects seals: for every stretch, every seal recorded for it, lowest entry id first. */
export class SealBook {
	private readonly byStretch = new Map<string, SealRef[]>();
	readonly count = { total: 0 };

	apply(b: SealBody, id: EntryId): void {
		const k = key(b.role, b.start);
		const list = this.byStretch.get(k) ?? [];
		list.push({ entry: id, holders: b.holders, inputs: b.inputs });
		list.sort((x, y) => (x.entry < y.entry ? -1 : x.entry > y.entry ? 1 : 0));
		this.byStretch.set(k, list);
		this.count.total++;
	}

	clone(): SealBook {
		const c = new SealBook();
		for (const [k, v] of this.byStretch) c.byStretch.set(k, v.slice());
		c.count.total = this.count.total;
		return c;
	}

	get(role: string, start: Millis): readonly SealRef[] {
		return this.byStretch.get(key(role, start)) ?? [];
	}
}

/**
 * The founding stretch: the first term of the first cycle from the genesis until a handoff, drawn
 * from the founder alone (the only member then). Nothing to verify, so nothing to seal.
 */
export const isFounding = (h: Pick<Holding, 'cycle' | 'term' | 'segment'>): boolean =>
	h.cycle === 0 && h.term === 0 && h.segment === 0;

/**
 * The seals this phone should write now: every segment that has begun, whose freeze point
 * has passed, and that nobody has sealed yet. A vacant term is sealed too (as vacant); the
 * founding stretch is not (`isFounding`).
 */
export const dueSeals = (holdings: readonly Holding[], now: Millis): SealBody[] =>
	holdings
		.filter(
			(h) =>
				h.start <= now &&
				h.freezeAt <= now &&
				h.end > h.start &&
				h.seal?.verdict !== 'matches' &&
				!isFounding(h)
		)
		.map(sealBody);

/** What "verify this draw" shows for a holding. */
export const verify = (h: Holding): 'matches' | 'flagged' | 'unsealed' =>
	h.seal ? h.seal.verdict : 'unsealed';
