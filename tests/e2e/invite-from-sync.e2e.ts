// The founder's first real task: from the Sync tab to the Invite tab. Showing the first invite
// makes the circle's secret (a write to the circle's doc); made while the invite link was being
// computed, it reached the Sync screen's room settings during that computation and Svelte threw
// state_unsafe_mutation, leaving the Sync screen under the Invite tab. Any page error fails
// these tests (support/page-errors.ts); they also say plainly what the person sees.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { failOnPageProblems, screenshot, useE2E } from './support/index.js';
import { foundCircle } from './sync-helpers.js';

/** Follows the circle's navigation link to one of its screens, as a tap would (no page load). */
const tapTab = async (page: Page, circle: string, path: string): Promise<void> => {
	const link = page.locator(`a[href="/circle/${circle}/${path}"]`).filter({ visible: true }).first();
	await link.click();
	await page.waitForURL(`**/circle/${circle}/${path}`);
};

/**
 * On the Sync screen, taps Invite, and checks the invite is what shows, with no error. A phone that is
 * not a member (the demo circle's visitor) is told that only members can invite: since v2 the room
 * secret an invite carries is sealed to the members (docs/protocol/settings.md).
 */
const syncThenInvite = async (page: Page, circle: string, shot: string, member = true): Promise<void> => {
	await page.getByRole('heading', { name: 'Ways to sync now' }).waitFor();
	await tapTab(page, circle, 'invite');
	await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
	if (member)
		expect(await page.getByLabel('Invite link', { exact: true }).inputValue()).toMatch(
			/\/join#CI1:[A-Z2-7]+$/
		);
	else await page.getByText('Only members can invite').waitFor();
	expect(await page.getByRole('heading', { name: 'Ways to sync now' }).count()).toBe(0);
	await screenshot(page, shot);
	failOnPageProblems();
};

describe('Sync → Invite', () => {
	const e2e = useE2E();

	test('in a freshly founded circle, the invite shows with no error', async () => {
		const { page } = await e2e.device('founder');
		const circle = await foundCircle(page, e2e.url('/').replace(/\/$/, ''), 'Maya', 'Elm Street Tools');
		await tapTab(page, circle, 'sync');
		await syncThenInvite(page, circle, 'invite-after-sync-new');
		// And back and forth again, now that the secret exists.
		await tapTab(page, circle, 'sync');
		await syncThenInvite(page, circle, 'invite-after-sync-again');
	});

	test('in the demo circle, the invite shows with no error', async () => {
		const { page } = await e2e.device('visitor');
		await page.goto(e2e.url('/'));
		await page.getByLabel('Your name').fill('Visitor');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('link', { name: 'Explore a demo circle' }).click();
		await page.getByRole('button', { name: 'Open the demo circle' }).click();
		await page.waitForURL(/\/now$/, { timeout: 90_000 });
		const circle = /\/circle\/([0-9a-f]{32})\//.exec(page.url())![1]!;
		await page.goto(e2e.url(`/circle/${circle}/sync`));
		await syncThenInvite(page, circle, 'invite-after-sync-demo', false);
	});
});
