/**
 * The rituals domain: decompression rituals the circle adds to its calendar (issue 10, item 6;
 * the essay's shared meals, silent walks, art sessions). docs/protocol/rituals.md.
 *
 *   ritual.add    {name, at, minutes, every, note}           any active member proposes one
 *   ritual.change {ritual, name, at, minutes, every, note}   any active member, a whole new version
 *   ritual.cancel {ritual, reason}                           any active member, final
 *
 * A domain of its own, not the meeting's: a ritual is not a meeting and writes nothing about
 * talk, decisions or facilitation; the meeting domain folds what a meeting closed with. Nothing
 * here reads or steers a draw, so nobody gains power by adding or moving one.
 *
 * A circle has no owners: any member may change or cancel any ritual (a shared meal someone
 * else proposed moves when the circle agrees it should), and every version names who wrote it,
 * so a member who keeps moving others' rituals does so in plain sight. Of two changes signed
 * offline, the later in the ledger's order is the one in force on every phone.
 *
 * Reads: membership only (the ledger already refuses non-members' entries).
 */
import { isHex } from '../bytes';
import { DAY_MS } from '../calendar';
import { membership } from '../membership/domain';
import { ALWAYS, bad, kind, ok, reject, type Decoded, type Domain } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const ADD = 'ritual.add';
export const CHANGE = 'ritual.change';
export const CANCEL = 'ritual.cancel';

export const NAME_MAX = 80;
export const NOTE_MAX = 280;
export const MINUTES_MIN = 5;
export const MINUTES_MAX = 24 * 60;
/** A ritual is dated at most this long before the entry that sets it (a late sync, a witness). */
export const BACK_DAYS = 31;
/** …and at most this far ahead: a ritual years away is a typo or a prank, not a plan. */
export const AHEAD_DAYS = 2 * 366;
/** Rituals still to come at once, at most: a calendar nobody can read is no calendar. */
export const UPCOMING_MAX = 40;

export type Every = 'once' | 'week' | 'month';
const EVERY: readonly Every[] = ['once', 'week', 'month'];

/** What a ritual is: every version carries all of it. */
export type RitualFields = {
	name: string;
	/** The first (or only) time, an instant; shown in the circle's time. */
	at: Millis;
	minutes: number;
	every: Every;
	note: string;
};

export type AddBody = RitualFields;
export type ChangeBody = RitualFields & { ritual: EntryId };
export type CancelBody = { ritual: EntryId; reason: string };

export interface Version extends RitualFields {
	/** Who wrote this version (the proposer for the first). */
	author: MemberKey;
	/** The entry's instant. */
	writtenAt: Millis;
}

export interface Ritual extends RitualFields {
	id: EntryId;
	proposer: MemberKey;
	proposedAt: Millis;
	/** Every version, the first (the proposal) first; the last is in force. */
	versions: Version[];
	cancelled: { author: MemberKey; at: Millis; reason: string } | null;
}

export interface RitualsBook {
	rituals: Map<EntryId, Ritual>;
}

const text = (x: unknown, max: number, need: boolean): string | null => {
	if (typeof x !== 'string') return null;
	const t = x.trim();
	return t.length > max || (need && t.length === 0) ? null : t;
};

const decodeFields = (b: { [key: string]: unknown }): Decoded<RitualFields> => {
	const name = text(b.name, NAME_MAX, true);
	if (name === null) return bad('ritual-name', { max: NAME_MAX });
	const note = b.note === undefined ? '' : text(b.note, NOTE_MAX, false);
	if (note === null) return bad('ritual-note', { max: NOTE_MAX });
	if (!Number.isSafeInteger(b.at) || (b.at as number) < 0) return bad('ritual-when');
	const minutes = b.minutes;
	if (
		!Number.isSafeInteger(minutes) ||
		(minutes as number) < MINUTES_MIN ||
		(minutes as number) > MINUTES_MAX
	)
		return bad('ritual-minutes', { min: MINUTES_MIN, max: MINUTES_MAX });
	if (!EVERY.includes(b.every as Every)) return bad('ritual-every');
	return ok({ name, at: b.at as number, minutes: minutes as number, every: b.every as Every, note });
};

const ref = (x: unknown): x is EntryId => isHex(x, 32);

export const addBody = (f: RitualFields): AddBody => ({
	name: f.name.trim(),
	at: f.at,
	minutes: f.minutes,
	every: f.every,
	note: f.note.trim()
});
export const changeBody = (ritual: EntryId, f: RitualFields): ChangeBody => ({ ritual, ...addBody(f) });
export const cancelBody = (ritual: EntryId, reason: string): CancelBody => ({
	ritual,
	reason: reason.trim().slice(0, NOTE_MAX)
});

/** The last instant a ritual still happens (a series: for ever), for "still to come". */
const comesAfter = (f: RitualFields, t: Millis): boolean =>
	f.every !== 'once' || f.at + f.minutes * 60_000 > t;

/** Refused when dated absurdly against the entry that sets it (the when-check every version passes). */
const whenRule = (f: RitualFields, at: Millis) =>
	f.at < at - BACK_DAYS * DAY_MS || f.at > at + AHEAD_DAYS * DAY_MS
		? reject('ritual-far', { back: BACK_DAYS, ahead: AHEAD_DAYS })
		: null;

const upcoming = (book: RitualsBook, t: Millis): number => {
	let n = 0;
	for (const r of book.rituals.values()) if (!r.cancelled && comesAfter(r, t)) n++;
	return n;
};

export const rituals: Domain<RitualsBook, Ritual[]> = {
	name: 'rituals',
	version: 1,
	reads: [membership],
	init: () => ({ rituals: new Map() }),
	clone: (book) => ({
		rituals: new Map([...book.rituals].map(([k, r]) => [k, { ...r, versions: r.versions.slice() }] as const))
	}),
	kinds: [
		kind({
			type: ADD,
			decode: decodeFields,
			apply: (book, e) => {
				const far = whenRule(e.body, e.at);
				if (far) return far;
				if (upcoming(book, e.at) >= UPCOMING_MAX) return reject('ritual-many', { max: UPCOMING_MAX });
				const f = e.body;
				book.rituals.set(e.id, {
					...f,
					id: e.id,
					proposer: e.author,
					proposedAt: e.at,
					versions: [{ ...f, author: e.author, writtenAt: e.at }],
					cancelled: null
				});
				return null;
			}
		}),
		kind({
			type: CHANGE,
			decode: (b): Decoded<ChangeBody> => {
				if (!ref(b.ritual)) return bad('ritual-ref');
				const f = decodeFields(b);
				return f.ok ? ok({ ritual: b.ritual, ...f.body }) : f;
			},
			apply: (book, e) => {
				const r = book.rituals.get(e.body.ritual);
				if (!r) return reject('ritual-unknown');
				if (r.cancelled) return reject('ritual-cancelled');
				const far = whenRule(e.body, e.at);
				if (far) return far;
				const { ritual: _ritual, ...f } = e.body;
				book.rituals.set(r.id, {
					...r,
					...f,
					versions: [...r.versions, { ...f, author: e.author, writtenAt: e.at }]
				});
				return null;
			}
		}),
		kind({
			type: CANCEL,
			decode: (b): Decoded<CancelBody> => {
				if (!ref(b.ritual)) return bad('ritual-ref');
				const reason = b.reason === undefined ? '' : text(b.reason, NOTE_MAX, false);
				if (reason === null) return bad('ritual-note', { max: NOTE_MAX });
				return ok({ ritual: b.ritual, reason });
			},
			apply: (book, e) => {
				const r = book.rituals.get(e.body.ritual);
				if (!r) return reject('ritual-unknown');
				if (r.cancelled) return reject('ritual-cancelled');
				book.rituals.set(r.id, { ...r, cancelled: { author: e.author, at: e.at, reason: e.body.reason } });
				return null;
			}
		})
	],
	// Every ritual, cancelled ones too (a calendar that exported one must learn it is off), in the
	// order of their first time. Nothing here depends on `now`: when each comes next is occurrences.ts.
	view: (book) => ({
		value: [...book.rituals.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)),
		...ALWAYS
	})
};
