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
	// Witnesses (entries.md): walked in total order, an entry takes effect when an entry by another
	// member active at that point has it in its past (prev, and seen references dated before the
	// namer), at that entry's instant; the witness's own entries and what depends on them wait.
	// Alone (or nobody): at once. What nobody witnessed: after everything, in total order.
	const linkedById = new Map(chosen.map((c) => [c[1], c] as const));
	const parents = (c: [Entry, EntryId]): [Entry, EntryId][] =>
		[c[0].prev, ...(c[0].seen ?? [])]
			.map((id) => (id === null ? undefined : linkedById.get(id)))
			.filter((p): p is [Entry, EntryId] => !!p && hlc.compare(p[0].hlc, c[0].hlc) < 0);
	const pastOf = (c: [Entry, EntryId]): Set<EntryId> => {
		const out = new Set<EntryId>();
		const todo = parents(c);
		while (todo.length) {
			const p = todo.pop()!;
			if (out.has(p[1])) continue;
			out.add(p[1]);
			todo.push(...parents(p));
		}
		return out;
	};
	const fold = new MembershipFold();
	const accepted: Entry[] = [];
	const acceptedIds: EntryId[] = [];
	let lastAt = -Infinity;
	const apply = ([e, id]: [Entry, EntryId], at: number) => {
		lastAt = Math.max(lastAt, at);
		const q = fold.apply(
			e,
			id,
			{ circle, removalThreshold: majorityOfOthers, verifyJoin: verifyJoinRequest },
			at
		);
		if (q) quarantined.set(id, q.reason);
		else {
			accepted.push(e);
			acceptedIds.push(id);
		}
	};
	let waiting: [Entry, EntryId][] = [];
	for (const c of chosen) {
		const others = fold.view(circle, 0, '').roster.filter((k) => k !== c[0].author);
		const alone = others.length === 0;
		if (alone || fold.isActive(c[0].author)) {
			const past = pastOf(c);
			const mine = waiting.filter((w) => past.has(w[1]) && !alone && w[0].author === c[0].author);
			const free = waiting.filter(
				(w) => past.has(w[1]) && !mine.some((m) => m[1] === w[1] || pastOf(w).has(m[1]))
			);
			for (const w of free) apply(w, c[0].hlc[0]);
			waiting = waiting.filter((w) => !free.includes(w));
		}
		if (alone) apply(c, c[0].hlc[0]);
		else waiting.push(c);
	}
	for (const w of waiting) apply(w, Math.max(w[0].hlc[0], lastAt));
	return { accepted: acceptedIds, quarantined, pending: pending.sort() };
};
