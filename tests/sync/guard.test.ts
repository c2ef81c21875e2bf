import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEntry, entriesOf } from '$lib/sync/circle-doc';
import { installDeleteGuard } from '$lib/sync/guard';
import { makeEntries } from './support/entries';

const exchange = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('delete guard', () => {
	it('a remote update that deletes entries does not remove them, and the repair spreads', async () => {
		const entries = await makeEntries(4);
		const honest = new Y.Doc();
		const attacker = new Y.Doc();
		const ids = entries.map((e) => appendEntry(honest, e));
		const guard = installDeleteGuard(honest);
		exchange(honest, attacker);
		expect(entriesOf(attacker).size).toBe(4);
		// the attacker deletes two entries and sends just that update
		const before = Y.encodeStateVector(attacker);
		entriesOf(attacker).delete(ids[0]!);
		entriesOf(attacker).delete(ids[2]!);
		Y.applyUpdate(honest, Y.encodeStateAsUpdate(attacker, before), 'remote');
		expect(entriesOf(honest).size).toBe(4);
		expect(guard.restored).toBe(2);
		for (const id of ids) expect(entriesOf(honest).has(id)).toBe(true);
		// after the next sync the attacker's copy has them back too
		exchange(honest, attacker);
		expect(entriesOf(attacker).size).toBe(4);
		expect(entriesOf(attacker).toJSON()).toEqual(entriesOf(honest).toJSON());
	});

	it('puts back an entry overwritten with a forged value, and uses the device store as witness', async () => {
		const [e] = await makeEntries(1);
		const honest = new Y.Doc();
		const id = appendEntry(honest, e!);
		const kept = entriesOf(honest).get(id)!;
		const store = new Map([[id, kept]]);
		exchange(honest, new Y.Doc());
		const attacker = new Y.Doc();
		exchange(honest, attacker);
		// without the guard, overwrite lands; then install the guard, the next delete is repaired from the store
		const sv = Y.encodeStateVector(attacker);
		entriesOf(attacker).set(id, '{"forged":true}');
		Y.applyUpdate(honest, Y.encodeStateAsUpdate(attacker, sv));
		expect(entriesOf(honest).get(id)).toBe('{"forged":true}');
		installDeleteGuard(honest, store);
		const sv2 = Y.encodeStateVector(attacker);
		entriesOf(attacker).delete(id);
		Y.applyUpdate(honest, Y.encodeStateAsUpdate(attacker, sv2));
		expect(entriesOf(honest).get(id)).toBe(kept);
		// an overwrite while guarded is undone from the old value
		const sv3 = Y.encodeStateVector(attacker);
		entriesOf(attacker).set(id, 'nonsense');
		Y.applyUpdate(honest, Y.encodeStateAsUpdate(attacker, sv3));
		expect(entriesOf(honest).get(id)).toBe(kept);
	});

	it('two guarded devices converge after both repair the same deletion', async () => {
		const entries = await makeEntries(3);
		const a = new Y.Doc();
		const b = new Y.Doc();
		const c = new Y.Doc();
		entries.forEach((e) => appendEntry(a, e));
		installDeleteGuard(a);
		installDeleteGuard(b);
		exchange(a, b);
		exchange(a, c);
		const sv = Y.encodeStateVector(c);
		entriesOf(c).clear();
		const del = Y.encodeStateAsUpdate(c, sv);
		Y.applyUpdate(a, del);
		Y.applyUpdate(b, del);
		exchange(a, b);
		exchange(a, c);
		exchange(b, c);
		for (const d of [a, b, c]) expect(entriesOf(d).size).toBe(3);
		expect(entriesOf(a).toJSON()).toEqual(entriesOf(c).toJSON());
	});
});
