/**
 * The charter's book: proposals, each a series of versions (amendments) with a consent round on
 * the latest (src/lib/core/consent.ts), and the versions in force.
 *
 * A proposal comes into force **from the fold itself**, with nobody recording it: at the answer
 * that completes its round (every active member consented or stood aside, no objection standing),
 * or at the end of its consent window when no objection stands then, or — after a window that an
 * objection blocked — at the answer that withdraws the last objection. A `charter.ratify` entry is
 * a record of that (written by whichever phone sees it first, a duty), credited to the proposer and
 * the circle, never to the phone that wrote it; one written while the round does not pass is
 * refused. A version is in force from that instant until the next; after `validityDays` it is
 * "expired — re-ratify" but stays in force, so a circle is never left without rules.
 */
import * as canonical from '../canonical';
import { DAY_MS } from '../calendar';
import { rosterAt, type MembershipView } from '../membership/view';
import { reject, type Rejection } from '../host/domain';
import {
	copyRound,
	objecting,
	openRound,
	passes,
	tally,
	type Answer,
	type Round,
	type Tally
} from '../consent';
import type { AmendBody, ProposeBody, RatifyBody, StanceBody } from './domain';
import { defaultCharter, type CharterContent } from './content';
import type { EntryId, MemberKey, Millis } from '../types';

// ---- the fold ----

export interface Stance {
	member: MemberKey;
	stance: Answer;
	/** An objection's reason, or the note with a consent or a stand-aside. */
	reason: string;
	at: Millis;
}

/** One version of a proposal: the first, or an amendment. */
export interface ProposalVersion {
	n: number;
	/** The entry that proposed or amended it. */
	entry: EntryId;
	at: Millis;
	content: CharterContent;
	text: string;
	hash: string;
}

export interface Proposal {
	id: EntryId;
	author: MemberKey;
	at: Millis;
	/** The latest version's content, text and hash. */
	content: CharterContent;
	text: string;
	hash: string;
	/** Silence counts as consent from this instant (the latest version's round). */
	windowEndsAt: Millis;
	/** Latest answer of each member to the latest version, sorted by member key. */
	stances: Stance[];
	status: 'open' | 'ratified';
	/** Every version, the first first. */
	history: ProposalVersion[];
}

export interface CharterVersion {
	version: number;
	proposal: EntryId;
	/** The `charter.ratify` entry that recorded it, or null while none has. */
	ratify: EntryId | null;
	/** When it came into force. */
	ratifiedAt: Millis;
	/** Credited to the proposer (and the circle): never the phone that recorded it. */
	ratifiedBy: MemberKey;
	/** The phone that recorded it (null while none has). */
	recordedBy: MemberKey | null;
	/** How the round ended: everyone answered, the window closed, or a late record (v1 rule). */
	how: 'answered' | 'window' | 'recorded';
	/** Versions of the proposal (1 + amendments). */
	amendments: number;
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

export interface ProposalView extends Proposal, Tally {
	/** The version the round is about (1 + amendments). */
	version: number;
	/** True when a charter.ratify record written now would be accepted and none is recorded yet. */
	canRatify: boolean;
	/** Why it is not in force yet (null when it is, or would be). */
	waitingFor: Rejection | null;
	/** The charter version it became (null while open). */
	became: CharterVersion | null;
}

interface Live {
	id: EntryId;
	author: MemberKey;
	at: Millis;
	history: ProposalVersion[];
	round: Round;
	status: 'open' | 'ratified';
}

const current = (p: Live): ProposalVersion => p.history[p.history.length - 1]!;

/** Incremental charter reducer: feed it accepted entries in total order. */
export class CharterBook {
	readonly proposals = new Map<EntryId, Live>();
	/** The versions that came into force, in order. */
	readonly settled: CharterVersion[] = [];

	/** The latest instant an entry was applied at. */
	lastAt: Millis = Number.MIN_SAFE_INTEGER;

	/** Every version in force by the latest entry applied, the ones a closed window brought in included. */
	get versions(): CharterVersion[] {
		return this.versionsAt(this.lastAt);
	}

	/** The versions in force at or before t: those settled, and rounds whose window passed by t with no objection. */
	versionsAt(t: Millis): CharterVersion[] {
		let out: CharterVersion[] | null = null;
		for (const p of this.#pendingWindows(t)) {
			out ??= this.settled.slice();
			out.push(makeVersion(out.length + 1, p, p.round.windowEndsAt, 'window', null, null));
		}
		return out ?? this.settled;
	}

	/** The content in force at instant t (the latest version in force at or before t). */
	contentAt(t: Millis): CharterContent {
		return this.versionAt(t)?.content ?? DEFAULT;
	}

	versionAt(t: Millis): CharterVersion | null {
		const vs = this.versionsAt(t);
		for (let i = vs.length - 1; i >= 0; i--) if (vs[i]!.ratifiedAt <= t) return vs[i]!;
		return null;
	}

	/** Open rounds whose window ended by t, not judged yet and with no objection standing, by window end. */
	#pendingWindows(t: Millis): Live[] {
		const out: Live[] = [];
		for (const p of this.proposals.values())
			if (
				p.status === 'open' &&
				!p.round.windowJudged &&
				p.round.windowEndsAt <= t &&
				!objecting(p.round).length
			)
				out.push(p);
		return out.sort(byWindow);
	}

	/**
	 * Judges every window that ended by t (before anything at t is applied): a round with no
	 * objection standing comes into force at its window's end; one with an objection stays open,
	 * and then passes at the answer that withdraws the last objection.
	 */
	settle(t: Millis): () => void {
		const lastAt = this.lastAt;
		const count = this.settled.length;
		if (t > this.lastAt) this.lastAt = t;
		const due = [...this.proposals.values()]
			.filter((p) => p.status === 'open' && !p.round.windowJudged && p.round.windowEndsAt <= t)
			.sort(byWindow);
		for (const p of due) {
			p.round.windowJudged = true;
			if (!objecting(p.round).length) this.#enact(p, p.round.windowEndsAt, 'window', null, null);
		}
		// Undoes it, for an entry then refused (a refused entry leaves the book as it was).
		return () => {
			this.lastAt = lastAt;
			this.settled.length = count;
			for (const p of due) {
				p.round.windowJudged = false;
				p.status = 'open';
			}
		};
	}

	/** Judges the windows up to t, then applies `f`; if `f` refuses, the book is left as it was. */
	#at(t: Millis, f: () => Rejection | null): Rejection | null {
		const undo = this.settle(t);
		const r = f();
		if (r) undo();
		return r;
	}

	#enact(p: Live, at: Millis, how: CharterVersion['how'], ratify: EntryId | null, by: MemberKey | null) {
		p.status = 'ratified';
		this.settled.push(makeVersion(this.settled.length + 1, p, at, how, ratify, by));
	}

	/** After an answer (or a proposal) at t: in force now if the round passes. */
	#check(p: Live, view: MembershipView, t: Millis): void {
		if (p.status === 'open' && passes(p.round, rosterAt(view, t), t))
			this.#enact(p, t, 'answered', null, null);
	}

	propose(
		id: EntryId,
		author: MemberKey,
		at: Millis,
		b: ProposeBody,
		view: MembershipView
	): Rejection | null {
		return this.#at(at, () => {
			const window = this.contentAt(at).consentWindowDays * DAY_MS;
			const p: Live = {
				id,
				author,
				at,
				history: [{ n: 1, entry: id, at, content: b.content, text: b.text, hash: b.hash }],
				round: openRound(1, author, at, window),
				status: 'open'
			};
			this.proposals.set(id, p);
			this.#check(p, view, at);
			return null;
		});
	}

	amend(id: EntryId, author: MemberKey, at: Millis, b: AmendBody, view: MembershipView): Rejection | null {
		return this.#at(at, () => {
			const p = this.proposals.get(b.proposal);
			if (!p) return reject('no-such-proposal');
			if (p.status !== 'open') return reject('already-ratified');
			// Sociocracy: the proposer integrates objections. Nobody amends someone else's proposal.
			if (author !== p.author) return reject('amend-not-proposer');
			if (b.hash === current(p).hash) return reject('amend-unchanged');
			const n = p.history.length + 1;
			p.history.push({ n, entry: id, at, content: b.content, text: b.text, hash: b.hash });
			p.round = openRound(n, author, at, this.contentAt(at).consentWindowDays * DAY_MS);
			this.#check(p, view, at);
			return null;
		});
	}

	stance(
		author: MemberKey,
		at: Millis,
		b: StanceBody,
		stance: Answer,
		view: MembershipView
	): Rejection | null {
		return this.#at(at, () => {
			const p = this.proposals.get(b.proposal);
			if (!p) return reject('no-such-proposal');
			if (p.status !== 'open') return reject('already-ratified');
			// An answer names the version it answers: one to an older version does not count for an amendment.
			if (b.hash !== null && b.hash !== current(p).hash) return reject('answer-outdated');
			p.round.answers.set(author, { member: author, answer: stance, note: b.reason, at });
			this.#check(p, view, at);
			return null;
		});
	}

	ratify(id: EntryId, author: MemberKey, at: Millis, b: RatifyBody, view: MembershipView): Rejection | null {
		return this.#at(at, () => {
			const p = this.proposals.get(b.proposal);
			if (!p) return reject('no-such-proposal');
			const v = current(p);
			if (b.hash !== v.hash || b.text !== v.text || b.contentText !== canonical.encodeText(v.content))
				return reject('ratify-differs');
			if (p.status === 'ratified') {
				// A record of what the fold already did; two phones recording at once both count, the first names it.
				const version = this.settled.find((x) => x.proposal === p.id)!;
				if (version.ratify === null) {
					const i = this.settled.indexOf(version);
					this.settled[i] = { ...version, ratify: id, recordedBy: author };
				}
				return null;
			}
			// The v1 rule, for a round a member who left still blocks or completes: judged at the record's time.
			const roster = rosterAt(view, at);
			const blocking = roster.filter((m) => p.round.answers.get(m)?.answer === 'object');
			if (blocking.length) return reject('objections', { count: blocking.length });
			const silent = roster.filter((m) => p.round.answers.get(m)?.answer !== 'consent');
			if (silent.length && at < p.round.windowEndsAt)
				return reject('waiting', { silent: silent.length, windowEndsAt: p.round.windowEndsAt });
			this.#enact(p, at, 'recorded', id, author);
			return null;
		});
	}

	clone(): CharterBook {
		const c = new CharterBook();
		for (const [k, p] of this.proposals)
			c.proposals.set(k, { ...p, history: p.history.slice(), round: copyRound(p.round) });
		c.settled.push(...this.settled);
		c.lastAt = this.lastAt;
		return c;
	}

	/** Instants at which the view may change by itself: windows ending, versions starting and expiring. */
	times(): Millis[] {
		const times: Millis[] = [];
		for (const v of this.versions) times.push(v.ratifiedAt, v.expiresAt);
		for (const p of this.proposals.values()) if (p.status === 'open') times.push(p.round.windowEndsAt);
		return times;
	}

	status(view: MembershipView, now: Millis): CharterStatus {
		const versions = this.versionsAt(now);
		let version: CharterVersion | null = null;
		for (let i = versions.length - 1; i >= 0 && !version; i--)
			if (versions[i]!.ratifiedAt <= now) version = versions[i]!;
		const proposals = [...this.proposals.values()]
			.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
			.map((p) => viewProposal(p, view, now, versions));
		if (!version)
			return { inForce: DEFAULT, version: null, state: 'default', expiresAt: null, versions, proposals };
		return {
			inForce: version.content,
			version,
			state: now >= version.expiresAt ? 'expired' : 'in-force',
			expiresAt: version.expiresAt,
			versions,
			proposals
		};
	}
}

const DEFAULT = defaultCharter();

const byWindow = (a: Live, b: Live): number =>
	a.round.windowEndsAt - b.round.windowEndsAt || (a.id < b.id ? -1 : 1);

const makeVersion = (
	n: number,
	p: Live,
	at: Millis,
	how: CharterVersion['how'],
	ratify: EntryId | null,
	by: MemberKey | null
): CharterVersion => {
	const v = current(p);
	return {
		version: n,
		proposal: p.id,
		ratify,
		ratifiedAt: at,
		ratifiedBy: p.author,
		recordedBy: by,
		how,
		amendments: p.history.length,
		expiresAt: at + v.content.validityDays * DAY_MS,
		content: v.content,
		text: v.text,
		hash: v.hash
	};
};

const viewProposal = (
	p: Live,
	view: MembershipView,
	now: Millis,
	versions: CharterVersion[]
): ProposalView => {
	const roster = rosterAt(view, now);
	const v = current(p);
	const became = versions.find((x) => x.proposal === p.id) ?? null;
	const stances: Stance[] = [...p.round.answers.values()]
		.sort((a, b) => (a.member < b.member ? -1 : 1))
		.map((a) => ({ member: a.member, stance: a.answer, reason: a.note, at: a.at }));
	const t = tally(p.round, roster);
	const objections = objecting(p.round);
	const waitingFor = became
		? null
		: objections.length
			? reject('objections', { count: objections.length })
			: reject('waiting', { silent: t.silent.length, windowEndsAt: p.round.windowEndsAt });
	return {
		id: p.id,
		author: p.author,
		at: p.at,
		content: v.content,
		text: v.text,
		hash: v.hash,
		windowEndsAt: p.round.windowEndsAt,
		status: became ? 'ratified' : 'open',
		stances,
		history: p.history.slice(),
		version: v.n,
		...t,
		canRatify: became !== null && became.ratify === null,
		waitingFor,
		became
	};
};
