// "Explore a demo circle" from the home page, then every governance screen at phone size:
// content from a year of history, no serious accessibility violation (light and dark), and a
// draw verified on this phone. Screenshots for people to look at go to test-results/screenshots.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, useE2E } from './support/index.js';
import * as canonical from '$lib/core/canonical';
import type { Json } from '$lib/core/canonical';
import { DAY_MS } from '$lib/core/calendar';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';

const SCREENS: [path: string, heading: RegExp][] = [
	['now', /Who holds what/],
	['history', /Rotation history/],
	['mandates', /Open mandates/],
	['charter', /Charter, version/],
	['reset', /Hard reset/],
	['handoffs', /Handoffs/],
	['audit', /Audit/]
];

const openDemo = async (page: Page, base: string): Promise<string> => {
	await page.goto(base);
	await page.getByLabel('Your name').fill('Visitor');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('link', { name: 'Explore a demo circle' }).click();
	await page.getByRole('button', { name: 'Open the demo circle' }).click();
	await page.waitForURL(/\/now$/, { timeout: 90_000 });
	await page.getByRole('heading', { name: 'Who holds what' }).waitFor();
	return page.url().replace(/\/now$/, '');
};

describe('governance screens', () => {
	const e2e = useE2E();

	for (const scheme of ['light', 'dark'] as const) {
		test(`the demo circle on every screen (${scheme})`, async () => {
			const { page } = await e2e.device(`demo-${scheme}`, { colorScheme: scheme });
			const circle = await openDemo(page, e2e.url('/'));
			// Not a member: the screens say so and offer no actions.
			await page.getByText('You are not a member of this circle').waitFor();
			expect(await page.getByRole('button', { name: 'Step down' }).count()).toBe(0);

			for (const [path, heading] of SCREENS) {
				await page.goto(`${circle}/${path}`);
				await page.getByRole('heading', { name: heading }).first().waitFor();
				await page.waitForTimeout(200);
				await expectAccessible(page, `${path} (${scheme})`);
				await screenshot(page, `gov-${path}-${scheme}`);
			}

			// A year of history shows up where it should.
			await page.goto(`${circle}/handoffs`);
			await page.getByText('Starting a new job; thank you all.').waitFor();
			await page.goto(`${circle}/reset`);
			await page.getByText('Cycle 1 began').waitFor();
			await page.goto(`${circle}/charter`);
			await page.getByRole('heading', { name: 'Compare versions' }).waitFor();
			await page.getByRole('columnheader', { name: 'Version 2' }).waitFor();
			await page.goto(`${circle}/mandates`);
			await page.getByText('Done — the mandate dissolved with its task.').first().waitFor();
			const more = page.getByRole('button', { name: 'Show more' });
			while ((await page.getByText('Recalled by the circle.').count()) === 0 && (await more.count()) > 0)
				await more.click();
			await page.getByText('Recalled by the circle.').first().waitFor();

			// Verify a sealed draw on this phone.
			await page.goto(`${circle}/history`);
			await page.getByRole('button', { name: 'Verify this draw' }).nth(1).click();
			await page.getByText(/^Matches the sealed draw/).waitFor();
		});
	}

	test('an expired charter says "expired — re-ratify" on every screen, and that the last version stays in force', async () => {
		// A month of history that ended almost a year ago: version 1 was valid for 365 days.
		const demo = demoCircle('e2e-expired', { days: 30, start: Date.now() - 380 * DAY_MS });
		const { page } = await e2e.device('expired');
		await page.goto(e2e.url('/'));
		await page.waitForFunction(() => '__circulate' in window);
		await page.evaluate(
			async ([c, f, n, raw]) =>
				(
					window as unknown as { __circulate: { putEntries: (...a: unknown[]) => Promise<void> } }
				).__circulate.putEntries(c, f, n, raw),
			[
				demo.circle,
				demo.keys[0]!.key,
				demo.name,
				demo.entries.map((e) => [entryId(e), canonical.encodeText(e as unknown as Json)])
			] as const
		);
		const circle = e2e.url(`/circle/${demo.circle}`);
		for (const path of ['now', 'mandates', 'reset', 'history']) {
			await page.goto(`${circle}/${path}`);
			const banner = page.getByRole('status').filter({ hasText: 'Charter expired — re-ratify.' });
			await banner.waitFor();
			expect(await banner.innerText()).toContain(
				'Version 1 stays in force until the circle ratifies a new one'
			);
		}
		await page.goto(`${circle}/charter`);
		await page.getByText(/Expired — re-ratify\. It expired \d+ days ago; version 1 stays in force/).waitFor();
		await expectAccessible(page, 'charter, expired');
	});
});
