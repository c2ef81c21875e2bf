import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memoryPortPair } from '$lib/sync/port';
import { syncOverPort, SyncFailure, PLAN_ENTRIES_MAX } from '$lib/sync/channel-sync';
import { createSender } from '$lib/sync/chunk';
import { allSlices, planSlices } from '$lib/sync/slices';

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
const hexOf = (r: () => number, n: number) =>
	Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

/** A doc written by `clients` sessions (Yjs client ids), like a circle's history from many phones. */
const history = (seed: number, n: number, clients = 3): Y.Doc => {
	const r = rng(seed);
	const doc = new Y.Doc();
	const writers = Array.from({ length: clients }, () => new Y.Doc());
	writers.forEach((w) => (w.clientID = 1 + Math.floor(r() * 2 ** 30)));
	for (let i = 0; i < n; i++) {
		const w = writers[Math.floor(r() * clients)]!;
		w.getMap<string>('entries').set(`${seed}-${i}`, JSON.stringify({ i, sig: hexOf(r, 128) }));
		if (r() < 0.05) w.getText('charter-draft').insert(0, `line ${i} `);
		if (r() < 0.2) Y.applyUpdate(w, Y.encodeStateAsUpdate(writers[Math.floor(r() * clients)]!));
	}
	for (const w of writers) Y.applyUpdate(doc, Y.encodeStateAsUpdate(w));
	return doc;
};

const same = (a: Y.Doc, b: Y.Doc) => {
	expect(b.getMap('entries').toJSON()).toEqual(a.getMap('entries').toJSON());
	expect(b.getText('charter-draft').toString()).toBe(a.getText('charter-draft').toString());
};
const hello = (name: string) => ({ circle: 'c1', name });
const sv = (d: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(d));

describe('slices (a step 2 cut into updates that apply on their own)', () => {
	for (const seed of [11, 12, 13, 14, 15, 16]) {
		it(`any prefix of the slices applies on its own, and its state vector says so (seed ${seed})`, () => {
			const r = rng(seed);
			const a = history(seed, 400 + Math.floor(r() * 400), 1 + Math.floor(r() * 4));
			const b = new Y.Doc();
			// b already holds a part of a's history
			Y.applyUpdate(b, Y.encodeStateAsUpdate(history(seed + 1000, 50 + Math.floor(r() * 200), 2)));
			const plan = planSlices(a, sv(b), 'entries', 20 + Math.floor(r() * 80));
			const slices = allSlices(plan);
			const k = Math.floor(r() * slices.length);
			for (const s of slices.slice(0, k)) Y.applyUpdate(b, s);
			const got = plan.entriesPer.slice(0, k).reduce((x, y) => x + y, 0);
			expect(b.store.pendingStructs, `seed ${seed}`).toBeNull();
			// the rest, planned afresh from what b now holds, is exactly what was not sent
			const rest = planSlices(a, sv(b), 'entries');
			expect(rest.entries, `seed ${seed}`).toBe(plan.entries - got);
			for (const s of allSlices(rest)) Y.applyUpdate(b, s);
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(rest.until)));
			expect(b.getMap('entries').toJSON()).toMatchObject(a.getMap('entries').toJSON());
			expect(b.getText('charter-draft').length).toBeGreaterThanOrEqual(a.getText('charter-draft').length);
		});
	}

	it('planning a peer that holds everything sends nothing', () => {
		const a = history(3, 300);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(planSlices(a, sv(b)).count).toBe(0);
	});
});

describe('channel sync in slices', () => {
	it('announces the entries it sends, and the receiver sees them arrive slice by slice', async () => {
		const a = history(21, 1200);
		const b = new Y.Doc();
		const [pa, pb] = memoryPortPair();
		const plans: number[] = [];
		const received: number[] = [];
		syncOverPort(pa, { doc: a, hello: hello('Ana') });
		const sb = syncOverPort(pb, {
			doc: b,
			hello: hello('Ben'),
			onPlan: (p) => plans.push(p.entries),
			onReceived: (n) => received.push(n)
		});
		const rb = await sb.done;
		expect(plans).toEqual([1200]);
		expect(rb.newEntries).toBe(1200);
		expect(received.length).toBeGreaterThan(3);
		expect(received.at(-1)).toBe(1200);
		expect(received).toEqual([...received].sort((x, y) => x - y));
		same(a, b);
	});

	for (const seed of [31, 32, 33, 34]) {
		it(`a sync cut at half keeps every slice that arrived; the next sends under 60% of a full one (seed ${seed})`, async () => {
			const r = rng(seed);
			const a = history(seed, 1500 + Math.floor(r() * 500));
			const full = await (async () => {
				const [pa, pb] = memoryPortPair();
				const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
				const sb = syncOverPort(pb, { doc: new Y.Doc(), hello: hello('Ben') });
				// Both ends finish (in either order: the sender's last APPLIED may come after).
				const [ra] = await Promise.all([sa.done, sb.done]);
				sa.close();
				return ra.bytesOut;
			})();
			const b = new Y.Doc();
			let bytes = 0;
			let cut = false;
			const [pa, pb] = memoryPortPair({
				tap: (f, from) => {
					if (from === 'a') bytes += f.length;
					if (bytes > full / 2) cut = true;
					return !cut;
				}
			});
			const sa = syncOverPort(pa, { doc: a, hello: hello('Ana') });
			const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
			const [, rb] = await Promise.allSettled([sa.done, sb.done]);
			expect(rb.status).toBe('rejected');
			expect((rb as PromiseRejectedResult).reason).toBeInstanceOf(SyncFailure);
			const kept = b.getMap('entries').size;
			expect(kept, `seed ${seed}`).toBeGreaterThan(0.3 * a.getMap('entries').size);
			expect(b.store.pendingStructs).toBeNull();
			const [qa, qb] = memoryPortPair();
			const ta = syncOverPort(qa, { doc: a, hello: hello('Ana') });
			const tb = syncOverPort(qb, { doc: b, hello: hello('Ben') });
			const [resumed] = await Promise.all([ta.done, tb.done]);
			expect(resumed.bytesOut / full, `seed ${seed}: resumed ${resumed.bytesOut} of ${full}`).toBeLessThan(
				0.6
			);
			same(a, b);
			ta.close();
		});
	}

	const modified = async (messages: Uint8Array[]) => {
		const b = new Y.Doc();
		const [pa, pb] = memoryPortPair();
		const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
		const send = createSender(pa);
		const hi = new TextEncoder().encode(JSON.stringify({ v: 1, circle: 'c1', name: 'Mallory' }));
		await send.send(Uint8Array.from([0, ...hi]));
		for (const m of messages) await send.send(m);
		const [r] = await Promise.allSettled([sb.done]);
		return { b, r };
	};
	const plan = (o: unknown) => Uint8Array.from([5, ...new TextEncoder().encode(JSON.stringify(o))]);

	it('refuses a plan that announces more entries than any circle holds, or no numbers', async () => {
		for (const bad of [{ entries: PLAN_ENTRIES_MAX + 1, slices: 1 }, { entries: 'many' }, null]) {
			const { r } = await modified([plan(bad)]);
			expect(r.status).toBe('rejected');
			expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(
				/announced a sync no circle needs/
			);
		}
	});

	it('a garbage slice after good ones fails the sync and keeps the good ones', async () => {
		const a = history(41, 600);
		const planned = planSlices(a, new Map(), 'entries', 100);
		const slices = allSlices(planned);
		const entriesPer = planned.entriesPer;
		const update = (u: Uint8Array) => Uint8Array.from([1, 2, ...varuint(u.length), ...u]);
		const garbage = Uint8Array.from([1, 2, 5, 0xff, 0xff, 0xff, 0xff, 0xff]);
		const { b, r } = await modified([
			plan({ entries: 600, slices: 6 }),
			update(slices[0]!),
			update(slices[1]!),
			garbage
		]);
		expect(r.status).toBe('rejected');
		expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(/could not be read/);
		expect(b.getMap('entries').size).toBe(entriesPer[0]! + entriesPer[1]!);
	});

	it('a peer that withholds the last slices never completes the sync, and what came is kept', async () => {
		const a = history(42, 600);
		const plan = planSlices(a, new Map(), 'entries', 100);
		const slices = allSlices(plan);
		const entriesPer = plan.entriesPer;
		const sent = entriesPer[0]! + entriesPer[1]! + entriesPer[2]!;
		const b = new Y.Doc();
		const [pa, pb] = memoryPortPair();
		const sb = syncOverPort(pb, { doc: b, hello: hello('Ben') });
		const send = createSender(pa);
		const hi = new TextEncoder().encode(JSON.stringify({ v: 1, circle: 'c1', name: 'Mallory' }));
		await send.send(Uint8Array.from([0, ...hi]));
		for (const s of slices.slice(0, 3)) await send.send(Uint8Array.from([1, 2, ...varuint(s.length), ...s]));
		let settled = false;
		void sb.done.then(
			() => (settled = true),
			() => (settled = true)
		);
		await new Promise((res) => setTimeout(res, 50));
		expect(settled).toBe(false);
		expect(b.getMap('entries').size).toBe(sent);
		pa.close();
		await expect(sb.done).rejects.toThrow(/closed before the sync finished/);
		expect(b.getMap('entries').size).toBe(sent);
	});
});

const varuint = (n: number): number[] => {
	const out: number[] = [];
	while (n > 0x7f) {
		out.push(0x80 | (n & 0x7f));
		n >>>= 7;
	}
	out.push(n);
	return out;
};
