// Issue 8, item 6 (storage): the stored text of an entry is exactly its canonical bytes and its key
// is the SHA-256 of that text. Anything else is unreadable under its key, listed with a reason, and
// never displaces or shadows a real entry: the guard puts the verified text back, and a real entry
// arriving after a wrong text under its id wins.
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import { entryId } from '$lib/core/entry';
import type { CircleId } from '$lib/core/types';
import { appendEntry, entriesOf, readEntries, readEntry } from '$lib/sync/circle-doc';
import { checkGenesis, findGenesis, rememberInvite } from '$lib/sync/circle-sync';
import { installDeleteGuard } from '$lib/sync/guard';
import { CIRCLE, makeEntries } from './support/entries';

/** Other texts of the same entry: white space, member order, escapes, a repeated member. */
const variants = (text: string): [string, string][] => {
	const e = JSON.parse(text) as Record<string, unknown>;
	const reordered = Object.fromEntries(Object.entries(e).reverse());
	return [
		['white space', JSON.stringify(e, null, 1)],
		['member order', JSON.stringify(reordered)],
		['an escaped character', text.replace('"type":"circle.genesis"', '"type":"circle\\u002egenesis"')],
		['a repeated member', text.replace('{', '{"type":"member.leave",')],
		['a trailing space', text + ' ']
	];
};

describe('stored text is exactly the canonical bytes', () => {
	it('reads canonical text under its hash, and nothing else, with a reason', async () => {
		const [e] = await makeEntries(1);
		const id = entryId(e!);
		const text = canonical.encodeText(e);
		expect(sha256Hex(text)).toBe(id);
		expect(readEntry(id, text)).toEqual({ ok: true, entry: e });
		expect(readEntry(id, text, true)).toEqual({ ok: true, entry: e });
		for (const [what, other] of variants(text)) {
			expect(JSON.parse(other), what).toBeTruthy();
			for (const known of [false, true]) {
				const r = readEntry(id, other, known);
				expect(r.ok, `${what} (known: ${known})`).toBe(false);
				if (!r.ok) expect(r.problem.code, what).toMatch(/^(stored-not-canonical|entry-fields)$/);
			}
			// ...and under its own hash too: one entry never has two ids.
			expect(readEntry(sha256Hex(other), other).ok, what).toBe(false);
		}
		expect(readEntry(id, JSON.stringify(JSON.parse(text), null, 1))).toEqual({
			ok: false,
			problem: { code: 'stored-not-canonical' }
		});
	});

	it('lists a wrong text under a real id as unreadable under that id', async () => {
		const [e] = await makeEntries(1);
		const doc = new Y.Doc();
		const id = entryId(e!);
		entriesOf(doc).set(id, JSON.stringify(e, null, 2));
		expect(readEntries(doc)).toEqual({
			entries: [],
			unreadable: [{ id, problem: { code: 'stored-not-canonical' } }]
		});
	});
});

const exchange = (from: Y.Doc, to: Y.Doc) =>
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe('a wrong text never displaces or shadows a real entry', () => {
	it('an overwrite with other text of the same entry is put back with the verified text', async () => {
		const [e] = await makeEntries(1);
		const honest = new Y.Doc();
		const id = appendEntry(honest, e!);
		const kept = entriesOf(honest).get(id)!;
		const guard = installDeleteGuard(honest);
		const peer = new Y.Doc();
		exchange(honest, peer);
		for (const [what, other] of variants(kept)) {
			const sv = Y.encodeStateVector(peer);
			entriesOf(peer).set(id, other);
			Y.applyUpdate(honest, Y.encodeStateAsUpdate(peer, sv), 'remote');
			expect(entriesOf(honest).get(id), what).toBe(kept);
			exchange(honest, peer);
			expect(entriesOf(peer).get(id), what).toBe(kept);
		}
		expect(guard.restored).toBe(variants(kept).length);
	});

	it('a real entry arriving after a wrong text under its id takes its place, whichever Yjs picks', async () => {
		const [e] = await makeEntries(1);
		const id = entryId(e!);
		const real = canonical.encodeText(e);
		for (const [attackerClient, realClient] of [
			[2_000_000_000, 1],
			[1, 2_000_000_000]
		]) {
			const attacker = new Y.Doc();
			attacker.clientID = attackerClient!;
			entriesOf(attacker).set(id, JSON.stringify(e, null, 1));
			const owner = new Y.Doc();
			owner.clientID = realClient!;
			appendEntry(owner, e!);
			// A phone that never had the entry hears from the attacker first, then from the owner
			// (in one update and in two).
			for (const together of [false, true]) {
				const phone = new Y.Doc();
				installDeleteGuard(phone);
				if (together)
					Y.applyUpdate(
						phone,
						Y.mergeUpdates([Y.encodeStateAsUpdate(attacker), Y.encodeStateAsUpdate(owner)])
					);
				else {
					exchange(attacker, phone);
					expect(readEntries(phone).unreadable.map((u) => u.id)).toEqual([id]);
					exchange(owner, phone);
				}
				const label = `attacker ${attackerClient}, together ${together}`;
				expect(entriesOf(phone).get(id), label).toBe(real);
				expect(readEntries(phone), label).toEqual({ entries: [{ id, entry: e }], unreadable: [] });
				// and what it passes on carries the real text
				const next = new Y.Doc();
				exchange(phone, next);
				expect(entriesOf(next).get(id), label).toBe(real);
			}
		}
	});
});

describe('the invite genesis check', () => {
	const mem = new Map<string, string>();
	beforeEach(() => {
		mem.clear();
		(globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = {
			getItem: (k) => mem.get(k) ?? null,
			setItem: (k, v) => void mem.set(k, v)
		};
	});

	it('does not throw on a stored value that is not text, nor take a wrong text for the genesis', async () => {
		const [g] = await makeEntries(1);
		const doc = new Y.Doc();
		const map = entriesOf(doc) as unknown as Y.Map<unknown>;
		map.set('00'.repeat(32), 42);
		map.set('01'.repeat(32), { type: 'circle.genesis' });
		map.set('02'.repeat(32), '{"seq":1,"type":"circle.genesis"}');
		const id = appendEntry(doc, g!);
		rememberInvite(CIRCLE as CircleId, id);
		expect(() => checkGenesis(CIRCLE as CircleId, findGenesis(doc))).not.toThrow();
		expect(findGenesis(doc)).toBe(id);
		expect(checkGenesis(CIRCLE as CircleId, findGenesis(doc))).toBeNull();
	});
});
