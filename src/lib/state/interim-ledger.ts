/**
 * TEMPORARY stand-in for H1's `Ledger` (src/lib/core/ledger.ts), with the same shape
 * (add / accepted / quarantine / has / state / nextFor) so the swap is one import.
 * It knows only what the app shell needs: genesis, circle.rename, member.admit and
 * member.leave, signatures and wrong circles. Replace with core Ledger once it lands.
 */
import { compareHex } from '$lib/core/bytes';
import { entryId } from '$lib/core/entry';
import { GENESIS, isGenesis } from '$lib/core/genesis';
import type { CircleId, Entry, EntryId, Hlc, MemberKey, Millis } from '$lib/core/types';

export type QuarantineReason =
	| 'bad-signature'
	| 'not-a-member'
	| 'broken-chain'
	| 'forked-log'
	| 'future-timestamp'
	| 'wrong-circle'
	| 'malformed'
	| 'invalid-body'
	| 'unknown-type';
export interface Quarantined {
	id: EntryId;
	entry: Entry | null;
	reason: QuarantineReason;
	detail: string;
}
export interface Arrival {
	entry: Entry;
	sigValid: boolean;
}
export interface Member {
	key: MemberKey;
	name: string;
	since: Millis;
	until: Millis | null;
	admittedBy: MemberKey | null;
}
export interface CircleState {
	circle: CircleId;
	name: string;
	commons: string;
	founder: MemberKey;
	members: ReadonlyMap<MemberKey, Member>;
	roster: readonly MemberKey[];
	entryCount: number;
	head: string;
}

const compareEntries = (a: Entry, b: Entry): number =>
	a.hlc[0] - b.hlc[0] || a.hlc[1] - b.hlc[1] || compareHex(a.author, b.author) || a.seq - b.seq;

export class Ledger {
	#accepted: Entry[] = [];
	#ids = new Set<string>();
	#quarantine: Quarantined[] = [];
	constructor(readonly circle: CircleId) {}

	get accepted(): readonly Entry[] {
		return this.#accepted;
	}
	get quarantine(): readonly Quarantined[] {
		return this.#quarantine;
	}
	has(id: EntryId): boolean {
		return this.#ids.has(id);
	}

	add(arrivals: Arrival[], _now: Millis): { accepted: EntryId[]; quarantined: Quarantined[] } {
		const accepted: EntryId[] = [];
		const quarantined: Quarantined[] = [];
		for (const { entry, sigValid } of arrivals) {
			const id = entryId(entry);
			if (this.#ids.has(id)) continue;
			this.#ids.add(id);
			const q = (reason: QuarantineReason, detail: string) => quarantined.push({ id, entry, reason, detail });
			if (entry.circle !== this.circle) q('wrong-circle', 'This entry belongs to another circle.');
			else if (!sigValid) q('bad-signature', 'Its signature does not match its author.');
			else {
				this.#accepted.push(entry);
				accepted.push(id);
			}
		}
		this.#accepted.sort(compareEntries);
		this.#quarantine.push(...quarantined);
		return { accepted, quarantined };
	}

	state(): CircleState {
		const genesis = this.#accepted.find(isGenesis);
		const members = new Map<MemberKey, Member>();
		let name = '';
		let commons = '';
		if (genesis) {
			name = genesis.body.name;
			commons = genesis.body.commons;
			members.set(genesis.author, {
				key: genesis.author,
				name: genesis.body.founder,
				since: genesis.hlc[0],
				until: null,
				admittedBy: null
			});
		}
		for (const e of this.#accepted) {
			const body = e.body as Record<string, unknown>;
			const active = members.get(e.author)?.until === null;
			if (e.type === 'circle.rename' && active && typeof body.name === 'string') name = body.name;
			if (
				e.type === 'member.admit' &&
				active &&
				typeof body.member === 'string' &&
				typeof body.name === 'string'
			)
				members.set(body.member as MemberKey, {
					key: body.member as MemberKey,
					name: body.name,
					since: e.hlc[0],
					until: null,
					admittedBy: e.author
				});
			if (e.type === 'member.leave' && active)
				members.set(e.author, { ...members.get(e.author)!, until: e.hlc[0] });
		}
		const roster = [...members.values()]
			.filter((m) => m.until === null)
			.map((m) => m.key)
			.sort(compareHex);
		return {
			circle: this.circle,
			name,
			commons,
			founder: (genesis?.author ?? '') as MemberKey,
			members,
			roster,
			entryCount: this.#accepted.length,
			head: ''
		};
	}

	nextFor(author: MemberKey, now: Millis): { seq: number; prev: EntryId | null; hlc: Hlc } {
		let last: Entry | null = null;
		let maxHlc: Hlc | null = null;
		for (const e of this.#accepted) {
			if (e.author === author && (!last || e.seq > last.seq)) last = e;
			maxHlc = e.hlc;
		}
		const ms = Math.max(now, maxHlc?.[0] ?? 0);
		const hlc: Hlc = maxHlc && ms === maxHlc[0] ? [ms, maxHlc[1] + 1] : [ms, 0];
		return { seq: (last?.seq ?? 0) + 1, prev: last ? entryId(last) : null, hlc };
	}
}

export { GENESIS };
