// A newcomer's first hour (issue 13, "Join and come back"): a new phone finds Join on the
// welcome screen, pastes the invite link, reads who invites it to what, asks, waits on Home
// with only the sync step offered, and receives the circle when the admitting phone taps
// "Pair now". A phone restored from a backup is told how its circles come back, and they do.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './support/index.js';
import { foundCircle } from './sync-helpers';

const e2e = useE2E();
const TIMEOUT = 60_000;

const codeOf = async (page: Page, label: string): Promise<string> => {
	const box = page.getByLabel(label, { exact: true });
	await box.waitFor({ timeout: TIMEOUT });
	return box.inputValue();
};

const paste = async (page: Page, label: string, code: string) => {
	await page.getByLabel(label, { exact: true }).fill(code);
	await page.getByRole('button', { name: 'Use this code' }).click();
};

/** `a` is already showing its offer code; `b` is on the Sync screen. Waits for both ends. */
const finishPairing = async (a: Page, b: Page) => {
	const offer = await codeOf(a, 'Offer code');
	await b.getByRole('button', { name: 'Scan the other phone’s code' }).click();
	await paste(b, 'Or paste the other phone’s offer code', offer);
	await paste(a, 'Or paste the other phone’s answer code', await codeOf(b, 'Answer code'));
	for (const p of [a, b])
		await p
			.getByRole('status')
			.filter({ hasText: /in sync —/ })
			.first()
			.waitFor({ timeout: TIMEOUT * 2 });
};

const inviteLinkOf = async (page: Page, base: string, circle: string): Promise<string> => {
	await page.goto(`${base}/circle/${circle}/invite`);
	return (await codeOf(page, 'Invite link')).replace(/^https?:\/\/[^/]+/, base);
};

describe('a newcomer’s first hour', () => {
	it('a new phone joins by tapping Join and pasting an invite link, waits on Home, and receives the circle', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm Street Tool Library');
		const link = await inviteLinkOf(maya.page, base, circle);

		// The welcome screen offers Join; the join page reads the pasted link.
		await ravi.page.goto(base);
		await ravi.page.getByRole('link', { name: 'Join with an invite' }).click();
		await ravi.page.getByRole('heading', { level: 1, name: 'Join a circle' }).waitFor();
		await paste(ravi.page, 'Or paste the invite link', link);
		const title = ravi.page.getByRole('heading', { name: 'Maya invites you to Elm Street Tool Library' });
		await title.waitFor();
		expect(await ravi.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
			'Maya invites you to Elm Street Tool Library'
		);
		await ravi.page.getByText('the shed', { exact: true }).waitFor();
		await ravi.page.getByText('1 member', { exact: true }).waitFor();
		await screenshot(ravi.page, 'join-invited');
		await ravi.page.getByLabel('Your name').fill('Ravi');
		await ravi.page.getByRole('button', { name: 'Ask to join' }).click();
		const request = await codeOf(ravi.page, 'Join request code');

		// Home says the circle is awaited and offers only the sync step.
		await ravi.page.getByRole('link', { name: 'Circulate' }).click();
		// Home first, then the reload: a reload racing the click reloads the join page instead.
		await ravi.page.getByRole('heading', { level: 1, name: 'Your circles' }).waitFor();
		await ravi.page.reload(); // kept on the phone, not only in this page's memory
		const waiting = ravi.page.getByRole('link', { name: /Elm Street Tool Library.*Waiting to be admitted/ });
		await waiting.waitFor();
		await screenshot(ravi.page, 'join-waiting-home');
		await waiting.click();
		await ravi.page.getByRole('heading', { name: 'Waiting to receive the circle' }).waitFor();
		await ravi.page.getByRole('heading', { name: 'Pair in person' }).waitFor();
		expect(await ravi.page.getByRole('navigation', { name: 'Circle' }).count()).toBe(0);

		// The admitting phone: a clear success panel with "Pair now", which shows the first code.
		await maya.page.goto(`${base}/circle/${circle}/invite`);
		await paste(maya.page, 'Or paste their join request code', request);
		await maya.page.getByRole('button', { name: 'Admit Ravi' }).click();
		const done = maya.page.getByRole('status').filter({ hasText: 'Ravi is admitted.' });
		await done.waitFor({ timeout: TIMEOUT });
		await screenshot(maya.page, 'join-admitted');
		await done.getByRole('link', { name: 'Pair now' }).click();
		await finishPairing(maya.page, ravi.page);

		// Ravi's Home lists the circle as his own now.
		await ravi.page.getByRole('link', { name: 'Circulate' }).click();
		const mine = ravi.page.getByRole('link', { name: /Elm Street Tool Library/ });
		await mine.waitFor();
		await expect.poll(() => mine.innerText(), { timeout: 10_000 }).toMatch(/On this phone since/);
		await mine.click();
		await ravi.page.getByRole('heading', { level: 1, name: 'Elm Street Tool Library' }).waitFor();
	});

	it('a restored identity sees how to get its circles back, and they come back at the first sync', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Garden Co-op');
		await maya.page.goto(`${base}/settings`);
		await maya.page.getByLabel('Backup passphrase').fill('a long walk to the shed');
		await maya.page.getByLabel('Repeat the passphrase').fill('a long walk to the shed');
		const [download] = await Promise.all([
			maya.page.waitForEvent('download'),
			maya.page.getByRole('button', { name: 'Download backup' }).click()
		]);

		const phone = await e2e.device('new-phone');
		await phone.page.goto(base);
		await phone.page.getByRole('link', { name: 'Restore from a backup' }).click();
		await phone.page.getByLabel('Backup file').setInputFiles((await download.path())!);
		await phone.page.getByText('Backup of').waitFor();
		await phone.page.getByLabel('Passphrase', { exact: true }).fill('a long walk to the shed');
		await phone.page.getByRole('button', { name: 'Restore identity' }).click();
		await phone.page.getByText('Your circles come back when a member syncs with you.').waitFor();
		await screenshot(phone.page, 'restored-home');

		// The way it says: Join with an invite, "I am a member", pair.
		const link = await inviteLinkOf(maya.page, base, circle);
		await phone.page.getByRole('link', { name: 'Join with an invite' }).click();
		await paste(phone.page, 'Or paste the invite link', link);
		await phone.page.getByRole('button', { name: 'I am a member: receive it' }).click();
		await phone.page.waitForURL(`**/circle/${circle}/sync`);
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		await maya.page.getByRole('button', { name: 'Show a code to start' }).click();
		await finishPairing(maya.page, phone.page);
		await phone.page.getByRole('link', { name: 'Circulate' }).click();
		const back = phone.page.getByRole('link', { name: /Garden Co-op/ });
		await expect.poll(() => back.innerText(), { timeout: 10_000 }).toMatch(/On this phone since/);
	});
});
