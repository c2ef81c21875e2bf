/**
 * The rotation domain: who holds each role in each term (DESIGN.md §4; the essay's
 * Randomized Stewardship), with the entries that shape it. docs/protocol/rotation.md.
 *
 *   rotation.seal   {role, term, segment, start, holders, inputs}   a term has begun: its draw
 *   role.stepdown   {role, term, note}                              a holder steps down, celebrated
 *   member.bench    {member, role, until, reason}                   proposes a bench after a temperature check
 *   member.bench.second {proposal}                                  supports it (bench.ts: nobody benches alone)
 *   member.absence  {from, until, note}                             declared in advance
 */
import * as calendar from '../calendar';
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { isActiveAt, rosterAt, spanAround } from '../membership/view';
import { reset } from '../reset/domain';
import { seeds } from '../seeds/domain';
import { meeting } from '../meeting/domain';
import { bad, kind, ok, reject, type Decoded, type Domain } from '../host/domain';
import { RotationBook } from './book';
import { benchRule, noMeetingCheck, supportNeeded, type BenchProposal } from './bench';
import { SEAL, type SealBody } from './seal';
import { rotationView, type RotationView } from './view';
import type { EntryId, MemberKey, Millis } from '../types';
import type { FoldContext } from '../host/domain';

export const STEPDOWN = 'role.stepdown';
export const BENCH = 'member.bench';
export const BENCH_SECOND = 'member.bench.second';
export const ABSENCE = 'member.absence';

/** Benches and absences are bounded: nobody is sidelined for longer than a year by one entry. */
export const MAX_SPAN = 366 * calendar.DAY_MS;
const NOTE_MAX = 280;

export type StepdownBody = {
	role: string;
	term: number;
	note: string;
};
export type BenchBody = {
	member: MemberKey;
	role: string | null;
	until: Millis;
	reason: string;
};
export type BenchSecondBody = {
	proposal: EntryId;
};
export type AbsenceBody = {
	from: Millis;
	until: Millis;
	note: string;
};

const text = (x: unknown): string => (typeof x === 'string' ? x : '');

const decodeSeal = (b: { [key: string]: unknown }): Decoded<SealBody> => {
	if (
		typeof b.role !== 'string' ||
		!Number.isSafeInteger(b.term) ||
		!Number.isSafeInteger(b.segment) ||
		!Number.isSafeInteger(b.start)
	)
		return bad('seal-names');
	if (!Array.isArray(b.holders) || !b.holders.every((h) => isHex(h, 32))) return bad('seal-holders');
	if (!isHex(b.inputs, 32)) return bad('seal-inputs');
	return ok({
		role: b.role,
		term: b.term as number,
		segment: b.segment as number,
		start: b.start as number,
		holders: b.holders as MemberKey[],
		inputs: b.inputs
	});
};

export const rotation: Domain<RotationBook, RotationView> = {
	name: 'rotation',
	version: 1,
	reads: [membership, charter, reset, seeds, meeting],
	init: () => new RotationBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: SEAL,
			decode: decodeSeal,
			apply: (book, e) => {
				book.seals.apply(e.body, e.id);
				// A seal only touches its own role's timeline; the memo patches it in (view.ts).
				book.memo.get(e.body.role)?.seals.push(e.body.start);
				return null;
			}
		}),
		kind({
			type: STEPDOWN,
			decode: (b): Decoded<StepdownBody> =>
				typeof b.role !== 'string' || !Number.isSafeInteger(b.term)
					? bad('stepdown-names')
					: ok({ role: b.role, term: b.term as number, note: text(b.note) }),
			apply: (book, e) => {
				book.stepdowns.push({ id: e.id, member: e.author, ...e.body, at: e.at, kind: 'stepdown' });
				book.memo.delete(e.body.role);
				return null;
			}
		}),
		kind({
			type: BENCH,
			decode: (b): Decoded<BenchBody> => {
				if (!isHex(b.member, 32)) return bad('bench-member');
				if (!(b.role === null || typeof b.role === 'string')) return bad('bench-role');
				if (!Number.isSafeInteger(b.until)) return bad('bench-span', { maxDays: 366 });
				return ok({
					member: b.member as MemberKey,
					role: b.role,
					until: b.until as number,
					reason: text(b.reason)
				});
			},
			apply: (book, e, ctx) => {
				const b = e.body;
				if (!isActiveAt(ctx.members.members.get(b.member), e.at)) return reject('bench-member');
				if (b.member === e.author) return reject('bench-self');
				const { maxDays } = benchRule(ctx.book(charter).contentAt(e.at));
				if (b.until <= e.at || b.until > e.at + Math.min(maxDays * calendar.DAY_MS, MAX_SPAN))
					return reject('bench-span', { maxDays });
				const p: BenchProposal = {
					id: e.id,
					...b,
					proposer: e.author,
					at: e.at,
					supporters: [e.author],
					needed: 0,
					decided: null
				};
				book.proposals.set(e.id, p);
				decide(book, p, e.at, ctx);
				return null;
			}
		}),
		kind({
			type: BENCH_SECOND,
			decode: (b): Decoded<BenchSecondBody> =>
				isHex(b.proposal, 32) ? ok({ proposal: b.proposal as EntryId }) : bad('bench-proposal'),
			apply: (book, e, ctx) => {
				const p = book.proposals.get(e.body.proposal);
				if (!p) return reject('bench-proposal');
				if (p.decided !== null) return reject('bench-in-force');
				if (p.member === e.author) return reject('bench-own-support');
				if (p.supporters.includes(e.author)) return reject('bench-already-supported');
				if (e.at >= p.until) return reject('bench-over');
				if (!isActiveAt(ctx.members.members.get(p.member), e.at)) return reject('bench-member');
				p.supporters.push(e.author);
				decide(book, p, e.at, ctx);
				return null;
			}
		}),
		kind({
			type: ABSENCE,
			decode: (b): Decoded<AbsenceBody> => {
				const { from, until } = b;
				if (
					!Number.isSafeInteger(from) ||
					!Number.isSafeInteger(until) ||
					(until as number) <= (from as number) ||
					(until as number) - (from as number) > MAX_SPAN
				)
					return bad('absence-span', { maxDays: 366 });
				return ok({ from: from as number, until: until as number, note: text(b.note) });
			},
			apply: (book, e) => {
				if (e.body.until <= e.at) return reject('absence-past');
				book.absences.push({ id: e.id, member: e.author, at: e.at, ...e.body });
				book.unscoped++;
				return null;
			}
		})
	],
	view: (book, now, ctx) => {
		const value = rotationView(book, now, ctx);
		const times: number[] = [
			value.rituals.nextMeeting,
			value.rituals.nextPairAudit,
			value.rituals.nextMentorshipInversion
		];
		for (const h of value.history) times.push(h.start, h.end, h.freezeAt);
		for (const p of value.benchProposals) times.push(p.until);
		const span = spanAround(ctx.members, now, times);
		return {
			value,
			validFrom: Math.max(span.validFrom, value.span.validFrom),
			validUntil: Math.min(span.validUntil, value.span.validUntil)
		};
	}
};

/**
 * A bench takes effect when its supporters active at `at` reach the charter's threshold (or a
 * recorded meeting check decides it: the hook for the meetings domain). From then on it is a
 * bench like any other for the draws (book.ts `unavailable`), judged at each freeze point.
 */
const decide = (book: RotationBook, p: BenchProposal, at: Millis, ctx: FoldContext): void => {
	const others = rosterAt(ctx.members, at).filter((k) => k !== p.member).length;
	p.needed = supportNeeded(benchRule(ctx.book(charter).contentAt(at)).support, others);
	const active = p.supporters.filter((m) => isActiveAt(ctx.members.members.get(m), at)).length;
	if (active < p.needed && noMeetingCheck(p) === null) return;
	p.decided = at;
	book.benches.push({
		id: p.id,
		member: p.member,
		role: p.role,
		at,
		until: p.until,
		by: p.proposer,
		reason: p.reason,
		supporters: p.supporters.slice(),
		needed: p.needed
	});
	if (p.role === null) book.unscoped++;
	else book.memo.delete(p.role);
};

// ---- builders ----

export const stepdownBody = (role: string, term: number, note: string): StepdownBody => ({
	role,
	term,
	note: note.slice(0, NOTE_MAX)
});
export const benchBody = (
	member: MemberKey,
	role: string | null,
	until: Millis,
	reason: string
): BenchBody => ({
	member,
	role,
	until,
	reason: reason.slice(0, NOTE_MAX)
});
export const benchSecondBody = (proposal: EntryId): BenchSecondBody => ({ proposal });
export const absenceBody = (from: Millis, until: Millis, note: string): AbsenceBody => ({
	from,
	until,
	note: note.slice(0, NOTE_MAX)
});
