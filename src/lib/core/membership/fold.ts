/**
 * Who belongs to a circle, folded from the ledger in its total order. The rules:
 *
 * - The genesis founds the circle; its author is the founder and first member.
 * - `member.admit` by any active member embeds the joiner's signed join request
 *   (join.ts), so a key is only ever admitted by proof that its holder asked.
 *   A request admits once: a removed member needs a fresh request to come back.
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
import { GENESIS, NAME_MAX, TEXT_MAX, checkCircleText } from './genesis';
import { compareHex, isHex } from '../bytes';
import { short, type Quarantined } from '../quarantine';
import type { CircleState, Member, RemovalProposal } from '../state';
import {
	ENTRY_VERSION,
	type CircleId,
	type Entry,
	type EntryId,
	type Hlc,
	type MemberKey,
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
}

/** An unsigned entry of any type (the caller signs it with entry.signEntry). */
export const draft = <B extends Json>(slot: Slot, type: string, body: B): UnsignedEntry<B> => ({
	v: ENTRY_VERSION,
	circle: slot.circle,
	author: slot.author,
	seq: slot.seq,
	prev: slot.prev,
	hlc: [slot.hlc[0], slot.hlc[1]],
	type,
	body
});

export class MembershipError extends Error {}

/** Admit the person who signed `request`. Throws a sentence when the request cannot be used. */
export const admit = (slot: Slot, request: join.JoinRequest): UnsignedEntry<AdmitBody> => {
	let r: join.JoinRequest;
	try {
		r = join.decodeJoinRequest(request);
	} catch (err) {
		throw new MembershipError((err as Error).message);
	}
	if (r.circle !== slot.circle)
		throw new MembershipError(
			'This join request is for another circle. Ask them to scan this circle’s invite.'
		);
	if (r.key === slot.author)
		throw new MembershipError('You are already a member; you cannot admit yourself.');
	if (!join.verifyJoinRequest(r))
		throw new MembershipError(
			'This join request’s signature does not check out. Ask them to make a new one.'
		);
	return draft(slot, ADMIT, { member: r.key, name: r.name, request: r });
};

export const leave = (slot: Slot): UnsignedEntry<Record<string, never>> => draft(slot, LEAVE, {});

export const proposeRemoval = (
	slot: Slot,
	member: MemberKey,
	reason: string
): UnsignedEntry<RemoveProposeBody> => {
	if (!isHex(member, 32)) throw new MembershipError('Choose the member to remove.');
	if (member === slot.author)
		throw new MembershipError('You cannot propose your own removal; leave the circle instead.');
	const r = reason.trim();
	if (!r) throw new MembershipError('Say why, so the others can decide whether to support it.');
	if (r.length > TEXT_MAX) throw new MembershipError(`Keep the reason under ${TEXT_MAX} characters.`);
	return draft(slot, REMOVE_PROPOSE, { member, reason: r.normalize('NFC') });
};

export const secondRemoval = (slot: Slot, proposal: EntryId): UnsignedEntry<RemoveSecondBody> => {
	if (!isHex(proposal, 32)) throw new MembershipError('Choose the removal proposal to support.');
	return draft(slot, REMOVE_SECOND, { proposal });
};

export const rename = (slot: Slot, name: string): UnsignedEntry<RenameBody> => {
	const problem = checkCircleText(name, '');
	if (problem) throw new MembershipError(problem);
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
	/** When set, only a genesis by this key founds the circle (from the invite). */
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
	proposals = new Map<EntryId, Proposal>();

	clone(): MembershipFold {
		const c = new MembershipFold();
		c.founding = this.founding;
		c.name = this.name;
		c.members = new Map(this.members);
		c.usedRequests = new Set(this.usedRequests);
		c.proposals = new Map([...this.proposals].map(([k, p]) => [k, { ...p, supporters: [...p.supporters] }]));
		return c;
	}

	isActive(key: MemberKey): boolean {
		const m = this.members.get(key);
		return !!m && m.until === null;
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

	/** Applies one entry whose signature and chain are already checked. Null = accepted. */
	apply(e: Entry, id: EntryId, ctx: FoldContext): Verdict {
		// Most entries are other folds' business, by an active member: accepted here as they are.
		if (this.founding !== null && !OWN_TYPES.has(e.type) && this.isActive(e.author)) return null;
		const q = (reason: Quarantined['reason'], detail: string): Quarantined => ({
			id,
			entry: e,
			reason,
			detail
		});
		if (!this.founding) {
			if (e.type !== GENESIS)
				return q(
					'not-a-member',
					'It was written before the circle was founded (it sorts before the genesis).'
				);
			return this.found(e, id, ctx, q);
		}
		if (e.type === GENESIS)
			return q('invalid-body', 'This circle was already founded; a second genesis does not count.');
		if (!this.isActive(e.author)) {
			const m = this.members.get(e.author);
			return q(
				'not-a-member',
				m
					? `Its author ${short(e.author)} had ${m.ended === 'removed' ? 'been removed' : 'left'} before writing it.`
					: `Its author ${short(e.author)} was not a member when it was written.`
			);
		}
		switch (e.type) {
			case ADMIT:
				return this.applyAdmit(e, ctx, q);
			case LEAVE:
				return this.applyLeave(e, q);
			case REMOVE_PROPOSE:
				return this.applyPropose(e, id, ctx, q);
			case REMOVE_SECOND:
				return this.applySecond(e, ctx, q);
			case RENAME:
				return this.applyRename(e, q);
			default:
				return null;
		}
	}

	private found(e: Entry, id: EntryId, ctx: FoldContext, q: Q): Verdict {
		if (e.seq !== 1) return q('invalid-body', 'A genesis must be its author’s first entry.');
		if (ctx.founder && e.author !== ctx.founder)
			return q(
				'not-a-member',
				`This genesis is by ${short(e.author)}, not by the founder named in the invite.`
			);
		const b = e.body as Record<string, unknown>;
		const keys = Object.keys(b).sort().join(',');
		if (keys !== 'commons,founder,name,seed')
			return q('invalid-body', 'The genesis must say name, commons, founder and seed.');
		if (typeof b.name !== 'string' || typeof b.commons !== 'string' || typeof b.founder !== 'string')
			return q('invalid-body', 'The genesis name, commons and founder must be text.');
		const problem = checkCircleText(b.name, b.commons) ?? join.checkMemberName(b.founder);
		if (problem) return q('invalid-body', `The genesis breaks a naming rule: ${problem}`);
		if (!isHex(b.seed, 32)) return q('invalid-body', 'The genesis seed must be 32 bytes of hex.');
		this.founding = { genesis: id, founder: e.author, seed: b.seed, commons: b.commons };
		this.name = b.name;
		this.members.set(e.author, {
			key: e.author,
			name: b.founder,
			since: e.hlc[0],
			until: null,
			admittedBy: null,
			ended: null,
			spans: [{ since: e.hlc[0], until: null }]
		});
		return null;
	}

	private applyAdmit(e: Entry, ctx: FoldContext, q: Q): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).sort().join(',') !== 'member,name,request')
			return q('invalid-body', 'An admission must carry member, name and the signed join request.');
		let r: join.JoinRequest;
		try {
			r = join.decodeJoinRequest(b.request);
		} catch (err) {
			return q('invalid-body', `The embedded join request is unusable: ${(err as Error).message}`);
		}
		if (r.circle !== ctx.circle) return q('invalid-body', 'The embedded join request is for another circle.');
		if (r.key !== b.member || r.name !== b.name)
			return q('invalid-body', 'The admitted key or name differs from the join request.');
		if (this.isActive(r.key)) return q('invalid-body', `${short(r.key)} is already a member.`);
		if (this.usedRequests.has(r.sig))
			return q('invalid-body', 'This join request was already used once; a returning member asks again.');
		if (!ctx.verifyJoin(r))
			return q(
				'invalid-body',
				'The join request’s signature does not match its key: the joiner did not sign it.'
			);
		this.usedRequests.add(r.sig);
		const before = this.members.get(r.key)?.spans ?? [];
		this.members.set(r.key, {
			key: r.key,
			name: r.name,
			since: e.hlc[0],
			until: null,
			admittedBy: e.author,
			ended: null,
			spans: [...before, { since: e.hlc[0], until: null }]
		});
		return null;
	}

	private end(key: MemberKey, at: Hlc, how: 'left' | 'removed'): void {
		const m = this.members.get(key)!;
		const spans = m.spans.map((x, i) => (i === m.spans.length - 1 ? { since: x.since, until: at[0] } : x));
		this.members.set(key, { ...m, until: at[0], ended: how, spans });
		// Proposals about someone who is gone are moot.
		for (const p of [...this.proposals.values()]) if (p.target === key) this.proposals.delete(p.id);
	}

	private applyLeave(e: Entry, q: Q): Verdict {
		if (Object.keys(e.body as object).length !== 0)
			return q('invalid-body', 'A leave entry carries nothing.');
		this.end(e.author, e.hlc, 'left');
		return null;
	}

	private applyPropose(e: Entry, id: EntryId, ctx: FoldContext, q: Q): Verdict {
		const b = e.body as Record<string, unknown>;
		if (
			Object.keys(b).sort().join(',') !== 'member,reason' ||
			!isHex(b.member, 32) ||
			typeof b.reason !== 'string'
		)
			return q('invalid-body', 'A removal proposal must name a member and give a reason.');
		if (b.reason.length > TEXT_MAX)
			return q('invalid-body', `The reason is longer than ${TEXT_MAX} characters.`);
		const target = b.member as MemberKey;
		if (target === e.author)
			return q('invalid-body', 'Nobody can propose their own removal; leaving is for that.');
		if (!this.isActive(target)) return q('invalid-body', `${short(target)} is not an active member.`);
		const p: Proposal = {
			id,
			target,
			proposer: e.author,
			reason: b.reason,
			supporters: [e.author],
			needed: 0
		};
		this.proposals.set(id, p);
		this.decide(p, e, ctx);
		return null;
	}

	private applySecond(e: Entry, ctx: FoldContext, q: Q): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).join(',') !== 'proposal' || !isHex(b.proposal, 32))
			return q('invalid-body', 'Supporting a removal must name the proposal.');
		const p = this.proposals.get(b.proposal as EntryId);
		if (!p) return q('invalid-body', 'There is no open removal proposal with that id.');
		if (p.target === e.author) return q('invalid-body', 'Nobody can support their own removal.');
		if (!p.supporters.includes(e.author)) {
			p.supporters = [...p.supporters, e.author].sort(compareHex);
		}
		this.decide(p, e, ctx);
		return null;
	}

	/** Removal takes effect when active supporters reach the threshold. */
	private decide(p: Proposal, e: Entry, ctx: FoldContext): void {
		const state = this.view(ctx.circle, 0, '');
		const needed = Math.max(1, ctx.removalThreshold({ state, target: p.target, at: e.hlc }));
		p.needed = needed;
		const active = p.supporters.filter((k) => this.isActive(k)).length;
		if (active >= needed) this.end(p.target, e.hlc, 'removed');
	}

	private applyRename(e: Entry, q: Q): Verdict {
		const b = e.body as Record<string, unknown>;
		if (Object.keys(b).join(',') !== 'name' || typeof b.name !== 'string')
			return q('invalid-body', 'A rename must carry the new name.');
		const problem = checkCircleText(b.name, '');
		if (problem || b.name !== b.name.trim())
			return q('invalid-body', `The new name breaks a naming rule: ${problem ?? 'no surrounding spaces'}`);
		this.name = b.name;
		return null;
	}
}

type Q = (reason: Quarantined['reason'], detail: string) => Quarantined;

export { NAME_MAX };
