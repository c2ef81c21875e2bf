import { describe, expect, it } from 'vitest';
import { MemoryStore, StorageFullError } from '$lib/device/store';
import { hasRoomFor } from '$lib/state/storage-room';

class FullStore extends MemoryStore {
	override put(): Promise<void> {
		return Promise.reject(
			new StorageFullError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
		);
	}
}

class BrokenStore extends MemoryStore {
	override put(): Promise<void> {
		return Promise.reject(new Error('disk on fire'));
	}
}

describe('room on the phone before an import', () => {
	it('says yes when a trial write of the size succeeds, and leaves nothing behind', async () => {
		const store = new MemoryStore();
		expect(await hasRoomFor(store, 1000)).toBe(true);
		expect(await store.entries('aside')).toEqual([]);
	});

	it('says no when the trial write finds the disk full', async () => {
		expect(await hasRoomFor(new FullStore(), 1000)).toBe(false);
	});

	it('lets any other failure through', async () => {
		await expect(hasRoomFor(new BrokenStore(), 10)).rejects.toThrow('disk on fire');
	});
});
