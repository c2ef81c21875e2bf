import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { chunkedState } from '$lib/sync/doc-chunks';

/** A doc written by several clients: map keys set (some again), text typed and deleted. */
const build = (ops: { client: number; key: number; text: string; del: boolean }[]): Y.Doc => {
	const docs = new Map<number, Y.Doc>();
	const shared = new Y.Doc();
	for (const op of ops) {
		let d = docs.get(op.client);
		if (!d) {
			d = new Y.Doc();
			d.clientID = op.client;
			docs.set(op.client, d);
		}
		// Each writer first takes in what the others wrote, so origins cross clients.
		Y.applyUpdate(d, Y.encodeStateAsUpdate(shared));
		d.getMap<string>('entries').set(`k${op.key}`, op.text);
		const t = d.getText('charter-draft');
		t.insert(Math.min(op.key, t.length), op.text);
		if (op.del && t.length > 2) t.delete(1, 1);
		Y.applyUpdate(shared, Y.encodeStateAsUpdate(d));
	}
	return shared;
};

const same = (a: Y.Doc, b: Y.Doc) => {
	expect(b.getMap('entries').toJSON()).toEqual(a.getMap('entries').toJSON());
	expect(b.getText('charter-draft').toString()).toBe(a.getText('charter-draft').toString());
	expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
	expect(
		Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))
	).toBe(true);
};

const opArb = fc.array(
	fc.record({
		client: fc.integer({ min: 1, max: 4 }),
		key: fc.integer({ min: 0, max: 30 }),
		text: fc.string({ minLength: 1, maxLength: 40 }),
		del: fc.boolean()
	}),
	{ minLength: 1, maxLength: 60 }
);

describe('a doc saved in chunks (sync/doc-chunks)', () => {
	it('rebuilds the same doc from its chunks applied in order, whatever the chunk size', () => {
		fc.assert(
			fc.property(opArb, fc.integer({ min: 1, max: 20 }), (ops, max) => {
				const doc = build(ops);
				const chunks = chunkedState(doc, max);
				const back = new Y.Doc();
				for (const c of chunks) Y.applyUpdate(back, c);
				same(doc, back);
				expect(back.store.pendingStructs).toBeNull();
			}),
			{ numRuns: 150 }
		);
	});

	it('leaves nothing pending when two phones’ items depend on each other (a text edited by both)', () => {
		// Found by the property above when chunks went client by client: client 1's last item
		// needs client 3's, and a later item of client 3 needs client 1's; Yjs kept them pending.
		const ops = [
			{ client: 1, key: 0, text: ' ', del: false },
			{ client: 3, key: 1, text: ' ', del: false },
			{ client: 2, key: 0, text: ' ', del: false },
			{ client: 3, key: 0, text: '    ', del: false },
			{ client: 1, key: 3, text: ' ', del: true },
			{ client: 3, key: 3, text: ' ', del: false },
			{ client: 4, key: 2, text: ' ', del: false },
			{ client: 3, key: 1, text: ' ', del: false },
			{ client: 3, key: 0, text: ' ', del: false }
		];
		for (const max of [1, 2, 3, 5, 100]) {
			const doc = build(ops);
			const back = new Y.Doc();
			for (const c of chunkedState(doc, max)) Y.applyUpdate(back, c);
			same(doc, back);
			expect(back.store.pendingStructs).toBeNull();
		}
	});

	it('cuts a large history into chunks of about the size asked', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<string>('entries');
		for (let i = 0; i < 3000; i++) map.set(String(i).padStart(64, '0'), 'x'.repeat(300));
		const chunks = chunkedState(doc, 100);
		expect(chunks.length).toBe(31); // 30 of 100 structs, then the deletions
		for (const c of chunks) expect(c.length).toBeLessThan(100 * 400);
		const whole = Y.encodeStateAsUpdate(doc).length;
		const total = chunks.reduce((n, c) => n + c.length, 0);
		expect(total).toBeLessThan(whole * 1.05);
		const back = new Y.Doc();
		for (const c of chunks) Y.applyUpdate(back, c);
		same(doc, back);
	});

	it('keeps what the doc holds pending (structs whose dependencies never arrived)', () => {
		const a = new Y.Doc();
		a.getText('t').insert(0, 'hello');
		const first = Y.encodeStateAsUpdate(a);
		a.getText('t').insert(5, ' world');
		const second = Y.encodeStateAsUpdate(a, Y.encodeStateVectorFromUpdate(first));
		const b = new Y.Doc();
		Y.applyUpdate(b, second); // waits for `first`
		expect(b.store.pendingStructs).not.toBeNull();
		const c = new Y.Doc();
		for (const u of chunkedState(b, 8)) Y.applyUpdate(c, u);
		Y.applyUpdate(c, first);
		expect(c.getText('t').toString()).toBe('hello world');
	});
});

describe('a large change cut into chunks (sync/doc-chunks, `from`)', () => {
	it('writes only what came after the state given, and that rebuilds the doc on top of the earlier one', () => {
		fc.assert(
			fc.property(opArb, opArb, fc.integer({ min: 1, max: 20 }), (before, after, max) => {
				const doc = build(before);
				const earlier = Y.encodeStateAsUpdate(doc);
				let parts: Uint8Array[] = [];
				doc.once('update', (_u: Uint8Array, _o: unknown, d: Y.Doc, tr: Y.Transaction) => {
					parts = chunkedState(d, max, tr.beforeState);
				});
				// Other phones than the first doc's (one client id per phone, as Yjs requires).
				Y.applyUpdate(
					doc,
					Y.encodeStateAsUpdate(build(after.map((op) => ({ ...op, client: op.client + 10 }))))
				);
				const back = new Y.Doc();
				Y.applyUpdate(back, earlier);
				for (const p of parts) Y.applyUpdate(back, p);
				same(doc, back);
			}),
			{ numRuns: 300 }
		);
	});

	it('starts inside a struct when the change does (text typed in one run, then more)', () => {
		const doc = new Y.Doc();
		const t = doc.getText('t');
		t.insert(0, 'abc');
		const earlier = Y.encodeStateAsUpdate(doc);
		let parts: Uint8Array[] = [];
		doc.once('update', (_u: Uint8Array, _o: unknown, d: Y.Doc, tr: Y.Transaction) => {
			parts = chunkedState(d, 1, tr.beforeState);
		});
		t.insert(3, 'defgh'); // merges into the same struct: the chunk starts at its offset
		const back = new Y.Doc();
		Y.applyUpdate(back, earlier);
		for (const p of parts) Y.applyUpdate(back, p);
		expect(back.getText('t').toString()).toBe('abcdefgh');
	});
});
