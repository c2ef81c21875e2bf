// Identity and circles on the device when storage misbehaves (issue 2, "Bad input"): a browser
// that refuses IndexedDB, a record that does not read, a full disk. Each gives a clear message,
// the rest keeps working, and nothing saved is lost. Plus the identity backup, end to end.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './support/index.js';
import { foundCircle, rename } from './sync-helpers';

async function chooseName(page: Page, name: string): Promise<void> {
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('heading', { name: 'Your circles' }).waitFor();
}

async function createCircle(page: Page, name: string): Promise<void> {
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByLabel('Circle name').fill(name);
	await page.getByLabel('What does it steward?').fill('things we share');
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByRole('heading', { level: 1, name }).waitFor();
}

const notice = (page: Page, text: string) => page.getByText(text).first();

describe('the device store under bad conditions', () => {
	const e2e = useE2E();

	test('with storage switched off the app still works in memory and says nothing will be kept', async () => {
		const { page, context } = await e2e.device('private');
		await context.addInitScript(() => {
			Object.defineProperty(window, 'indexedDB', {
				get() {
					throw new DOMException('The user denied permission to access the database.', 'SecurityError');
				}
			});
		});
		await page.goto(e2e.url('/'));
		await notice(page, 'nothing will be kept after closing').waitFor();
		await chooseName(page, 'Jo');
		await createCircle(page, 'Pop-up Repair Café');
		const ledger = page.getByRole('region', { name: 'Ledger' });
		await expect(ledger.getByRole('listitem').last().textContent()).resolves.toContain('Circle founded');
	});

	test('a record that does not read is set aside with a message; the other circles keep working', async () => {
		const { page } = await e2e.device('corrupt');
		await page.goto(e2e.url('/'));
		await chooseName(page, 'Maya');
		await createCircle(page, 'Garden Co-op');
		await page.evaluate(
			() =>
				new Promise<void>((resolve, reject) => {
					const req = indexedDB.open('circulate-device');
					req.onsuccess = () => {
						const tx = req.result.transaction(['circles', 'identity'], 'readwrite');
						tx.objectStore('circles').put('%% not a record', 'cd'.repeat(16));
						tx.oncomplete = () => (req.result.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
				})
		);
		await page.goto(e2e.url('/'));
		await notice(page, 'could not be read').waitFor();
		await page.getByRole('link', { name: 'Garden Co-op' }).click();
		await page.getByRole('heading', { level: 1, name: 'Garden Co-op' }).waitFor();
		const aside = await page.evaluate(
			() =>
				new Promise<unknown[]>((resolve) => {
					const req = indexedDB.open('circulate-device');
					req.onsuccess = () => {
						const get = req.result.transaction('aside').objectStore('aside').getAll();
						get.onsuccess = () => resolve(get.result.map((r: { value: unknown }) => r.value));
					};
				})
		);
		expect(aside).toContain('%% not a record');
	});

	test('a full disk says so, and the circle just made stays open', async () => {
		const { page } = await e2e.device('full');
		await page.goto(e2e.url('/'));
		await chooseName(page, 'Ana');
		await page.evaluate(() => {
			IDBObjectStore.prototype.put = function () {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			};
		});
		await createCircle(page, 'Seed Swap');
		await notice(page, "This phone's storage is full — free some space; nothing was lost").waitFor();
	});

	test('the identity backup restores on another phone; a wrong passphrase changes nothing', async () => {
		const maya = await e2e.device('maya');
		await maya.page.goto(e2e.url('/'));
		await chooseName(maya.page, 'Maya Okafor');
		await maya.page.getByRole('link', { name: 'You & backup' }).click();
		const fingerprint = await maya.page.locator('.fp code').textContent();
		await maya.page.getByLabel('Backup passphrase').fill('a long walk to the shed');
		await maya.page.getByLabel('Repeat the passphrase').fill('a long walk to the shed');
		const [download] = await Promise.all([
			maya.page.waitForEvent('download'),
			maya.page.getByRole('button', { name: 'Download backup' }).click()
		]);
		expect(download.suggestedFilename()).toBe('circulate-identity-maya-okafor.json');
		const file = await download.path();

		const phone = await e2e.device('new-phone');
		await phone.page.goto(e2e.url('/settings'));
		await phone.page.getByLabel('Backup file').setInputFiles(file!);
		await phone.page.getByText('Backup of').waitFor();
		await phone.page.getByLabel('Passphrase', { exact: true }).fill('not it at all');
		await phone.page.getByRole('button', { name: 'Restore identity' }).click();
		await notice(phone.page, 'That passphrase does not open this backup').waitFor();
		await phone.page.getByLabel('Passphrase', { exact: true }).fill('a long walk to the shed');
		await phone.page.getByRole('button', { name: 'Restore identity' }).click();
		await phone.page.getByRole('heading', { name: 'Your circles' }).waitFor();
		await phone.page.getByRole('link', { name: 'You & backup' }).click();
		await expect(phone.page.locator('.fp code').textContent()).resolves.toBe(fingerprint);
	});

	test('a phone restored from a backup syncs before it writes, or its member says the old phone is gone', async () => {
		const maya = await e2e.device('maya');
		const base = e2e.url('/').replace(/\/$/, '');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Garden Co-op');
		await maya.page.goto(`${base}/settings`);
		await maya.page.getByLabel('Backup passphrase').fill('a long walk to the shed');
		await maya.page.getByLabel('Repeat the passphrase').fill('a long walk to the shed');
		const [download] = await Promise.all([
			maya.page.waitForEvent('download'),
			maya.page.getByRole('button', { name: 'Download backup' }).click()
		]);
		// The same identity restored on this phone, which still holds the circle.
		await maya.page.getByLabel('Backup file').setInputFiles((await download.path())!);
		await maya.page.getByLabel('Passphrase', { exact: true }).fill('a long walk to the shed');
		await maya.page.getByRole('button', { name: 'Restore identity' }).click();
		await maya.page.getByRole('heading', { name: 'Your circles' }).waitFor();

		await maya.page.goto(`${base}/circle/${circle}`);
		const catchUp = maya.page.getByRole('region', { name: 'Sync before you write' });
		await catchUp.waitFor();
		await screenshot(maya.page, 'restored-sync-first', { fullPage: true });
		await maya.page.getByRole('button', { name: 'Rename circle' }).click();
		await maya.page.getByLabel('New name').fill('Garden Co-op North');
		await maya.page.getByRole('button', { name: 'Save name' }).click();
		await notice(
			maya.page,
			'This phone was restored from a backup, so it may not have what you signed since'
		).waitFor();
		expect(await maya.page.getByRole('heading', { level: 1 }).innerText()).toBe('Garden Co-op');

		await catchUp.getByText('My old phone is lost').click();
		await catchUp.getByRole('button', { name: 'Write from this phone' }).click();
		await catchUp.waitFor({ state: 'detached' });
		await rename(maya.page, base, circle, 'Garden Co-op North');
	});
});
