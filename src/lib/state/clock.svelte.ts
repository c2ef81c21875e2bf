/**
 * The app clock: one ticking `now` shared by every view of every circle, instead of a timer
 * per screen. Term boundaries fall on whole hours or days, so a tick every TICK_MS is enough
 * for a screen to turn over on time; a change in the ledger re-reads the time anyway.
 *
 * Reactive reads (`clock.now` inside a `$derived` or an effect) re-run at each tick while
 * something on screen reads them; plain listeners (`onTick`: the duties runner) keep it
 * ticking too. With nobody listening no timer runs. `now` never goes backwards, so a
 * device whose clock is set back does not un-happen what the screens already showed.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { Millis } from '$lib/core/types';

/** How often the clock ticks (term boundaries are at whole hours or days). */
export const TICK_MS = 30_000;

export class Clock {
	#last = Number.MIN_SAFE_INTEGER;
	// Listeners and the timer are bookkeeping, not state: nothing renders from them.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #listeners = new Set<() => void>();
	#timer: ReturnType<typeof setInterval> | null = null;
	readonly #subscribe: () => void;

	constructor(
		/** The device's time (tests pass their own). */
		private readonly read: () => Millis = () => Date.now(),
		readonly every: number = TICK_MS
	) {
		this.#subscribe = createSubscriber((update) => this.onTick(update));
	}

	/** The time now; read inside a `$derived` or an effect, it is read again at every tick. */
	get now(): Millis {
		this.#subscribe();
		this.#last = Math.max(this.#last, this.read());
		return this.#last;
	}

	/** Calls `listener` at every tick; returns the function that stops it. */
	onTick(listener: () => void): () => void {
		this.#listeners.add(listener);
		if (!this.#timer) {
			this.#timer = setInterval(() => this.tick(), this.every);
			// In Node (tests, tools) a waiting tick must not keep the process alive.
			(this.#timer as { unref?: () => void }).unref?.();
		}
		return () => {
			this.#listeners.delete(listener);
			if (this.#listeners.size === 0 && this.#timer) {
				clearInterval(this.#timer);
				this.#timer = null;
			}
		};
	}

	/** Tells every reader and listener that time moved on (the timer calls it; tests may). */
	tick(): void {
		for (const listener of [...this.#listeners]) listener();
	}

	/** Whether a timer is running (for tests). */
	get ticking(): boolean {
		return this.#timer !== null;
	}
}

/** The one clock of this page. */
export const clock = new Clock();
