/**
 * Threat model T45: a phone restored from a backup does not sign in a circle until it has
 * synced that circle since the restore, or its member says the old phone is gone.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { RuleError } from '$lib/core/host/domain';
import { exportBackupText } from '$lib/device/identity';
import { openIdbStore } from '$lib/device/store';
import { addLog } from '$lib/sync/circle-sync';
import { AppState } from '$lib/state/app.svelte';
import { confirmCaughtUp, mustCatchUp, noteSynced } from '$lib/state/catch-up.svelte';
import { renameCircle } from '$lib/state/circles';

const PASS = 'correct horse battery staple';
let n = 0;

beforeEach(() => {
	const data = new Map<string, string>();
	(globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = {
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v)
	};
});

/** A member with a circle, whose phone then restores the identity from a backup. */
const restoredPhone = async () => {
	const name = `catch-up-${n++}`;
	const app = new AppState(() => openIdbStore(name));
	await app.start();
	await app.createIdentity('Maya');
	const circle = await app.createCircle('Elm Street Tools', 'the tools in the shed');
	await app.circle(circle)!.session.settled();
	const backup = await exportBackupText(app.identity!, PASS);
	expect(mustCatchUp(app.identity, circle)).toBe(false);
	await app.restoreIdentity(backup, PASS);
	return { app, circle, name };
};

const rejectionOf = async (p: Promise<unknown>) => {
	try {
		await p;
		return null;
	} catch (err) {
		return err instanceof RuleError ? err.rejection.code : (err as Error).message;
	}
};

describe('a phone restored from a backup', () => {
	it('remembers that it was restored, across restarts', async () => {
		const { app, circle, name } = await restoredPhone();
		expect(app.identity!.restoredAt).toBeTypeOf('number');
		expect(mustCatchUp(app.identity, circle)).toBe(true);
		const again = new AppState(() => openIdbStore(name));
		await again.start();
		expect(again.identity!.restoredAt).toBe(app.identity!.restoredAt);
		expect(mustCatchUp(again.identity, circle)).toBe(true);
	});

	it('signs nothing until it has synced the circle since the restore', async () => {
		const { app, circle } = await restoredPhone();
		const view = app.circle(circle)!;
		expect(await rejectionOf(renameCircle(view.session, app.identity!, 'Elm Street Tool Library'))).toBe(
			'restored-sync-first'
		);
		expect(view.snapshot.entries).toHaveLength(1);
		// a sync from before the restore does not count
		addLog(circle, { at: app.identity!.restoredAt! - 1, via: 'file', peer: 'old', result: 'ok', ok: true });
		// nor does a failed one
		addLog(circle, {
			at: app.identity!.restoredAt! + 1,
			via: 'room',
			peer: 'Bo',
			result: 'failed',
			ok: false
		});
		noteSynced();
		expect(mustCatchUp(app.identity, circle)).toBe(true);
		addLog(circle, {
			at: app.identity!.restoredAt! + 2,
			via: 'in person',
			peer: 'Bo',
			result: 'ok',
			ok: true
		});
		noteSynced();
		expect(mustCatchUp(app.identity, circle)).toBe(false);
		expect(await rejectionOf(renameCircle(view.session, app.identity!, 'Elm Street Tool Library'))).toBe(
			null
		);
		await view.session.settled();
		expect(view.snapshot.name).toBe('Elm Street Tool Library');
	});

	it('writes once its member says the old phone is gone', async () => {
		const { app, circle } = await restoredPhone();
		const view = app.circle(circle)!;
		expect(view.signer.mustCatchUp()).toBe(true);
		confirmCaughtUp(circle, app.identity!.restoredAt! + 1);
		expect(view.signer.mustCatchUp()).toBe(false);
		expect(await rejectionOf(renameCircle(view.session, app.identity!, 'Tools'))).toBe(null);
	});
});
