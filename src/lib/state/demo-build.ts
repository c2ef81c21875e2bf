/**
 * The demo circle's history, built from its seed (core/demo.ts): what the page's worker
 * (demo-worker.ts) runs, and what runs in place where there is no worker (Node, tests).
 * Pure: the core and the calendar only, so the worker's bundle carries no Yjs or Svelte.
 */
import { demoCircle, type DemoCircle } from '$lib/core/demo';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { entryId } from '$lib/core/entry';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '$lib/core/types';

export const DEMO_SEED = 'elm-street';

/** The demo circle for the day containing `now`: a year ending yesterday morning (UTC). */
export const buildDemo = (now: Millis, seed = DEMO_SEED): DemoCircle =>
	demoCircle(seed, { start: startOfUtcDay(now) - 366 * DAY_MS + 9 * HOUR_MS });

/** What the page needs of a built demo (structured-clonable: it crosses from the worker). */
export interface BuiltDemo {
	circle: CircleId;
	name: string;
	founder: MemberKey;
	entries: Entry[];
	/** Each entry's id, computed in the worker too (hashing hundreds of entries is not free). */
	ids: EntryId[];
}

export const builtDemo = (now: Millis, seed = DEMO_SEED): BuiltDemo => {
	const demo = buildDemo(now, seed);
	return {
		circle: demo.circle,
		name: demo.name,
		founder: demo.keys[0]!.key,
		entries: demo.entries,
		ids: demo.entries.map((e) => entryId(e))
	};
};
