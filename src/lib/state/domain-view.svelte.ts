/**
 * A domain's view as a reactive read: `circle.domain(charter).value` is the charter domain's
 * view at the app clock's `now`, recomputed when the circle's ledger changes or the clock
 * ticks. The core caches each view over the span of time it declared valid (DESIGN.md §9),
 * so a tick inside that span hands back the same object and nothing downstream re-renders.
 *
 * `Reading` is the same thing for any function of the circle at a time (the composed
 * governance state the screens read today is one); `at(t)` is the plain, non-reactive read.
 */
import type { Circle } from '$lib/core/circle';
import type { AnyDomain, Domain } from '$lib/core/host/domain';
import type { Millis } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { clock as appClock, type Clock } from './clock.svelte';

/** The type of a domain's view: `ViewOf<typeof charter>` is `CharterStatus`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ViewOf<D> = D extends Domain<any, infer V> ? V : never;

/**
 * Makes a long-lived reactive object (one cached per circle and shared by every screen) in a root
 * of its own, never inside the reaction that first asks for it (a screen's template, a `$derived`):
 * Svelte makes a `$derived` belong to the effect it is created in, and once that effect is gone (the
 * screen left, with no reload) it hands back its last value for ever ("derived_inert"). The next
 * screen would show the ledger as it was when the first one closed. Where no root runs (server
 * rendering, unit tests in Node), made directly.
 */
export const unowned = <T>(make: () => T): T => {
	let made: T | undefined;
	$effect.root(() => {
		made = make();
	});
	return made ?? make();
};

export class Reading<V> {
	/** The value at the clock's `now`, recomputed when the ledger changes or the clock ticks. */
	readonly value: V = $derived.by(() => {
		void this.circle.snapshot;
		// A change in the ledger reads the time afresh, so an entry written a moment ago
		// (a reset, a step-down) is never "in the future".
		return this.at(this.clock.now);
	});

	constructor(
		readonly circle: CircleView,
		private readonly compute: (book: Circle, now: Millis) => V,
		readonly clock: Clock = appClock
	) {}

	/** The value at `t` from the ledger as it is now (not reactive). */
	at(t: Millis): V {
		return this.compute(this.circle.session.book, t);
	}
}

export class DomainView<D extends AnyDomain> extends Reading<ViewOf<D>> {
	constructor(
		circle: CircleView,
		readonly domain: D,
		clock: Clock = appClock
	) {
		super(circle, (book, t) => book.view<ViewOf<D>>(domain, t), clock);
	}
}
