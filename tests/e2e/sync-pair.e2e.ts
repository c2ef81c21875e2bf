// In person, no server: invite, join request, admission, then two phones with divergent
// offline edits pair by QR codes (carried page to page as a camera would) and converge.
import { describe, expect, it } from 'vitest';
import { expectAccessible, requireRoutableInterface, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit, ledgerView, pair, rename } from './sync-helpers';

const e2e = useE2E();

// One retry: a failed first attempt on a loaded two-core machine is network timing; two in a row fail.
describe('sync by QR pairing', { retry: 1 }, () => {
	it('two phones with divergent offline edits pair by QR and converge', async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await screenshot(ravi.page, 'sync-join-request', { fullPage: true });
		// first sync: Ravi's phone receives the circle
		const first = await pair(maya.page, ravi.page, base, circle);
		expect(first.b).toMatch(/in sync — \d+ new entries, 2 new members/);
		await screenshot(ravi.page, 'sync-pair-done', { fullPage: true });
		// both edit while apart
		await rename(maya.page, base, circle, 'Elm Street Tool Library');
		await rename(ravi.page, base, circle, 'Elm St Tools & Seeds');
		const before = [
			await ledgerView(maya.page, base, circle),
			await ledgerView(ravi.page, base, circle)
		] as const;
		expect(before[0]).not.toEqual(before[1]);
		const second = await pair(ravi.page, maya.page, base, circle);
		// Each phone gets the other's rename, and Ravi's acknowledgement of the first sync
		// (witness.md) when it was written after that sync's channel closed: a phone says
		// 'in sync' once every entry that came is checked, which can be before it acknowledges.
		expect(second.a).toMatch(/in sync — (1 new entry|2 new entries)/);
		expect(second.b).toMatch(/in sync — (1 new entry|2 new entries)/);
		const after = [
			await ledgerView(maya.page, base, circle),
			await ledgerView(ravi.page, base, circle)
		] as const;
		expect(after[0].ledger.length).toBe(before[0].ledger.length + 1);
		expect(after[1]).toEqual(after[0]);
		expect(after[0].members).toHaveLength(2);
	});

	it('the sync, invite and join screens are accessible at phone size', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		await expectAccessible(maya.page, 'sync screen');
		await screenshot(maya.page, 'sync-screen', { fullPage: true });
		await maya.page.getByRole('button', { name: 'Show a code to start' }).click();
		await maya.page.getByLabel('Offer code', { exact: true }).waitFor();
		await expectAccessible(maya.page, 'sync screen showing an offer');
		await screenshot(maya.page, 'sync-offer', { fullPage: false });
		await maya.page.goto(`${base}/circle/${circle}/invite`);
		await maya.page.getByLabel('Invite link', { exact: true }).waitFor();
		await expectAccessible(maya.page, 'invite screen');
		await screenshot(maya.page, 'sync-invite', { fullPage: true });
		await ravi.page.goto(`${base}/join#CI1:NOTANINVITE`);
		await ravi.page
			.getByRole('alert')
			.filter({ hasText: /invite/ })
			.waitFor();
		await expectAccessible(ravi.page, 'join screen with a bad invite');
		await screenshot(ravi.page, 'sync-join-bad', { fullPage: false });
	});
});
