// A domain's view outlives the screen that first read it. A screen that asks its circle for a
// domain's view (decisions, federation, protocols) inside its own reactive code used to make the
// view there, so the view belonged to that screen: once the member moved to another screen (a
// client-side navigation, no reload) it stopped updating, and coming back showed the ledger as it was
// when they left (Svelte: "Reading a derived belonging to a now-destroyed effect may result in stale
// values"). Here a member opens Decisions, goes to Now, a proposal arrives from another member's
// phone, and back on Decisions the proposal is there, without a reload. Credit is checked the same way.
import { describe, expect, it } from 'vitest';
import type { Json } from '$lib/core/canonical';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { demoCircle } from '$lib/core/demo';
import { PROPOSE, proposeBody } from '$lib/core/decision/domain';
import { TRANSFER } from '$lib/core/credit';
import { useE2E } from './support/index.js';
import { arrivesFrom, holdDemoAs } from './demo-member';
import type { Page } from 'playwright-core';

const e2e = useE2E();

describe('views stay live across screens', () => {
	it('a proposal and a payment that arrive while the member is on another screen show when they come back', async () => {
		const now = Date.now();
		const demo = demoCircle('e2e-live-views', {
			days: 40,
			start: startOfUtcDay(now) - 41 * DAY_MS + 9 * HOUR_MS
		});
		const [me, other] = demo.keys;
		const { page } = await e2e.device('member');
		const base = e2e.url('/').replace(/\/$/, '');
		await holdDemoAs(page, base, demo, me!);
		/** Another member's phone signs an entry; it arrives as a sync would bring it (no reload). */
		const arrives = (type: string, body: Json) => arrivesFrom(page, demo, other!, type, body);
		/** Moves within the app as a tap on a link does: no reload, the app's state stays. */
		const within = async (p: Page, path: string) => {
			await p.evaluate((href) => {
				const a = document.createElement('a');
				a.href = href;
				document.body.append(a);
				a.click();
				a.remove();
			}, path);
			await p.waitForURL(`**${path}`);
		};

		await page.goto(`${base}/circle/${demo.circle}/decisions`);
		await page.getByRole('heading', { name: 'Decisions waiting for answers' }).waitFor({ timeout: 60_000 });
		await within(page, `/circle/${demo.circle}/now`);
		await page.getByRole('heading', { name: 'Who holds what' }).waitFor();
		await arrives(PROPOSE, proposeBody({ title: 'Paint the shed door green', outside: false }));
		await within(page, `/circle/${demo.circle}/decisions`);
		await page.getByText('Paint the shed door green').first().waitFor({ timeout: 15_000 });

		await within(page, `/circle/${demo.circle}/credit`);
		const history = page.getByText('Oil for the mower, thanks');
		expect(await history.count()).toBe(0);
		await within(page, `/circle/${demo.circle}/now`);
		await arrives(TRANSFER, { to: me!.key, amount: 150, memo: 'Oil for the mower, thanks', request: null });
		await within(page, `/circle/${demo.circle}/credit`);
		await history.first().waitFor({ timeout: 15_000 });
	}, 180_000);
});
