import { describe, expect, it } from 'vitest';
import { Clock, type Visibility } from '$lib/state/clock.svelte';

/** A page whose visibility the test turns. */
const fakePage = () => {
	let hidden = false;
	const listeners = new Set<() => void>();
	const page: Visibility = {
		hidden: () => hidden,
		onChange(f) {
			listeners.add(f);
			return () => listeners.delete(f);
		}
	};
	return {
		page,
		listeners,
		turn(to: boolean) {
			hidden = to;
			for (const f of listeners) f();
		}
	};
};

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

	it('does not tick while the page is hidden, and ticks at once when it is seen again', () => {
		const p = fakePage();
		const clock = new Clock(() => 0, 60_000, p.page);
		let heard = 0;
		const stop = clock.onTick(() => heard++);
		expect(clock.ticking).toBe(true);
		p.turn(true);
		expect(clock.ticking).toBe(false);
		expect(heard).toBe(0);
		p.turn(false);
		expect(clock.ticking).toBe(true);
		expect(heard).toBe(1);
		stop();
		expect(clock.ticking).toBe(false);
		expect(p.listeners.size).toBe(0);
		p.turn(true);
		p.turn(false);
		expect(heard).toBe(1);
	});

	it('a listener added while the page is hidden starts nothing until the page is seen', () => {
		const p = fakePage();
		p.turn(true);
		const clock = new Clock(() => 0, 60_000, p.page);
		const stop = clock.onTick(() => undefined);
		expect(clock.ticking).toBe(false);
		p.turn(false);
		expect(clock.ticking).toBe(true);
		stop();
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
