/**
 * The pair-audit domain: each quarter the drawn audit pair interviews every member about who turns
 * to whom, and publishes only the aggregated ties, co-signed by both (DESIGN.md §12, issue 10,
 * item 4). docs/protocol/pairaudit.md.
 *
 *   pairaudit.ties  {term, ties, unheard, interviewed}   one auditor proposes the aggregate
 *   pairaudit.agree {ties}                                the other auditor co-signs it by its id
 *
 * The interviews themselves (who named whom) never reach the ledger: they stay on the auditors'
 * phones (src/lib/state/pair-audit.svelte.ts). Who the pair is comes from the rotation's draw for
 * the role `auditors`; a term drawn with a single auditor gets its second by a lottery every phone
 * computes from the term's seed (`auditPair`). Judged in the view, as the meeting's closes are:
 * an audit counts once per term, when an auditor of that term other than its proposer agrees to
 * it within the same term. Reads: membership, the charter (the `pairaudit` section), the seeds and
 * the rotation.
 */
import { isHex } from '../bytes';
import { charter } from '../charter/domain';
import { membership } from '../membership/domain';
import { rotation } from '../rotation/domain';
import { seeds } from '../seeds/domain';
import * as random from '../random';
import { isActiveAt, rosterAt, spanAround, type MembershipView } from '../membership/view';
import {
	bad,
	kind,
	ok,
	refuse,
	reject,
	type Decoded,
	type Domain,
	type FoldContext,
	type Rejection
} from '../host/domain';
import type { CharterContent } from '../charter/content';
import type { RotationView } from '../rotation/view';
import type { Holding } from '../rotation/timeline';
import type { EntryId, MemberKey, Millis } from '../types';
import { normaliseTies, type Tie } from './ties';

export const TIES = 'pairaudit.ties';
export const AGREE = 'pairaudit.agree';
export const ROLE = 'auditors';

/** Most ties one audit may name: every pair of 64 members. */
export const TIES_MAX = 2016;
/** Most times one tie may be named (two prompts, both directions, two interviewers). */
export const WEIGHT_MAX = 8;
export const INTERVIEWED_MAX = 64;

export interface PairAuditRules {
	/** The listening timer's shared silence, in seconds. */
	listenSeconds: number;
}
export const DEFAULT_RULES: PairAuditRules = { listenSeconds: 60 };

const int = (x: unknown, lo: number, hi: number): x is number =>
	Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi;

/** The charter's `pairaudit` section, read leniently. */
export const pairAuditRules = (c: CharterContent | { [key: string]: unknown }): PairAuditRules => {
	const raw = (c as { [key: string]: unknown }).pairaudit;
	const s = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as {
		[key: string]: unknown;
	};
	return { listenSeconds: int(s.listenSeconds, 10, 600) ? s.listenSeconds : DEFAULT_RULES.listenSeconds };
};

export type TiesBody = {
	/** The auditors' term this audit belongs to (the role `auditors`). */
	term: number;
	/** [a, b, weight], a < b by key, strictly ascending, no member with themself. */
	ties: Tie[];
	/** [member, how many interviewees said they rarely hear from them], ascending by key. */
	unheard: [MemberKey, number][];
	/** How many members were interviewed. */
	interviewed: number;
};

const decodeTies = (b: { [key: string]: unknown }): Decoded<TiesBody> => {
	if (!int(b.term, 0, 1_000_000)) return bad('pairaudit-term');
	if (!int(b.interviewed, 1, INTERVIEWED_MAX)) return bad('pairaudit-interviewed', { max: INTERVIEWED_MAX });
	if (!Array.isArray(b.ties) || b.ties.length > TIES_MAX) return bad('pairaudit-ties', { max: TIES_MAX });
	const ties: Tie[] = [];
	let last = '';
	for (const t of b.ties as unknown[]) {
		if (!Array.isArray(t) || t.length !== 3) return bad('pairaudit-ties', { max: TIES_MAX });
		const [a, c, w] = t as unknown[];
		if (!isHex(a, 32) || !isHex(c, 32) || !((a as string) < (c as string)) || !int(w, 1, WEIGHT_MAX))
			return bad('pairaudit-ties', { max: TIES_MAX });
		const k = `${a as string}:${c as string}`;
		if (k <= last) return bad('pairaudit-ties', { max: TIES_MAX });
		last = k;
		ties.push([a as MemberKey, c as MemberKey, w as number]);
	}
	if (!Array.isArray(b.unheard) || b.unheard.length > INTERVIEWED_MAX) return bad('pairaudit-unheard');
	const unheard: [MemberKey, number][] = [];
	let prev = '';
	for (const u of b.unheard as unknown[]) {
		if (!Array.isArray(u) || u.length !== 2) return bad('pairaudit-unheard');
		const [m, n] = u as unknown[];
		if (!isHex(m, 32) || (m as string) <= prev || !int(n, 1, INTERVIEWED_MAX))
			return bad('pairaudit-unheard');
		prev = m as string;
		unheard.push([m as MemberKey, n as number]);
	}
	return ok({ term: b.term as number, ties, unheard, interviewed: b.interviewed as number });
};

/** A proposal or an agreement, as the fold met it (the view judges them in this order). */
export type AuditEvent =
	| { kind: 'ties'; id: EntryId; author: MemberKey; at: Millis; body: TiesBody; roster: MemberKey[] }
	| { kind: 'agree'; id: EntryId; author: MemberKey; at: Millis; ties: EntryId };

export class PairAuditBook {
	events: AuditEvent[] = [];
	proposals = new Map<EntryId, Extract<AuditEvent, { kind: 'ties' }>>();

	clone(): PairAuditBook {
		const b = new PairAuditBook();
		b.events = this.events.slice();
		b.proposals = new Map(this.proposals);
		return b;
	}
}

const active = (ctx: FoldContext, m: MemberKey, t: Millis) => isActiveAt(ctx.members.members.get(m), t);

/**
 * The auditors of a holding of the role `auditors`: its holders; a holding drawn with one holder
 * gets a second by lottery among the members active when it began (the term's seed, so the same
 * on every phone); a vacant one, or one with nobody else to draw, has no pair.
 */
export const auditPair = (
	h: Holding,
	view: MembershipView
): { auditors: MemberKey[]; drawn: MemberKey | null } | null => {
	if (h.holders.length >= 2) return { auditors: [...h.holders].sort(), drawn: null };
	if (h.holders.length === 0) return null;
	const holder = h.holders[0]!;
	const others = rosterAt(view, h.start).filter((k) => k !== holder);
	if (others.length === 0) return null;
	const drawn =
		others[random.stream(h.seed, ['pairaudit/v1', String(h.term), String(h.segment)]).below(others.length)]!;
	return { auditors: [holder, drawn].sort(), drawn };
};

export interface Audit {
	/** The proposal (its aggregate) and the agreement that made it count. */
	id: EntryId;
	agreement: EntryId;
	term: number;
	proposer: MemberKey;
	agreedBy: MemberKey;
	/** When it came to count (the agreement's instant). */
	at: Millis;
	interviewed: number;
	unheard: [MemberKey, number][];
	/** The members when the ties were proposed (the map's members), in key order. */
	roster: MemberKey[];
	/** The ties among them, merged per pair: network.ts `analyse` draws the map from these. */
	ties: Tie[];
	/** The ties of the audit before (null: the first), for the map's change since then. */
	previousTies: Tie[] | null;
}

export interface PendingAudit {
	id: EntryId;
	term: number;
	proposer: MemberKey;
	at: Millis;
	/** The auditors who may co-sign it. */
	waitingFor: MemberKey[];
	body: TiesBody;
	/** The roster when it was proposed (the map's members). */
	roster: MemberKey[];
}

export interface AuditPairNow {
	term: number;
	start: Millis;
	end: Millis;
	auditors: MemberKey[];
	/** The second auditor the lottery drew, when the rotation drew only one. */
	drawn: MemberKey | null;
}

export interface PairAuditView {
	/** The pair auditing now (null: no term, a vacant one, or nobody to pair). */
	pair: AuditPairNow | null;
	/** This term's counted audit, if any. */
	current: Audit | null;
	/** This term's proposals still waiting for the other auditor. */
	pending: PendingAudit[];
	/** Every counted audit, oldest first. */
	audits: Audit[];
	/** Proposals and agreements that do not count, with why (a code). */
	setAside: { id: EntryId; rejection: Rejection }[];
	rules: PairAuditRules;
}

const holdingAt = (holdings: readonly Holding[], t: Millis): Holding | null =>
	holdings.find((h) => h.start <= t && t < h.end) ?? null;

/** Judges the book's events in fold order against the auditors' holdings. */
export const judgeAudits = (
	book: PairAuditBook,
	holdings: readonly Holding[],
	view: MembershipView
): { audits: Audit[]; pending: Map<EntryId, PendingAudit>; setAside: PairAuditView['setAside'] } => {
	const audits: Audit[] = [];
	const counted = new Set<number>();
	const pending = new Map<EntryId, PendingAudit>();
	const setAside: PairAuditView['setAside'] = [];
	const pairAt = (t: Millis) => {
		const h = holdingAt(holdings, t);
		const p = h ? auditPair(h, view) : null;
		return h && p ? { h, ...p } : null;
	};
	for (const e of book.events) {
		const here = pairAt(e.at);
		const no = (code: string, params?: Rejection['params']) =>
			setAside.push({ id: e.id, rejection: reject(code, params) });
		if (!here) {
			no('pairaudit-no-pair');
			continue;
		}
		if (!here.auditors.includes(e.author)) {
			no('pairaudit-not-auditor');
			continue;
		}
		if (e.kind === 'ties') {
			if (e.body.term !== here.h.term) no('pairaudit-term');
			else if (counted.has(here.h.term)) no('pairaudit-done');
			else
				pending.set(e.id, {
					id: e.id,
					term: e.body.term,
					proposer: e.author,
					at: e.at,
					waitingFor: here.auditors.filter((k) => k !== e.author),
					body: e.body,
					roster: e.roster
				});
			continue;
		}
		const p = pending.get(e.ties);
		if (audits.some((a) => a.id === e.ties)) no('pairaudit-done');
		else if (!p) no('pairaudit-ties-set-aside');
		else if (p.term !== here.h.term) no('pairaudit-term');
		else if (counted.has(p.term)) no('pairaudit-done');
		else if (p.proposer === e.author) no('pairaudit-own-ties');
		else {
			counted.add(p.term);
			const previous = audits.at(-1) ?? null;
			audits.push({
				id: p.id,
				agreement: e.id,
				term: p.term,
				proposer: p.proposer,
				agreedBy: e.author,
				at: e.at,
				interviewed: p.body.interviewed,
				unheard: p.body.unheard,
				roster: [...p.roster].sort(),
				ties: normaliseTies(p.roster, p.body.ties),
				previousTies: previous ? previous.ties : null
			});
			for (const [id, q] of pending) if (q.term === p.term) pending.delete(id);
		}
	}
	return { audits, pending, setAside };
};

export const pairaudit: Domain<PairAuditBook, PairAuditView> = {
	name: 'pairaudit',
	version: 1,
	reads: [membership, charter, seeds, rotation],
	charterSection: 'pairaudit',
	init: () => new PairAuditBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: TIES,
			decode: decodeTies,
			apply: (book, e, ctx) => {
				if (!active(ctx, e.author, e.at)) return reject('pairaudit-not-auditor');
				// The aggregate names members only: a tie or a count naming anyone else is refused whole.
				for (const [a, b] of e.body.ties)
					if (!active(ctx, a, e.at) || !active(ctx, b, e.at)) return reject('pairaudit-not-member');
				for (const [m] of e.body.unheard) if (!active(ctx, m, e.at)) return reject('pairaudit-not-member');
				const ev = {
					kind: 'ties' as const,
					id: e.id,
					author: e.author,
					at: e.at,
					body: e.body,
					roster: rosterAt(ctx.members, e.at)
				};
				book.events.push(ev);
				book.proposals.set(e.id, ev);
				return null;
			}
		}),
		kind({
			type: AGREE,
			decode: (b): Decoded<{ ties: EntryId }> =>
				isHex(b.ties, 32) ? ok({ ties: b.ties as EntryId }) : bad('pairaudit-no-such-ties'),
			apply: (book, e, ctx) => {
				if (!active(ctx, e.author, e.at)) return reject('pairaudit-not-auditor');
				const p = book.proposals.get(e.body.ties);
				if (!p) return reject('pairaudit-no-such-ties');
				if (p.author === e.author) return reject('pairaudit-own-ties');
				book.events.push({ kind: 'agree', id: e.id, author: e.author, at: e.at, ties: e.body.ties });
				return null;
			}
		})
	],
	view: (book, now, ctx) => {
		const rot = ctx.view<RotationView>(rotation, now);
		const holdings = rot.history.filter((h) => h.role === ROLE);
		const { audits, pending, setAside } = judgeAudits(book, holdings, ctx.members);
		const h = holdingAt(holdings, now);
		const p = h ? auditPair(h, ctx.members) : null;
		const pair = h && p ? { term: h.term, start: h.start, end: h.end, ...p } : null;
		const c = ctx.book(charter);
		const times: number[] = c.versions.map((v) => v.ratifiedAt);
		for (const x of holdings) times.push(x.start, x.end, x.freezeAt);
		return {
			value: {
				pair,
				current: pair ? (audits.find((a) => a.term === pair.term) ?? null) : null,
				pending: pair ? [...pending.values()].filter((q) => q.term === pair.term) : [],
				audits,
				setAside,
				rules: pairAuditRules(c.contentAt(now))
			},
			...spanAround(ctx.members, now, times)
		};
	}
};

// ---- builders ----

/** What one auditor heard from one member: whom they named for each prompt. */
export interface Interview {
	/** Whom they turn to for circle work. */
	work: MemberKey[];
	/** Whom they spend time with outside the circle. */
	outside: MemberKey[];
	/** Whom they rarely hear from. */
	rarely: MemberKey[];
}

/**
 * The aggregate of interviews (interviewee → answers): a tie between two members for every time
 * either named the other for work or outside time (weights added, self and non-members dropped),
 * and how many said they rarely hear from each member. Plus an earlier aggregate, to merge the
 * other auditor's proposal with this phone's interviews.
 */
export const aggregate = (
	term: number,
	members: readonly MemberKey[],
	interviews: ReadonlyMap<MemberKey, Interview>,
	merge: TiesBody | null = null
): TiesBody => {
	const keep = new Set(members);
	const ties = new Map<string, number>();
	const unheard = new Map<MemberKey, number>();
	for (const [a, b, w] of merge?.ties ?? []) ties.set(`${a}:${b}`, w);
	for (const [m, n] of merge?.unheard ?? []) unheard.set(m, n);
	let interviewed = merge?.interviewed ?? 0;
	for (const [who, answers] of [...interviews.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (!keep.has(who)) continue;
		interviewed++;
		for (const named of [...new Set(answers.work)].concat([...new Set(answers.outside)])) {
			if (named === who || !keep.has(named)) continue;
			const k = who < named ? `${who}:${named}` : `${named}:${who}`;
			ties.set(k, Math.min(WEIGHT_MAX, (ties.get(k) ?? 0) + 1));
		}
		for (const named of new Set(answers.rarely))
			if (named !== who && keep.has(named))
				unheard.set(named, Math.min(INTERVIEWED_MAX, (unheard.get(named) ?? 0) + 1));
	}
	const body = {
		term,
		ties: [...ties.entries()]
			.sort(([p], [q]) => (p < q ? -1 : 1))
			.map(([k, w]) => [...(k.split(':') as [MemberKey, MemberKey]), w] as Tie),
		unheard: [...unheard.entries()].sort(([p], [q]) => (p < q ? -1 : 1)),
		interviewed: Math.min(INTERVIEWED_MAX, interviewed)
	};
	const d = decodeTies(body);
	if (!d.ok) return refuse(d.rejection.code, d.rejection.params);
	return d.body;
};

export const agreeBody = (ties: EntryId) => ({ ties });
