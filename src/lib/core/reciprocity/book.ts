/**
 * What the reciprocity domain keeps from the ledger: every contribution a member recorded, and
 * when it came to count (DESIGN.md §11, timeoverflow#655: given and received apart).
 *
 * Nobody raises their own "given" alone. A contribution recorded by its receiver ("Bo gave me two
 * hours") counts at once: the receiver vouches for it. One recorded by its giver waits until the
 * receiver confirms it, or, given to the whole circle, until another active member does. So a
 * member with a modified app can add to what they received (which only makes them look more
 * indebted), never to what they gave.
 */
import { reject, type Rejection } from '../host/domain';
import { JournaledRecords } from '../host/journaled';
import type { EntryId, MemberKey, Millis } from '../types';

/** The kinds a member records; 'tools' (loans) is never recorded: the library counts it. */
export const RECORDED_KINDS = ['hours', 'skills', 'meals', 'care'] as const;
export type RecordedKind = (typeof RECORDED_KINDS)[number];
export type ContributionKind = RecordedKind | 'tools';
export const KINDS: readonly ContributionKind[] = ['hours', 'tools', 'skills', 'meals', 'care'];

/** Each kind's own unit; amounts are whole numbers of it, never added across kinds. */
export const UNIT: { [K in ContributionKind]: 'minutes' | 'loans' | 'sessions' | 'meals' } = {
	hours: 'minutes',
	tools: 'loans',
	skills: 'sessions',
	meals: 'meals',
	care: 'minutes'
};

export interface Contribution {
	/** The recording entry, or the library's lend entry for a loan. */
	id: EntryId;
	kind: ContributionKind;
	amount: number;
	/** A member, or null: the circle (a tool the circle keeps). */
	giver: MemberKey | null;
	/** A member, or null: the whole circle. */
	receiver: MemberKey | null;
	/** When it happened (the author's date, at most 60 days before it was recorded). */
	on: Millis;
	note: string;
	recordedBy: MemberKey;
	recordedAt: Millis;
	/** When it came to count (its receiver's word), or null while it waits for it. */
	countsFrom: Millis | null;
	confirmedBy: MemberKey | null;
}

export class ReciprocityBook extends JournaledRecords<Contribution> {
	clone(): ReciprocityBook {
		return this.copyInto(new ReciprocityBook());
	}

	add(c: Contribution): Rejection | null {
		this.put(c);
		return null;
	}

	/** The receiver's word on a contribution its giver recorded (anyone but the giver, for the circle). */
	confirm(record: EntryId, by: MemberKey, at: Millis): Rejection | null {
		const c = this.records.get(record);
		if (!c) return reject('reciprocity-no-such-record');
		if (c.countsFrom !== null) return reject('reciprocity-confirmed');
		const allowed = c.receiver === null ? by !== c.giver : by === c.receiver;
		if (!allowed) return reject('reciprocity-not-receiver');
		this.put({ ...c, countsFrom: at, confirmedBy: by });
		return null;
	}
}
