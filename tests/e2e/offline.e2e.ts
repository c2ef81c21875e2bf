// After one visit the app needs no network: the service worker serves the shell, IndexedDB keeps the
// member's identity and circles. And each device is its own world: a second browser context (a
// second phone) sees none of the first one's circles.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { allowPageErrors, useE2E, waitForServiceWorkerControl } from './support/index.js';

/** The first-run form: a display name, and this device makes its key pair. */
async function chooseName(page: Page, name: string): Promise<void> {
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('heading', { name: 'Your circles' }).waitFor();
}

/** Creates a circle from the home page and returns its id (from the URL of its page). */
async function createCircle(page: Page, name: string, commons: string): Promise<string> {
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByLabel('Circle name').fill(name);
	await page.getByLabel('What does it steward?').fill(commons);
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByRole('heading', { level: 1, name }).waitFor();
	const id = new URL(page.url()).pathname.split('/')[2];
	expect(id).toMatch(/^[0-9a-f]{16,}$/);
	return id!;
}

/** The circle page shows the circle's name and its ledger, founded by a genesis entry. */
async function expectCirclePage(page: Page, name: string): Promise<void> {
	await page.getByRole('heading', { level: 1, name }).waitFor();
	const ledger = page.getByRole('region', { name: 'Ledger' });
	await expect(ledger.getByRole('listitem').last().textContent()).resolves.toContain('Circle founded');
}

describe('offline, on one device', () => {
	const e2e = useE2E();

	test('after the first visit, the app starts, creates a circle and keeps it with no network', async () => {
		const device = await e2e.device('maya');
		const { page } = device;
		const failures: string[] = [];
		page.on('pageerror', (error) => failures.push(error.message));

		await page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(page);
		await page.getByLabel('Your name').waitFor();

		await device.goOffline();
		// Prove the cut: the network is unreachable from the page...
		allowPageErrors(/\/not-in-the-cache-\d+:0:0: Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/);
		const probe = await page.evaluate(() =>
			fetch(`/not-in-the-cache-${Date.now()}`).then(
				(r) => `status ${r.status}`,
				() => 'failed'
			)
		);
		expect(probe).toBe('failed');

		await page.reload();
		await chooseName(page, 'Maya');
		const id = await createCircle(page, 'Elm Street Tool Library', 'The tools in the shed behind no. 14');
		await expectCirclePage(page, 'Elm Street Tool Library');

		await page.reload();
		await expectCirclePage(page, 'Elm Street Tool Library');

		// A cold start at the home page, still offline: the circle is listed and opens.
		await page.goto(e2e.url('/'));
		await page.getByRole('heading', { name: 'Your circles' }).waitFor();
		await page.getByRole('link', { name: 'Elm Street Tool Library' }).click();
		await page.waitForURL(`**/circle/${id}`);
		await expectCirclePage(page, 'Elm Street Tool Library');
		expect(failures).toEqual([]);
	});
});

describe('the offline helper', () => {
	const e2e = useE2E();

	test('goOffline also cuts requests the service worker makes itself', async () => {
		const device = await e2e.device();
		const { page, context } = device;
		await page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(page);
		const fromWorker: string[] = [];
		context.on('request', (request) => {
			if (request.serviceWorker()) fromWorker.push(new URL(request.url()).pathname);
		});
		// Drop one precached file so that the worker has to fetch it from the network.
		const dropped = await page.evaluate(async () => {
			let deleted = false;
			for (const name of await caches.keys())
				deleted = (await (await caches.open(name)).delete('/robots.txt')) || deleted;
			return deleted;
		});
		expect(dropped).toBe(true);

		await device.goOffline();
		allowPageErrors(/\/robots\.txt:0:0: Failed to load resource: net::ERR_FAILED$/);
		const offline = await page.evaluate(() =>
			fetch('/robots.txt').then(
				(r) => `status ${r.status}`,
				() => 'failed'
			)
		);
		expect(offline).toBe('failed');
		expect(fromWorker).toContain('/robots.txt');

		await device.goOnline();
		const online = await page.evaluate(() => fetch('/robots.txt').then((r) => `status ${r.status}`));
		expect(online).toBe('status 200');
	});
});

describe('devices are isolated', () => {
	const e2e = useE2E();

	test('a second device sees none of the first device’s circles or identity', async () => {
		const first = await e2e.device('first');
		await first.page.goto(e2e.url('/'));
		await chooseName(first.page, 'Maya');
		const id = await createCircle(first.page, 'Garden Co-op', 'The plots and the seed bank');

		const second = await e2e.device('second');
		await second.page.goto(e2e.url('/'));
		// A fresh device asks for a name: it has no identity of its own yet.
		await second.page.getByLabel('Your name').waitFor();
		await chooseName(second.page, 'Sam');
		await expect(second.page.getByRole('link', { name: 'Garden Co-op' }).count()).resolves.toBe(0);
		await expect(second.page.getByText('No circles on this phone yet.').count()).resolves.toBe(1);

		// Even the circle's address shows nothing there.
		await second.page.goto(e2e.url(`/circle/${id}`));
		await second.page.getByRole('heading', { level: 1, name: 'Not on this phone' }).waitFor();

		// And the first device still has it.
		await first.page.goto(e2e.url('/'));
		await first.page.getByRole('link', { name: 'Garden Co-op' }).waitFor();
	});
});
