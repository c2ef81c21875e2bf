/**
 * "Explore a demo circle": builds the deterministic demo circle (core/demo.ts: eight
 * members, a year of history) into a local circle on this device, so every governance
 * screen has something to show. The person exploring is not a member (the demo keys
 * are not theirs), so the circle is read-only for them, and the screens say so.
 *
 * The year is placed so that it ends yesterday: the same seed on the same day gives the
 * same circle on every phone. If the demo circle is already here, it is simply opened.
 */
import { demoCircle, type DemoCircle } from '$lib/core/demo';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { entryId } from '$lib/core/entry';
import type { CircleId, Millis } from '$lib/core/types';
import * as circleDoc from '$lib/sync/circle-doc';
import * as registry from '$lib/sync/device-db';
import * as verdicts from '$lib/sync/verdicts';
import type { AppState } from './app.svelte';

export const DEMO_SEED = 'elm-street';

/** The demo circle for the day containing `now`: a year ending yesterday morning (UTC). */
export const buildDemo = (now: Millis, seed = DEMO_SEED): DemoCircle =>
	demoCircle(seed, { start: startOfUtcDay(now) - 366 * DAY_MS + 9 * HOUR_MS });

/** Puts the demo circle on this device (once) and returns its id. */
export const exploreDemo = async (app: AppState, seed = DEMO_SEED): Promise<CircleId> => {
	await app.start();
	const demo = buildDemo(Date.now(), seed);
	const existing = app.circles.find((c) => c.id === demo.circle);
	if (existing) return existing.id;
	const ids = demo.entries.map((e) => entryId(e));
	// The entries were signed on this device a moment ago by the generator: remember them as verified.
	await verdicts.saveVerdicts(
		app.store,
		demo.circle,
		ids.map((id) => [id, true])
	);
	const record: registry.CircleRecord = {
		id: demo.circle,
		name: demo.name,
		added: Date.now(),
		founder: demo.keys[0]!.key
	};
	await registry.putCircle(app.store, record);
	app.circles = [...app.circles.filter((c) => c.id !== record.id), record];
	const view = app.circle(record.id)!;
	await view.session.ready;
	const doc = view.session.handle.doc;
	doc.transact(() => {
		for (const e of demo.entries) circleDoc.appendEntry(doc, e);
	});
	await view.session.settled();
	return record.id;
};
