/**
 * A doc's whole state as a list of small Yjs updates (V1) instead of one: applied in order, one
 * per task, they rebuild the doc without a task that blocks the page for the whole history.
 *
 * Why: y-indexeddb compacts a doc into one update of its whole state and applies what it saved in
 * one transaction. For a circle of 20,000 entries that is about 13 MB decoded in one task, the
 * longest of the start-up (about 600 ms on a phone 4× slower than a laptop; issue 12 wants none
 * over 200 ms). Yjs has no call that cuts an update, but it exports the encoder and every struct
 * writes itself (`struct.write`), which is all `encodeStateAsUpdate` does: this writes the same
 * structs, client by client in clock order, cut into runs of about `maxBytes`.
 *
 * Each run depends only on what came before it in its client's log, or on another client's items
 * (a map key set again, a text edit); Yjs keeps an item whose origin has not arrived yet as
 * pending and integrates it once it has, so any order rebuilds the same doc, and this one (runs
 * in clock order) leaves almost nothing pending. The deletions go last, in an update of their own.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** About this many bytes of structs per chunk: a few tens of milliseconds to apply on a slow phone. */
export const CHUNK_BYTES = 256 * 1024;

/** What this module reads of a Yjs struct (Item or GC; both write themselves). */
interface Struct {
	id: { client: number; clock: number };
	length: number;
	origin?: Y.ID | null;
	rightOrigin?: Y.ID | null;
	parent?: unknown;
	write(encoder: Y.UpdateEncoderV1, offset: number): void;
}

/** The items a struct needs before it can be integrated, besides its own client's earlier clocks. */
const needs = (s: Struct): Y.ID[] => {
	const out: Y.ID[] = [];
	if (s.origin) out.push(s.origin);
	if (s.rightOrigin) out.push(s.rightOrigin);
	// A nested type's item is its children's parent (a root type is named by its key: no item).
	const parentItem = (s.parent as { _item?: { id: Y.ID } | null } | null | undefined)?._item;
	if (parentItem) out.push(parentItem.id);
	return out;
};

/**
 * The state of `doc` as updates of about `maxBytes` each; applying all of them in order rebuilds it.
 * With `from` (a transaction's `beforeState`), only what came after it: a large transaction's own
 * update, cut the same way.
 *
 * The structs go out in an order where whatever a struct needs (its origins, its parent item, its
 * client's earlier clocks) is in the same chunk or an earlier one. Client by client would not do: a
 * text edited by two phones has items of each whose origins are the other's, and Yjs, given such a
 * chunk before the one it needs, keeps it pending and does not always take it in later.
 */
export const chunkedState = (
	doc: Y.Doc,
	maxBytes: number = CHUNK_BYTES,
	from: ReadonlyMap<number, number> = new Map()
): Uint8Array[] => {
	const out: Uint8Array[] = [];
	const store = (doc.store as unknown as { clients: Map<number, Struct[]> }).clients;
	interface Log {
		client: number;
		structs: Struct[];
		/** The next struct to write, and the clock (and offset into it) to write it from. */
		next: number;
		clock: number;
		offset: number;
		/** What is written since the last chunk: from which struct, and its encoded structs. */
		first: number;
		firstClock: number;
		body: Y.UpdateEncoderV1;
	}
	const logs: Log[] = [];
	const byClient = new Map<number, Log>();
	// Clients in a fixed order (the output is a function of the doc).
	for (const client of [...store.keys()].sort((a, b) => a - b)) {
		const structs = store.get(client)!;
		if (structs.length === 0) continue;
		const start = from.get(client) ?? 0;
		const last = structs[structs.length - 1]!;
		if (start >= last.id.clock + last.length) continue;
		// The struct holding `start` is written from there on (Yjs's own writeStructs does the same).
		const next = Y.findIndexSS(structs as never, start);
		const log: Log = {
			client,
			structs,
			next,
			clock: start,
			offset: start - structs[next]!.id.clock,
			first: next,
			firstClock: start,
			body: new Y.UpdateEncoderV1()
		};
		logs.push(log);
		byClient.set(client, log);
	}
	/** Whether the item `id` is in the doc before the struct being written (written, or never to be). */
	const present = (id: Y.ID): boolean => {
		const log = byClient.get(id.client);
		return !log || log.next >= log.structs.length || log.structs[log.next]!.id.clock > id.clock;
	};
	let size = 0;
	const flush = () => {
		const head = new Y.UpdateEncoderV1();
		const parts = logs.filter((l) => l.next > l.first);
		if (parts.length === 0) return;
		encoding.writeVarUint(head.restEncoder, parts.length);
		for (const l of parts) {
			encoding.writeVarUint(head.restEncoder, l.next - l.first);
			head.writeClient(l.client);
			encoding.writeVarUint(head.restEncoder, l.firstClock);
			encoding.writeUint8Array(head.restEncoder, l.body.toUint8Array());
			l.first = l.next;
			l.firstClock = l.next < l.structs.length ? l.structs[l.next]!.id.clock : 0;
			l.body = new Y.UpdateEncoderV1();
		}
		encoding.writeVarUint(head.restEncoder, 0); // no deletions here: they go last
		out.push(head.toUint8Array());
		size = 0;
	};
	for (;;) {
		let progressed = false;
		let open = false;
		for (const l of logs) {
			while (l.next < l.structs.length) {
				open = true;
				const s = l.structs[l.next]!;
				if (!needs(s).every(present)) break;
				const before = encoding.length(l.body.restEncoder);
				s.write(l.body, l.offset);
				l.offset = 0;
				l.next++;
				progressed = true;
				size += encoding.length(l.body.restEncoder) - before;
				if (size >= maxBytes) flush();
			}
		}
		if (!open) break;
		// Never expected (a doc integrates its structs in a causal order), but never loop for ever:
		// the first waiting struct goes next, as Yjs's own encoding would send it.
		if (!progressed) {
			const l = logs.find((x) => x.next < x.structs.length)!;
			l.structs[l.next]!.write(l.body, l.offset);
			l.offset = 0;
			l.next++;
		}
	}
	flush();
	// Everything after the whole state vector is no struct at all: only the delete set, and what
	// the doc holds pending (structs and deletions whose dependencies never arrived).
	out.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
	return out;
};
