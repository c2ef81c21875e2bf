/**
 * The circle as the ledger says it is: its name, its commons, who belongs. Governance
 * (roles, charter, mandates) is folded on top of this by governance.ts.
 *
 * `head` lets two people compare ledgers at a glance ("ledger hash"): one SHA-256 over
 * the ids of the accepted entries in their total order,
 *   head = SHA-256( UTF-8("circulate/head/v1:" + circle) || id_1 || id_2 || ... || id_n )
 * with each id as its 32 raw bytes, in lower-case hex. Equal heads mean equal accepted
 * histories. It is one streaming hash, so appending an entry costs one update.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, bytesToHex, utf8ToBytes } from './bytes';
import type { CircleId, EntryId, MemberKey, Millis } from './types';

export interface Member {
	key: MemberKey;
	/** The name from the member's own join request (the founder's from the genesis). */
	name: string;
	/** hlc milliseconds of the entry that admitted them (the genesis for the founder). */
	since: Millis;
	/** hlc milliseconds of their leaving or removal; null while active. */
	until: Millis | null;
	/** Who admitted them; null for the founder. */
	admittedBy: MemberKey | null;
	/** Why they stopped being a member, if they did. */
	ended: 'left' | 'removed' | null;
	/** Every stretch of membership, oldest first (more than one if they left and came back). */
	spans: readonly { since: Millis; until: Millis | null }[];
}

export interface RemovalProposal {
	/** The id of the `member.remove.propose` entry. */
	id: EntryId;
	target: MemberKey;
	proposer: MemberKey;
	reason: string;
	/** Distinct members who signed for it, proposer included, sorted by key bytes. */
	supporters: readonly MemberKey[];
	/** How many active supporters it needs, under the threshold rule at the last signature. */
	needed: number;
}

export interface CircleState {
	circle: CircleId;
	/** False until a valid genesis is accepted; the other fields are then empty. */
	founded: boolean;
	genesis: EntryId | null;
	name: string;
	commons: string;
	founder: MemberKey;
	/** The genesis seed (first lottery seed), 32 bytes hex. */
	seed: string;
	/** Everyone who was ever a member, current or former. Look up by key; never iterate in a rule. */
	members: ReadonlyMap<MemberKey, Member>;
	/** Active members sorted by key bytes: the only order rules may use. */
	roster: readonly MemberKey[];
	/** Open removal proposals, sorted by id. */
	removals: readonly RemovalProposal[];
	/** Number of accepted entries. */
	entryCount: number;
	/** Hash over the ordered accepted ids (see above). */
	head: string;
}

export type HeadHasher = ReturnType<typeof sha256.create>;

/** A running head hash over no entries yet. */
export const startHead = (circle: CircleId): HeadHasher =>
	sha256.create().update(utf8ToBytes(`circulate/head/v1:${circle}`));

/** Feeds one accepted id into a running head hash. */
export const feedHead = (h: HeadHasher, id: EntryId): void => {
	h.update(hexToBytes(id));
};

/** Feeds `ids[from..to)` into a running head hash: the same as feedHead on each, in fewer, larger updates. */
export const feedHeads = (h: HeadHasher, ids: readonly EntryId[], from: number, to: number): void => {
	const per = Math.max(1, Math.min(256, to - from));
	const buf = new Uint8Array(per * 32);
	let n = 0;
	for (let i = from; i < to; i++) {
		const id = ids[i]!;
		if (hexInto(id, buf, n * 32)) {
			if (++n === per) {
				h.update(buf);
				n = 0;
			}
		} else {
			// Not 64 hex digits: exactly what feedHead does with it (hexToBytes may throw).
			if (n) h.update(buf.subarray(0, n * 32));
			n = 0;
			h.update(hexToBytes(id));
		}
	}
	if (n) h.update(buf.subarray(0, n * 32));
};

/** Hex digit values by char code (-1: not a hex digit), as hexToBytes reads them. */
const NIBBLE = (() => {
	const t = new Int8Array(128).fill(-1);
	for (let i = 0; i < 10; i++) t[48 + i] = i;
	for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
	return t;
})();

/** Decodes a 64-digit hex id into out[at..at+32); false (out untouched or partly written) if it is not one. */
const hexInto = (hex: string, out: Uint8Array, at: number): boolean => {
	if (hex.length !== 64) return false;
	for (let j = 0; j < 32; j++) {
		const hi = NIBBLE[hex.charCodeAt(2 * j)] ?? -1;
		const lo = NIBBLE[hex.charCodeAt(2 * j + 1)] ?? -1;
		if (hi < 0 || lo < 0) return false;
		out[at + j] = (hi << 4) | lo;
	}
	return true;
};

/** The head of a running hash, leaving it usable. */
export const readHead = (h: HeadHasher): string => bytesToHex(h.clone().digest());

/** The head over a list of ids, from scratch (what another implementation computes). */
export const computeHead = (circle: CircleId, ids: readonly EntryId[]): string => {
	const h = startHead(circle);
	feedHeads(h, ids, 0, ids.length);
	return readHead(h);
};

export const isActive = (state: Pick<CircleState, 'members'>, key: MemberKey): boolean => {
	const m = state.members.get(key);
	return !!m && m.until === null;
};
