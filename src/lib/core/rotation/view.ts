/**
 * The rotation domain's view at `now`: every role's timeline, who holds what, the seals due,
 * the handoffs wall and the rituals' calendar. Timelines are computed per term from the book
 * and remembered per role in `book.memo` while nothing they read has changed.
 */
import * as calendar from '../calendar';
import { charter } from '../charter/domain';
import { defaultCharter, meetingOf, offsetOf, type CharterContent, type Role } from '../charter/content';
import { membership } from '../membership/domain';
import { isActiveAt, leftAfter, rosterAt, type MembershipView } from '../membership/view';
import { reset } from '../reset/domain';
import { seeds } from '../seeds/domain';
import { meeting } from '../meeting/domain';
import * as meetings from '../meeting/hook';
import type { JudgedClose, PassOver } from '../meeting/judge';
import { dueSeals, type SealBody } from './seal';
import * as timeline from './timeline';
import { SCALE, type Tally } from './draw';
import type { ViewContext } from '../host/domain';
import { benchLifted, type Absence, type Bench, type MemoTimeline, type RotationBook } from './book';
import { benchRule, supportNeeded, type BenchProposal } from './bench';
import type { Holding } from './timeline';
import type { EntryId, MemberKey, Millis } from '../types';

/** "Celebrate transfer of power as victory itself": every step-down, for the handoffs wall. */
export interface Handoff {
	entry: EntryId;
	role: string;
	roleName: string;
	term: number;
	at: Millis;
	from: MemberKey;
	/** Who took over (empty when nobody eligible was left). */
	to: MemberKey[];
	note: string;
}

export interface ServiceRow {
	member: MemberKey;
	served: number;
	/** Seat units earned this cycle (SCALE per seat). */
	earned: number;
	/** earned − SCALE·served; positive: owed a turn. */
	deficit: number;
}

export interface RoleView {
	role: Role;
	/** The stretch in force at `now` (null before the role's first term). */
	current: Holding | null;
	/** The next term; `provisional` until its freeze point passes. */
	next: Holding | null;
	history: Holding[];
	/** Service this cycle, by member key. */
	service: ServiceRow[];
}

export interface Rituals {
	nextMeeting: Millis;
	nextPairAudit: Millis;
	nextMentorshipInversion: Millis;
	/** "The most senior members apprentice under the newest": [mentor (newest), apprentice (most senior)]. */
	inversionPairs: [MemberKey, MemberKey][];
}

/** A bench proposal as it stands at `now`: who supports it and how many it needs then. */
export interface BenchProposalView extends BenchProposal {
	/** The supporters who are members at `now`. */
	supporters: MemberKey[];
	/** Supporters it needs at `now` (the charter's threshold, capped by the others, at least two). */
	needed: number;
}

export interface RotationView {
	roles: RoleView[];
	/** Who holds what right now, over all roles (vacant roles have empty holders). */
	holders: Holding[];
	/** Every holding from the epoch to the next term, all roles, by start then role. */
	history: Holding[];
	seals: { due: SealBody[]; total: number; flagged: Holding[] };
	handoffs: Handoff[];
	/**
	 * Benches in force, each with whether it has been lifted by `now` (its supporters left, or a
	 * reset).
	 */
	benches: (Bench & { lifted: boolean })[];
	/** Bench proposals still waiting for supporters (the target a member, the end not passed). */
	benchProposals: BenchProposalView[];
	absences: Absence[];
	/** Every meeting's close, judged (meeting/judge.ts), and who they pass over as facilitator. */
	meetings: JudgedClose[];
	passedOver: PassOver[];
	rituals: Rituals;
	/** Where every role's timeline stays the same (the domain's span is at most this). */
	span: { validFrom: Millis; validUntil: Millis };
}

export const rotationView = (book: RotationBook, now: Millis, ctx: ViewContext): RotationView => {
	const charterBook = ctx.book(charter);
	const seedBook = ctx.book(seeds);
	const resetBook = ctx.book(reset);
	const meetingBook = ctx.book(meeting);
	const view = ctx.members;
	const inForce = ctx.view(charter, now).inForce;
	const lifted = benchLifted((m, t) => isActiveAt(view.members.get(m), t), resetBook.history);
	const rctx: timeline.RotationContext = {
		epoch: seedBook.epoch,
		genesisAt: seedBook.genesisAt,
		charterAt: (t) => charterBook.contentAt(t),
		seedAt: (t) => seedBook.seedAt(t).seed,
		rosterAt: (t) => rosterAt(view, t),
		unavailable: (role, recordedBy, from, to, held) =>
			meetings.withPassedOver(
				book.unavailable(role, recordedBy, from, to, lifted),
				role,
				recordedBy,
				held,
				meetingBook,
				rctx.charterAt
			),
		resets: resetBook.history.map((r) => ({ at: r.at, cycle: r.cycle })),
		stepdowns: (role) => book.stepdowns.filter((s) => s.role === role),
		leftAt: (m, at) => leftAfter(view.members.get(m), at),
		seals: (role, start) => book.seals.get(role, start)
	};
	const key =
		[charter, seeds, reset, membership, meeting].map((d) => ctx.revision(d)).join(',') + ',' + book.unscoped;
	const roles: RoleView[] = [];
	const history: Holding[] = [];
	let validFrom = Number.MIN_SAFE_INTEGER;
	let validUntil = Number.MAX_SAFE_INTEGER;
	const started = seedBook.seeds.length > 0;
	for (const role of started
		? allRoles(
				inForce,
				charterBook.versions.map((v) => v.content)
			)
		: []) {
		const t = cachedTimeline(book, rctx, role.id, now, key);
		validFrom = Math.max(validFrom, t.validFrom);
		validUntil = Math.min(validUntil, t.validUntil);
		const holdings = t.holdings.map((h) => ({ ...h, provisional: now < h.freezeAt }));
		history.push(...holdings);
		if (!inForce.roles.some((r) => r.id === role.id)) continue;
		const current = holdings.find((h) => h.start <= now && now < h.end) ?? null;
		const next = holdings.find((h) => h.start > now) ?? null;
		roles.push({ role, current, next, history: holdings, service: service(t.tallies, view, now) });
	}
	history.sort(
		(a, b) => a.start - b.start || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) || a.segment - b.segment
	);
	return {
		roles,
		holders: roles.map((r) => r.current).filter((h): h is Holding => h !== null),
		history,
		seals: {
			due: dueSeals(history, now),
			total: book.seals.count.total,
			flagged: history.filter((h) => h.seal?.verdict === 'flagged')
		},
		handoffs: handoffs(history),
		benches: book.benches.map((b) => ({ ...b, lifted: lifted(b, now) })),
		benchProposals: openProposals(book, view, benchRule(inForce).support, now),
		absences: book.absences.slice(),
		...meetings.meetingOutcomes(
			meetingBook,
			history.filter((h) => h.role === 'facilitator'),
			rctx.charterAt
		),
		rituals: rituals(seedBook.genesisAt, inForce, view, now),
		span: { validFrom, validUntil }
	};
};

const openProposals = (
	book: RotationBook,
	view: MembershipView,
	threshold: number,
	now: Millis
): BenchProposalView[] => {
	const active = (m: MemberKey) => isActiveAt(view.members.get(m), now);
	const others = (m: MemberKey) => rosterAt(view, now).filter((k) => k !== m).length;
	return [...book.proposals.values()]
		.filter((p) => p.decided === null && p.until > now && active(p.member))
		.map((p) => ({
			...p,
			supporters: p.supporters.filter(active),
			needed: supportNeeded(threshold, others(p.member))
		}))
		.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
};

const service = (tallies: ReadonlyMap<MemberKey, Tally>, view: MembershipView, now: Millis): ServiceRow[] =>
	[...tallies.entries()]
		.filter(([m]) => isActiveAt(view.members.get(m), now))
		.map(([member, t]) => ({
			member,
			served: t.served,
			earned: t.earned,
			deficit: t.earned - SCALE * t.served
		}))
		.sort((a, b) => (a.member < b.member ? -1 : 1));

const handoffs = (history: readonly Holding[]): Handoff[] =>
	history
		.filter((h) => h.stepdown?.kind === 'stepdown')
		.map((h) => {
			const after = history.find(
				(x) => x.role === h.role && x.term === h.term && x.segment === h.segment + 1
			);
			return {
				entry: h.stepdown!.id,
				role: h.role,
				roleName: h.roleName,
				term: h.term,
				at: h.stepdown!.at,
				from: h.stepdown!.member,
				to: after ? after.holders.filter((m) => !h.holders.includes(m)) : [],
				note: h.stepdown!.note
			};
		});

/** timeline.timeline, or its remembered result when still valid at `now`. */
const cachedTimeline = (
	book: RotationBook,
	ctx: timeline.RotationContext,
	roleId: string,
	now: Millis,
	key: string
): MemoTimeline => {
	let c = book.memo.get(roleId);
	if (c && c.key === key && c.validFrom <= now && now < c.validUntil) applySeals(book, c, roleId);
	else {
		c = { ...timeline.timeline(ctx, roleId, now), key, seals: [] };
		book.memo.set(roleId, c);
	}
	return c;
};

/**
 * Brings seals that arrived since `c` was computed into it: a seal never changes who holds a
 * stretch, only its verdict, so the tallies and every later draw stay the same.
 */
const applySeals = (book: RotationBook, c: MemoTimeline, roleId: string): void => {
	for (const start of c.seals) {
		const i = c.holdings.findIndex((h) => h.start === start);
		const h = c.holdings[i];
		if (!h) continue;
		c.holdings[i] = { ...h, seal: timeline.sealOutcome(book.seals.get(roleId, start), h.computed, h.draw) };
	}
	c.seals = [];
};

/** Roles of the charter in force first (in its order), then roles only earlier versions had. */
const allRoles = (inForce: CharterContent, versions: CharterContent[]): Role[] => {
	const out = inForce.roles.slice();
	const seen = new Set(out.map((r) => r.id));
	for (const c of [...[...versions].reverse(), DEFAULT])
		for (const r of c.roles)
			if (!seen.has(r.id)) {
				seen.add(r.id);
				out.push(r);
			}
	return out;
};

const DEFAULT = defaultCharter();

/**
 * The rituals' calendar in the circle's own time (the charter in force's offset), from the
 * circle's midnight that began its founding day: meetings on the charter's weekday and time.
 */
const rituals = (genesisAt: Millis, c: CharterContent, view: MembershipView, now: Millis): Rituals => {
	const off = offsetOf(c);
	const epoch = calendar.startOfLocalDay(genesisAt, off);
	const next = (len: calendar.TermLength) => calendar.nextBoundary(epoch, len, now, off);
	const meeting = meetingOf(c);
	const members = rosterAt(view, now)
		.map((k) => view.members.get(k)!)
		.sort((a, b) => a.since - b.since || (a.key < b.key ? -1 : 1));
	const pairs: [MemberKey, MemberKey][] = [];
	for (let i = 0; i < Math.floor(members.length / 2); i++)
		pairs.push([members[members.length - 1 - i]!.key, members[i]!.key]);
	return {
		nextMeeting: calendar.nextMeeting(
			epoch,
			off,
			c.rituals.meetingEveryDays,
			meeting.weekday,
			meeting.minutes,
			now
		),
		nextPairAudit: next(calendar.months(c.rituals.pairAuditMonths)),
		nextMentorshipInversion: next(calendar.months(c.rituals.mentorshipInversionMonths)),
		inversionPairs: pairs
	};
};
