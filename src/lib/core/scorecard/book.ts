/**
 * What the scorecard domain keeps: what members record of the circle's sovereignty (DESIGN.md
 * §11, Transition Towns' resilience indicators): dependencies reversed, repairs done in the
 * circle, disputes resolved internally, decisions with whether they needed outside permission,
 * and sufficiency rounds. A record counts once another active member seconds it, so nobody pads
 * the circle's published scorecard alone.
 */
import { reject, type Rejection } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const RECORD_KINDS = ['dependency', 'repair', 'dispute', 'decision'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const AREAS = ['tools', 'time', 'skills', 'care', 'space'] as const;
export type Area = (typeof AREAS)[number];
export type Answer = 'yes' | 'partly' | 'no';
export const ANSWERS: readonly Answer[] = ['yes', 'partly', 'no'];

export interface ScoreRecord {
	id: EntryId;
	kind: RecordKind | 'round';
	what: string;
	/** For a decision: did it need anyone outside the circle's permission? */
	outside: boolean | null;
	/** For a sufficiency round: "we have what we need", area by area. */
	answers: { [A in Area]: Answer } | null;
	on: Millis;
	by: MemberKey;
	recordedAt: Millis;
	secondedBy: MemberKey | null;
	countsFrom: Millis | null;
}

export class ScorecardBook {
	records = new Map<EntryId, ScoreRecord>();
	/**
	 * Undo steps since the book began, so a checkpoint is one number and a rewind undoes back to it
	 * (the book is never copied at each checkpoint). Records are replaced, never edited in place. A
	 * private field: not part of the book's state, no law compares it.
	 */
	#journal: [EntryId, ScoreRecord | undefined][] = [];

	snapshot(): number {
		return this.#journal.length;
	}

	rewind(to: number): this {
		while (this.#journal.length > to) {
			const [id, was] = this.#journal.pop()!;
			if (was) this.records.set(id, was);
			else this.records.delete(id);
		}
		return this;
	}

	private put(r: ScoreRecord): void {
		this.#journal.push([r.id, this.records.get(r.id)]);
		this.records.set(r.id, r);
	}

	clone(): ScorecardBook {
		const b = new ScorecardBook();
		b.records = new Map(this.records);
		return b;
	}

	add(r: ScoreRecord): Rejection | null {
		this.put(r);
		return null;
	}

	second(record: EntryId, by: MemberKey, at: Millis): Rejection | null {
		const r = this.records.get(record);
		if (!r) return reject('scorecard-no-such-record');
		if (r.by === by) return reject('scorecard-own-record');
		if (r.countsFrom !== null) return reject('scorecard-seconded');
		this.put({ ...r, secondedBy: by, countsFrom: at });
		return null;
	}
}
