/**
 * A deliberately naive evaluator written from docs/PROTOCOL.md §7, sharing only the
 * membership fold with the real Ledger: whole set in, partition out, no increments, no
 * checkpoints. The property tests check the incremental Ledger against it.
 */
import * as hlc from '$lib/core/hlc';
import { MembershipFold, majorityOfOthers } from '$lib/core/membership/fold';
import { decodeEntry, valueId } from '$lib/core/entry';
import { verifyJoinRequest } from '$lib/core/membership/join';
import { compareEntries } from '$lib/core/order';
import type { Arrival } from '$lib/core/ledger';
import type { CircleId, Entry, EntryId } from '$lib/core/types';

export interface Partition {
	accepted: EntryId[];
	quarantined: Map<EntryId, string>;
	pending: EntryId[];
}

const byOrderThenId = (a: [Entry, EntryId], b: [Entry, EntryId]) =>
	compareEntries(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

export const evaluate = (circle: CircleId, arrivals: readonly Arrival[], now: number): Partition => {
	const quarantined = new Map<EntryId, string>();
	const pending: EntryId[] = [];
	const byAuthor = new Map<string, [Entry, EntryId][]>();
	const seen = new Set<EntryId>();
	for (const a of arrivals) {
		const id = valueId(a.entry); // every value by its own canonical JSON (entries.md, T29)
		if (seen.has(id)) continue;
		seen.add(id);
		let e: Entry;
		try {
			e = decodeEntry(a.entry);
		} catch {
			quarantined.set(id, 'malformed');
			continue;
		}
		if (e.circle !== circle) quarantined.set(id, 'wrong-circle');
		else if (!a.sigValid) quarantined.set(id, 'bad-signature');
		else if (e.hlc[0] > now + 600_000) quarantined.set(id, 'future-timestamp');
		else byAuthor.set(e.author, [...(byAuthor.get(e.author) ?? []), [e, id]]);
	}
	const chosen: [Entry, EntryId][] = [];
	for (const cands of byAuthor.values()) {
		// Linked: seq 1 with no prev, or following a linked entry of seq - 1 with a later stamp.
		// Every branch of a fork links (docs/protocol/entries.md, author chains).
		const byId = new Map(cands.map((c) => [c[1], c] as const));
		const linked = new Set<EntryId>();
		for (let grew = true; grew;) {
			grew = false;
			for (const c of cands) {
				if (linked.has(c[1])) continue;
				const before = c[0].prev === null ? undefined : byId.get(c[0].prev);
				const fits =
					c[0].seq === 1
						? c[0].prev === null
						: !!before &&
							linked.has(before[1]) &&
							before[0].seq === c[0].seq - 1 &&
							hlc.compare(c[0].hlc, before[0].hlc) > 0;
				if (fits) {
					linked.add(c[1]);
					grew = true;
				}
			}
		}
		chosen.push(...cands.filter((c) => linked.has(c[1])));
		// The rest: broken when its prev is there and can never fit (or is broken), else pending.
		const brokenOf = (c: [Entry, EntryId]): boolean => {
			if (c[0].seq === 1 || c[0].prev === null) return true;
			const before = byId.get(c[0].prev);
			if (!before) return false;
			if (before[0].seq !== c[0].seq - 1) return true;
			if (linked.has(before[1])) return true; // it would have linked but for its clock
			return brokenOf(before);
		};
		for (const c of cands) {
			if (linked.has(c[1])) continue;
			if (brokenOf(c)) quarantined.set(c[1], 'broken-chain');
			else pending.push(c[1]);
		}
	}
	chosen.sort(byOrderThenId);
	const fold = new MembershipFold();
	const accepted: Entry[] = [];
	const acceptedIds: EntryId[] = [];
	for (const [e, id] of chosen) {
		const q = fold.apply(e, id, {
			circle,
			removalThreshold: majorityOfOthers,
			verifyJoin: verifyJoinRequest
		});
		if (q) quarantined.set(id, q.reason);
		else {
			accepted.push(e);
			acceptedIds.push(id);
		}
	}
	return { accepted: acceptedIds, quarantined, pending: pending.sort() };
};
