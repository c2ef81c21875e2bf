/**
 * The reciprocity domain: a mirror of who gives and who receives (DESIGN.md §11).
 * docs/protocol/reciprocity.md.
 *
 *   reciprocity.record  {kind, amount, giver, receiver, on, note}   a contribution; its author is
 *                        its giver (it then waits for the receiver's word) or its receiver (it counts)
 *   reciprocity.confirm {record}                                     the receiver's word
 *
 * Loans count on their own, from the library's book. Reads: membership, the charter (the
 * `reciprocity` section: window, quiet days, lean), the library.
 */
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { library } from '../library/domain';
import { membership } from '../membership/domain';
import { isActiveAt, spanAround } from '../membership/view';
import { bad, kind, ok, refuse, reject, type Decoded, type Domain, type FoldContext } from '../host/domain';
import type { CharterContent } from '../charter/content';
import type { EntryId, MemberKey, Millis } from '../types';
import { RECORDED_KINDS, ReciprocityBook, UNIT, type RecordedKind } from './book';
import { DAY, DEFAULT_RULES, type ReciprocityRules } from './signals';
import { reciprocityView, type ReciprocityView } from './view';

export const RECORD = 'reciprocity.record';
export const CONFIRM = 'reciprocity.confirm';

export const NOTE_MAX = 140;
/** How far back a contribution may be dated, from when it takes effect. */
export const BACKDATE_DAYS = 60;
/** The most one record may say: a week of minutes, or a hundred sessions or meals. */
export const AMOUNT_MAX: { [K in RecordedKind]: number } = {
	hours: 7 * 24 * 60,
	care: 7 * 24 * 60,
	skills: 100,
	meals: 100
};

const int = (x: unknown, lo: number, hi: number): x is number =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/** The charter's `reciprocity` section, read leniently (defaults where a field is unusable). */
export const reciprocityRules = (c: CharterContent | { [key: string]: unknown }): ReciprocityRules => {
	const raw = (c as { [key: string]: unknown }).reciprocity;
	const s = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as {
		[key: string]: unknown;
	};
	const d = DEFAULT_RULES;
	return {
		windowDays: int(s.windowDays, 7, 366) ? s.windowDays : d.windowDays,
		quietDays: int(s.quietDays, 7, 180) ? s.quietDays : d.quietDays,
		leanPercent: int(s.leanPercent, 51, 100) ? s.leanPercent : d.leanPercent,
		minActs: int(s.minActs, 1, 100) ? s.minActs : d.minActs
	};
};

export type RecordBody = {
	kind: RecordedKind;
	amount: number;
	giver: MemberKey;
	/** A member, or null: the whole circle. */
	receiver: MemberKey | null;
	on: Millis;
	note: string;
};

const decodeRecord = (b: { [key: string]: unknown }): Decoded<RecordBody> => {
	if (!RECORDED_KINDS.includes(b.kind as RecordedKind))
		return bad(b.kind === 'tools' ? 'reciprocity-tools-from-library' : 'reciprocity-kind');
	const k = b.kind as RecordedKind;
	if (!int(b.amount, 1, AMOUNT_MAX[k]))
		return bad('reciprocity-amount', { max: AMOUNT_MAX[k], unit: UNIT[k] });
	if (!isHex(b.giver, 32)) return bad('reciprocity-member');
	if (!(b.receiver === null || isHex(b.receiver, 32))) return bad('reciprocity-member');
	if (b.giver === b.receiver) return bad('reciprocity-self');
	if (!Number.isSafeInteger(b.on)) return bad('reciprocity-date', { days: BACKDATE_DAYS });
	const note = b.note === undefined ? '' : b.note;
	if (typeof note !== 'string' || note.length > NOTE_MAX) return bad('reciprocity-note', { max: NOTE_MAX });
	return ok({
		kind: k,
		amount: b.amount as number,
		giver: b.giver as MemberKey,
		receiver: b.receiver as MemberKey | null,
		on: b.on as number,
		note
	});
};

const active = (ctx: FoldContext, m: MemberKey, t: Millis) => isActiveAt(ctx.members.members.get(m), t);

export const reciprocity: Domain<ReciprocityBook, ReciprocityView> = {
	name: 'reciprocity',
	version: 1,
	reads: [membership, charter, library],
	charterSection: 'reciprocity',
	init: () => new ReciprocityBook(),
	clone: (book) => book.clone(),
	snapshot: (book) => book.snapshot(),
	restore: (book, s) => book.rewind(s as number),
	kinds: [
		kind({
			type: RECORD,
			decode: decodeRecord,
			apply: (book, e, ctx) => {
				const b = e.body;
				// Only a party to a contribution records it: nobody writes what others gave each other.
				if (e.author !== b.giver && e.author !== b.receiver) return reject('reciprocity-not-party');
				if (!active(ctx, b.giver, e.at) || (b.receiver !== null && !active(ctx, b.receiver, e.at)))
					return reject('reciprocity-member');
				// Dated when it happened: never after it takes effect, at most 60 days before.
				if (b.on > e.at || b.on < e.at - BACKDATE_DAYS * DAY)
					return reject('reciprocity-date', { days: BACKDATE_DAYS });
				const byReceiver = e.author === b.receiver;
				return book.add({
					id: e.id,
					...b,
					recordedBy: e.author,
					recordedAt: e.at,
					countsFrom: byReceiver ? e.at : null,
					confirmedBy: byReceiver ? e.author : null
				});
			}
		}),
		kind({
			type: CONFIRM,
			decode: (b): Decoded<{ record: EntryId }> =>
				isHex(b.record, 32) ? ok({ record: b.record as EntryId }) : bad('reciprocity-no-such-record'),
			apply: (book, e, ctx) => {
				if (!active(ctx, e.author, e.at)) return reject('reciprocity-member');
				return book.confirm(e.body.record, e.author, e.at);
			}
		})
	],
	view: (book, now, ctx) => {
		const c = ctx.book(charter);
		const rules = reciprocityRules(c.contentAt(now));
		const { value, times } = reciprocityView(book, ctx.book(library), ctx.members, now, rules);
		for (const v of c.versions) times.push(v.ratifiedAt);
		return { value, ...spanAround(ctx.members, now, times) };
	}
};

// ---- builders ----

export const recordBody = (b: {
	kind: RecordedKind;
	amount: number;
	giver: MemberKey;
	receiver: MemberKey | null;
	on: Millis;
	note?: string;
}): RecordBody => {
	const d = decodeRecord({ ...b, note: (b.note ?? '').trim() });
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};
export const confirmBody = (record: EntryId) => ({ record });
