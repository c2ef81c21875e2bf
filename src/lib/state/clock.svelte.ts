/**
 * The app clock: one ticking `now` shared by every view of every circle, instead of a timer
 * per screen. Term boundaries fall on whole hours or days, so a tick every TICK_MS is enough
 * for a screen to turn over on time; a change in the ledger re-reads the time anyway.
 *
 * Reactive reads (`clock.now` inside a `$derived` or an effect) re-run at each tick while
 * something on screen reads them; plain listeners (`onTick`: the duties runner) keep it
 * ticking too. With nobody listening no timer runs, and none runs while the page is hidden
 * (the phone's screen is off, another app is in front): an open app left alone costs nothing
 * then, and the first thing it does when seen again is tick, so nothing shown is stale. `now`
 * never goes backwards, so a device whose clock is set back does not un-happen what the
 * screens already showed.
 *
 * Why a tick and not a wake-up at each rule's next deadline: the screens also say "in 3 min"
 * and "overdue since 10:12", so the finest thing shown is minutes; a tick every TICK_MS while
 * seen measured 0.13 % of one core on the demo's Now screen (`npm run bench`, idle row).
 */
import { createSubscriber } from 'svelte/reactivity';
import type { Millis } from '$lib/core/types';

/** How often the clock ticks (term boundaries are at whole hours or days). */
export const TICK_MS = 30_000;

/** Whether the page is seen, and a way to hear when that changes (the document's, by default). */
export interface Visibility {
	hidden(): boolean;
	/** Calls `listener` when the page is hidden or shown; returns the function that stops it. */
	onChange(listener: () => void): () => void;
}

const documentVisibility = (): Visibility | undefined =>
	typeof document === 'undefined'
		? undefined
		: {
				hidden: () => document.visibilityState === 'hidden',
				onChange(listener) {
					document.addEventListener('visibilitychange', listener);
					return () => document.removeEventListener('visibilitychange', listener);
				}
			};

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
		readonly every: number = TICK_MS,
		private readonly page: Visibility | undefined = documentVisibility()
	) {
		this.#subscribe = createSubscriber((update) => this.onTick(update));
	}

	#offVisibility: (() => void) | null = null;

	/** The timer runs while someone listens and the page is seen; seen again, it ticks at once. */
	#follow = (): void => {
		const wanted = this.#listeners.size > 0 && !this.page?.hidden();
		if (wanted && !this.#timer) {
			this.#timer = setInterval(() => this.tick(), this.every);
			// In Node (tests, tools) a waiting tick must not keep the process alive.
			(this.#timer as { unref?: () => void }).unref?.();
		} else if (!wanted && this.#timer) {
			clearInterval(this.#timer);
			this.#timer = null;
		}
	};

	#visibilityChanged = (): void => {
		this.#follow();
		if (this.#timer) this.tick();
	};

	/** The time now; read inside a `$derived` or an effect, it is read again at every tick. */
	get now(): Millis {
		this.#subscribe();
		this.#last = Math.max(this.#last, this.read());
		return this.#last;
	}

	/** Calls `listener` at every tick; returns the function that stops it. */
	onTick(listener: () => void): () => void {
		this.#listeners.add(listener);
		if (this.page && !this.#offVisibility) this.#offVisibility = this.page.onChange(this.#visibilityChanged);
		this.#follow();
		return () => {
			this.#listeners.delete(listener);
			this.#follow();
			if (this.#listeners.size === 0) {
				this.#offVisibility?.();
				this.#offVisibility = null;
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
