/**
 * A federation's ledger and its fold (issue 14, items 1–2). A federation is a ledger of its own,
 * with its own id (federationIdFor) and genesis (purpose, charter), whose participants are
 * circles. Entries have the same signed shape as a circle's (entry.ts, `circle` = the federation
 * id); what makes an entry count is not that its author is a member but that it acts for a circle
 * through a certificate (certificate.ts) the federation has recorded:
 *
 * - `federation.genesis`: the founding circle's delegate founds it, carrying its certificate;
 * - `federation.join`: another circle's delegate brings its certificate (its first roster);
 * - `federation.certify`: a newer certificate (another delegate, another issue, a new roster),
 *   signed by a majority of the roster the federation last recorded for that circle;
 * - `federation.propose`, `federation.answer`: consent decisions among circles, each circle
 *   answering through its delegate for the proposal's issue; a proposal is in force when every
 *   circle that took part when it was made has consented or stood aside and none objects, or at
 *   the charter's deadline with no objection standing;
 * - `federation.contribute`: a record of what a circle gave the joint project;
 * - `federation.withdraw`: a circle leaves, by its delegate or by the `exit` number of its own
 *   members (an exit notice), and nothing can stop, undo or follow it with a charge.
 *
 * Any delivery order gives the same result: entries are deduplicated by id and folded in the
 * ledger's total order (order.ts, then id). Pure: `now` is an argument.
 */
import { decodeEntry, entryId, verifySignature } from '../entry';
import { compareEntries } from '../order';
import { compare as compareHlc } from '../hlc';
import { stream } from '../random';
import { isHex } from '../bytes';
import { isObject, reject, type Rejection } from '../host/domain';
import type { Json } from '../canonical';
import type { CircleId, Entry, EntryId, MemberKey, Millis, UnsignedEntry } from '../types';
import { checkTemplate, hashTemplate, type Template, type TemplateHash } from '../protocols/template';
import { ENTRY_VERSION } from '../types';
import {
	certificateId,
	decodeCertificate,
	federationIdFor,
	verifyCertificate,
	verifyDecision,
	verifyExit,
	type Certificate,
	type ExitNotice,
	type FederationId,
	type Verdicts
} from './certificate';

export const FED_GENESIS = 'federation.genesis';
export const FED_JOIN = 'federation.join';
export const FED_CERTIFY = 'federation.certify';
export const FED_PROPOSE = 'federation.propose';
export const FED_ANSWER = 'federation.answer';
export const FED_CONTRIBUTE = 'federation.contribute';
export const FED_WITHDRAW = 'federation.withdraw';

/** A protocol published into the federation: the circle entry type, carried unchanged (protocols.md). */
export const FED_TEMPLATE = 'protocol.template';

export const FEDERATION_TYPES = [
	FED_GENESIS,
	FED_JOIN,
	FED_CERTIFY,
	FED_PROPOSE,
	FED_ANSWER,
	FED_CONTRIBUTE,
	FED_WITHDRAW,
	FED_TEMPLATE
] as const;

export const DAY = 86_400_000;
export const TEXT_MAX = 280;
export const TITLE_MAX = 120;

export type Answer = 'consent' | 'aside' | 'object';

/** The federation's charter: set at its founding. */
export interface FederationCharter {
	/** Days a proposal stays open; silence past them with no objection brings it into force. */
	consentDays: number;
	/** Days a coordinator's term lasts. */
	termDays: number;
}

export interface DelegateSeat {
	issue: string;
	delegate: MemberKey;
	from: Millis;
	until: Millis;
	/** When the federation recorded it (the carrying entry's instant). */
	since: Millis;
}

export interface Participant {
	circle: CircleId;
	joinedAt: Millis;
	/** The roster the federation last recorded for this circle, and its point. */
	roster: MemberKey[];
	rosterSeq: number;
	/** How many of its own members may withdraw it. */
	exit: number;
	serial: number;
	seats: DelegateSeat[];
	withdrawn: { at: Millis; by: 'delegate' | 'members'; entry: EntryId } | null;
}

export interface Proposal {
	id: EntryId;
	circle: CircleId;
	author: MemberKey;
	issue: string;
	title: string;
	text: string;
	levy: { circle: CircleId; amount: number }[];
	at: Millis;
	deadline: Millis;
	/** Circles that took part when it was made (who must answer). */
	required: CircleId[];
	/**
	 * Each answer as relayed: `decided` when it carries the circle's own decision (a majority of
	 * its recorded roster signed it in the circle's ledger), `by` who carried it.
	 */
	answers: {
		circle: CircleId;
		answer: Answer;
		reason: string;
		at: Millis;
		decided: boolean;
		by: MemberKey;
	}[];
	/** In force since (by the last answer), or null; the view adds the deadline path. */
	inForceAt: Millis | null;
}

export interface Contribution {
	id: EntryId;
	circle: CircleId;
	issue: string;
	what: string;
	amount: number;
	at: Millis;
}

/** A protocol template a circle's delegate published into the federation (protocols.md). */
export interface FederationTemplate {
	hash: TemplateHash;
	template: Template;
	/** The circle whose delegate published it, and when. */
	circle: CircleId;
	at: Millis;
	id: EntryId;
}

/** An entry that had no effect, and why (a code the UI words). */
export interface Refused {
	id: EntryId;
	type: string;
	rejection: Rejection;
}

export interface FederationState {
	id: FederationId;
	genesis: {
		id: EntryId;
		name: string;
		purpose: string;
		seed: string;
		at: Millis;
		charter: FederationCharter;
		founder: CircleId;
	} | null;
	circles: Map<CircleId, Participant>;
	proposals: Map<EntryId, Proposal>;
	contributions: Contribution[];
	/** Protocols published here, by hash; a fork's parent is always recorded first. */
	templates: Map<TemplateHash, FederationTemplate>;
	refused: Refused[];
	/**
	 * Authors who signed two or more entries with one seq (a delegate's phone restored from a
	 * backup, or on purpose): evidence, as in a circle's ledger (entries.md, "Forks"), each
	 * with the ids of its branches, sorted. Every branch that links stands; none is chosen.
	 */
	forks: { author: MemberKey; seq: number; ids: EntryId[] }[];
	/** Entry ids folded (valid, for this federation), for "what changed since the last carry". */
	ids: Set<EntryId>;
	/** The newest entry instants, for a carry's summary. */
	count: number;
}

/** A federation entry as written (unsigned): builders below, signed by the phone. */
export const federationEntry = <B extends Json>(input: {
	federation: FederationId | string;
	author: MemberKey | string;
	seq: number;
	prev: EntryId | null;
	at: Millis;
	counter?: number;
	type: string;
	body: B;
	seen?: readonly EntryId[];
}): UnsignedEntry<B> => {
	const u: UnsignedEntry<B> = {
		v: ENTRY_VERSION,
		circle: input.federation as CircleId,
		author: input.author as MemberKey,
		seq: input.seq,
		prev: input.prev,
		hlc: [input.at, input.counter ?? 0],
		type: input.type,
		body: input.body
	};
	if (input.seen && input.seen.length > 0) u.seen = [...new Set(input.seen)].sort().slice(-8);
	return u;
};

const str = (x: unknown, max: number, required = true): string | null =>
	typeof x === 'string' && x.length <= max && (!required || x.trim().length > 0) ? x : null;

const posInt = (x: unknown, max = 1_000_000_000): number | null =>
	Number.isSafeInteger(x) && (x as number) >= 1 && (x as number) <= max ? (x as number) : null;

/**
 * Every entry id in the causal past of `from` (its `seen` and `prev`, transitively), within
 * the entries at hand. What a withdrawal had seen is all a withdrawn circle's delegate can
 * have done in its name.
 */
const ancestors = (from: Entry, byId: ReadonlyMap<string, Entry>): Set<string> => {
	const out = new Set<string>();
	const stack: string[] = [...(from.seen ?? []), ...(from.prev ? [from.prev] : [])];
	while (stack.length > 0) {
		const id = stack.pop()!;
		if (out.has(id)) continue;
		out.add(id);
		const e = byId.get(id);
		if (!e) continue;
		for (const s of e.seen ?? []) stack.push(s);
		if (e.prev) stack.push(e.prev);
	}
	return out;
};

export interface Valid {
	entry: Entry;
	id: EntryId;
}

/**
 * What a phone keeps between folds of one federation so that a refold checks only what is new:
 * signature verdicts (a verdict on bytes never changes; keyed by what fixes the bytes, so a
 * signature copied onto other bytes finds none) and, per entry object it was handed, that entry
 * read, its id and its verdict (the objects must not be changed once handed in). Optional: a fold
 * without it reads and checks everything, as before; the result is the same either way.
 */
export interface FoldMemo {
	verdicts: Verdicts;
	read: WeakMap<object, Valid | null>;
}

export const foldMemo = (): FoldMemo => ({ verdicts: new Map(), read: new WeakMap() });

/** One value read as a signed entry, with its id, or null when it does not read or its signature fails. */
const readOne = (r: unknown, verdicts: Verdicts | undefined): Valid | null => {
	let e: Entry;
	try {
		e = decodeEntry(r);
	} catch {
		return null;
	}
	const id = entryId(e);
	// The id hashes the whole signed entry: a verdict kept under it is a verdict on these bytes.
	let ok = verdicts?.get(`entry:${id}`);
	if (ok === undefined) {
		ok = verifySignature(e);
		verdicts?.set(`entry:${id}`, ok);
	}
	return ok ? { entry: e, id } : null;
};

/** Reads, checks and deduplicates what a phone holds for `federation`; anything else is ignored. */
export const validEntries = (
	federation: FederationId | string,
	raw: readonly unknown[],
	memo?: FoldMemo
): Valid[] => {
	const byId = new Map<string, Valid>();
	for (const r of raw) {
		const key = typeof r === 'object' && r !== null ? r : null;
		let v = key && memo ? memo.read.get(key) : undefined;
		if (v === undefined) {
			v = readOne(r, memo?.verdicts);
			if (key && memo) memo.read.set(key, v);
		}
		if (!v) continue;
		const e = v.entry;
		if (e.circle !== federation || !(e.type.startsWith('federation.') || e.type === FED_TEMPLATE)) continue;
		if (!byId.has(v.id)) byId.set(v.id, v);
	}
	return [...byId.values()].sort(
		(a, b) => compareEntries(a.entry, b.entry) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
};

/**
 * Author chains, as in a circle's ledger (entries.md, "Author chains"): an entry links when its
 * seq is 1 and its prev null, or its prev is a linked entry of the same author with seq n − 1 and
 * an earlier stamp. Only linked entries are folded: an entry whose prev has not arrived waits
 * (`fed-chain-pending`: judged again when it comes); one that can never link is refused
 * (`fed-chain-broken`: a prev naming another author's entry, the wrong seq, or a stamp not after
 * its prev's). Two linked entries with one author and seq are a fork: both stand, and the fork is
 * listed as evidence. A fixpoint over the set: it does not depend on the order entries arrived.
 */
export const authorChains = (
	entries: readonly Valid[]
): {
	linked: Valid[];
	unlinked: { v: Valid; code: 'fed-chain-pending' | 'fed-chain-broken' }[];
	forks: { author: MemberKey; seq: number; ids: EntryId[] }[];
} => {
	const byId = new Map<string, Valid>(entries.map((v) => [v.id, v]));
	// Each author's entries by seq: a prev always has a lower seq, so one pass in seq order is the fixpoint.
	const bySeq = [...entries].sort(
		(a, b) =>
			(a.entry.author < b.entry.author ? -1 : a.entry.author > b.entry.author ? 1 : 0) ||
			a.entry.seq - b.entry.seq
	);
	const verdict = new Map<string, 'linked' | 'fed-chain-pending' | 'fed-chain-broken'>();
	for (const v of bySeq) {
		const e = v.entry;
		let out: 'linked' | 'fed-chain-pending' | 'fed-chain-broken';
		if (e.seq === 1) out = e.prev === null ? 'linked' : 'fed-chain-broken';
		else if (e.prev === null) out = 'fed-chain-broken';
		else {
			const p = byId.get(e.prev);
			if (!p) out = 'fed-chain-pending';
			else if (p.entry.author !== e.author || p.entry.seq !== e.seq - 1) out = 'fed-chain-broken';
			else {
				const pv = verdict.get(p.id);
				if (pv === 'linked') out = compareHlc(p.entry.hlc, e.hlc) < 0 ? 'linked' : 'fed-chain-broken';
				else out = pv ?? 'fed-chain-pending';
			}
		}
		verdict.set(v.id, out);
	}
	const linked: Valid[] = [];
	const unlinked: { v: Valid; code: 'fed-chain-pending' | 'fed-chain-broken' }[] = [];
	const bySlot = new Map<string, EntryId[]>();
	for (const v of entries) {
		const x = verdict.get(v.id)!;
		if (x !== 'linked') {
			unlinked.push({ v, code: x });
			continue;
		}
		linked.push(v);
		const slot = `${v.entry.author}:${v.entry.seq}`;
		bySlot.set(slot, [...(bySlot.get(slot) ?? []), v.id]);
	}
	const forks = [...bySlot.values()]
		.filter((ids) => ids.length > 1)
		.map((ids) => {
			const e = byId.get(ids[0]!)!.entry;
			return { author: e.author, seq: e.seq, ids: [...ids].sort() };
		})
		.sort((a, b) => (a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq));
	return { linked, unlinked, forks };
};

/** Folds a federation's entries, in any order, into its state. */
export const foldFederation = (
	federation: FederationId | string,
	raw: readonly unknown[],
	memo?: FoldMemo
): FederationState => {
	const verdicts = memo?.verdicts;
	const chains = authorChains(validEntries(federation, raw, memo));
	const entries = chains.linked;
	const state: FederationState = {
		id: federation as FederationId,
		genesis: null,
		circles: new Map(),
		proposals: new Map(),
		contributions: [],
		templates: new Map(),
		refused: [],
		forks: chains.forks,
		ids: new Set(),
		count: 0
	};
	for (const { v, code } of chains.unlinked)
		state.refused.push({ id: v.id, type: v.entry.type, rejection: reject(code) });
	const byId = new Map<string, Entry>(entries.map((v) => [v.id, v.entry]));
	// What each circle's withdrawals (by whoever) had seen: its delegates' acts outside it never count.
	const seenByExit = new Map<string, Set<string>>();
	for (const { entry } of entries) {
		if (entry.type !== FED_WITHDRAW || !isObject(entry.body)) continue;
		const c = entry.body.circle;
		if (typeof c !== 'string') continue;
		const set = seenByExit.get(c) ?? new Set<string>();
		for (const a of ancestors(entry, byId)) set.add(a);
		seenByExit.set(c, set);
	}
	const usedCerts = new Set<string>();

	const refuse = (v: Valid, code: string, params?: Rejection['params']) =>
		state.refused.push({ id: v.id, type: v.entry.type, rejection: reject(code, params) });

	/** The circle `author` acts for on `issue` at `at`, or a code saying why not. */
	const standing = (v: Valid, circle: unknown, issue: string | null): Participant | Rejection => {
		if (typeof circle !== 'string') return reject('fed-body');
		const p = state.circles.get(circle as CircleId);
		if (!p) return reject('fed-not-participant');
		if (p.withdrawn) return reject('fed-withdrawn');
		const exitSaw = seenByExit.get(circle);
		if (exitSaw && !exitSaw.has(v.id)) return reject('fed-after-withdrawal');
		const at = v.entry.hlc[0];
		const seat = p.seats.find(
			(s) =>
				s.delegate === v.entry.author && (issue === null || s.issue === issue) && s.from <= at && at < s.until
		);
		if (!seat) {
			const any = p.seats.find((s) => s.delegate === v.entry.author && (issue === null || s.issue === issue));
			if (any) return reject('fed-mandate-window');
			const other = p.seats.find((s) => s.delegate === v.entry.author);
			return reject(other ? 'fed-mandate-issue' : 'fed-not-delegate');
		}
		return p;
	};

	const seat = (c: Certificate, since: Millis): DelegateSeat => ({
		issue: c.mandate.issue,
		delegate: c.mandate.delegate as MemberKey,
		from: c.mandate.from,
		until: c.mandate.until,
		since
	});

	const admit = (v: Valid, c: Certificate): Rejection | null => {
		const m = c.mandate;
		if (v.entry.author !== m.delegate) return reject('fed-cert-carrier');
		const at = v.entry.hlc[0];
		if (at < m.from || at >= m.until) return reject('fed-mandate-window');
		if (usedCerts.has(certificateId(c))) return reject('fed-cert-replayed');
		const existing = state.circles.get(m.circle as CircleId);
		if (existing) return reject(existing.withdrawn ? 'fed-withdrawn' : 'fed-already-joined');
		const bad = verifyCertificate(c, federation, null, verdicts);
		if (bad) return bad;
		usedCerts.add(certificateId(c));
		state.circles.set(m.circle as CircleId, {
			circle: m.circle as CircleId,
			joinedAt: at,
			roster: [...m.roster] as MemberKey[],
			rosterSeq: m.rosterSeq,
			exit: m.exit,
			serial: m.serial,
			seats: [seat(c, at)],
			withdrawn: null
		});
		return null;
	};

	/** Pending proposals a change of participants may have completed. */
	const settle = (at: Millis) => {
		for (const p of state.proposals.values()) if (p.inForceAt === null && at < p.deadline) check(p, at);
	};

	const check = (p: Proposal, at: Millis) => {
		const latest = new Map<CircleId, Answer>();
		for (const a of p.answers) latest.set(a.circle, a.answer);
		const needed = p.required.filter((c) => !state.circles.get(c)?.withdrawn);
		if ([...latest.entries()].some(([c, a]) => a === 'object' && !state.circles.get(c)?.withdrawn)) return;
		if (needed.every((c) => latest.get(c) === 'consent' || latest.get(c) === 'aside')) p.inForceAt = at;
	};

	for (const v of entries) {
		const { entry } = v;
		const at = entry.hlc[0];
		const body = entry.body as Record<string, unknown>;
		if (entry.type === FED_GENESIS) {
			if (state.genesis) {
				refuse(v, 'fed-genesis-twice');
				continue;
			}
			const seed = body.seed;
			const name = str(body.name, TITLE_MAX);
			const purpose = str(body.purpose, TEXT_MAX);
			const consentDays = posInt(body.consentDays, 365);
			const termDays = posInt(body.termDays, 3650);
			const cert = decodeCertificate(body.cert);
			if (!isHex(seed, 32) || federationIdFor(entry.author, seed) !== federation) {
				refuse(v, 'fed-genesis-unbound');
				continue;
			}
			if (!name || !purpose || !consentDays || !termDays || !cert.ok) {
				refuse(v, cert.ok ? 'fed-body' : cert.rejection.code);
				continue;
			}
			const bad = admit(v, cert.cert);
			if (bad) {
				state.refused.push({ id: v.id, type: entry.type, rejection: bad });
				continue;
			}
			state.genesis = {
				id: v.id,
				name,
				purpose,
				seed,
				at,
				charter: { consentDays, termDays },
				founder: cert.cert.mandate.circle as CircleId
			};
			state.ids.add(v.id);
			continue;
		}
		if (!state.genesis) {
			refuse(v, 'fed-before-genesis');
			continue;
		}
		state.ids.add(v.id);
		switch (entry.type) {
			case FED_JOIN: {
				const cert = decodeCertificate(body.cert);
				if (!cert.ok) {
					state.refused.push({ id: v.id, type: entry.type, rejection: cert.rejection });
					break;
				}
				const bad = admit(v, cert.cert);
				if (bad) state.refused.push({ id: v.id, type: entry.type, rejection: bad });
				break;
			}
			case FED_CERTIFY: {
				const d = decodeCertificate(body.cert);
				if (!d.ok) {
					state.refused.push({ id: v.id, type: entry.type, rejection: d.rejection });
					break;
				}
				const m = d.cert.mandate;
				const p = state.circles.get(m.circle as CircleId);
				if (!p) {
					refuse(v, 'fed-not-participant');
					break;
				}
				if (p.withdrawn) {
					refuse(v, 'fed-withdrawn');
					break;
				}
				const exitSaw = seenByExit.get(p.circle);
				if (exitSaw && !exitSaw.has(v.id)) {
					refuse(v, 'fed-after-withdrawal');
					break;
				}
				if (!p.roster.includes(entry.author) && entry.author !== m.delegate) {
					refuse(v, 'fed-cert-carrier');
					break;
				}
				if (usedCerts.has(certificateId(d.cert)) || m.serial <= p.serial) {
					refuse(v, 'fed-cert-replayed');
					break;
				}
				if (m.rosterSeq < p.rosterSeq) {
					refuse(v, 'fed-cert-old-roster');
					break;
				}
				const bad = verifyCertificate(d.cert, federation, p.roster, verdicts);
				if (bad) {
					state.refused.push({ id: v.id, type: entry.type, rejection: bad });
					break;
				}
				usedCerts.add(certificateId(d.cert));
				p.roster = [...m.roster] as MemberKey[];
				p.rosterSeq = m.rosterSeq;
				p.exit = m.exit;
				p.serial = m.serial;
				// A new certificate for an issue replaces that issue's seat (a recall is a new delegate).
				p.seats = [...p.seats.filter((s) => s.issue !== m.issue), seat(d.cert, at)];
				break;
			}
			case FED_PROPOSE: {
				const issue = str(body.issue, 80);
				const title = str(body.title, TITLE_MAX);
				const text = str(body.text ?? '', TEXT_MAX * 8, false);
				const levyRaw = body.levy ?? [];
				if (!issue || !title || text === null || !Array.isArray(levyRaw) || levyRaw.length > 64) {
					refuse(v, 'fed-body');
					break;
				}
				const levy: Proposal['levy'] = [];
				let levyOk = true;
				for (const l of levyRaw) {
					const amount = isObject(l) ? posInt(l.amount) : null;
					if (!isObject(l) || !isHex(l.circle, 16) || !amount || levy.some((x) => x.circle === l.circle)) {
						levyOk = false;
						break;
					}
					levy.push({ circle: l.circle as CircleId, amount });
				}
				if (!levyOk) {
					refuse(v, 'fed-body');
					break;
				}
				const s = standing(v, body.circle, issue);
				if ('code' in s) {
					state.refused.push({ id: v.id, type: entry.type, rejection: s });
					break;
				}
				const required = [...state.circles.values()]
					.filter((c) => !c.withdrawn)
					.map((c) => c.circle)
					.sort();
				for (const l of levy)
					if (!required.includes(l.circle)) {
						levyOk = false;
					}
				if (!levyOk) {
					refuse(v, 'fed-levy-not-participant');
					break;
				}
				state.proposals.set(v.id, {
					id: v.id,
					circle: s.circle,
					author: entry.author,
					issue,
					title,
					text,
					levy,
					at,
					deadline: at + state.genesis.charter.consentDays * DAY,
					required,
					answers: [],
					inForceAt: null
				});
				break;
			}
			case FED_ANSWER: {
				const p =
					typeof body.proposal === 'string' ? state.proposals.get(body.proposal as EntryId) : undefined;
				const answer = body.answer;
				const reason = str(body.reason ?? '', TEXT_MAX, false);
				if (!p) {
					refuse(v, 'fed-no-proposal');
					break;
				}
				if ((answer !== 'consent' && answer !== 'aside' && answer !== 'object') || reason === null) {
					refuse(v, 'fed-body');
					break;
				}
				if (answer === 'object' && !reason.trim()) {
					refuse(v, 'fed-object-reason');
					break;
				}
				// The relay rule: an answer that carries the circle's decision must be exactly what a
				// majority of the circle's recorded roster signed; then any member of that roster may
				// carry it (a captured delegate cannot sit on it). Once a circle's decision is recorded
				// for a proposal, it is the circle's answer: nothing without one replaces it, nor does a
				// second decision (the first in the ledger's order stands).
				const decided = body.decision !== undefined;
				let s = standing(v, body.circle, p.issue);
				const target =
					typeof body.circle === 'string' ? state.circles.get(body.circle as CircleId) : undefined;
				if (decided && target) {
					const bad = verifyDecision(
						body.decision,
						{ federation, circle: target.circle, proposal: p.id, answer, reason },
						target.roster,
						verdicts
					);
					if (bad) {
						state.refused.push({ id: v.id, type: entry.type, rejection: bad });
						break;
					}
					const seatless =
						'code' in s &&
						(s.code === 'fed-not-delegate' ||
							s.code === 'fed-mandate-issue' ||
							s.code === 'fed-mandate-window');
					if (seatless && target.roster.includes(entry.author)) s = target;
				}
				if ('code' in s) {
					state.refused.push({ id: v.id, type: entry.type, rejection: s });
					break;
				}
				if (!p.required.includes(s.circle)) {
					refuse(v, 'fed-not-required');
					break;
				}
				if (p.inForceAt !== null || at >= p.deadline) {
					refuse(v, 'fed-proposal-closed');
					break;
				}
				if (p.answers.some((a) => a.circle === s.circle && a.decided)) {
					refuse(v, 'fed-answer-decided');
					break;
				}
				p.answers.push({ circle: s.circle, answer, reason, at, decided, by: entry.author });
				check(p, at);
				break;
			}
			case FED_CONTRIBUTE: {
				const issue = str(body.issue, 80);
				const what = str(body.what, TITLE_MAX);
				const amount = posInt(body.amount);
				if (!issue || !what || !amount) {
					refuse(v, 'fed-body');
					break;
				}
				const s = standing(v, body.circle, issue);
				if ('code' in s) {
					state.refused.push({ id: v.id, type: entry.type, rejection: s });
					break;
				}
				state.contributions.push({ id: v.id, circle: s.circle, issue, what, amount, at });
				break;
			}
			case FED_WITHDRAW: {
				const circle = body.circle;
				const p = typeof circle === 'string' ? state.circles.get(circle as CircleId) : undefined;
				if (!p) {
					refuse(v, 'fed-not-participant');
					break;
				}
				if (p.withdrawn) {
					refuse(v, 'fed-withdrawn');
					break;
				}
				let by: 'delegate' | 'members';
				if (body.notice !== undefined) {
					const bad = verifyExit(body.notice as ExitNotice, federation, p.circle, p.roster, p.exit, verdicts);
					if (bad) {
						state.refused.push({ id: v.id, type: entry.type, rejection: bad });
						break;
					}
					by = 'members';
				} else {
					// The delegate of any issue, inside their window: exit needs no particular issue.
					const ok = p.seats.some((s) => s.delegate === entry.author && s.from <= at && at < s.until);
					if (!ok) {
						refuse(v, 'fed-not-delegate');
						break;
					}
					by = 'delegate';
				}
				p.withdrawn = { at, by, entry: v.id };
				settle(at);
				break;
			}
			case FED_TEMPLATE: {
				// The circle entry's body, unchanged: {template, published}. A delegate of a circle taking
				// part (any issue, in their window) publishes for that circle.
				const problem = checkTemplate(body.template);
				if (problem) {
					state.refused.push({ id: v.id, type: entry.type, rejection: problem });
					break;
				}
				const template = body.template as Template;
				const hash = hashTemplate(template);
				if (typeof body.published !== 'boolean' || ('hash' in body && body.hash !== hash)) {
					refuse(v, 'fed-body');
					break;
				}
				const seatOf = [...state.circles.values()]
					.filter((c) => c.seats.some((s) => s.delegate === entry.author && s.from <= at && at < s.until))
					.sort((a, b) => (a.circle < b.circle ? -1 : 1));
				if (seatOf.length === 0) {
					refuse(v, 'fed-not-delegate');
					break;
				}
				const s = standing(v, seatOf[0]!.circle, null);
				if ('code' in s) {
					state.refused.push({ id: v.id, type: entry.type, rejection: s });
					break;
				}
				if (state.templates.has(hash)) break; // the first record keeps its circle and time
				if (template.parent !== null && !state.templates.has(template.parent)) {
					refuse(v, 'template-parent-unknown');
					break;
				}
				state.templates.set(hash, { hash, template, circle: s.circle, at, id: v.id });
				break;
			}
			default:
				refuse(v, 'fed-unknown-type');
		}
	}
	state.count = state.ids.size;
	return state;
};

/** A proposal's standing at `now`: in force (since when, how), open, or blocked by an objection. */
export type ProposalStatus =
	| { kind: 'in-force'; since: Millis; by: 'answers' | 'deadline' }
	| { kind: 'open'; answered: number; needed: number }
	| { kind: 'objected'; by: CircleId[] }
	| { kind: 'lapsed' };

export const proposalStatus = (state: FederationState, p: Proposal, now: Millis): ProposalStatus => {
	if (p.inForceAt !== null && p.inForceAt <= now)
		return { kind: 'in-force', since: p.inForceAt, by: 'answers' };
	const latest = new Map<CircleId, Answer>();
	for (const a of p.answers) latest.set(a.circle, a.answer);
	const gone = (c: CircleId) => Boolean(state.circles.get(c)?.withdrawn);
	const objecting = [...latest.entries()].filter(([c, a]) => a === 'object' && !gone(c)).map(([c]) => c);
	if (objecting.length > 0)
		return now >= p.deadline ? { kind: 'lapsed' } : { kind: 'objected', by: objecting.sort() };
	if (now >= p.deadline) return { kind: 'in-force', since: p.deadline, by: 'deadline' };
	const needed = p.required.filter((c) => !gone(c));
	return { kind: 'open', answered: needed.filter((c) => latest.has(c)).length, needed: needed.length };
};

/**
 * What a circle owes by decisions in force at `now`: a levy binds only a circle that consented
 * to it through its delegate and had not withdrawn when it came into force. A withdrawn circle
 * is never charged after it left; what it owed and gave before stays in the record.
 */
export const levies = (
	state: FederationState,
	now: Millis
): { circle: CircleId; amount: number; proposal: EntryId; since: Millis }[] => {
	const out: { circle: CircleId; amount: number; proposal: EntryId; since: Millis }[] = [];
	for (const p of state.proposals.values()) {
		const s = proposalStatus(state, p, now);
		if (s.kind !== 'in-force') continue;
		for (const l of p.levy) {
			const consented = p.answers.some(
				(a) => a.circle === l.circle && a.answer === 'consent' && a.at <= s.since
			);
			const w = state.circles.get(l.circle)?.withdrawn;
			if (!consented || (w && w.at <= s.since)) continue;
			out.push({ circle: l.circle, amount: l.amount, proposal: p.id, since: s.since });
		}
	}
	return out.sort(
		(a, b) => a.since - b.since || (a.proposal < b.proposal ? -1 : 1) || (a.circle < b.circle ? -1 : 1)
	);
};

/** The circles taking part at `now` (joined, never withdrawn), sorted by id. */
export const participants = (state: FederationState): Participant[] =>
	[...state.circles.values()].filter((p) => !p.withdrawn).sort((a, b) => (a.circle < b.circle ? -1 : 1));

export interface CoordinatorTerm {
	term: number;
	start: Millis;
	end: Millis;
	circle: CircleId | null;
	/** Redrawn because the circle drawn withdrew during its term. */
	redrawn: boolean;
}

/** The most terms computed (a federation a century old with weekly terms). */
const MAX_TERMS = 5_300;

/**
 * The coordinator of every term up to `now`, drawn among circles by the same fair lottery as a
 * circle's roles: each term's draw is among the circles taking part at its start that have served
 * least so far, with the stream `fedcoord/v1 | seed | federation | term` (random.ts). A circle that
 * withdraws during its term is replaced at once by a redraw (`fedcoord/v1 | … | term | redraw`)
 * among the others; past terms stay as they were.
 */
export const coordinators = (state: FederationState, now: Millis): CoordinatorTerm[] => {
	const g = state.genesis;
	if (!g || now < g.at) return [];
	const len = g.charter.termDays * DAY;
	const last = Math.min(Math.floor((now - g.at) / len), MAX_TERMS);
	const served = new Map<CircleId, number>();
	const terms: CoordinatorTerm[] = [];
	const all = [...state.circles.values()];
	for (let t = 0; t <= last; t++) {
		const start = g.at + t * len;
		const end = start + len;
		const there = (p: Participant, at: Millis) => p.joinedAt <= at && (!p.withdrawn || p.withdrawn.at > at);
		const pick = (pool: Participant[], domain: string[]): CircleId | null => {
			if (pool.length === 0) return null;
			const least = Math.min(...pool.map((p) => served.get(p.circle) ?? 0));
			const eligible = pool
				.filter((p) => (served.get(p.circle) ?? 0) === least)
				.map((p) => p.circle)
				.sort();
			return eligible[stream(g.seed, domain).below(eligible.length)]!;
		};
		const domain = ['fedcoord/v1', state.id, String(t)];
		let circle = pick(
			all.filter((p) => there(p, start)),
			domain
		);
		let redrawn = false;
		const w = circle ? state.circles.get(circle)?.withdrawn : null;
		if (circle && w && w.at < end && w.at <= now) {
			const at = w.at;
			circle = pick(
				all.filter((p) => p.circle !== circle && there(p, at)),
				[...domain, 'redraw']
			);
			redrawn = true;
		}
		if (circle) served.set(circle, (served.get(circle) ?? 0) + 1);
		terms.push({ term: t, start, end, circle, redrawn });
	}
	return terms;
};

/** The ids a phone holds that `since` (a carry's list) did not: "what changed since the last carry". */
export const changedSince = (state: FederationState, since: ReadonlySet<string>): EntryId[] =>
	[...state.ids].filter((id) => !since.has(id)).sort();

export type { Certificate, ExitNotice, FederationId };
