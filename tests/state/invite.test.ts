// The invite's state: computing the link never writes to the circle's doc (a write there while
// a $derived computes is Svelte's state_unsafe_mutation, the Sync → Invite bug); the prepare
// intent makes the circle secret once (a signed settings.rekey entry), and the link then carries it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openIdbStore } from '$lib/device/store';
import { AppState } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { InviteScreen } from '$lib/state/invite.svelte';
import { parseInvite } from '$lib/sync/invite';

let n = 0;

describe('the invite screen', () => {
	it('reads the link without writing, and makes the secret only when prepared', async () => {
		const app = new AppState(() => openIdbStore(`test-invite-${n++}`));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		await view.session.settled();
		const invite = new InviteScreen(view, { identity: () => app.identity, origin: 'https://circ.example' });

		let writes = 0;
		view.doc.on('update', () => writes++);
		expect(invite.genesis).toMatch(/^[0-9a-f]{64}$/);
		expect(invite.link).toBeNull();
		expect(writes).toBe(0);

		await invite.prepare();
		expect(writes).toBe(1);
		// The secret is a signed entry sealed to the members (core/settings), not a value in `meta`.
		expect(view.snapshot.entries.map((e) => e.entry.type)).toContain('settings.rekey');
		const link = invite.link!;
		expect(link).toMatch(/^https:\/\/circ\.example\/join#CI1:/);
		const read = parseInvite(link);
		expect(read).toMatchObject({ circle: id, genesis: invite.genesis, name: 'Elm Street Tools' });
		expect(read.secret).toMatch(/^[0-9a-f]{64}$/);

		// The secret is made once: preparing again writes nothing and keeps the link.
		await invite.prepare();
		expect(writes).toBe(1);
		expect(invite.link).toBe(link);
		await closeSession(id);
	});

	it('refuses a join request that is not one, with a sentence to show', async () => {
		const app = new AppState(() => openIdbStore(`test-invite-${n++}`));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		await view.session.settled();
		const invite = new InviteScreen(view, { identity: () => app.identity, origin: 'https://circ.example' });
		await invite.prepare();
		expect(() => invite.scanned(invite.link!)).toThrow(
			'This is the circle’s invite. Scan the join request the new member’s phone shows.'
		);
		expect(invite.request).toBeNull();
		await closeSession(id);
	});
});
