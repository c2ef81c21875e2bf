import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memoryPortPair } from '$lib/sync/port';
import { describeSummary, syncOverPort, SyncFailure } from '$lib/sync/channel-sync';
import { FRAME_MAX, createSender } from '$lib/sync/chunk';
import { deflateSync } from 'fflate';

/** A deterministic PRNG so a failing run can be replayed from its seed. */
const rng = (seed: number) => {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
};

/** Like real entries (hashes, keys, signatures), the values are mostly random hex: they barely compress. */
const hexNoise = rng(99);
const noise = (n: number) =>
	Array.from({ length: n }, () => Math.floor(hexNoise() * 16).toString(16)).join('');

const fill = (doc: Y.Doc, prefix: string, n: number, type = 'note') => {
	const m = doc.getMap<string>('entries');
	doc.transact(() => {
		for (let i = 0; i < n; i++)
			m.set(`${prefix}-${i}`, JSON.stringify({ type, body: `${prefix} ${i}`, sig: noise(200) }));
	});
};

const same = (a: Y.Doc, b: Y.Doc) => {
	const ja = a.getMap('entries').toJSON();
	const jb = b.getMap('entries').toJSON();
	expect(Object.keys(ja).length).toBe(Object.keys(jb).length);
	expect(ja).toEqual(jb);
};

const hello = (name: string) => ({ circle: 'c1', name });

describe('channel sync', () => {
	it('two diverged docs converge and report what came in', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		fill(a, 'a', 5);
		fill(b, 'b', 3);
		fill(b, 'join', 1, 'member.admit');
		const seed = 42;
		const r = rng(seed);
		const [pa, pb] = memoryPortPair({ delay: () => Math.floor(r() * 3) });
		const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
		const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
		const [ra, rb] = await Promise.all([sa.done, sb.done]);
		same(a, b);
		expect(ra.newEntries).toBe(4);
		expect(ra.newMembers).toBe(1);
		expect(ra.peer.name).toBe('Ben');
		expect(rb.newEntries).toBe(5);
		expect(describeSummary(ra)).toBe('in sync — 4 new entries, 1 new member');
		expect(describeSummary({ newEntries: 0, newMembers: 0 })).toBe('in sync — nothing new came in');
		// live: a later edit flows over the open channel
		const seen = new Promise<void>((res) => b.getMap('entries').observe(() => res()));
		fill(a, 'later', 1);
		await seen;
		same(a, b);
		sa.close();
	});

	it('a large first sync never puts a frame over 16 KiB on the wire', async () => {
		const a = new Y.Doc();
		fill(a, 'big', 5000);
		const b = new Y.Doc();
		let biggest = 0;
		let frames = 0;
		const [pa, pb] = memoryPortPair({
			tap: (f) => {
				frames++;
				biggest = Math.max(biggest, f.length);
				return true;
			}
		});
		const progress: number[] = [];
		const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
		const sb = syncOverPort(pb, {
			doc: b,
			hello: hello('Ben'),
			onProgress: (p) => p.direction === 'in' && progress.push(p.done)
		});
		const [ra, rb] = await Promise.all([sa.done, sb.done]);
		expect(rb.newEntries).toBe(5000);
		// the big step 2 travelled compressed
		expect(ra.bytesOut).toBeLessThan(0.8 * Y.encodeStateAsUpdate(a).length);
		expect(biggest).toBeLessThanOrEqual(FRAME_MAX);
		expect(frames).toBeGreaterThan(20);
		expect(progress.length).toBeGreaterThan(20);
		same(a, b);
	});

	for (const seed of [1, 2, 3, 4, 5]) {
		it(`a sync cut halfway loses nothing and the next one completes (seed ${seed})`, async () => {
			const r = rng(seed);
			const a = new Y.Doc();
			const b = new Y.Doc();
			fill(a, 'a', 1500 + Math.floor(r() * 1000));
			fill(b, 'b', 10 + Math.floor(r() * 1000));
			const beforeB = b.getMap('entries').size;
			const cutAt = 3 + Math.floor(r() * 15);
			let n = 0;
			const [pa, pb] = memoryPortPair({ delay: () => Math.floor(r() * 2), tap: () => ++n < cutAt });
			const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
			const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
			const results = await Promise.allSettled([sa.done, sb.done]);
			// the cut may come after one side already finished; at least one side sees it
			const failures = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
			expect(failures.length, `seed ${seed}`).toBeGreaterThan(0);
			for (const f of failures) {
				expect(f.reason).toBeInstanceOf(SyncFailure);
				expect((f.reason as SyncFailure).advice).toMatch(/pair again/);
			}
			// nothing local is lost
			expect(b.getMap('entries').size).toBeGreaterThanOrEqual(beforeB);
			// reconnect
			const [qa, qb] = memoryPortPair({ delay: () => Math.floor(r() * 2) });
			const ta = syncOverPort(qa, { doc: a, hello: hello('Ana') });
			const tb = syncOverPort(qb, { doc: b, hello: hello('Ben') });
			await Promise.all([ta.done, tb.done]);
			same(a, b);
			ta.close();
		});
	}

	it('refuses a peer syncing another circle and changes nothing', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		fill(a, 'a', 3);
		const [pa, pb] = memoryPortPair();
		const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
		const sb = syncOverPort(pb, { doc: b, hello: { circle: 'other', name: 'Ben' } });
		const [ra, rb] = await Promise.allSettled([sa.done, sb.done]);
		expect(ra.status).toBe('rejected');
		expect(rb.status).toBe('rejected');
		expect(((ra as PromiseRejectedResult).reason as Error).message).toMatch(/another circle/);
		expect(b.getMap('entries').size).toBe(0);
	});

	it('refuses a compressed message that unpacks far past what it could hold (T32), changing nothing', async () => {
		const b = new Y.Doc();
		const [pa, pb] = memoryPortPair();
		const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
		// A modified phone: a proper hello, then a SYNC_Z message of 16 MiB of zeros (~16 KB packed).
		const send = createSender(pa);
		const hi = new TextEncoder().encode(JSON.stringify({ v: 1, circle: 'c1', name: 'Mallory' }));
		await send.send(Uint8Array.from([0, ...hi]));
		const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
		await send.send(Uint8Array.from([4, ...bomb]));
		const r = await Promise.allSettled([sb.done]);
		expect(r[0].status).toBe('rejected');
		expect(((r[0] as PromiseRejectedResult).reason as Error).message).toMatch(/compression bomb/);
		expect(b.getMap('entries').size).toBe(0);
	});
});
