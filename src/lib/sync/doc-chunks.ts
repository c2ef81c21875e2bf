/**
 * A doc's whole state (or what a transaction added to it) as a list of small Yjs updates: applied in
 * order, one per task, they rebuild the doc without a task that blocks the page for the whole history.
 *
 * Why: y-indexeddb compacts a doc into one update of its whole state and applies what it saved in
 * one transaction. For a circle of 20,000 entries that is about 13 MB decoded in one task, the
 * longest of the start-up (about 600 ms on a phone 4× slower than a laptop; issue 12 wants none
 * over 200 ms). The cutting is the sync's (slices.ts): structs in an order where whatever a struct
 * needs (its origins, its parent's item, its client's earlier clocks) comes first, so each chunk
 * integrates at once. Cutting client by client would not do: a text edited by two phones has items
 * of each whose origins are the other's, and Yjs, given such a chunk before the one it needs, keeps
 * it pending and does not always take it in later (tests/sync/doc-chunks.test.ts). The deletions,
 * and anything the doc itself holds pending, go last in an update of their own.
 */
import * as Y from 'yjs';
import { allSlices, planSlices } from './slices';

/** About the size of a chunk. */
export const CHUNK_BYTES = 256 * 1024;
/** A saved record, or a change, larger than this is cut (or compacted) into chunks. */
export const OVERSIZED = 2 * CHUNK_BYTES;
/** Structs per chunk: an entry is one struct of about 600 bytes, so about CHUNK_BYTES. */
export const CHUNK_STRUCTS = 400;

/**
 * The state of `doc` as updates of at most `size` structs each; applying all of them in order
 * rebuilds it. With `from` (a transaction's `beforeState`), only what came after it.
 */
export const chunkedState = (
	doc: Y.Doc,
	size: number = CHUNK_STRUCTS,
	from: ReadonlyMap<number, number> = new Map()
): Uint8Array[] => [
	...allSlices(planSlices(doc, new Map(from), undefined, size)),
	// Everything after the whole state vector is no struct at all: only the delete set, and what
	// the doc holds pending (structs and deletions whose dependencies never arrived).
	Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))
];
