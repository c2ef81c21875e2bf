import { describe, expect, it } from 'vitest';
import { Clock } from '$lib/state/clock.svelte';

describe('the app clock', () => {
	it('ticks only while someone listens, for every listener at once', () => {
		const clock = new Clock(() => 0, 60_000);
		expect(clock.ticking).toBe(false);
		const heard: string[] = [];
		const stopA = clock.onTick(() => heard.push('a'));
		const stopB = clock.onTick(() => heard.push('b'));
		expect(clock.ticking).toBe(true);
		clock.tick();
		expect(heard).toEqual(['a', 'b']);
		stopA();
		expect(clock.ticking).toBe(true);
		clock.tick();
		expect(heard).toEqual(['a', 'b', 'b']);
		stopB();
		expect(clock.ticking).toBe(false);
	});

	it('reads the device time afresh and never goes backwards', () => {
		let t = 1_000;
		const clock = new Clock(() => t);
		expect(clock.now).toBe(1_000);
		t = 5_000;
		expect(clock.now).toBe(5_000);
		t = 2_000; // the device's clock was set back
		expect(clock.now).toBe(5_000);
	});
});
