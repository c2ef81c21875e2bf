// Threat model T20: the circle's room servers, STUN/TURN servers and room secret come from signed
// settings entries by members. A peer that writes the document's unsigned `meta` map (as every
// phone did before v2, and as any peer still can: Yjs has no permissions) changes nothing the app
// uses. (On the code before this change, SyncSettings read all three from `meta`, so the same
// write moved the phone to the attacker's server and room.)
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { settings } from '$lib/core/settings';
import { openIdbStore } from '$lib/device/store';
import { AppState } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { syncSettingsFor } from '$lib/state/sync-settings.svelte';
import { errorText } from '$lib/messages';
import * as registry from '$lib/sync/device-db';
import type { CircleId } from '$lib/core/types';

let n = 0;

describe('sync settings come from signed entries only', () => {
	it('a peer writing meta.signaling, meta.stun and meta.secret changes nothing the app uses', async () => {
		const app = new AppState(() => openIdbStore(`test-sync-settings-${n++}`));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		await view.session.settled();
		const s = syncSettingsFor(view);
		await s.setSignaling(['wss://signal.ours.example']);
		await s.setStun(['stun:stun.ours.example:3478']);
		const secret = await s.ensureSecret();
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const types = view.session.snapshot.entries.map((e) => e.entry.type);
		expect(types).toEqual(expect.arrayContaining(['settings.rooms', 'settings.ice', 'settings.rekey']));

		// The attacker's phone writes the v1 settings keys and syncs.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(view.doc));
		peer.getMap('meta').set('signaling', ['wss://signal.attacker.example']);
		peer.getMap('meta').set('stun', ['stun:stun.attacker.example']);
		peer.getMap('meta').set('secret', 'ff'.repeat(32));
		Y.applyUpdate(view.doc, Y.encodeStateAsUpdate(peer));
		await view.session.settled();

		const v = view.session.book.view<{ rooms: string[]; ice: string[] }>(settings, Date.now());
		expect(v.rooms).toEqual(['wss://signal.ours.example']);
		expect(v.ice).toEqual(['stun:stun.ours.example:3478']);
		expect(s.currentSecret()).toBe(secret);
		expect(s.signaling).toEqual(['wss://signal.ours.example']);
		expect(s.stun).toEqual(['stun:stun.ours.example:3478']);
		expect(s.secret).toBe(secret);
		expect(s.problem).toBeNull();
		await closeSession(id);
	});

	it('refuses an address that is not a room server, with the sentence to show, and writes nothing', async () => {
		const app = new AppState(() => openIdbStore(`test-sync-settings-${n++}`));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		await view.session.settled();
		const s = syncSettingsFor(view);
		const before = view.session.snapshot.entries.length;
		let caught: unknown = null;
		try {
			await s.setSignaling(['https://not-a-room.example']);
		} catch (err) {
			caught = err;
		}
		expect(errorText(caught)).toMatch(/room server address starts with wss:\/\//);
		expect(view.session.snapshot.entries.length).toBe(before);
		await closeSession(id);
	});

	it('a phone that is not (yet) a member keeps room servers of its own, on this device only', async () => {
		const mem = new Map<string, string>();
		(globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = {
			getItem: (k) => mem.get(k) ?? null,
			setItem: (k, v) => void mem.set(k, v)
		};
		const app = new AppState(() => openIdbStore(`test-sync-settings-${n++}`));
		await app.start();
		await app.createIdentity('Ravi');
		// As after "Ask to join": the circle is on this phone, with no entries until the first sync.
		const id = 'c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1' as CircleId;
		const rec = { id, name: 'Elm Street Tools', added: Date.now() };
		await registry.putCircle(app.store, rec);
		app.circles = [...app.circles, rec];
		const view = app.circle(id)!;
		await view.session.settled();
		const s = syncSettingsFor(view);
		await s.setSignaling(['wss://signal.circle.example']);
		expect(s.signaling).toEqual(['wss://signal.circle.example']);
		expect(view.session.snapshot.entries).toHaveLength(0);
		expect(view.doc.getMap('meta').size).toBe(0);
		await closeSession(id);
	});
});
