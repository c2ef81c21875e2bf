// Issue 12, item 1: entries are read and verified off the page's thread (sync/checker.ts and its
// worker). Whatever path checks them, the verdicts are those of circle-doc readEntries and
// verdicts.verifyEntries on the page: a modified peer's wrong texts and bad signatures are caught
// the same way, in any order and any batch size.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as canonical from '$lib/core/canonical';
import { entryId, signingBytes } from '$lib/core/entry';
import type { Entry } from '$lib/core/types';
import { signingBytesOfText } from '$lib/sync/stored-entry';
import type { EntryId } from '$lib/core/types';
import { entriesOf, readEntries } from '$lib/sync/circle-doc';
import { checkStored, checkTexts } from '$lib/sync/checker';
import * as verdicts from '$lib/sync/verdicts';
import { makeEntries } from './support/entries';

const rng = (seed: number) => {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
};

describe('checking stored entries (worker or page: same verdicts)', () => {
	for (const seed of [1, 2, 3]) {
		it(`gives readEntries' and verifyEntries' verdicts for a mix of good and bad values (seed ${seed})`, async () => {
			const r = rng(seed);
			const good = await makeEntries(20 + Math.floor(r() * 20));
			const doc = new Y.Doc();
			const map = entriesOf(doc);
			for (const e of good) {
				const text = canonical.encodeText(e);
				const id = entryId(e);
				const roll = r();
				if (roll < 0.1)
					map.set(id, text.replace('{', '{ ')); // not canonical
				else if (roll < 0.2)
					map.set(
						id,
						text.replace(/"sig":"(.)/, (_m, c: string) => `"sig":"${c === '0' ? '1' : '0'}`)
					); // bad signature, wrong id
				else if (roll < 0.25)
					map.set(`${id.slice(0, 63)}${id[63] === '0' ? '1' : '0'}`, text); // id mismatch
				else if (roll < 0.3)
					(map as unknown as Y.Map<unknown>).set(id, 42); // not text
				else map.set(id, text);
			}
			const ids = [...map.keys()];
			const known = new Set(ids.filter(() => r() < 0.2));
			const expected = readEntries(doc, ids, (id) => known.has(id));
			const unknown = expected.entries.filter((e) => !known.has(e.id));
			const sigs = await verdicts.verifyEntries(unknown.map((e) => e.entry));
			const got = await checkStored(map, ids, (id) => known.has(id));
			expect(got.entries, `seed ${seed}`).toEqual(expected.entries);
			expect(got.unreadable, `seed ${seed}`).toEqual(
				[...expected.unreadable].sort((a, b) => (a.id < b.id ? -1 : 1))
			);
			expect(got.verdicts, `seed ${seed}`).toEqual(unknown.map((e, i) => [e.id, sigs[i]]));
		});
	}

	it('a signature changed in a canonical text under its own hash is read, and verified false', async () => {
		const [e] = await makeEntries(2);
		const forged = { ...e!, sig: e!.sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
		const text = canonical.encodeText(forged);
		const [res] = await checkTexts([[entryId(forged) as EntryId, text]]);
		expect(res).toEqual([1, false]);
	});
});

describe('the signed bytes cut from a canonical text (the worker spares a canonical encoding)', () => {
	it("equal core's signingBytes, also with seen, and a body holding a member named sig with the entry's own signature", async () => {
		const made = await makeEntries(12);
		const e0 = made[0]!;
		const tricky: Entry[] = [
			...made,
			{ ...e0, seen: [entryId(made[1]!)] } as Entry,
			{ ...e0, body: { a: 1, sig: e0.sig, text: ',"sig":"' + e0.sig + '"' } } as Entry,
			{ ...e0, type: 'x.y', body: { nested: [{ sig: e0.sig }] } } as Entry
		];
		for (const e of tricky) {
			const text = canonical.encodeText(e);
			expect(signingBytesOfText(text, e)).toEqual(signingBytes(e));
		}
	});
});
