/**
 * A live clock (issue 8, item 8): an entry held because it was dated ahead of this phone's
 * clock counts once the clock reaches it, with the app open and no sync in between.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openIdbStore } from '$lib/device/store';
import { AppState } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { Clock } from '$lib/state/clock.svelte';
import { appendEntry } from '$lib/sync/circle-doc';
import { signEntry, entryId } from '$lib/core/entry';
import { draft } from '$lib/core/membership/fold';
import * as ed from '$lib/device/ed25519';

describe('the live clock', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.UTC(2026, 10, 23, 10));
	});
	afterEach(() => vi.useRealTimers());

	it('takes in a held future-dated entry when its time comes, at a clock tick', async () => {
		const app = new AppState(() => openIdbStore('test-live-clock'));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		await view.session.settled();
		const me = app.identity!;
		// An entry from this member's other phone, whose clock runs 20 minutes ahead.
		const slot = view.session.ledger.nextFor(me.publicKey, Date.now() + 20 * 60_000);
		const e = await signEntry(draft(slot, 'circle.rename', { name: 'Elm St Tools' }), (m) =>
			ed.sign(me.secretKey, m)
		);
		appendEntry(view.doc, e);
		await view.session.settled();
		expect(view.session.ledger.verdict(entryId(e))).toMatchObject({ reason: 'future-timestamp' });
		expect(view.snapshot.name).toBe('Elm Street Tools');
		// Eleven minutes later (less than ten minutes ahead now), a tick of the clock is enough.
		vi.setSystemTime(Date.now() + 11 * 60_000);
		const clock = view.clock as Clock;
		clock.tick();
		await view.session.settled();
		expect(view.session.ledger.isAccepted(entryId(e))).toBe(true);
		expect(view.snapshot.name).toBe('Elm St Tools');
		await closeSession(id);
	});
});
