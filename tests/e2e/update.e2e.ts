// A new release reaches an open app as a prompt, never as a surprise reload: the new service worker
// waits until the person presses "Reload", then the page reloads exactly once into the new version.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
	appVersion,
	BUILD_DIR,
	buildVersion,
	expectAccessible,
	makeRelease,
	screenshot,
	useE2E,
	waitForServiceWorkerControl
} from './support/index.js';

/** Counts full page loads (a reload is one; client-side routing is none). */
function countLoads(page: Page): () => number {
	let loads = 0;
	page.on('load', () => loads++);
	return () => loads;
}

const checkForUpdate = (page: Page) =>
	page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});

const settle = (page: Page) => page.waitForTimeout(3_000);

describe('update prompt', () => {
	const e2e = useE2E();
	let releaseB: string;
	let versionA: string;
	let versionB: string;

	beforeAll(() => {
		// What the server holds after the next deployment: the same app under a new version name.
		versionA = buildVersion(BUILD_DIR);
		versionB = `${versionA}-next`;
		releaseB = makeRelease(BUILD_DIR, versionB);
	});
	afterAll(() => rmSync(releaseB, { recursive: true, force: true }));

	test('accepting the prompt reloads once into the new version, and it works offline after', async () => {
		e2e.server.setRoot(BUILD_DIR);
		const device = await e2e.device();
		const { page } = device;
		const loads = countLoads(page);

		await page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(page);
		expect(await appVersion(page)).toBe(versionA);
		await settle(page);
		// No prompt for the first install.
		await expect(page.getByText('Update available').count()).resolves.toBe(0);

		e2e.server.setRoot(releaseB);
		await checkForUpdate(page);
		await page.getByText('Update available').waitFor();
		expect(loads()).toBe(1);
		await expectAccessible(page, 'a page with the update prompt');
		await screenshot(page, 'update-prompt');

		await page.getByRole('button', { name: 'Reload' }).click();
		await expect.poll(() => appVersion(page, 1_000).catch(() => null), { timeout: 20_000 }).toBe(versionB);
		await settle(page);
		expect(loads()).toBe(2);
		expect(await appVersion(page)).toBe(versionB);
		await expect(page.getByText('Update available').count()).resolves.toBe(0);

		// Only the new version's cache is left, and it serves the app with the network gone.
		const cacheNames = await page.evaluate(() => caches.keys());
		expect(cacheNames).toEqual([`circulate-${versionB}`]);
		await device.goOffline();
		await page.reload();
		expect(await appVersion(page)).toBe(versionB);
	});

	test('a new version waits for the person: no reload by itself, and new pages offer it too', async () => {
		e2e.server.setRoot(BUILD_DIR);
		const device = await e2e.device();
		const { page } = device;
		const loads = countLoads(page);

		await page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(page);
		e2e.server.setRoot(releaseB);
		await checkForUpdate(page);
		await page.getByText('Update available').waitFor();

		// "Later" hides the prompt; nothing reloads and the old version keeps running.
		await page.getByRole('button', { name: 'Later' }).click();
		await settle(page);
		expect(loads()).toBe(1);
		expect(await appVersion(page)).toBe(versionA);
		await expect(page.getByText('Update available').count()).resolves.toBe(0);

		// A page opened while the update waits runs the old version and offers the new one.
		const second = await device.context.newPage();
		await second.goto(e2e.url('/'));
		await second.getByText('Update available').waitFor();
		expect(await appVersion(second)).toBe(versionA);

		// Accepting in one tab moves every tab to the new version: the accepting tab reloads, the
		// other is offered a reload (it never reloads a page the person is using by itself).
		const secondLoads = countLoads(second);
		await second.getByRole('button', { name: 'Reload' }).click();
		await expect.poll(() => appVersion(second, 1_000).catch(() => null), { timeout: 20_000 }).toBe(versionB);
		await page.getByText('Update available').waitFor();
		await settle(page);
		expect(loads()).toBe(1);
		expect(secondLoads()).toBe(1);

		await page.getByRole('button', { name: 'Reload' }).click();
		await expect.poll(() => appVersion(page, 1_000).catch(() => null), { timeout: 20_000 }).toBe(versionB);
		await settle(page);
		expect(loads()).toBe(2);
	});
});
