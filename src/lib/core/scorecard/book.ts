/**
 * What the scorecard domain keeps: what members record of the circle's sovereignty (DESIGN.md
 * §11, Transition Towns' resilience indicators): dependencies reversed, repairs done in the
 * circle, disputes resolved internally, decisions with whether they needed outside permission,
 * and sufficiency rounds. A record counts once another active member seconds it, so nobody pads
 * the circle's published scorecard alone.
 */
import { reject, type Rejection } from '../host/domain';
import { JournaledRecords } from '../host/journaled';
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

export class ScorecardBook extends JournaledRecords<ScoreRecord> {
	clone(): ScorecardBook {
		return this.copyInto(new ScorecardBook());
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
