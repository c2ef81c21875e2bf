// A screen that fits the hand (issue 13, item 7): on Now, at 360×640, the one-line holders
// summary is on screen without scrolling under a compact circle header; keyboard only, focus lands
// on the page heading after each navigation and on the status message after each submit; the
// one-time "back up your key" card after founding shows the passphrase rule up front and can show
// the passphrase; the ledger reads newest first; Audit shows the ledger hash short and grouped.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './support/index.js';

const e2e = useE2E();

/** What has focus: its tag, role, and text. */
const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		return {
			tag: el?.tagName ?? '',
			role: el?.getAttribute('role') ?? '',
			text: (el?.textContent ?? '').trim()
		};
	});

/** Presses Tab until the focused element's name (text, label or aria-label) matches. */
const tabTo = async (page: Page, name: RegExp): Promise<void> => {
	for (let i = 0; i < 150; i++) {
		await page.keyboard.press('Tab');
		const here = await page.evaluate(() => {
			const el = document.activeElement as HTMLInputElement | null;
			if (!el) return '';
			return [el.getAttribute('aria-label'), el.labels?.[0]?.textContent, el.textContent]
				.filter(Boolean)
				.map((t) => t!.trim())
				.join(' | ');
		});
		if (name.test(here)) return;
	}
	throw new Error(`Tab never reached ${name}`);
};

const waitForFocus = async (page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
	await expect.poll(async () => want(await focused(page)), { timeout: 10_000 }).toBe(true);
	return focused(page);
};

describe('a screen that fits the hand', () => {
	it('Now on the demo at 360×640 shows who holds what without scrolling (light and dark)', async () => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const { page } = await e2e.device(`small-${colorScheme}`, {
				viewport: { width: 360, height: 640 },
				colorScheme
			});
			await page.goto(e2e.url('/demo'));
			await page.getByRole('button', { name: 'Open the demo circle' }).click();
			await page.waitForURL(/\/now$/, { timeout: 90_000 });
			const line = page.locator('.holders-line');
			await line.waitFor();
			expect(await line.innerText()).toMatch(/Facilitator .+ · Steward .+/);
			const box = (await line.boundingBox())!;
			const tabbar = (await page.locator('[data-tabbar]').boundingBox())!;
			expect(box.y).toBeGreaterThanOrEqual(0);
			expect(box.y + box.height).toBeLessThanOrEqual(tabbar.y);
			// The compact header: the circle's name on one line, no commons.
			const h1 = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
			expect(h1.height).toBeLessThan(40);
			await page.mouse.move(0, 0); // no hover on whatever was under the last tap
			const shot = await screenshot(page, `phone-now-360${colorScheme === 'dark' ? '-dark' : ''}`);
			mkdirSync('docs/screenshots', { recursive: true });
			copyFileSync(shot, `docs/screenshots/phone-now-360${colorScheme === 'dark' ? '-dark' : ''}.png`);
		}
	});

	it('keyboard only: focus on the heading after navigation, on the status after each submit', async () => {
		const { page } = await e2e.device('keyboard');
		await page.goto(e2e.url('/'));
		await page.getByRole('heading', { name: 'Welcome to Circulate' }).waitFor();

		await tabTo(page, /^Your name/);
		await page.keyboard.type('Maya');
		await page.keyboard.press('Enter');
		expect(await waitForFocus(page, (f) => f.tag === 'H1')).toMatchObject({ text: 'Your circles' });

		await tabTo(page, /^Create circle$/);
		await page.keyboard.press('Enter');
		expect(await waitForFocus(page, (f) => f.tag === 'H1')).toMatchObject({ text: 'Start a circle' });

		await tabTo(page, /^Circle name/);
		await page.keyboard.type('Elm St Tools');
		await tabTo(page, /^What does it steward/);
		await page.keyboard.type('the shed');
		await tabTo(page, /^Create circle$/);
		await page.keyboard.press('Enter');
		expect(await waitForFocus(page, (f) => f.tag === 'H1' && f.text !== 'Start a circle')).toMatchObject({
			text: 'Elm St Tools'
		});

		// The one-time backup card: the rule up front, the passphrase shown on request.
		const card = page.getByRole('region', { name: 'Back up your key' });
		await card.getByText('At least 8 characters; a short sentence is easiest to remember.').waitFor();
		await tabTo(page, /^Backup passphrase/);
		await page.keyboard.type('a long walk');
		await expect(card.getByLabel('Backup passphrase').getAttribute('type')).resolves.toBe('password');
		await tabTo(page, /^Show the passphrase/);
		await page.keyboard.press('Space');
		await expect(card.getByLabel('Backup passphrase').getAttribute('type')).resolves.toBe('text');
		await screenshot(page, 'backup-card');
		await tabTo(page, /^Not now/);
		await page.keyboard.press('Enter');
		await card.waitFor({ state: 'detached' });

		// Newest first: the founding is the last row.
		const ledger = page.getByRole('region', { name: 'Ledger' }).getByRole('listitem');
		await expect(ledger.last().innerText()).resolves.toMatch(/^Circle founded/);

		// Navigation by the tab bar, then a submit whose result is a status message.
		await tabTo(page, /^Now$/);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/now$/);
		expect(await waitForFocus(page, (f) => f.tag === 'H1')).toMatchObject({ text: 'Elm St Tools' });
		await tabTo(page, /^Note \(optional\)/);
		await page.keyboard.type('Holiday');
		await page.keyboard.press('Enter');
		const status = await waitForFocus(page, (f) => f.role === 'status');
		expect(status.text).toMatch(/^Recorded\./);

		// A submit that fails: focus on the alert that says why.
		await page.reload();
		await page.getByRole('heading', { name: 'Away for a while?' }).waitFor();
		await page.getByLabel('First day away').fill('2031-05-10');
		await page.getByLabel('Last day away').fill('2031-05-01');
		await page.getByLabel('Note (optional)').focus();
		await page.keyboard.press('Enter');
		const alert = await waitForFocus(page, (f) => f.role === 'alert');
		expect(alert.text).toBe('The last day must be on or after the first day.');

		// Audit: the ledger hash short and grouped, like a fingerprint.
		await page.goto(e2e.url(page.url().replace(/\/now$/, '/audit')));
		const short = page.locator('dt', { hasText: /^Ledger hash$/ }).locator('xpath=following-sibling::dd[1]');
		expect(await short.innerText()).toMatch(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
	});
});
