/**
 * The mentorship domain: the yearly inversion, where the newest members teach the most senior
 * (DESIGN.md §12, issue 10, item 5). docs/protocol/mentorship.md.
 *
 *   mentorship.session {mentor, apprentice, on, taught}   a session, logged by either of the pair
 *   mentorship.reflect {mentor, apprentice, again, note}  each one's closing word: would you do it again?
 *
 * The pairs are a pure function of the roster's join dates and the last counted pair audit's ties
 * (`inversionPairs`): the newest member teaches the most senior, the next newest the next most
 * senior, skipping a pair the last audit found already close. The year is the charter's
 * `rituals.mentorshipInversionMonths` grid from the circle's founding day, in the circle's time.
 * Reads: membership, the charter, the seeds (the founding instant) and the pair audits.
 */
import * as calendar from '../calendar';
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { offsetOf, type CharterContent } from '../charter/content';
import { membership } from '../membership/domain';
import { isActiveAt, rosterAt, spanAround, type MembershipView } from '../membership/view';
import { pairaudit, type PairAuditView } from '../pairaudit/domain';
import { tied, type Tie } from '../pairaudit/ties';
import { seeds } from '../seeds/domain';
import { bad, kind, ok, refuse, reject, type Decoded, type Domain, type FoldContext } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';

export const SESSION = 'mentorship.session';
export const REFLECT = 'mentorship.reflect';

export const TAUGHT_MAX = 280;
export const NOTE_MAX = 280;
export const BACKDATE_DAYS = 60;
const DAY = 86_400_000;

export type SessionBody = { mentor: MemberKey; apprentice: MemberKey; on: Millis; taught: string };
export type ReflectBody = { mentor: MemberKey; apprentice: MemberKey; again: 'yes' | 'no'; note: string };

const pairOf = (b: { [key: string]: unknown }): Decoded<{ mentor: MemberKey; apprentice: MemberKey }> => {
	if (!isHex(b.mentor, 32) || !isHex(b.apprentice, 32)) return bad('mentorship-member');
	if (b.mentor === b.apprentice) return bad('mentorship-self');
	return ok({ mentor: b.mentor as MemberKey, apprentice: b.apprentice as MemberKey });
};

const decodeSession = (b: { [key: string]: unknown }): Decoded<SessionBody> => {
	const p = pairOf(b);
	if (!p.ok) return p;
	if (!Number.isSafeInteger(b.on)) return bad('mentorship-date', { days: BACKDATE_DAYS });
	if (typeof b.taught !== 'string' || !b.taught.trim() || b.taught.length > TAUGHT_MAX)
		return bad('mentorship-taught', { max: TAUGHT_MAX });
	return ok({ ...p.body, on: b.on as number, taught: b.taught });
};

const decodeReflect = (b: { [key: string]: unknown }): Decoded<ReflectBody> => {
	const p = pairOf(b);
	if (!p.ok) return p;
	if (b.again !== 'yes' && b.again !== 'no') return bad('mentorship-again');
	const note = b.note === undefined ? '' : b.note;
	if (typeof note !== 'string' || note.length > NOTE_MAX) return bad('mentorship-note', { max: NOTE_MAX });
	return ok({ ...p.body, again: b.again, note });
};

export interface Session extends SessionBody {
	id: EntryId;
	by: MemberKey;
	at: Millis;
	/** The inversion year it belongs to (0: the circle's first). */
	year: number;
}
export interface Reflection extends ReflectBody {
	id: EntryId;
	by: MemberKey;
	at: Millis;
	year: number;
}

export class MentorshipBook {
	sessions: Session[] = [];
	reflections: Reflection[] = [];
	clone(): MentorshipBook {
		const b = new MentorshipBook();
		b.sessions = this.sessions.slice();
		b.reflections = this.reflections.slice();
		return b;
	}
}

/** The inversion year grid: its index at t, and its bounds. */
export const yearAt = (
	genesisAt: Millis,
	c: CharterContent,
	t: Millis
): { year: number; start: Millis; end: Millis } => {
	const off = offsetOf(c);
	const epoch = calendar.startOfLocalDay(genesisAt, off);
	const len = calendar.months(c.rituals.mentorshipInversionMonths);
	const year = Math.max(0, calendar.termIndexAt(epoch, len, t, off));
	return {
		year,
		start: calendar.boundary(epoch, len, year, off),
		end: calendar.boundary(epoch, len, year + 1, off)
	};
};

export interface Pairing {
	/** [mentor (newer), apprentice (more senior)], newest mentor first. */
	pairs: [MemberKey, MemberKey][];
	/** Pairs passed over because the last audit found them already close. */
	skipped: [MemberKey, MemberKey][];
}

/**
 * The inversion's pairs: members by join date, then by the order the fold admitted them (two
 * admissions witnessed by one entry take effect at one instant: the later one is still the newer
 * member), then key; from the newest, each member not yet
 * paired teaches the most senior member not yet paired who joined before them, unless the two
 * were tied in `close` (the last audit's ties): then the next most senior. A member left with
 * nobody more senior to teach teaches nobody this year.
 */
export const inversionPairs = (
	members: readonly { key: MemberKey; since: Millis; admitted?: number }[],
	close: readonly Tie[]
): Pairing => {
	const order = [...members].sort(
		(a, b) =>
			a.since - b.since ||
			(a.admitted ?? 0) - (b.admitted ?? 0) ||
			(a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
	);
	const paired = new Set<MemberKey>();
	const pairs: [MemberKey, MemberKey][] = [];
	const skipped: [MemberKey, MemberKey][] = [];
	for (let i = order.length - 1; i > 0; i--) {
		const m = order[i]!.key;
		if (paired.has(m)) continue;
		for (let j = 0; j < i; j++) {
			const s = order[j]!.key;
			if (paired.has(s)) continue;
			if (tied(close, m, s)) {
				skipped.push([m, s]);
				continue;
			}
			pairs.push([m, s]);
			paired.add(m);
			paired.add(s);
			break;
		}
	}
	return { pairs, skipped };
};

export interface PairView {
	mentor: MemberKey;
	apprentice: MemberKey;
	sessions: Session[];
	reflections: Reflection[];
}

export interface MentorshipView {
	year: number;
	start: Millis;
	end: Millis;
	pairs: PairView[];
	skipped: [MemberKey, MemberKey][];
	/** Whether the pairing read an audit's ties (its id), or none was counted yet. */
	audit: EntryId | null;
	/** Sessions of earlier years (and of pairs no longer drawn), newest first. */
	earlier: Session[];
	reflections: Reflection[];
}

const active = (ctx: FoldContext, m: MemberKey, t: Millis) => isActiveAt(ctx.members.members.get(m), t);
const joined = (view: MembershipView, m: MemberKey) => view.members.get(m)?.since ?? 0;

/** Who is newer: a mentor joined after the apprentice (or, joined at once, has the larger key). */
const newer = (view: MembershipView, mentor: MemberKey, apprentice: MemberKey) => {
	const a = joined(view, mentor);
	const b = joined(view, apprentice);
	return a > b || (a === b && mentor > apprentice);
};

const checkPair = (
	ctx: FoldContext,
	author: MemberKey,
	b: { mentor: MemberKey; apprentice: MemberKey },
	at: Millis
) => {
	if (author !== b.mentor && author !== b.apprentice) return reject('mentorship-not-pair');
	if (!active(ctx, b.mentor, at) || !active(ctx, b.apprentice, at)) return reject('mentorship-member');
	if (!newer(ctx.members, b.mentor, b.apprentice)) return reject('mentorship-direction');
	return null;
};

export const mentorship: Domain<MentorshipBook, MentorshipView> = {
	name: 'mentorship',
	version: 1,
	reads: [membership, charter, seeds, pairaudit],
	init: () => new MentorshipBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: SESSION,
			decode: decodeSession,
			apply: (book, e, ctx) => {
				const r = checkPair(ctx, e.author, e.body, e.at);
				if (r) return r;
				if (e.body.on > e.at || e.body.on < e.at - BACKDATE_DAYS * DAY)
					return reject('mentorship-date', { days: BACKDATE_DAYS });
				const { year } = yearAt(ctx.book(seeds).genesisAt, ctx.book(charter).contentAt(e.at), e.at);
				book.sessions.push({ ...e.body, id: e.id, by: e.author, at: e.at, year });
				return null;
			}
		}),
		kind({
			type: REFLECT,
			decode: decodeReflect,
			apply: (book, e, ctx) => {
				const r = checkPair(ctx, e.author, e.body, e.at);
				if (r) return r;
				const { year } = yearAt(ctx.book(seeds).genesisAt, ctx.book(charter).contentAt(e.at), e.at);
				const b = e.body;
				// One word each, per pair and year: a second is refused, never a silent overwrite.
				if (
					book.reflections.some(
						(x) =>
							x.year === year && x.by === e.author && x.mentor === b.mentor && x.apprentice === b.apprentice
					)
				)
					return reject('mentorship-reflected');
				book.reflections.push({ ...b, id: e.id, by: e.author, at: e.at, year });
				return null;
			}
		})
	],
	view: (book, now, ctx) => {
		const c = ctx.book(charter);
		const content = c.contentAt(now);
		const genesisAt = ctx.book(seeds).genesisAt;
		const { year, start, end } = yearAt(genesisAt, content, now);
		const audits = ctx.view<PairAuditView>(pairaudit, now).audits;
		const last = audits.at(-1) ?? null;
		// The members map holds them in the order the fold admitted them, the same on every phone.
		const admitted = new Map([...ctx.members.members.keys()].map((k, i) => [k, i]));
		const roster = rosterAt(ctx.members, now).map((key) => ({
			key,
			since: joined(ctx.members, key),
			admitted: admitted.get(key)
		}));
		const { pairs, skipped } = inversionPairs(roster, last ? last.ties : []);
		const mine = (x: { mentor: MemberKey; apprentice: MemberKey; year: number }, p: [MemberKey, MemberKey]) =>
			x.year === year && x.mentor === p[0] && x.apprentice === p[1];
		const shown = new Set<EntryId>();
		const pairViews = pairs.map((p) => {
			const sessions = book.sessions.filter((s) => mine(s, p));
			sessions.forEach((s) => shown.add(s.id));
			return {
				mentor: p[0],
				apprentice: p[1],
				sessions,
				reflections: book.reflections.filter((r) => mine(r, p))
			};
		});
		const times: number[] = [start, end, ...c.versions.map((v) => v.ratifiedAt)];
		for (const a of audits) times.push(a.at);
		return {
			value: {
				year,
				start,
				end,
				pairs: pairViews,
				skipped,
				audit: last ? last.id : null,
				earlier: book.sessions.filter((s) => !shown.has(s.id)).reverse(),
				reflections: book.reflections.slice()
			},
			...spanAround(ctx.members, now, times)
		};
	}
};

// ---- builders ----

export const sessionBody = (b: {
	mentor: MemberKey;
	apprentice: MemberKey;
	on: Millis;
	taught: string;
}): SessionBody => {
	const d = decodeSession({ ...b, taught: b.taught.trim() });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};

export const reflectBody = (b: {
	mentor: MemberKey;
	apprentice: MemberKey;
	again: 'yes' | 'no';
	note?: string;
}): ReflectBody => {
	const d = decodeReflect({ ...b, note: (b.note ?? '').trim() });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};
