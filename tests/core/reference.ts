/**
 * A deliberately naive evaluator written from docs/PROTOCOL.md §7, sharing only the
 * membership fold with the real Ledger: whole set in, partition out, no increments, no
 * checkpoints. The property tests check the incremental Ledger against it.
 */
import * as hlc from '$lib/core/hlc';
import { MembershipFold, majorityOfOthers } from '$lib/core/membership/fold';
import { decodeEntry, entryId } from '$lib/core/entry';
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
		const id = entryId(a.entry);
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
		const chain: [Entry, EntryId][] = [];
		const links = (c: [Entry, EntryId], s: number) =>
			s === 1
				? c[0].prev === null
				: c[0].prev === chain[s - 2]![1] && hlc.compare(c[0].hlc, chain[s - 2]![0].hlc) > 0;
		for (let s = 1; ; s++) {
			const fit = cands.filter((c) => c[0].seq === s && links(c, s)).sort(byOrderThenId);
			if (!fit[0]) break;
			chain.push(fit[0]);
		}
		chosen.push(...chain);
		const inChain = new Set(chain.map((c) => c[1]));
		const forked = new Set<EntryId>();
		const broken = new Set<EntryId>();
		const rest = cands
			.filter((c) => !inChain.has(c[1]))
			.sort((a, b) => a[0].seq - b[0].seq || byOrderThenId(a, b));
		for (const c of rest) {
			const s = c[0].seq;
			if (s <= chain.length && links(c, s)) {
				forked.add(c[1]);
				quarantined.set(c[1], 'forked-log');
			} else if (c[0].prev && forked.has(c[0].prev)) {
				forked.add(c[1]);
				quarantined.set(c[1], 'forked-log');
			} else if (c[0].prev && broken.has(c[0].prev)) {
				broken.add(c[1]);
				quarantined.set(c[1], 'broken-chain');
			} else if (s <= chain.length + 1) {
				broken.add(c[1]);
				quarantined.set(c[1], 'broken-chain');
			} else pending.push(c[1]);
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
