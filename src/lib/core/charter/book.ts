/**
 * The charter's book: proposals with each member's latest stance, and the ratified versions.
 * A ratification counts only when, at its own time, no active member's latest stance is an
 * objection and either every active member consented or the consent window has passed
 * (consent, not consensus: silence is assent, objection blocks). A version is in force from
 * its ratification until the next; after `validityDays` it is "expired — re-ratify" but stays
 * in force, so a circle is never left without rules.
 */
import * as canonical from '../canonical';
import { DAY_MS } from '../calendar';
import { rosterAt, type MembershipView } from '../membership/view';
import { reject, type Rejection } from '../host/domain';
import type { ProposeBody, RatifyBody, StanceBody } from './domain';
import { defaultCharter, type CharterContent } from './content';
import type { EntryId, MemberKey, Millis } from '../types';

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
	/** Why it cannot be ratified yet (null when it can). */
	waitingFor: Rejection | null;
}

/** Incremental charter reducer: feed it accepted entries in total order. */
export class CharterBook {
	readonly proposals = new Map<EntryId, Proposal & { byMember: Map<MemberKey, Stance> }>();
	readonly versions: CharterVersion[] = [];

	/** The content in force at instant t (the latest version ratified at or before t). */
	contentAt(t: Millis): CharterContent {
		return this.versionAt(t)?.content ?? DEFAULT;
	}

	versionAt(t: Millis): CharterVersion | null {
		for (let i = this.versions.length - 1; i >= 0; i--)
			if (this.versions[i]!.ratifiedAt <= t) return this.versions[i]!;
		return null;
	}

	propose(id: EntryId, author: MemberKey, at: Millis, b: ProposeBody): Rejection | null {
		const window = this.contentAt(at).consentWindowDays * DAY_MS;
		const own: Stance = { member: author, stance: 'consent', reason: '', at };
		this.proposals.set(id, {
			id,
			author,
			at,
			content: b.content,
			text: b.text,
			hash: b.hash,
			windowEndsAt: at + window,
			stances: [],
			status: 'open',
			byMember: new Map([[author, own]])
		});
		return null;
	}

	stance(author: MemberKey, at: Millis, b: StanceBody, stance: Stance['stance']): Rejection | null {
		const p = this.proposals.get(b.proposal);
		if (!p) return reject('no-such-proposal');
		if (p.status !== 'open') return reject('already-ratified');
		p.byMember.set(author, { member: author, stance, reason: b.reason, at });
		return null;
	}

	ratify(id: EntryId, author: MemberKey, at: Millis, b: RatifyBody, view: MembershipView): Rejection | null {
		const p = this.proposals.get(b.proposal);
		if (!p) return reject('no-such-proposal');
		if (p.status !== 'open') return reject('already-ratified');
		if (b.hash !== p.hash || b.text !== p.text || b.contentText !== canonical.encodeText(p.content))
			return reject('ratify-differs');
		const verdict = ratifiable(p, view, at);
		if (!verdict.ok) return verdict.why;
		p.status = 'ratified';
		this.versions.push({
			version: this.versions.length + 1,
			proposal: p.id,
			ratify: id,
			ratifiedAt: at,
			ratifiedBy: author,
			expiresAt: at + p.content.validityDays * DAY_MS,
			content: p.content,
			text: p.text,
			hash: p.hash
		});
		return null;
	}

	clone(): CharterBook {
		const c = new CharterBook();
		for (const [k, p] of this.proposals) c.proposals.set(k, { ...p, byMember: new Map(p.byMember) });
		c.versions.push(...this.versions);
		return c;
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
				versions: this.versions.slice(),
				proposals
			};
		const expired = now >= version.expiresAt;
		return {
			inForce: version.content,
			version,
			state: expired ? 'expired' : 'in-force',
			expiresAt: version.expiresAt,
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
): { ok: true } | { ok: false; why: Rejection } => {
	const roster = rosterAt(view, t);
	const objecting = roster.filter((m) => p.byMember.get(m)?.stance === 'object');
	if (objecting.length) return { ok: false, why: reject('objections', { count: objecting.length }) };
	const silent = roster.filter((m) => p.byMember.get(m)?.stance !== 'consent');
	if (silent.length === 0 || t >= p.windowEndsAt) return { ok: true };
	return {
		ok: false,
		why: reject('waiting', { silent: silent.length, windowEndsAt: p.windowEndsAt })
	};
};

const viewProposal = (
	p: Proposal & { byMember: Map<MemberKey, Stance> },
	view: MembershipView,
	now: Millis
): ProposalView => {
	const roster = rosterAt(view, now);
	const stances = [...p.byMember.values()].sort((a, b) => (a.member < b.member ? -1 : 1));
	const verdict =
		p.status === 'open' ? ratifiable(p, view, now) : { ok: false as const, why: reject('already-ratified') };
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
		waitingFor: verdict.ok ? null : verdict.why
	};
};
