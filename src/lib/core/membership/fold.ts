/**
 * Who belongs to a circle, folded from the ledger in its total order. The rules:
 *
 * - The genesis founds the circle; its author is the founder and first member. Only a
 *   genesis bound to the circle id counts: the id is derived from its author's key and its
 *   seed (genesis.ts, `circleIdFor`), so no rival genesis founds anything, on any phone.
 * - `member.admit` by any active member embeds the joiner's signed join request
 *   (join.ts), so a key is only ever admitted by proof that its holder asked.
 *   A request admits once, only within JOIN_REQUEST_DAYS of its time, and never someone
 *   who left or was removed after making it: they ask again to come back (T18).
 * - `member.leave` by the member themself.
 * - `member.remove.propose` by an active member about another active member, then
 *   `member.remove.second` by others. The removal takes effect on the entry that
 *   brings the number of distinct, still-active supporters to the threshold: by
 *   default a majority of the other active members (the charter may supply its own
 *   through `RemovalThreshold`). The person concerned cannot support their own removal.
 * - `circle.rename` by any active member.
 *
 * An entry counts only if its author is an active member at that entry's place in
 * the total order ("a member at that time"). Entry types this file does not know
 * (governance, economy) are accepted here when their author is a member; their own
 * fold checks their bodies.
 */
import * as join from './join';
import { GENESIS, NAME_MAX, TEXT_MAX, checkCircleText, isBoundGenesis } from './genesis';
import { checkStoredText } from './names';
import { compareHex, isHex } from '../bytes';
import { RuleError, refuse, reject } from '../host/domain';
import { problemOf, quarantined, type QuarantineParams, type Quarantined } from '../quarantine';
import type { CircleState, Member, RemovalProposal } from '../state';
import {
	ENTRY_VERSION,
	type CircleId,
	type Entry,
	type EntryId,
	type Hlc,
	type MemberKey,
	type Millis,
	type UnsignedEntry
} from '../types';
import type { Json } from '../canonical';

export const ADMIT = 'member.admit';
export const LEAVE = 'member.leave';
export const REMOVE_PROPOSE = 'member.remove.propose';
export const REMOVE_SECOND = 'member.remove.second';
export const RENAME = 'circle.rename';

export interface AdmitBody {
	[key: string]: Json;
	member: MemberKey;
	name: string;
	request: join.JoinRequest;
}
export interface RemoveProposeBody {
	[key: string]: Json;
	member: MemberKey;
	reason: string;
}
export interface RemoveSecondBody {
	[key: string]: Json;
	proposal: EntryId;
}
export interface RenameBody {
	[key: string]: Json;
	name: string;
}

/** What a new entry needs besides its type and body: from `Ledger.nextFor`. */
export interface Slot {
	circle: CircleId;
	author: MemberKey;
	seq: number;
	prev: EntryId | null;
	hlc: Hlc;
	/** Other members' entries this phone holds that nothing it holds names yet (Ledger.nextFor). */
	seen?: readonly EntryId[];
}

/** An unsigned entry of any type (the caller signs it with entry.signEntry). */
export const draft = <B extends Json>(slot: Slot, type: string, body: B): UnsignedEntry<B> => {
	const e: UnsignedEntry<B> = {
		v: ENTRY_VERSION,
		circle: slot.circle,
		author: slot.author,
		seq: slot.seq,
		prev: slot.prev,
		hlc: [slot.hlc[0], slot.hlc[1]],
		type,
		body
	};
	if (slot.seen?.length) e.seen = [...slot.seen];
	return e;
};

/**
 * Admit the person who signed `request`. Throws a RuleError (its code says why) when the
 * request cannot be used.
 */
export const admit = (slot: Slot, request: join.JoinRequest): UnsignedEntry<AdmitBody> => {
	const r = join.decodeJoinRequest(request);
	if (r.circle !== slot.circle) refuse('join-other-circle');
	if (r.key === slot.author) refuse('admit-self');
	if (join.requestTimeProblem(r, slot.hlc[0])) refuse('join-expired', { days: join.JOIN_REQUEST_DAYS });
	if (!join.verifyJoinRequest(r)) refuse('join-signature');
	return draft(slot, ADMIT, { member: r.key, name: r.name, request: r });
};

export const leave = (slot: Slot): UnsignedEntry<Record<string, never>> => draft(slot, LEAVE, {});

export const proposeRemoval = (
	slot: Slot,
	member: MemberKey,
	reason: string
): UnsignedEntry<RemoveProposeBody> => {
	if (!isHex(member, 32)) refuse('removal-member');
	if (member === slot.author) refuse('removal-self');
	const r = reason.trim();
	if (!r) refuse('removal-reason');
	if (r.length > TEXT_MAX) refuse('reason-length', { max: TEXT_MAX });
	return draft(slot, REMOVE_PROPOSE, { member, reason: r.normalize('NFC') });
};

export const secondRemoval = (slot: Slot, proposal: EntryId): UnsignedEntry<RemoveSecondBody> => {
	if (!isHex(proposal, 32)) refuse('removal-proposal');
	return draft(slot, REMOVE_SECOND, { proposal });
};

export const rename = (slot: Slot, name: string): UnsignedEntry<RenameBody> => {
	const problem = checkCircleText(name, '');
	if (problem) refuse(problem.code, problem.params);
	return draft(slot, RENAME, { name: name.trim().normalize('NFC') });
};

/**
 * The number of distinct active supporters (proposer included) a removal needs.
 * `state` is the membership just before the deciding entry (its head and entryCount
 * are not filled in). The charter's rule (circle.ts) reads the charter as folded so far.
 */
export type RemovalThreshold = (ctx: { state: CircleState; target: MemberKey; at: Hlc }) => number;

/** Default: a majority of the other active members (the target does not count). */
export const majorityOfOthers: RemovalThreshold = ({ state, target }) => {
	const others = state.roster.filter((k) => k !== target).length;
	return Math.floor(others / 2) + 1;
};

interface Proposal {
	id: EntryId;
	target: MemberKey;
	proposer: MemberKey;
	reason: string;
	supporters: MemberKey[];
	needed: number;
}

interface Founding {
	genesis: EntryId;
	founder: MemberKey;
	seed: string;
	commons: string;
}

export interface FoldContext {
	circle: CircleId;
	/**
	 * When set, only a genesis by this key founds the circle (the founding phone sets it).
	 * Since v2 the circle id itself names the founder (a bound genesis), so this is a second check.
	 */
	founder?: MemberKey;
	removalThreshold: RemovalThreshold;
	verifyJoin: (r: join.JoinRequest) => boolean;
}

type Verdict = Quarantined | null;

/** The entry types this fold reads the body of. */
const OWN_TYPES: ReadonlySet<string> = new Set([
	GENESIS,
	ADMIT,
	LEAVE,
	REMOVE_PROPOSE,
	REMOVE_SECOND,
	RENAME
]);

/** The membership fold: apply accepted-order entries one by one. Cloneable for checkpoints. */
export class MembershipFold {
	founding: Founding | null = null;
	name = '';
	members = new Map<MemberKey, Member>();
	usedRequests = new Set<string>();
	/** The stamp of the entry that last ended each membership (a leave, a completed removal). */
	endedAt = new Map<MemberKey, Millis>();
	proposals = new Map<EntryId, Proposal>();

	clone(): MembershipFold {
		const c = new MembershipFold();
		c.founding = this.founding;
		c.name = this.name;
		c.members = new Map(this.members);
		c.usedRequests = new Set(this.usedRequests);
		c.endedAt = new Map(this.endedAt);
		c.proposals = new Map([...this.proposals].map(([k, p]) => [k, { ...p, supporters: [...p.supporters] }]));
		return c;
	}

	isActive(key: MemberKey): boolean {
		const m = this.members.get(key);
		return !!m && m.until === null;
	}

	/**
	 * Whether nobody is an active member, or `key` alone is: then nobody else could witness
	 * what `key` writes, and it takes effect at once (fold.ts).
	 */
	aloneOrNobody(key: MemberKey): boolean {
		for (const m of this.members.values()) if (m.until === null && m.key !== key) return false;
		return true;
	}

	roster(): MemberKey[] {
		const keys: MemberKey[] = [];
		for (const m of this.members.values()) if (m.until === null) keys.push(m.key);
		return keys.sort(compareHex);
	}

	/** The CircleState view (head and entryCount filled in by the caller). */
	view(circle: CircleId, entryCount: number, head: string): CircleState {
		const removals: RemovalProposal[] = [...this.proposals.values()]
			.map((p) => ({ ...p, supporters: [...p.supporters] }))
			.sort((a, b) => compareHex(a.id, b.id));
		return {
			circle,
			founded: this.founding !== null,
			genesis: this.founding?.genesis ?? null,
			name: this.name,
			commons: this.founding?.commons ?? '',
			founder: this.founding?.founder ?? ('' as MemberKey),
			seed: this.founding?.seed ?? '',
			members: new Map(this.members),
			roster: this.roster(),
			removals,
			entryCount,
			head
		};
	}

	/**
	 * Applies one entry whose signature and chain are already checked, taking effect at `at`
	 * (its witness's instant, fold.ts; never before its own). Null = accepted.
	 */
	apply(e: Entry, id: EntryId, ctx: FoldContext, at: Millis = e.hlc[0]): Verdict {
		// Most entries are other folds' business, by an active member: accepted here as they are.
		if (this.founding !== null && !OWN_TYPES.has(e.type) && this.isActive(e.author)) return null;
		const q: Q = (reason, detail, params) => quarantined(id, e, reason, detail, params);
		if (!this.founding) {
			if (e.type !== GENESIS) return q('not-a-member', 'before-genesis');
			return this.found(e, id, ctx, q, at);
		}
		if (e.type === GENESIS)
			return isBoundGenesis(e)
				? q('invalid-body', 'second-genesis')
				: q('not-a-member', 'genesis-not-bound', { author: e.author });
		if (!this.isActive(e.author)) {
			const m = this.members.get(e.author);
			const author = { author: e.author };
			if (!m) return q('not-a-member', 'not-a-member-then', author);
			if (m.ended === 'removed') return q('not-a-member', 'had-been-removed', author);
			return q('not-a-member', 'had-left', author);
		}
		switch (e.type) {
			case ADMIT:
				return this.applyAdmit(e, ctx, q, at);
			case LEAVE:
				return this.applyLeave(e, q, at);
			case REMOVE_PROPOSE:
				return this.applyPropose(e, id, ctx, q, at);
			case REMOVE_SECOND:
				return this.applySecond(e, ctx, q, at);
			case RENAME:
				return this.applyRename(e, q);
			default:
				return null;
		}
	}

	private found(e: Entry, id: EntryId, ctx: FoldContext, q: Q, at: Millis): Verdict {
		if (e.seq !== 1) return q('invalid-body', 'genesis-not-first');
		if (ctx.founder && e.author !== ctx.founder)
			return q('not-a-member', 'not-the-founder', { author: e.author });
		const b = e.body as Record<string, unknown>;
		const keys = Object.keys(b).sort().join(',');
		if (keys !== 'commons,founder,name,seed') return q('invalid-body', 'genesis-fields');
		if (typeof b.name !== 'string' || typeof b.commons !== 'string' || typeof b.founder !== 'string')
			return q('invalid-body', 'genesis-text');
		// Names exactly as the protocol says: the writer's rules, and stored trimmed and NFC (T34).
		const problem =
			checkCircleText(b.name, b.commons) ??
			join.checkMemberName(b.founder) ??
			checkStoredText(b.name) ??
			checkStoredText(b.commons) ??
			checkStoredText(b.founder);
		if (problem) return q('invalid-body', 'genesis-naming', problemOf(problem));
		if (!isHex(b.seed, 32)) return q('invalid-body', 'genesis-seed');
		// The circle id is derived from the founder's key and the seed (genesis.ts): a genesis
		// by any other key, dated however early, founds nothing here (T19).
		if (!isBoundGenesis(e)) return q('not-a-member', 'genesis-not-bound', { author: e.author });
		this.founding = { genesis: id, founder: e.author, seed: b.seed, commons: b.commons };
		this.name = b.name;
		this.members.set(e.author, {
			key: e.author,
			name: b.founder,
			since: at,
			until: null,
			admittedBy: null,
			ended: null,
			spans: [{ since: at, until: null }]
		});
		return null;
	}

	private applyAdmit(e: Entry, ctx: FoldContext, q: Q, at: Millis): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).sort().join(',') !== 'member,name,request') return q('invalid-body', 'admit-fields');
		let r: join.JoinRequest;
		try {
			r = join.decodeJoinRequest(b.request);
		} catch (err) {
			const why = err instanceof RuleError ? err.rejection : reject('join-not-object');
			return q('invalid-body', 'admit-request-unusable', problemOf(why));
		}
		if (r.circle !== ctx.circle) return q('invalid-body', 'admit-other-circle');
		if (r.key !== b.member || r.name !== b.name) return q('invalid-body', 'admit-differs');
		if (this.isActive(r.key)) return q('invalid-body', 'already-member', { member: r.key });
		if (this.usedRequests.has(r.sig)) return q('invalid-body', 'request-used');
		const late = join.requestTimeProblem(r, at);
		if (late) return q('invalid-body', late.code, late.params);
		// Compared with the stamp of the entry that ended the membership, not the instant it took
		// effect (fold.ts): a request signed after leaving stays good however late the circle saw
		// the leave; one signed before it never is.
		const until = this.members.get(r.key)?.until != null ? this.endedAt.get(r.key) : undefined;
		if (until !== undefined && r.time < until)
			return q('invalid-body', 'request-before-leaving', { member: r.key });
		if (!ctx.verifyJoin(r)) return q('invalid-body', 'request-signature');
		this.usedRequests.add(r.sig);
		const before = this.members.get(r.key)?.spans ?? [];
		this.members.set(r.key, {
			key: r.key,
			name: r.name,
			since: at,
			until: null,
			admittedBy: e.author,
			ended: null,
			spans: [...before, { since: at, until: null }]
		});
		return null;
	}

	private end(key: MemberKey, at: Millis, how: 'left' | 'removed', stamp: Millis): void {
		this.endedAt.set(key, stamp);
		const m = this.members.get(key)!;
		const spans = m.spans.map((x, i) => (i === m.spans.length - 1 ? { since: x.since, until: at } : x));
		this.members.set(key, { ...m, until: at, ended: how, spans });
		// Proposals about someone who is gone are moot.
		for (const p of [...this.proposals.values()]) if (p.target === key) this.proposals.delete(p.id);
	}

	private applyLeave(e: Entry, q: Q, at: Millis): Verdict {
		if (Object.keys(e.body as object).length !== 0) return q('invalid-body', 'leave-fields');
		this.end(e.author, at, 'left', e.hlc[0]);
		return null;
	}

	private applyPropose(e: Entry, id: EntryId, ctx: FoldContext, q: Q, at: Millis): Verdict {
		const b = e.body as Record<string, unknown>;
		if (
			Object.keys(b).sort().join(',') !== 'member,reason' ||
			!isHex(b.member, 32) ||
			typeof b.reason !== 'string'
		)
			return q('invalid-body', 'removal-fields');
		if (b.reason.length > TEXT_MAX) return q('invalid-body', 'removal-reason-length', { max: TEXT_MAX });
		const target = b.member as MemberKey;
		if (target === e.author) return q('invalid-body', 'own-removal');
		if (!this.isActive(target)) return q('invalid-body', 'not-active', { member: target });
		const p: Proposal = {
			id,
			target,
			proposer: e.author,
			reason: b.reason,
			supporters: [e.author],
			needed: 0
		};
		this.proposals.set(id, p);
		this.decide(p, e, ctx, at);
		return null;
	}

	private applySecond(e: Entry, ctx: FoldContext, q: Q, at: Millis): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).join(',') !== 'proposal' || !isHex(b.proposal, 32))
			return q('invalid-body', 'support-fields');
		const p = this.proposals.get(b.proposal as EntryId);
		if (!p) return q('invalid-body', 'no-such-removal');
		if (p.target === e.author) return q('invalid-body', 'own-removal-support');
		if (!p.supporters.includes(e.author)) {
			p.supporters = [...p.supporters, e.author].sort(compareHex);
		}
		this.decide(p, e, ctx, at);
		return null;
	}

	/** Removal takes effect when active supporters reach the threshold. */
	private decide(p: Proposal, e: Entry, ctx: FoldContext, at: Millis): void {
		const state = this.view(ctx.circle, 0, '');
		const needed = Math.max(1, ctx.removalThreshold({ state, target: p.target, at: [at, e.hlc[1]] }));
		p.needed = needed;
		const active = p.supporters.filter((k) => this.isActive(k)).length;
		if (active >= needed) this.end(p.target, at, 'removed', e.hlc[0]);
	}

	private applyRename(e: Entry, q: Q): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).join(',') !== 'name' || typeof b.name !== 'string')
			return q('invalid-body', 'rename-fields');
		const problem = checkCircleText(b.name, '') ?? checkStoredText(b.name);
		if (problem) return q('invalid-body', 'rename-naming', problemOf(problem));
		this.name = b.name;
		return null;
	}
}

/** Sets the entry aside: the reason, which case of it (a code the UI words), and its parameters. */
type Q = (reason: Quarantined['reason'], detail: string, params?: QuarantineParams) => Quarantined;

export { NAME_MAX };
