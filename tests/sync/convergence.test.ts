import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { memoryPortPair } from '$lib/sync/port';
import { syncOverPort } from '$lib/sync/channel-sync';

const hello = (name: string) => ({ circle: 'c1', name });

/** One sync between two docs over a fresh connection, optionally cut after `cut` frames. */
const syncPair = async (a: Y.Doc, b: Y.Doc, cut: number | null) => {
	let n = 0;
	const [pa, pb] = memoryPortPair({ tap: () => cut === null || ++n < cut });
	const sa = syncOverPort(pa, { doc: a, hello: hello('a') });
	const sb = syncOverPort(pb, { doc: b, hello: hello('b') });
	await Promise.allSettled([sa.done, sb.done]);
	sa.close();
	sb.close();
};

describe('convergence', () => {
	it('property: 2–4 devices, random edits, random pairwise syncs, some cut halfway → identical after a final round', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 2, max: 4 }),
				fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 300 })), { minLength: 1, maxLength: 8 }),
				fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.option(fc.integer({ min: 1, max: 12 }))), {
					maxLength: 8
				}),
				async (n, edits, syncs) => {
					const docs = Array.from({ length: n }, () => new Y.Doc());
					edits.forEach(([d, count], k) => {
						const doc = docs[d % n]!;
						doc.transact(() => {
							for (let i = 0; i < count; i++)
								doc.getMap<string>('entries').set(`e${k}-${i}`, `${k}/${i} ${'x'.repeat(100)}`);
						});
					});
					for (const [i, j, cut] of syncs)
						if (i % n !== j % n) await syncPair(docs[i % n]!, docs[j % n]!, cut);
					// a final round in a chain: everything reaches everyone
					for (let i = 0; i + 1 < n; i++) await syncPair(docs[i]!, docs[i + 1]!, null);
					for (let i = n - 1; i > 0; i--) await syncPair(docs[i]!, docs[i - 1]!, null);
					const expected = docs[0]!.getMap('entries').toJSON();
					for (const d of docs) expect(d.getMap('entries').toJSON()).toEqual(expected);
					// a replica rebuilt from all the updates merged agrees too
					const merged = new Y.Doc();
					Y.applyUpdate(merged, Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d))));
					expect(merged.getMap('entries').toJSON()).toEqual(expected);
					const total = new Set(
						edits.flatMap(([, count], k) => Array.from({ length: count }, (_, i) => `e${k}-${i}`))
					);
					expect(Object.keys(expected).length).toBe(total.size);
				}
			),
			{ numRuns: 25 }
		);
	}, 120_000);
});
