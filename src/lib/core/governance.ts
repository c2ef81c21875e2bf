/**
 * Governance: the fold of the accepted ledger (in total order) into who holds what,
 * the charter in force, mandates, resets, handoffs and seeds. Same entries + same `now`
 * ⇒ same GovernanceState on every phone.
 *
 * Entries are read in one pass by small books (charter, seeds, resets, seals, mandates);
 * rotation is then simulated per role from those books (rotation.ts), which costs per
 * term, not per entry. `Governance` keeps the books between calls: when the accepted list
 * only grew at its end, only the new entries are read; when something arrived that sorts
 * earlier, it starts over (that is rare: late entries).
 */
import * as calendar from './calendar';
import * as rotation from './rotation';
import { CharterBook, type CharterContent, type CharterStatus, type Rejected, type Role } from './charter';
import { SeedBook, type CeremonyProgress, type SeedRecord } from './ceremony';
import { ResetBook, type ResetStatus } from './reset';
import { SealBook, dueSeals, type SealBody } from './seal';
import { MandateBook, type Mandate } from './mandate';
import { isActiveAt, leftAfter, rosterAt, type MembershipView } from './membership-view';
import { entryId } from './entry';
import { GENESIS } from './genesis';
import { isHex } from './bytes';
import type { Entry, EntryId, MemberKey, Millis } from './types';
import type { Holding, StepDown } from './rotation';
import type { RemovalThreshold } from './membership';

export const STEPDOWN = 'role.stepdown';
export const BENCH = 'member.bench';
export const ABSENCE = 'member.absence';

export const stepdownBody = (role: string, term: number, note: string) => ({
	role,
	term,
	note: note.slice(0, 280)
});
export const benchBody = (member: MemberKey, role: string | null, until: Millis, reason: string) => ({
	member,
	role,
	until,
	reason: reason.slice(0, 280)
});
export const absenceBody = (from: Millis, until: Millis, note: string) => ({
	from,
	until,
	note: note.slice(0, 280)
});

const MAX_SPAN = 366 * calendar.DAY_MS;

const isObject = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

/** A temperature check's outcome: "they rotate out of facilitation for a predefined period". */
export interface Bench {
	id: EntryId;
	member: MemberKey;
	/** The role benched from, or null for every role. */
	role: string | null;
	at: Millis;
	until: Millis;
	by: MemberKey;
	reason: string;
}

export interface Absence {
	id: EntryId;
	member: MemberKey;
	at: Millis;
	from: Millis;
	until: Millis;
	note: string;
}

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
	/** Seat units earned this cycle (rotation.SCALE per seat). */
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

export interface GovernanceState {
	now: Millis;
	/** Midnight UTC of the genesis day: every role's term 0 starts here. */
	epoch: Millis;
	genesisAt: Millis;
	charter: CharterStatus;
	roles: RoleView[];
	/** Who holds what right now, over all roles (vacant roles have empty holders). */
	holders: Holding[];
	/** Every holding from the epoch to the next term, all roles, by start then role. */
	history: Holding[];
	seals: { due: SealBody[]; total: number; flagged: Holding[] };
	mandates: Mandate[];
	reset: ResetStatus;
	handoffs: Handoff[];
	seeds: SeedRecord[];
	ceremonies: CeremonyProgress[];
	benches: Bench[];
	absences: Absence[];
	rituals: Rituals;
	/** Governance entries that had no effect, with the reason (for the audit view). */
	rejected: Rejected[];
}

const GOVERNANCE_TYPES = new Set([
	GENESIS,
	'charter.propose',
	'charter.consent',
	'charter.object',
	'charter.ratify',
	'seed.commit',
	'seed.reveal',
	'seed.ceremony',
	'reset.call',
	'rotation.seal',
	STEPDOWN,
	BENCH,
	ABSENCE,
	'mandate.propose',
	'mandate.done',
	'mandate.recall-vote'
]);

/** Keeps the books of one circle's governance between updates. */
export class Governance {
	private folded: Entry[] = [];
	private lastList: readonly Entry[] | null = null;
	private lastCuts: number | undefined;
	private charter = new CharterBook(0);
	private seeds = new SeedBook();
	private resets = new ResetBook();
	private seals = new SealBook();
	private mandates = new MandateBook();
	private stepdowns: StepDown[] = [];
	private benches: Bench[] = [];
	private absences: Absence[] = [];
	private rejected: Rejected[] = [];
	private epoch = 0;
	private genesisAt = 0;
	private view: MembershipView = { members: new Map() };
	private ids: readonly EntryId[] | undefined;
	/**
	 * Each role's timeline as last computed, reused while nothing rotation reads has changed:
	 * `rotationInputs` counts the entries that can change it (every governance type but
	 * mandates), and the membership view is compared by its spans. Only a cache: a miss
	 * recomputes the same thing.
	 */
	private rotationInputs = 0;
	private timelines = new Map<string, CachedTimeline>();

	constructor(private readonly idOf: (e: Entry) => EntryId = entryId) {}

	/** Reads the accepted entries (total order); only the new tail when history did not change. */
	/**
	 * `appendOnly`, when given, vouches that `accepted` is the same array as last time and
	 * has only grown since (the Ledger's `{ list: ledger.accepted, cuts: ledger.acceptedCuts }`):
	 * then the prefix check, which costs most of an append on a long ledger, is skipped.
	 */
	update(
		accepted: readonly Entry[],
		view: MembershipView,
		ids?: readonly EntryId[],
		appendOnly?: { cuts: number }
	): this {
		this.view = view;
		this.ids = ids;
		const n = this.folded.length;
		const sameList =
			appendOnly !== undefined &&
			this.lastList === accepted &&
			this.lastCuts === appendOnly.cuts &&
			accepted.length >= n;
		this.lastList = accepted;
		this.lastCuts = appendOnly?.cuts;
		if (!sameList) {
			// A full identity check of the prefix catches any reordering.
			const folded = this.folded;
			let extends_ = accepted.length >= n;
			for (let i = n - 1; extends_ && i >= 0; i--) if (accepted[i] !== folded[i]) extends_ = false;
			if (!extends_) this.clear();
		}
		for (let i = this.folded.length; i < accepted.length; i++) this.apply(accepted[i]!, i);
		return this;
	}

	private clear(): void {
		this.folded = [];
		this.charter = new CharterBook(0);
		this.seeds = new SeedBook();
		this.resets = new ResetBook();
		this.seals = new SealBook();
		this.mandates = new MandateBook();
		this.stepdowns = [];
		this.benches = [];
		this.absences = [];
		this.rejected = [];
		this.rotationInputs++;
		this.timelines.clear();
	}

	private apply(e: Entry, i: number): void {
		this.folded.push(e);
		if (!GOVERNANCE_TYPES.has(e.type)) return;
		if (!ROLE_SCOPED.has(e.type) && !e.type.startsWith('mandate.')) this.rotationInputs++;
		const id = this.ids?.[i] ?? this.idOf(e);
		const at = e.hlc[0];
		const reject = (reason: string | null) => {
			if (reason) this.rejected.push({ id, type: e.type, reason });
		};
		// The ledger only accepts object bodies; anything else is refused here, before any
		// book reads a field, so that no body can make the fold throw.
		if (!isObject(e.body)) {
			if (e.type !== GENESIS) reject('the body is not an object');
			return;
		}
		const b = e.body;
		switch (e.type) {
			case GENESIS:
				if (this.seeds.seeds.length === 0 && isHex(b.seed, 32)) {
					this.genesisAt = at;
					this.epoch = calendar.startOfUtcDay(at);
					this.seeds.push({ seed: b.seed, at, source: 'genesis', entry: id });
				}
				return;
			case 'charter.propose':
			case 'charter.consent':
			case 'charter.object':
			case 'charter.ratify': {
				const before = this.charter.rejected.length;
				this.charter.apply(e, id, this.view);
				for (const r of this.charter.rejected.slice(before)) this.rejected.push(r);
				return;
			}
		}
		if (this.seeds.seeds.length === 0) return reject('no genesis before this entry');
		switch (e.type) {
			case 'seed.commit':
			case 'seed.reveal':
			case 'seed.ceremony':
				return reject(this.seeds.apply(e, id));
			case 'reset.call': {
				const t = this.charter.contentAt(at).thresholds;
				const event = this.resets.apply(e, id, t, this.seeds.seedAt(at).seed, this.isActive);
				if (event) {
					this.seeds.push({
						seed: event.seed,
						at,
						source: 'reset',
						entry: id,
						participants: event.calls.map((c) => c.member).sort()
					});
					this.mandates.dissolve(at);
				}
				return;
			}
			case 'rotation.seal': {
				const reason = this.seals.apply(e, id);
				// An accepted seal only touches its own role's timeline (SealBook checked the fields).
				if (!reason)
					this.timelines.get(b.role as string)?.seals.push([b.term as number, b.segment as number]);
				return reject(reason);
			}
			case STEPDOWN:
				if (typeof b.role !== 'string' || !Number.isSafeInteger(b.term))
					return reject('a step-down names a role and a term');
				this.stepdowns.push({
					id,
					member: e.author,
					role: b.role,
					term: b.term as number,
					at,
					note: typeof b.note === 'string' ? b.note : '',
					kind: 'stepdown'
				});
				this.timelines.delete(b.role);
				return;
			case BENCH: {
				if (!isHex(b.member, 32) || !isActiveAt(this.view.members.get(b.member as MemberKey), at))
					return reject('only an active member can be benched');
				if (!(b.role === null || typeof b.role === 'string'))
					return reject('a bench names a role or null for all');
				if (
					!Number.isSafeInteger(b.until) ||
					(b.until as number) <= at ||
					(b.until as number) > at + MAX_SPAN
				)
					return reject('a bench ends after it starts and within a year');
				this.benches.push({
					id,
					member: b.member as MemberKey,
					role: b.role as string | null,
					at,
					until: b.until as number,
					by: e.author,
					reason: typeof b.reason === 'string' ? b.reason : ''
				});
				if (b.role === null) this.rotationInputs++;
				else this.timelines.delete(b.role as string);
				return;
			}
			case ABSENCE: {
				const from = b.from as number;
				const until = b.until as number;
				if (
					!Number.isSafeInteger(from) ||
					!Number.isSafeInteger(until) ||
					until <= from ||
					until - from > MAX_SPAN ||
					until <= at
				)
					return reject('an absence runs from a start to a later end, within a year, not in the past');
				this.absences.push({
					id,
					member: e.author,
					at,
					from,
					until,
					note: typeof b.note === 'string' ? b.note : ''
				});
				return;
			}
			case 'mandate.propose':
			case 'mandate.done':
			case 'mandate.recall-vote':
				return reject(this.mandates.apply(e, id, this.mandateContext()));
		}
	}

	private isActive = (m: MemberKey, t: Millis): boolean => isActiveAt(this.view.members.get(m), t);

	private unavailable = (role: string | null, recordedBy: Millis, from: Millis, to: Millis) => {
		const out = new Map<MemberKey, 'benched' | 'absent'>();
		for (const a of this.absences)
			if (a.at <= recordedBy && a.from < to && a.until > from) out.set(a.member, 'absent');
		for (const b of this.benches)
			if (b.at <= recordedBy && (b.role === null || b.role === role) && b.until > from)
				out.set(b.member, 'benched');
		return out;
	};

	private mandateContext() {
		return {
			rosterAt: (t: Millis) => rosterAt(this.view, t),
			seedAt: (t: Millis) => this.seeds.seedAt(t).seed,
			unavailableAt: (t: Millis) => new Set(this.unavailable(null, t, t, t + 1).keys()),
			recallThresholdAt: (t: Millis) => this.charter.contentAt(t).thresholds.recall,
			isActive: this.isActive
		};
	}

	/** The governance of the circle at `now`. */
	state(now: Millis): GovernanceState {
		const charter = this.charter.status(this.view, now);
		const inForce = charter.inForce;
		const ctx: rotation.RotationContext = {
			epoch: this.epoch,
			genesisAt: this.genesisAt,
			charterAt: (t) => this.charter.contentAt(t),
			seedAt: (t) => this.seeds.seedAt(t).seed,
			rosterAt: (t) => rosterAt(this.view, t),
			unavailable: this.unavailable,
			resets: this.resets.history.map((r) => ({ at: r.at, cycle: r.cycle })),
			stepdowns: (role) => this.stepdowns.filter((s) => s.role === role),
			leftAt: (m, at) => leftAfter(this.view.members.get(m), at),
			seal: (role, term, segment) => this.seals.get(role, term, segment)
		};
		const roles: RoleView[] = [];
		const history: Holding[] = [];
		const viewKey = viewSignature(this.view);
		const started = this.seeds.seeds.length > 0;
		for (const role of started
			? allRoles(
					inForce,
					this.charter.versions.map((v) => v.content)
				)
			: []) {
			const { holdings, tallies } = this.timeline(ctx, role.id, now, viewKey);
			history.push(...holdings);
			if (!inForce.roles.some((r) => r.id === role.id)) continue;
			const current = holdings.find((h) => h.start <= now && now < h.end) ?? null;
			const next = holdings.find((h) => h.start > now) ?? null;
			const service = [...tallies.entries()]
				.filter(([m]) => this.isActive(m, now))
				.map(([member, t]) => ({
					member,
					served: t.served,
					earned: t.earned,
					deficit: t.earned - rotation.SCALE * t.served
				}))
				.sort((a, b) => (a.member < b.member ? -1 : 1));
			roles.push({ role, current, next, history: holdings, service });
		}
		history.sort(
			(a, b) => a.start - b.start || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) || a.segment - b.segment
		);
		const handoffs: Handoff[] = history
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
		return {
			now,
			epoch: this.epoch,
			genesisAt: this.genesisAt,
			charter,
			roles,
			holders: roles.map((r) => r.current).filter((h): h is Holding => h !== null),
			history,
			seals: {
				due: dueSeals(history, now),
				total: this.seals.count.total,
				flagged: history.filter((h) => h.seal?.verdict === 'flagged')
			},
			mandates: this.mandates.view(now, this.isActive),
			reset: this.resets.status(inForce.thresholds, now, this.isActive),
			handoffs,
			seeds: this.seeds.seeds.slice(),
			ceremonies: this.seeds.progress(),
			benches: this.benches.slice(),
			absences: this.absences.slice(),
			rituals: rituals(this.epoch, inForce, this.view, now),
			rejected: this.rejected.slice()
		};
	}

	/** rotation.timeline, or its cached result when still valid at `now` (fresh holding objects either way). */
	private timeline(
		ctx: rotation.RotationContext,
		roleId: string,
		now: Millis,
		viewKey: string
	): { holdings: Holding[]; tallies: ReadonlyMap<MemberKey, rotation.Tally> } {
		let c = this.timelines.get(roleId);
		if (
			!c ||
			c.inputs !== this.rotationInputs ||
			c.viewKey !== viewKey ||
			!(c.validFrom <= now && now < c.validUntil) ||
			!this.applySeals(c, roleId)
		) {
			const t = rotation.timeline(ctx, roleId, now);
			c = { ...t, inputs: this.rotationInputs, viewKey, seals: [] };
			this.timelines.set(roleId, c);
		}
		return {
			holdings: c.holdings.map((h) => ({ ...h, provisional: now < h.freezeAt })),
			tallies: c.tallies
		};
	}

	/**
	 * Brings seals that arrived since `c` was computed into it, when each only changes its own
	 * holding's verdict (segment 0, the holders stay the same, so the tallies and every later
	 * draw stay the same); false when the timeline must be recomputed.
	 */
	private applySeals(c: CachedTimeline, roleId: string): boolean {
		for (const [term, segment] of c.seals) {
			if (segment !== 0) return false;
			const i = c.holdings.findIndex((h) => h.term === term && h.segment === 0);
			const h = c.holdings[i];
			if (!h) return false;
			const out = rotation.sealOutcome(this.seals.get(roleId, term, 0), h.computed, h.draw);
			if (out.holders.length !== h.holders.length || out.holders.some((m, j) => m !== h.holders[j]))
				return false;
			c.holdings[i] = { ...h, seal: out.seal };
		}
		c.seals = [];
		return true;
	}

	/** One mandate as the books hold it now (no sunset applied): for writers of follow-up entries. */
	mandate(id: EntryId): Mandate | undefined {
		return this.mandates.mandates.get(id);
	}

	/** The charter in force at t (for other rules, e.g. membership's removal threshold). */
	charterAt(t: Millis): CharterContent {
		return this.charter.contentAt(t);
	}
}

interface CachedTimeline {
	holdings: Holding[];
	tallies: ReadonlyMap<MemberKey, rotation.Tally>;
	validFrom: Millis;
	validUntil: Millis;
	inputs: number;
	viewKey: string;
	/** Seals (term, segment) accepted since, not yet brought in. */
	seals: [number, number][];
}

/** Entry types that touch one role's timeline only (or none); handled in apply. */
const ROLE_SCOPED = new Set(['rotation.seal', STEPDOWN, BENCH]);

/** Everything rotation reads from the membership view, as one string (a cache key only). */
const viewSignature = (view: MembershipView): string => {
	const parts: string[] = [];
	for (const m of view.members.values()) {
		parts.push(m.key, String(m.since), String(m.until));
		if (m.spans) for (const x of m.spans) parts.push(String(x.since), String(x.until));
		parts.push(';');
	}
	return parts.join(',');
};

/** One-shot fold (tests, verification tools). Apps keep a Governance and call update(). */
export const fold = (
	accepted: readonly Entry[],
	membership: MembershipView,
	now: Millis,
	ids?: readonly EntryId[]
): GovernanceState => new Governance().update(accepted, membership, ids).state(now);

/** Roles of the charter in force first (in its order), then roles only earlier versions had. */
const allRoles = (inForce: CharterContent, versions: CharterContent[]): Role[] => {
	const out = inForce.roles.slice();
	const seen = new Set(out.map((r) => r.id));
	for (const c of [...versions].reverse())
		for (const r of c.roles)
			if (!seen.has(r.id)) {
				seen.add(r.id);
				out.push(r);
			}
	const defaults = new CharterBook(0).contentAt(0).roles;
	for (const r of defaults)
		if (!seen.has(r.id)) {
			seen.add(r.id);
			out.push(r);
		}
	return out;
};

const rituals = (epoch: Millis, c: CharterContent, view: MembershipView, now: Millis): Rituals => {
	const next = (len: calendar.TermLength) => calendar.nextBoundary(epoch, len, now);
	const members = rosterAt(view, now)
		.map((k) => view.members.get(k)!)
		.sort((a, b) => a.since - b.since || (a.key < b.key ? -1 : 1));
	const pairs: [MemberKey, MemberKey][] = [];
	for (let i = 0; i < Math.floor(members.length / 2); i++)
		pairs.push([members[members.length - 1 - i]!.key, members[i]!.key]);
	return {
		nextMeeting: next(calendar.days(c.rituals.meetingEveryDays)),
		nextPairAudit: next(calendar.months(c.rituals.pairAuditMonths)),
		nextMentorshipInversion: next(calendar.months(c.rituals.mentorshipInversionMonths)),
		inversionPairs: pairs
	};
};

/**
 * The charter's removal rule, in the shape membership expects (`LedgerOptions.removalThreshold`):
 * `thresholds.removal` distinct members of the charter in force at the deciding entry, but
 * never more than the other active members (a small circle can still act).
 */
export const charterRemovalThreshold: RemovalThreshold = ({ state, target, at, accepted }) => {
	const book = new CharterBook(0);
	for (const e of accepted) if (e.type.startsWith('charter.')) book.apply(e, entryId(e), state);
	const others = state.roster.filter((k) => k !== target).length;
	return Math.max(1, Math.min(book.contentAt(at[0]).thresholds.removal, others));
};
