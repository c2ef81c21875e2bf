// The lending library on two phones (issue 9, item 2): Maya adds a drill with a photo taken on the
// phone (shrunk to a few KB), Ravi reserves it, Maya records the handover to the head of the queue,
// Ravi's phone confirms it, the loan shows on both, a week later it is overdue in Ravi's due list
// (both phones' clocks pinned a week on), Ravi brings it back. Entries travel between the
// phones through the test hook, as a file or a QR sync would carry them.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();

/** Carries every entry `from` holds to `to` (what a sync does). */
const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

const card = (page: Page, name: string) =>
	page.locator('li.item', { has: page.getByRole('heading', { name }) });

describe('the library', () => {
	it('adds a drill with a photo, reserves, hands over with both phones, shows the loan on both, returns', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const circle = await foundCircle(maya, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, 'Elm St Tools');

		// Maya: Economy → Library, adds a drill with a photo from the camera.
		await maya.goto(`${base}/circle/${circle}/credit`);
		await maya
			.getByRole('navigation', { name: 'Economy screens' })
			.getByRole('link', { name: 'Library' })
			.click();
		await maya.getByRole('heading', { name: 'Add an item' }).waitFor();
		const png = await maya.evaluate(() => {
			const c = document.createElement('canvas');
			c.width = 640;
			c.height = 480;
			const g = c.getContext('2d')!;
			g.fillStyle = '#2f6b4f';
			g.fillRect(0, 0, 640, 480);
			g.fillStyle = '#e0a43a';
			g.fillRect(160, 160, 320, 120);
			return c.toDataURL('image/png').split(',')[1]!;
		});
		await maya.locator('#item-name').fill('Cordless drill');
		await maya.locator('#item-category').fill('Power tools');
		await maya.getByLabel('Replacement value').fill('120');
		await maya.locator('#item-condition').fill('Two batteries');
		await maya
			.getByLabel('Photo (taken now, shrunk to a few KB)')
			.setInputFiles({ name: 'drill.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
		await maya.getByAltText('Shrunk, as it will be kept').waitFor();
		await maya.getByRole('button', { name: 'Add to the catalogue' }).click();
		await maya.getByRole('status').getByText('Cordless drill is in the catalogue.').waitFor();
		const photo = await card(maya, 'Cordless drill').locator('img').getAttribute('src');
		expect(photo).toMatch(/^data:image\/jpeg;base64,/);
		expect(photo!.length).toBeLessThanOrEqual(8192);

		// Ravi reserves it.
		await carry(maya, ravi, circle, 'Elm St Tools');
		await ravi.goto(`${base}/circle/${circle}/library`);
		await card(ravi, 'Cordless drill').getByRole('button', { name: 'Reserve' }).click();
		await card(ravi, 'Cordless drill').getByText('1 waiting: you are first').waitFor();

		// Maya hands it to the head of the queue (preselected), dated ten minutes ago.
		await carry(ravi, maya, circle, 'Elm St Tools');
		await maya.reload();
		const drill = card(maya, 'Cordless drill');
		await drill.getByText('1 waiting').waitFor();
		await drill.getByRole('button', { name: 'Hand over…' }).click();
		expect(await drill.getByLabel('To').locator('option:checked').innerText()).toBe('Ravi');
		await drill.getByLabel('Handed over (minutes ago)').fill('10');
		await drill.getByRole('button', { name: 'Record the handover' }).click();
		await drill.getByRole('button', { name: 'Record the handover' }).waitFor({ state: 'detached' });

		// Ravi's phone confirms: the loan is out, on both phones.
		await carry(maya, ravi, circle, 'Elm St Tools');
		await ravi.reload();
		await ravi.getByRole('heading', { name: /Confirm a handover/ }).waitFor();
		await ravi.getByRole('button', { name: 'I have it' }).click();
		await ravi.getByRole('heading', { name: /You have/ }).waitFor();
		await card(ravi, 'Cordless drill').locator('.status', { hasText: 'Out' }).waitFor();
		await expectAccessible(ravi, 'library (borrower)');
		await screenshot(ravi, 'phone-library', { fullPage: false });
		await carry(ravi, maya, circle, 'Elm St Tools');
		await maya.reload();
		await card(maya, 'Cordless drill').getByText('with Ravi, due').waitFor();
		expect(await card(maya, 'Cordless drill').getByText('waiting').count()).toBe(0); // the hold was collected

		// A week and a day later (both phones' clocks have moved on) the loan is overdue in Ravi's due
		// list: derived from the clock, nothing was written to make it so.
		const later = new Date(Date.now() + 8 * 86_400_000);
		await ravi.clock.setFixedTime(later);
		await maya.clock.setFixedTime(later);
		await ravi.reload();
		await ravi.getByText('Overdue since').waitFor();
		await ravi.getByRole('heading', { name: /^Overdue/ }).waitFor();
		expect(await ravi.locator('ul.due li').innerText()).toContain('Cordless drill with Ravi, due');
		await screenshot(ravi, 'phone-library-overdue', { fullPage: false });

		// Ravi brings it back.
		await ravi.getByRole('button', { name: 'I brought it back' }).click();
		await card(ravi, 'Cordless drill').locator('.status', { hasText: 'Available' }).waitFor();
		await carry(ravi, maya, circle, 'Elm St Tools');
		await maya.reload();
		await card(maya, 'Cordless drill').locator('.status', { hasText: 'Available' }).waitFor();
		await maya.emulateMedia({ colorScheme: 'dark' });
		await maya.waitForTimeout(500);
		await expectAccessible(maya, 'library (keeper, dark)');
		await screenshot(maya, 'phone-library-dark', { fullPage: false });
	});
});
