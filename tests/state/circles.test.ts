import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CircleId, MemberKey } from '$lib/core/types';
import { circleIdFor } from '$lib/core/membership/genesis';
import { MemoryStore, openIdbStore } from '$lib/device/store';
import * as circleDoc from '$lib/sync/circle-doc';
import * as verdicts from '$lib/sync/verdicts';
import { AppState, STORAGE_FULL } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { CircleSession } from '$lib/state/circle-session';

let n = 0;
const fresh = async () => {
	const name = `test-app-${n++}`;
	const app = new AppState(() => openIdbStore(name));
	await app.start();
	return { app, name };
};

describe('circles on the device', () => {
	afterEach(() => vi.restoreAllMocks());

	it('founds a circle whose ledger starts with a signed genesis, and keeps it across restarts', async () => {
		const { app, name } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the tools in the shed');
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		const view = app.circle(id)!;
		await view.session.settled();
		const snap = view.snapshot;
		expect(snap.name).toBe('Elm Street Tools');
		expect(snap.commons).toBe('the tools in the shed');
		expect(snap.entries.map((e) => e.entry.type)).toEqual(['circle.genesis']);
		expect(snap.members.map((m) => m.name)).toEqual(['Maya']);
		// The id is made from the founder's key and the genesis seed (T19), not chosen apart from them.
		const genesis = snap.entries[0]!.entry as unknown as { author: MemberKey; body: { seed: string } };
		expect(id).toBe(circleIdFor(genesis.author, genesis.body.seed));
		expect(genesis.author).toBe(app.identity!.publicKey);
		expect(snap.genesis).toBe(snap.entries[0]!.id);
		await new Promise((r) => setTimeout(r, 20));
		await closeSession(id);

		const verify = vi.spyOn(verdicts, 'verifyEntry');
		const verifyBatch = vi.spyOn(verdicts, 'verifyEntries');
		const again = new AppState(() => openIdbStore(name));
		await again.start();
		expect(again.identity?.name).toBe('Maya');
		expect(again.circles.map((c) => c.name)).toEqual(['Elm Street Tools']);
		const reopened = again.circle(id)!;
		await reopened.session.settled();
		expect(reopened.snapshot.entries).toHaveLength(1);
		expect(reopened.snapshot.quarantine).toEqual([]);
		// The genesis verdict was remembered when it was written: start-up verifies nothing.
		expect(verify).not.toHaveBeenCalled();
		expect(verifyBatch).not.toHaveBeenCalled();
		expect((await verdicts.loadVerdicts(again.store, id)).size).toBe(1);
		await closeSession(id);
	});

	it('renames with a signed entry and updates the home list', async () => {
		const { app } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Old name', '');
		const verify = vi.spyOn(verdicts, 'verifyEntry');
		await app.renameCircle(id, 'New name');
		expect(verify).toHaveBeenCalledTimes(1); // only the new entry is verified
		const view = app.circle(id)!;
		expect(view.snapshot.name).toBe('New name');
		expect(view.snapshot.entries.map((e) => e.entry.type)).toEqual(['circle.genesis', 'circle.rename']);
		expect(view.snapshot.entries[1]!.entry.seq).toBe(2);
		expect(view.snapshot.quarantine).toEqual([]);
		expect(app.circles[0]!.name).toBe('New name');
		await closeSession(id);
	});

	it('never forks its own log when writes come quickly', async () => {
		const { app } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('One', '');
		await Promise.all([app.renameCircle(id, 'Two'), app.renameCircle(id, 'Three')]);
		const snap = app.circle(id)!.snapshot;
		expect(snap.entries.map((e) => e.entry.seq)).toEqual([1, 2, 3]);
		expect(snap.quarantine).toEqual([]);
		expect(snap.name).toBe('Three');
		await closeSession(id);
	});

	it('leaves: writes member.leave, then removes the circle from this device', async () => {
		const { app } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Brief', '');
		const doc = app.circle(id)!.doc;
		await app.leaveCircle(id);
		const types = circleDoc.readEntries(doc).entries.map((e) => e.entry.type);
		expect(types).toContain('member.leave');
		expect(app.circles).toEqual([]);
		expect(app.circle(id)).toBeNull();
		expect(await verdicts.loadVerdicts(app.store, id as CircleId)).toEqual(new Map());
	});

	it('quarantines a stored entry that does not read, keeping the rest', async () => {
		const { app } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Garden', '');
		const view = app.circle(id)!;
		circleDoc.entriesOf(view.doc).set('ff'.repeat(32), '{broken');
		await view.session.settled();
		expect(view.snapshot.entries).toHaveLength(1);
		expect(view.snapshot.quarantine).toEqual([
			expect.objectContaining({ id: 'ff'.repeat(32), reason: 'malformed' })
		]);
		await closeSession(id);
	});

	it('says the storage is full when a write fails, and keeps the state in memory', async () => {
		const { app, name } = await fresh();
		await app.createIdentity('Maya');
		const kept = await app.createCircle('Kept', '');
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('quota', 'QuotaExceededError');
		});
		const id = await app.createCircle('Full', '');
		expect(app.notices.map((n) => n.text)).toContain(STORAGE_FULL);
		expect(app.circles.map((c) => c.name)).toEqual(['Kept', 'Full']);
		expect(app.circle(id)!.snapshot.name).toBe('Full');
		vi.restoreAllMocks();
		// What was saved before is still there.
		const again = new AppState(() => openIdbStore(name));
		await again.start();
		expect(again.circles.map((c) => c.id)).toEqual([kept]);
		await closeSession(id);
		await closeSession(kept);
	});

	it('quarantines a forged entry from a peer and remembers the verdict', async () => {
		const { app } = await fresh();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Garden', '');
		const view = app.circle(id)!;
		const genesis = view.snapshot.entries[0]!.entry;
		const forged = { ...genesis, body: { ...(genesis.body as object), name: 'Stolen' } } as typeof genesis;
		const forgedId = circleDoc.appendEntry(view.doc, forged);
		await view.session.settled();
		expect(view.snapshot.name).toBe('Garden');
		expect(view.snapshot.quarantine).toEqual([
			expect.objectContaining({ id: forgedId, reason: 'bad-signature' })
		]);
		expect((await verdicts.loadVerdicts(app.store, id)).get(forgedId)).toBe(false);
		await closeSession(id);
	});

	it('keeps a new identity in memory when the disk is full, and says so', async () => {
		const { app } = await fresh();
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('quota', 'QuotaExceededError');
		});
		await app.createIdentity('Maya');
		expect(app.identity?.name).toBe('Maya');
		expect(app.notices.map((n) => n.text)).toContain(STORAGE_FULL);
	});

	it('adds a circle founded elsewhere, pinned to its founder', async () => {
		const { app, name } = await fresh();
		await app.createIdentity('Jo');
		const circle = '12'.repeat(16) as CircleId;
		const founder = '34'.repeat(32) as never;
		const view = await app.addCircle({ id: circle, name: 'Invited', added: 5, founder });
		await view.session.settled();
		expect(view.snapshot.founded).toBe(false);
		expect(app.circles.map((c) => c.name)).toEqual(['Invited']);
		const again = new AppState(() => openIdbStore(name));
		await again.start();
		expect(again.circles).toEqual([{ id: circle, name: 'Invited', added: 5, founder }]);
		await closeSession(circle);
	});

	it('says so when a damaged saved copy keeps a circle from opening', async () => {
		const circle = '56'.repeat(16) as CircleId;
		await new Promise<void>((resolve, reject) => {
			const req = indexedDB.open(circleDoc.docName(circle));
			req.onupgradeneeded = () => {
				req.result.createObjectStore('updates', { autoIncrement: true });
				req.result.createObjectStore('custom');
			};
			req.onsuccess = () => {
				const tx = req.result.transaction('updates', 'readwrite');
				tx.objectStore('updates').add(new Uint8Array([255, 255, 255, 255]));
				tx.oncomplete = () => (req.result.close(), resolve());
				tx.onerror = () => reject(tx.error);
			};
		});
		const quiet = (e: PromiseRejectionEvent | unknown) => void e;
		process.on('unhandledRejection', quiet);
		const session = new CircleSession(circle, {
			store: new MemoryStore(),
			persistent: true,
			now: () => 0,
			onProblem: () => {},
			slowAfter: 30
		});
		await new Promise((r) => setTimeout(r, 200));
		expect(session.snapshot.loaded).toBe(false);
		expect(session.snapshot.slow).toBe(true);
		process.off('unhandledRejection', quiet);
		await closeSession(circle);
	});

	it('works in memory when storage is disabled', async () => {
		const app = new AppState(async () => new MemoryStore());
		await app.start();
		expect(app.persistent).toBe(false);
		await app.createIdentity('Jo');
		const id = await app.createCircle('Ephemeral', '');
		expect(app.circle(id)!.session.handle.persistence).toBeNull();
		expect(app.circles.map((c) => c.name)).toEqual(['Ephemeral']);
		await closeSession(id);
	});
});
