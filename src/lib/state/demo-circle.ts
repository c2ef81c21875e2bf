/**
 * "Explore a demo circle": builds the deterministic demo circle (core/demo.ts: eight
 * members, a year of history) into a local circle on this device, so every governance
 * screen has something to show. The person exploring is not a member (the demo keys
 * are not theirs), so the circle is read-only for them, and the screens say so.
 *
 * The year is placed so that it ends yesterday: the same seed on the same day gives the
 * same circle on every phone. If the demo circle is already here, it is simply opened.
 */
import type { CircleId, Millis } from '$lib/core/types';
import * as circleDoc from '$lib/sync/circle-doc';
import * as registry from '$lib/sync/device-db';
import * as verdicts from '$lib/sync/verdicts';
import type { AppState } from './app.svelte';
import { DEMO_SEED, builtDemo, type BuiltDemo } from './demo-build';
import { ruleText } from '$lib/messages';

export { DEMO_SEED, buildDemo } from './demo-build';

/** Entries added to the document per task: the screen keeps answering between batches. */
const BATCH = 32;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The demo built in a worker (the screen never freezes while a year is signed), or in place
 * where the browser has no module workers (and in Node).
 */
export const buildOffThread = (now: Millis, seed: string): Promise<BuiltDemo> => {
	if (typeof Worker === 'undefined') return Promise.resolve(builtDemo(now, seed));
	return new Promise((resolve, reject) => {
		let worker: Worker;
		try {
			worker = new Worker(new URL('./demo-worker.ts', import.meta.url), { type: 'module' });
		} catch {
			return resolve(builtDemo(now, seed));
		}
		worker.onmessage = (event: MessageEvent<{ demo?: BuiltDemo; error?: string }>) => {
			worker.terminate();
			if (event.data.demo) resolve(event.data.demo);
			else reject(new Error(event.data.error ?? ruleText({ code: 'demo-failed' })));
		};
		worker.onerror = (event) => {
			event.preventDefault();
			worker.terminate();
			resolve(builtDemo(now, seed));
		};
		worker.postMessage({ now, seed });
	});
};

/** Puts the demo circle on this device (once) and returns its id. */
export const exploreDemo = async (app: AppState, seed = DEMO_SEED): Promise<CircleId> => {
	await app.openCircles();
	const demo = await buildOffThread(Date.now(), seed);
	const existing = app.circles.find((c) => c.id === demo.circle);
	if (existing) return existing.id;
	const ids = demo.ids;
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
		founder: demo.founder,
		demo: true
	};
	await registry.putCircle(app.store, record);
	app.circles = [...app.circles.filter((c) => c.id !== record.id), record];
	const view = app.circle(record.id)!;
	await view.session.ready;
	const doc = view.session.handle.doc;
	for (let i = 0; i < demo.entries.length; i += BATCH) {
		const batch = demo.entries.slice(i, i + BATCH);
		doc.transact(() => {
			for (const e of batch) circleDoc.appendEntry(doc, e);
		});
		await nextTask();
	}
	await view.session.settled();
	// Saved before the screen moves on: a tab closed (or reloaded) at once keeps the whole demo.
	await circleDoc.flushed(view.session.handle);
	return record.id;
};
