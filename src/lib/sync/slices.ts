/**
 * What a peer lacks, cut into Yjs updates that each apply on their own (docs/protocol/sync.md,
 * "Slices"). Yjs has no slice API: `encodeStateAsUpdate(doc, sv)` is one update of everything
 * after `sv`, and a first sync of years of history is megabytes that arrive, and count, only
 * whole. Here the same structs are written as several updates, each a run of whole structs of
 * one or more clients, consecutive in each client's clock, in clock order: a receiver that
 * applies slice 1..k holds exactly the structs up to each run's end, its state vector says so,
 * and a later sync sends only the rest.
 *
 * Each slice is a valid Yjs update v1 (the encoding of yjs/src/utils/encoding.js writeStructs,
 * bounded above): the number of clients, per client the number of structs, the client, the
 * first clock, the structs; then an empty delete set. Deletions travel in the closing step 2,
 * which is `encodeStateAsUpdate(doc, sv)` for the state the slices end at: nothing but the
 * delete set and whatever was written while the slices went out.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** A slice holds at most this many structs (an entry is one struct of about 600 bytes). */
export const SLICE_STRUCTS = 250;

export interface SlicePlan {
	/** How many slices. */
	count: number;
	/**
	 * Slice `k`'s update, encoded when asked (so a sender spreads the work over the sync): the
	 * structs planned for it by their clocks, so a later local change to the doc cannot shift them.
	 */
	slice(k: number): Uint8Array;
	/** How many entries (live values under `entries`) the slices carry, for honest progress. */
	entries: number;
	/** Per slice, how many entries it carries. */
	entriesPer: number[];
	/** The state vector the slices bring a peer at `sv` up to (this doc's, at planning). */
	until: Map<number, number>;
}

interface Segment {
	client: number;
	/** The first clock written (may fall inside the first struct: it is written from there). */
	clock: number;
	/** The clock after the last struct of the segment. */
	end: number;
}

type Struct = Y.Item | Y.GC;

const structsOf = (doc: Y.Doc): Map<number, Struct[]> =>
	(doc.store as unknown as { clients: Map<number, Struct[]> }).clients;

const writeSlice = (segments: Segment[], clients: Map<number, Struct[]>): Uint8Array => {
	const enc = new Y.UpdateEncoderV1();
	encoding.writeVarUint(enc.restEncoder, segments.length);
	for (const s of segments) {
		const structs = clients.get(s.client)!;
		const from = Y.findIndexSS(structs as never, s.clock);
		let to = from + 1;
		while (to < structs.length && structs[to]!.id.clock < s.end) to++;
		encoding.writeVarUint(enc.restEncoder, to - from);
		enc.writeClient(s.client);
		encoding.writeVarUint(enc.restEncoder, s.clock);
		const first = structs[from]!;
		first.write(enc, s.clock - first.id.clock);
		for (let i = from + 1; i < to; i++) structs[i]!.write(enc, 0);
	}
	// An empty delete set: deletions come with the closing step 2.
	encoding.writeVarUint(enc.restEncoder, 0);
	return enc.toUint8Array();
};

/** The structs `s` needs before it can be integrated: its origins and the item holding its parent. */
const depsOf = (s: Struct): Y.ID[] => {
	if (!(s instanceof Y.Item)) return [];
	const out: Y.ID[] = [];
	if (s.origin) out.push(s.origin);
	if (s.rightOrigin) out.push(s.rightOrigin);
	const parent = s.parent as { _item?: Y.Item | null } | null;
	if (parent && typeof parent === 'object' && parent._item) out.push(parent._item.id);
	return out;
};

/**
 * Cuts what a peer at state vector `sv` lacks into slices of at most `size` structs. Pure
 * reading of the doc: it changes nothing, and encodes nothing until a slice is asked for. Structs go out in an order where every struct comes
 * after the structs it refers to (its origins, its parent's item), each client's in clock
 * order, so every slice integrates at once on a peer that applied the ones before it: nothing
 * waits in Yjs's pending store, and the peer's state vector counts all it received.
 */
export const planSlices = (
	doc: Y.Doc,
	sv: Map<number, number>,
	entriesKey = 'entries',
	size = SLICE_STRUCTS
): SlicePlan => {
	const clients = structsOf(doc);
	const entriesType = doc.getMap(entriesKey);
	const until = Y.decodeStateVector(Y.encodeStateVector(doc));
	/** Per client: index of the first struct to send, and of the next one not yet ordered. */
	const first = new Map<number, number>();
	const next = new Map<number, number>();
	for (const [client, structs] of clients) {
		if (!structs.length) continue;
		const have = sv.get(client) ?? 0;
		const last = structs[structs.length - 1]!;
		const i =
			last.id.clock + last.length <= have
				? structs.length
				: Y.findIndexSS(structs as never, Math.max(have, structs[0]!.id.clock));
		first.set(client, i);
		next.set(client, i);
	}
	/** Whether the struct holding `id` is already ordered (or held by the peer). */
	const ordered = (id: Y.ID): boolean => {
		const structs = clients.get(id.client);
		const n = next.get(id.client);
		if (!structs || n === undefined) return true;
		return n >= structs.length || structs[n]!.id.clock > id.clock;
	};
	const order: [client: number, index: number][] = [];
	// Higher client ids first, as Yjs writes them (it helps its conflict resolution).
	for (const root of [...first.keys()].sort((a, b) => b - a)) {
		const stack: { client: number; clock: number }[] = [{ client: root, clock: Infinity }];
		while (stack.length) {
			const top = stack[stack.length - 1]!;
			const structs = clients.get(top.client)!;
			const n = next.get(top.client)!;
			if (n >= structs.length || structs[n]!.id.clock > top.clock) {
				stack.pop();
				continue;
			}
			const missing = depsOf(structs[n]!).find((d) => d.client !== top.client && !ordered(d));
			if (missing) {
				stack.push({ client: missing.client, clock: missing.clock });
				continue;
			}
			order.push([top.client, n]);
			next.set(top.client, n + 1);
		}
	}
	const plans: Segment[][] = [];
	const entriesPer: number[] = [];
	for (let at = 0; at < order.length; at += size) {
		const segments: Segment[] = [];
		const byClient = new Map<number, Segment>();
		let entries = 0;
		for (const [client, i] of order.slice(at, at + size)) {
			const s = clients.get(client)![i]!;
			if (s instanceof Y.Item && !s.deleted && s.parent === entriesType && s.parentSub !== null) entries++;
			const seg = byClient.get(client);
			if (seg) seg.end = s.id.clock + s.length;
			else {
				const clock = i === first.get(client) ? Math.max(sv.get(client) ?? 0, s.id.clock) : s.id.clock;
				const fresh = { client, clock, end: s.id.clock + s.length };
				byClient.set(client, fresh);
				segments.push(fresh);
			}
		}
		plans.push(segments);
		entriesPer.push(entries);
	}
	return {
		count: plans.length,
		slice: (k) => writeSlice(plans[k]!, clients),
		entries: entriesPer.reduce((a, b) => a + b, 0),
		entriesPer,
		until
	};
};

/** Every slice of a plan, encoded (tests, benches). */
export const allSlices = (plan: SlicePlan): Uint8Array[] =>
	Array.from({ length: plan.count }, (_, k) => plan.slice(k));
