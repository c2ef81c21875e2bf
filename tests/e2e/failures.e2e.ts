// Failures in plain words, next to the control (issue 13, item 6): an import on a phone whose
// storage is full says so beside the file control, applies nothing (the circle's header keeps its
// name), and never pairs "storage full" with "Imported …"; a bad file and a wrong pairing code are
// told beside what was used, in plain words, never in the browser's own.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit, rename } from './sync-helpers';

const e2e = useE2E();

const exportWhole = async (page: Page, base: string, circle: string): Promise<string> => {
	await page.goto(`${base}/circle/${circle}/sync`);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export the whole circle' }).click();
	const { readFileSync } = await import('node:fs');
	return readFileSync((await (await download).path())!, 'utf8');
};

const importFile = (page: Page, text: string, name = 'elm.circulate.json') =>
	page
		.getByLabel('Import a file')
		.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

/** The import control's own field: its label, the input, and what the import said. */
const importField = (page: Page) => page.locator('.field', { has: page.getByLabel('Import a file') });

describe('failures in plain words, next to the control', () => {
	it('an import with storage full shows the plain message beside the file control and the header unchanged', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await importFile(ravi.page, await exportWhole(maya.page, base, circle));
		await importField(ravi.page)
			.getByRole('status')
			.getByText(/^Imported \d+ new entries\.$/)
			.waitFor();

		// Maya renames the circle; Ravi's phone fills up before the file arrives.
		await rename(maya.page, base, circle, 'Elm Street Tool Library');
		const renamed = await exportWhole(maya.page, base, circle);
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await ravi.page.getByRole('heading', { level: 1, name: 'Elm St Tools' }).waitFor();
		await ravi.page.evaluate(() => {
			const full = () => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			};
			IDBObjectStore.prototype.put = full;
			IDBObjectStore.prototype.add = full;
		});
		await importFile(ravi.page, renamed);
		const alert = importField(ravi.page).getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toBe(
			'This phone’s storage is full, so nothing was imported. Free some space (photos, apps you no longer use), then import the file again.'
		);
		await expect(ravi.page.getByLabel('Import a file').getAttribute('aria-invalid')).resolves.toBe('true');
		expect(await ravi.page.getByRole('heading', { level: 1 }).innerText()).toBe('Elm St Tools');
		// Nothing says it was imported (the sync log lists the earlier import only).
		expect(await importField(ravi.page).getByRole('status').count()).toBe(0);
		expect(await ravi.page.getByText(/^Imported/).count()).toBe(1);
		expect(await ravi.page.getByText('The quota has been exceeded').count()).toBe(0);
		await importField(ravi.page).scrollIntoViewIfNeeded();
		await screenshot(ravi.page, 'import-storage-full');

		// A bad file: beside the same control, in plain words.
		await importFile(ravi.page, '\u0089PNG not an export at all', 'photo.png');
		await importField(ravi.page)
			.getByRole('alert')
			.getByText('This file is not a Circulate export. Nothing was imported.')
			.waitFor();
	});

	it('a wrong pairing code is told beside where it was pasted', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const { page } = await e2e.device('maya');
		const circle = await foundCircle(page, base, 'Maya', 'Elm St Tools');
		await page.goto(`${base}/circle/${circle}/sync`);
		await page.getByRole('button', { name: 'Scan the other phone’s code' }).click();
		const field = page.getByLabel('Or paste the other phone’s offer code', { exact: true });
		await field.fill('hello, this is not a code');
		await page.getByRole('button', { name: 'Use this code' }).click();
		const alert = page.getByRole('region', { name: 'Pair in person' }).getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).not.toMatch(/undefined|Failed to|Error:/);
		await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
	});
});
