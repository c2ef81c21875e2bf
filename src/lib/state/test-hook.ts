/**
 * `window.__circulate`: a small hook the end-to-end tests use to carry entries between
 * devices (as a person would with a file or a QR sync) and to put a restored identity on
 * a fresh browser. It can do nothing the interface cannot (restore a backup, merge entries
 * that the ledger then verifies like any other) and reads nothing secret, but it is still not
 * shipped: only a build made with VITE_E2E_HOOK=1 (npm run test:e2e, npm run bench) loads it
 * (src/routes/+layout.svelte), and tests/e2e/production-build.e2e.ts checks that a production
 * build does not contain it.
 */
import type { CircleId, MemberKey } from '$lib/core/types';
import * as circleDoc from '$lib/sync/circle-doc';
import * as registry from '$lib/sync/device-db';
import { addLog } from '$lib/sync/circle-sync';
import { noteSynced } from './catch-up.svelte';
import type { AppState } from './app.svelte';
import { isCircleId } from './circles';

export interface TestHook {
	/** Adds a circle to this device (if missing) and merges raw stored entries (id → canonical JSON). */
	putEntries(circle: string, founder: string, name: string, raw: [string, string][]): Promise<void>;
	/** The raw stored entries of a circle on this device (id → canonical JSON). */
	entries(circle: string): Promise<[string, string][]>;
	/** Restores an identity from backup text (as Settings → Restore does). */
	restoreIdentity(text: string, passphrase: string): Promise<string>;
	/** The ledger hash and counts, for comparing devices. */
	summary(
		circle: string
	): Promise<{ head: string; accepted: number; quarantined: number; reasons: string[] }>;
}

export const installTestHook = (app: AppState): void => {
	if (typeof window === 'undefined') return;
	const viewOf = async (circle: string) => {
		await app.openCircles();
		const view = app.circle(circle);
		if (!view) throw new Error(`circle ${circle} is not on this device`); // i18n-ignore: tests only
		await view.session.ready;
		return view;
	};
	const hook: TestHook = {
		async putEntries(circle, founder, name, raw) {
			await app.start();
			if (!isCircleId(circle)) throw new Error('not a circle id'); // i18n-ignore: tests only
			if (!app.circles.some((c) => c.id === circle)) {
				const record = { id: circle as CircleId, name, added: Date.now(), founder: founder as MemberKey };
				await registry.putCircle(app.store, record);
				app.circles = [...app.circles, record];
			}
			const view = await viewOf(circle);
			const map = circleDoc.entriesOf(view.session.handle.doc);
			view.session.handle.doc.transact(() => {
				for (const [id, text] of raw) if (!map.has(id)) map.set(id, text);
			});
			await view.session.settled();
			// On the device's storage before it returns, as a file import is: a test that navigates
			// at once would otherwise abort the write and open a copy without them.
			await circleDoc.flushed(view.session.handle);
			// As a file or a QR sync would, it goes in the sync log (a restored phone is caught up).
			addLog(circle as CircleId, { at: Date.now(), via: 'file', peer: 'test', result: 'merged', ok: true });
			noteSynced();
		},
		async entries(circle) {
			const view = await viewOf(circle);
			await view.session.settled();
			return [...circleDoc.entriesOf(view.session.handle.doc).entries()];
		},
		async restoreIdentity(text, passphrase) {
			await app.start();
			return (await app.restoreIdentity(text, passphrase)).publicKey;
		},
		async summary(circle) {
			const view = await viewOf(circle);
			await view.session.settled();
			const s = view.session.snapshot;
			return {
				head: s.head,
				accepted: s.entries.length,
				quarantined: s.quarantine.length,
				reasons: s.quarantine.map((q) => q.reason).sort()
			};
		}
	};
	(window as unknown as { __circulate: TestHook }).__circulate = hook;
};
