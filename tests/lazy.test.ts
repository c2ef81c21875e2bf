import { describe, expect, it } from 'vitest';
import { lazy } from '$lib/lazy';

describe('a part fetched once', () => {
	it('shares one fetch among callers', async () => {
		let calls = 0;
		const get = lazy(async () => ++calls);
		expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
		expect(await get()).toBe(1);
	});

	it('forgets a failed fetch, so the next caller tries again', async () => {
		let calls = 0;
		const get = lazy(async () => {
			if (++calls === 1) throw new Error('offline');
			return calls;
		});
		await expect(get()).rejects.toThrow('offline');
		expect(await get()).toBe(2);
		expect(await get()).toBe(2);
	});
});
