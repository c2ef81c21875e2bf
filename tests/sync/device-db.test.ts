import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { CircleId } from '$lib/core/types';
import { openIdbStore } from '$lib/device/store';
import * as registry from '$lib/sync/device-db';
import * as verdicts from '$lib/sync/verdicts';

let n = 0;
const A = 'a1'.repeat(16) as CircleId;
const B = 'b2'.repeat(16) as CircleId;

describe('the device registry of circles', () => {
	it('lists circles oldest first, and removes one', async () => {
		const store = await openIdbStore(`test-registry-${n++}`);
		await registry.putCircle(store, { id: B, name: 'Second', added: 20 });
		await registry.putCircle(store, { id: A, name: 'First', added: 10 });
		expect((await registry.listCircles(store, 0)).circles.map((c) => c.name)).toEqual(['First', 'Second']);
		await registry.removeCircle(store, A);
		expect((await registry.listCircles(store, 0)).circles.map((c) => c.id)).toEqual([B]);
	});

	it('keeps whether a circle is awaited or the demo', async () => {
		const store = await openIdbStore(`test-registry-${n++}`);
		await registry.putCircle(store, { id: A, name: 'Joined', added: 1, awaiting: 'admission' });
		await registry.putCircle(store, { id: B, name: 'Demo', added: 2, demo: true });
		expect((await registry.listCircles(store, 0)).circles).toEqual([
			{ id: A, name: 'Joined', added: 1, awaiting: 'admission' },
			{ id: B, name: 'Demo', added: 2, demo: true }
		]);
		await registry.putCircle(store, { id: A, name: 'Joined', added: 1 });
		expect((await registry.listCircles(store, 0)).circles[0]).toEqual({ id: A, name: 'Joined', added: 1 });
	});

	it('sets an unreadable record aside and keeps the circle', async () => {
		const store = await openIdbStore(`test-registry-${n++}`);
		await registry.putCircle(store, { id: A, name: 'Fine', added: 1 });
		await store.put('circles', B, 'garbage{');
		await store.put('circles', 'not-an-id', 17);
		const { circles, problems } = await registry.listCircles(store, 99);
		expect(circles.map((c) => [c.id, c.name])).toEqual([
			[A, 'Fine'],
			[B, registry.UNNAMED]
		]);
		expect(problems).toHaveLength(2);
		const aside = (await store.entries('aside')).map(([, v]) => (v as { value: unknown }).value);
		expect(aside).toEqual(expect.arrayContaining(['garbage{', 17]));
		// A second start finds nothing new to set aside.
		expect((await registry.listCircles(store, 100)).problems).toEqual([]);
	});
});

describe('remembered verdicts', () => {
	it('are kept per circle and forgotten with it', async () => {
		const store = await openIdbStore(`test-verdicts-${n++}`);
		const id1 = '01'.repeat(32) as never;
		const id2 = '02'.repeat(32) as never;
		await verdicts.saveVerdicts(store, A, [
			[id1, true],
			[id2, false]
		]);
		await verdicts.saveVerdicts(store, B, [[id1, true]]);
		await store.put('verdicts', `${A}/${'03'.repeat(32)}`, 'junk');
		expect([...(await verdicts.loadVerdicts(store, A))]).toEqual([
			[id1, true],
			[id2, false]
		]);
		await verdicts.forgetVerdicts(store, A);
		expect((await verdicts.loadVerdicts(store, A)).size).toBe(0);
		expect((await verdicts.loadVerdicts(store, B)).size).toBe(1);
	});
});
