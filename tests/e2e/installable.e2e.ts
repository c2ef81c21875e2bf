// The app is installable: the manifest has what a browser needs to offer "Install", every icon it
// lists loads with the right type and size, and a service worker is registered and controls the page.
import { describe, expect, test } from 'vitest';
import { pngSize, useE2E, waitForServiceWorkerControl } from './support/index.js';

interface ManifestIcon {
	src: string;
	sizes: string;
	type: string;
	purpose?: string;
}

describe('installable PWA', () => {
	const e2e = useE2E();

	test('the manifest is linked and complete, and every icon loads', async () => {
		const { page } = await e2e.device();
		await page.goto(e2e.url('/'));
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		expect(href).toBeTruthy();
		const manifestUrl = new URL(href!, page.url()).href;

		const response = await page.request.get(manifestUrl);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
		const manifest = (await response.json()) as Record<string, unknown>;

		expect(manifest).toMatchObject({
			name: 'Circulate',
			short_name: expect.any(String),
			description: expect.stringMatching(/\S/),
			display: 'standalone',
			start_url: '/',
			scope: '/',
			id: expect.any(String),
			theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
			background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i)
		});

		const icons = manifest.icons as ManifestIcon[];
		const pngs = icons.filter((icon) => icon.type === 'image/png');
		const sizesOf = (purpose: string) =>
			pngs.filter((icon) => (icon.purpose ?? 'any').split(' ').includes(purpose)).map((icon) => icon.sizes);
		expect(sizesOf('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
		expect(sizesOf('maskable').length).toBeGreaterThan(0);
		expect(icons.some((icon) => icon.type === 'image/svg+xml')).toBe(true);

		for (const icon of icons) {
			const iconResponse = await page.request.get(new URL(icon.src, manifestUrl).href);
			expect(iconResponse.status(), icon.src).toBe(200);
			expect(iconResponse.headers()['content-type'], icon.src).toBe(icon.type);
			const body = await iconResponse.body();
			if (icon.type === 'image/png') {
				const [width, height] = icon.sizes.split('x').map(Number);
				expect(pngSize(body), icon.src).toEqual({ width, height });
			} else {
				expect(body.toString('utf8'), icon.src).toContain('<svg');
			}
		}
	});

	test('a service worker is registered for the whole app and controls the page', async () => {
		const { page } = await e2e.device();
		await page.goto(e2e.url('/'));
		const scriptURL = await waitForServiceWorkerControl(page);
		expect(scriptURL).toBe(e2e.url('/service-worker.js'));
		const registration = await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			return { scope: reg?.scope, active: reg?.active?.state };
		});
		expect(registration).toEqual({ scope: e2e.url('/'), active: 'activated' });
		// Installability also needs a secure context (localhost counts).
		expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
	});

	test('the service worker precaches the fallback page and every build file', async () => {
		const { page } = await e2e.device();
		await page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(page);
		const cached = await page.evaluate(async () => {
			const names = await caches.keys();
			const urls: string[] = [];
			for (const name of names) {
				for (const request of await (await caches.open(name)).keys())
					urls.push(new URL(request.url).pathname);
			}
			return { names, urls };
		});
		expect(cached.names).toHaveLength(1);
		expect(cached.names[0]).toMatch(/^circulate-/);
		expect(cached.urls).toEqual(
			expect.arrayContaining(['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'])
		);
		// Every script and stylesheet the page loaded is in the cache.
		const loaded = await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.map((entry) => new URL(entry.name).pathname)
				.filter((path) => path.startsWith('/_app/immutable/'))
		);
		expect(loaded.length).toBeGreaterThan(0);
		for (const path of loaded) expect(cached.urls, path).toContain(path);
	});
});
