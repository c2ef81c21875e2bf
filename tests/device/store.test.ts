import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	MemoryStore,
	StorageFullError,
	openDeviceStore,
	openIdbStore,
	setAside,
	type DeviceStore
} from '$lib/device/store';

let n = 0;
const implementations: [string, () => Promise<DeviceStore>][] = [
	['IndexedDB', () => openIdbStore(`test-store-${n++}`)],
	['memory', async () => new MemoryStore()]
];

describe.each(implementations)('the device store port (%s)', (_name, open) => {
	it('puts, gets, lists by prefix in key order, deletes', async () => {
		const s = await open();
		await s.put('circles', 'b1', { name: 'B' });
		await s.putMany('circles', [
			['a2', { name: 'A2' }],
			['a1', { bytes: new Uint8Array([1, 2]) }]
		]);
		expect(await s.get('circles', 'b1')).toEqual({ name: 'B' });
		expect(await s.get('circles', 'zz')).toBeUndefined();
		expect((await s.entries('circles', 'a')).map(([k]) => k)).toEqual(['a1', 'a2']);
		expect((await s.entries('circles', 'a'))[0]![1]).toEqual({ bytes: new Uint8Array([1, 2]) });
		expect(await s.entries('identity')).toEqual([]);
		await s.delete('circles', 'a1');
		expect((await s.entries('circles')).map(([k]) => k)).toEqual(['a2', 'b1']);
	});

	it('sets records aside with the reason', async () => {
		const s = await open();
		const key = await setAside(s, 'circles', 'x', 'garbage', 'unreadable', 5);
		expect(await s.get('aside', key)).toEqual({
			from: 'circles',
			key: 'x',
			value: 'garbage',
			reason: 'unreadable',
			at: 5
		});
	});
});

describe('storage failures', () => {
	afterEach(() => {
		vi.restoreAllMocks();
		vi.unstubAllGlobals();
	});

	it('turns QuotaExceededError into StorageFullError and keeps what was saved', async () => {
		const s = await openIdbStore(`test-quota-${n++}`);
		await s.put('circles', 'kept', 1);
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('quota', 'QuotaExceededError');
		});
		const err = await s.put('circles', 'new', 2).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(StorageFullError);
		expect((err as Error).message).toBe("This phone's storage is full — free some space; nothing was lost.");
		vi.restoreAllMocks();
		expect(await s.get('circles', 'kept')).toBe(1);
		expect(await s.get('circles', 'new')).toBeUndefined();
	});

	it('falls back to memory when indexedDB is undefined', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const s = await openDeviceStore('test-disabled');
		expect(s.persistent).toBe(false);
		await s.put('identity', 'self', { name: 'x' });
		expect(await s.get('identity', 'self')).toEqual({ name: 'x' });
	});

	it('falls back to memory when open() throws (private mode)', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('denied', 'SecurityError');
		});
		const s = await openDeviceStore('test-private');
		expect(s.persistent).toBe(false);
	});
});
