/**
 * The charter: the circle's rules as data, versioned and expiring.
 *
 * "All governing documents should expire or require re-ratification at predictable
 * intervals" (the essay, Reversible Charters and Hard Resets). Lifecycle:
 *   charter.propose {content, text, hash}     a draft (text drafted together in Y.Text, frozen here)
 *   charter.consent {proposal}                a member consents
 *   charter.object  {proposal, reason}        a member objects (a later consent by the same member withdraws it)
 *   charter.ratify  {proposal, content, text, hash}   anyone records ratification, embedding the frozen content
 * A ratify entry is valid only when, at its own time, (a) every active member has consented, or
 * (b) the consent window since the proposal has passed; and in both cases no active member's
 * latest stance is an objection (consent, not consensus: silence is assent, objection blocks).
 * The proposer's proposal counts as their consent.
 *
 * A version is in force from its ratification until the next ratified version. After
 * `validityDays` it is "expired — re-ratify", but it stays in force (a circle is never left
 * without rules); the status message says so. Before any ratification the default charter
 * below is in force and the status says that too.
 */
import * as canonical from './canonical';
import { sha256Hex } from './bytes';
import { DAY_MS, days, isTermLength, isoUtc, months, type TermLength } from './calendar';
import type { Json } from './canonical';
import type { Entry, EntryId, MemberKey, Millis } from './types';
import { rosterAt, type MembershipView } from './membership-view';

export const PROPOSE = 'charter.propose';
export const CONSENT = 'charter.consent';
export const OBJECT = 'charter.object';
export const RATIFY = 'charter.ratify';

export interface Role {
	[key: string]: Json;
	/** Stable identifier, lower-case: `facilitator`, `steward`, `auditors`. */
	id: string;
	name: string;
	duties: string;
	term: TermLength;
	/** How many people hold the role at once (an audit pair is 2 different people). */
	seats: number;
	/** "Two-term limits ... prevent subtle consolidation": the longest run of consecutive terms. */
	maxConsecutive: number;
	/** Terms a member sits out after a run of service ends before serving again. */
	cooldownTerms: number;
}

export interface Thresholds {
	[key: string]: number;
	/** Distinct members (the holder excluded) whose recall votes end a mandate. */
	recall: number;
	/** Distinct members needed to remove a member (read by the membership rules). */
	removal: number;
	/** "Any trio can push the reset button": distinct members calling reset ... */
	resetCount: number;
	/** ... within this many days. */
	resetWindowDays: number;
}

export interface Rituals {
	[key: string]: number;
	/** Meetings happen every this many days; the facilitator is drawn per meeting. */
	meetingEveryDays: number;
	/** "Once per quarter, two members interview everyone else": pair audits. */
	pairAuditMonths: number;
	/** "Invert it annually": mentorship inversion. */
	mentorshipInversionMonths: number;
}

export interface CharterContent {
	[key: string]: Json;
	roles: Role[];
	thresholds: Thresholds;
	/** Days after a proposal when silence counts as consent. */
	consentWindowDays: number;
	/** Days a ratified version is valid before it must be re-ratified. */
	validityDays: number;
	/** Hours before a term starts when its roster and seed are frozen (DESIGN.md §4). */
	freezeHours: number;
	rituals: Rituals;
}

/**
 * A sensible start for a circle of six to ten: a facilitator per weekly meeting (rotate
 * facilitation each meeting), a monthly steward with a two-term limit, a quarterly audit
 * pair, recall by three, reset by any three within a week, a yearly charter.
 */
export const defaultCharter = (): CharterContent => ({
	roles: [
		{
			id: 'facilitator',
			name: 'Facilitator',
			duties: 'Runs the next meeting: agenda, talk time, the closing temperature check.',
			term: days(7),
			seats: 1,
			maxConsecutive: 1,
			cooldownTerms: 1
		},
		{
			id: 'steward',
			name: 'Steward',
			duties: 'Looks after the commons this month: keys, loans, the shared calendar.',
			term: months(1),
			seats: 1,
			maxConsecutive: 2,
			cooldownTerms: 1
		},
		{
			id: 'auditors',
			name: 'Audit pair',
			duties: 'Interview everyone else to map cliques and blockages; present, then listen.',
			term: months(3),
			seats: 2,
			maxConsecutive: 1,
			cooldownTerms: 1
		}
	],
	thresholds: { recall: 3, removal: 4, resetCount: 3, resetWindowDays: 7 },
	consentWindowDays: 7,
	validityDays: 365,
	freezeHours: 24,
	rituals: { meetingEveryDays: 7, pairAuditMonths: 3, mentorshipInversionMonths: 12 }
});

const ID = /^[a-z][a-z0-9-]{0,31}$/;
const int = (x: unknown, lo: number, hi: number): boolean =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/** Checks untrusted charter content; returns a sentence a person can act on, or null. */
export const checkContent = (x: unknown): string | null => {
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'The charter must be an object.';
	const c = x as Record<string, unknown>;
	if (!Array.isArray(c.roles) || c.roles.length > 20) return 'The charter needs a list of at most 20 roles.';
	const seen = new Set<string>();
	for (const r of c.roles as unknown[]) {
		const role = r as Record<string, unknown>;
		if (typeof role !== 'object' || role === null) return 'Each role must be an object.';
		if (typeof role.id !== 'string' || !ID.test(role.id))
			return 'Role ids are lower-case words like "steward".';
		if (seen.has(role.id)) return `The role "${role.id}" appears twice.`;
		seen.add(role.id);
		if (typeof role.name !== 'string' || !role.name.trim() || role.name.length > 80)
			return `Give the role "${role.id}" a name under 80 characters.`;
		if (typeof role.duties !== 'string' || role.duties.length > 1000)
			return `Keep the duties of "${role.id}" under 1000 characters.`;
		if (!isTermLength(role.term)) return `The term of "${role.id}" must be whole days or months.`;
		if (!int(role.seats, 1, 10)) return `"${role.id}" needs between 1 and 10 seats.`;
		if (!int(role.maxConsecutive, 1, 100)) return `"${role.id}": max consecutive terms must be at least 1.`;
		if (!int(role.cooldownTerms, 0, 100)) return `"${role.id}": cooldown must be 0 or more terms.`;
	}
	const t = c.thresholds as Record<string, unknown> | undefined;
	if (typeof t !== 'object' || t === null) return 'The charter needs thresholds.';
	if (!int(t.recall, 1, 1000)) return 'The recall threshold must be at least 1 member.';
	if (!int(t.removal, 1, 1000)) return 'The removal threshold must be at least 1 member.';
	if (!int(t.resetCount, 2, 1000)) return 'A reset needs at least 2 members.';
	if (!int(t.resetWindowDays, 1, 365)) return 'The reset window must be 1 to 365 days.';
	if (!int(c.consentWindowDays, 1, 90)) return 'The consent window must be 1 to 90 days.';
	if (!int(c.validityDays, 7, 3660)) return 'A charter must be valid for 7 days to 10 years.';
	if (!int(c.freezeHours, 0, 168)) return 'The freeze lead must be 0 to 168 hours.';
	const r = c.rituals as Record<string, unknown> | undefined;
	if (typeof r !== 'object' || r === null) return 'The charter needs its rituals.';
	if (!int(r.meetingEveryDays, 1, 366)) return 'Meetings must happen every 1 to 366 days.';
	if (!int(r.pairAuditMonths, 1, 24)) return 'Pair audits must happen every 1 to 24 months.';
	if (!int(r.mentorshipInversionMonths, 1, 60))
		return 'Mentorship inversion must happen every 1 to 60 months.';
	const extra = Object.keys(c)
		.filter(
			(k) =>
				!['roles', 'thresholds', 'consentWindowDays', 'validityDays', 'freezeHours', 'rituals'].includes(k)
		)
		.sort();
	if (extra.length) return `Unknown charter fields: ${extra.join(', ')}.`;
	return null;
};

/** Canonical JSON text of an untrusted value, or null when it has none (a float, undefined, ...). */
const canonicalOrNull = (x: unknown): string | null => {
	try {
		return canonical.encodeText(x);
	} catch {
		return null;
	}
};

/** The hash frozen into proposals and ratifications: SHA-256 of canonical {content, text}. */
export const hashCharter = (content: CharterContent, text: string): string =>
	sha256Hex(canonical.encode({ content, text }));

// ---- entry bodies (the caller wraps them with author/seq/prev/hlc and signs) ----

export const proposalBody = (content: CharterContent, text: string) => {
	const problem = checkContent(content);
	if (problem) throw new Error(problem);
	return { content, text, hash: hashCharter(content, text) };
};
export const consentBody = (proposal: EntryId) => ({ proposal });
export const objectionBody = (proposal: EntryId, reason: string) => ({ proposal, reason });
export const ratifyBody = (p: Proposal) => ({
	proposal: p.id,
	content: p.content,
	text: p.text,
	hash: p.hash
});

// ---- the fold ----

export interface Stance {
	member: MemberKey;
	stance: 'consent' | 'object';
	reason: string;
	at: Millis;
}

export interface Proposal {
	id: EntryId;
	author: MemberKey;
	at: Millis;
	content: CharterContent;
	text: string;
	hash: string;
	/** Silence counts as consent from this instant. */
	windowEndsAt: Millis;
	/** Latest stance of each member, sorted by member key. */
	stances: Stance[];
	status: 'open' | 'ratified';
}

export interface CharterVersion {
	version: number;
	proposal: EntryId;
	ratify: EntryId;
	ratifiedAt: Millis;
	ratifiedBy: MemberKey;
	expiresAt: Millis;
	content: CharterContent;
	text: string;
	hash: string;
}

export interface CharterStatus {
	/** The rules that apply right now. */
	inForce: CharterContent;
	/** The ratified version in force, or null while the default charter applies. */
	version: CharterVersion | null;
	state: 'default' | 'in-force' | 'expired';
	/** When the version in force expires (null for the default charter). */
	expiresAt: Millis | null;
	/** Milliseconds left until expiry (negative once expired); null for the default. */
	remainingMs: number | null;
	/** A sentence for every screen where the charter matters. */
	message: string;
	versions: CharterVersion[];
	proposals: ProposalView[];
}

export interface ProposalView extends Proposal {
	consented: MemberKey[];
	objections: { member: MemberKey; reason: string }[];
	/** Active members who have not spoken yet. */
	silent: MemberKey[];
	/** True when a charter.ratify entry written now would be valid. */
	canRatify: boolean;
	/** Why it cannot be ratified yet, for the screen. */
	waitingFor: string;
}

export interface Rejected {
	id: EntryId;
	type: string;
	reason: string;
}

/** Incremental charter reducer: feed it accepted entries in total order. */
export class CharterBook {
	readonly proposals = new Map<EntryId, Proposal & { byMember: Map<MemberKey, Stance> }>();
	readonly versions: CharterVersion[] = [];
	readonly rejected: Rejected[] = [];

	constructor(readonly epoch: Millis) {}

	/** The content in force at instant t (the latest version ratified at or before t). */
	contentAt(t: Millis): CharterContent {
		return this.versionAt(t)?.content ?? DEFAULT;
	}

	versionAt(t: Millis): CharterVersion | null {
		for (let i = this.versions.length - 1; i >= 0; i--)
			if (this.versions[i]!.ratifiedAt <= t) return this.versions[i]!;
		return null;
	}

	apply(e: Entry, id: EntryId, view: MembershipView): void {
		const at = e.hlc[0];
		const reject = (reason: string): void => {
			this.rejected.push({ id, type: e.type, reason });
		};
		if (typeof e.body !== 'object' || e.body === null || Array.isArray(e.body))
			return reject('the body is not an object');
		const b = e.body as Record<string, unknown>;
		if (e.type === PROPOSE) {
			const problem = checkContent(b.content);
			if (problem) return reject(problem);
			if (typeof b.text !== 'string' || b.text.length > 20_000)
				return reject('the charter text is missing or too long');
			// Extra fields inside roles, thresholds and rituals are kept, so they must be ledger values too.
			if (canonicalOrNull(b.content) === null)
				return reject('the charter holds a value that is not canonical JSON (a fraction or a huge number)');
			const content = b.content as CharterContent;
			if (b.hash !== hashCharter(content, b.text)) return reject('the hash does not match the content');
			const window = this.contentAt(at).consentWindowDays * DAY_MS;
			const own: Stance = { member: e.author, stance: 'consent', reason: '', at };
			this.proposals.set(id, {
				id,
				author: e.author,
				at,
				content,
				text: b.text,
				hash: b.hash,
				windowEndsAt: at + window,
				stances: [],
				status: 'open',
				byMember: new Map([[e.author, own]])
			});
		} else if (e.type === CONSENT || e.type === OBJECT) {
			const p = this.proposals.get(b.proposal as EntryId);
			if (!p) return reject('no such proposal');
			if (p.status !== 'open') return reject('that proposal was already ratified');
			const reason = typeof b.reason === 'string' ? b.reason.slice(0, 1000) : '';
			if (e.type === OBJECT && !reason.trim()) return reject('an objection needs a reason');
			p.byMember.set(e.author, {
				member: e.author,
				stance: e.type === CONSENT ? 'consent' : 'object',
				reason,
				at
			});
		} else if (e.type === RATIFY) {
			const p = this.proposals.get(b.proposal as EntryId);
			if (!p) return reject('no such proposal');
			if (p.status !== 'open') return reject('that proposal was already ratified');
			if (!('content' in b)) return reject('a ratification must embed the content it ratifies');
			if (
				b.hash !== p.hash ||
				b.text !== p.text ||
				canonicalOrNull(b.content) !== canonical.encodeText(p.content)
			)
				return reject('the ratified content differs from the proposal');
			const verdict = ratifiable(p, view, at);
			if (!verdict.ok) return reject(verdict.why);
			p.status = 'ratified';
			this.versions.push({
				version: this.versions.length + 1,
				proposal: p.id,
				ratify: id,
				ratifiedAt: at,
				ratifiedBy: e.author,
				expiresAt: at + p.content.validityDays * DAY_MS,
				content: p.content,
				text: p.text,
				hash: p.hash
			});
		}
	}

	status(view: MembershipView, now: Millis): CharterStatus {
		const version = this.versionAt(now);
		const proposals = [...this.proposals.values()]
			.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
			.map((p) => viewProposal(p, view, now));
		if (!version)
			return {
				inForce: DEFAULT,
				version: null,
				state: 'default',
				expiresAt: null,
				remainingMs: null,
				message: 'No charter ratified yet: the default charter is in force until the circle ratifies one.',
				versions: this.versions.slice(),
				proposals
			};
		const expired = now >= version.expiresAt;
		return {
			inForce: version.content,
			version,
			state: expired ? 'expired' : 'in-force',
			expiresAt: version.expiresAt,
			remainingMs: version.expiresAt - now,
			message: expired
				? `Charter expired — re-ratify. Version ${version.version} stays in force until a new version is ratified.`
				: `Charter version ${version.version} is in force until ${isoUtc(version.expiresAt)}.`,
			versions: this.versions.slice(),
			proposals
		};
	}
}

const DEFAULT = defaultCharter();

const ratifiable = (
	p: Proposal & { byMember: Map<MemberKey, Stance> },
	view: MembershipView,
	t: Millis
): { ok: true } | { ok: false; why: string } => {
	const roster = rosterAt(view, t);
	const objecting = roster.filter((m) => p.byMember.get(m)?.stance === 'object');
	if (objecting.length) return { ok: false, why: `${objecting.length} member(s) object` };
	const silent = roster.filter((m) => p.byMember.get(m)?.stance !== 'consent');
	if (silent.length === 0 || t >= p.windowEndsAt) return { ok: true };
	return {
		ok: false,
		why: `waiting for ${silent.length} member(s) or the window ending ${isoUtc(p.windowEndsAt)}`
	};
};

const viewProposal = (
	p: Proposal & { byMember: Map<MemberKey, Stance> },
	view: MembershipView,
	now: Millis
): ProposalView => {
	const roster = rosterAt(view, now);
	const stances = [...p.byMember.values()].sort((a, b) => (a.member < b.member ? -1 : 1));
	const verdict = p.status === 'open' ? ratifiable(p, view, now) : { ok: false as const, why: 'ratified' };
	return {
		id: p.id,
		author: p.author,
		at: p.at,
		content: p.content,
		text: p.text,
		hash: p.hash,
		windowEndsAt: p.windowEndsAt,
		status: p.status,
		stances,
		consented: stances.filter((s) => s.stance === 'consent').map((s) => s.member),
		objections: stances
			.filter((s) => s.stance === 'object')
			.map((s) => ({ member: s.member, reason: s.reason })),
		silent: roster.filter((m) => !p.byMember.has(m)),
		canRatify: verdict.ok,
		waitingFor: verdict.ok ? '' : verdict.why
	};
};

// ---- side-by-side comparison ----

export interface Change {
	/** e.g. `roles.steward.maxConsecutive`, `thresholds.recall`, `text`. */
	path: string;
	kind: 'added' | 'removed' | 'changed';
	before: Json | null;
	after: Json | null;
}

const flatten = (value: Json, path: string, out: Map<string, Json>): void => {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const k of Object.keys(value).sort()) flatten(value[k]!, path ? `${path}.${k}` : k, out);
	} else out.set(path, value);
};

const flattenCharter = (content: CharterContent, text: string): Map<string, Json> => {
	const out = new Map<string, Json>();
	const { roles, ...rest } = content;
	// Roles are compared by id, so reordering them is not a change.
	const byId: Record<string, Json> = {};
	for (const r of roles) byId[r.id] = r;
	flatten({ ...rest, roles: byId }, '', out);
	out.set('text', text);
	return out;
};

/** Field-level differences from version a to version b, sorted by path. */
export const diff = (
	a: { content: CharterContent; text?: string },
	b: { content: CharterContent; text?: string }
): Change[] => {
	const fa = flattenCharter(a.content, a.text ?? '');
	const fb = flattenCharter(b.content, b.text ?? '');
	const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
	const changes: Change[] = [];
	for (const path of paths) {
		const x = fa.get(path);
		const y = fb.get(path);
		if (x === undefined) changes.push({ path, kind: 'added', before: null, after: y! });
		else if (y === undefined) changes.push({ path, kind: 'removed', before: x, after: null });
		else if (canonical.encodeText(x) !== canonical.encodeText(y))
			changes.push({ path, kind: 'changed', before: x, after: y });
	}
	return changes;
};
