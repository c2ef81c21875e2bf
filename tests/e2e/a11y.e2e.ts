// axe-core on every page of the app, at phone size, light and dark: no serious or critical violation.
// The pages are read from src/routes, so a new page is checked without touching this file.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { allowPageErrors, expectAccessible, screenshot, useE2E } from './support/index.js';

/** Every page route under src/routes as a URL pattern, e.g. "/circle/[id]/charter". */
function pageRoutes(dir = 'src/routes'): string[] {
	const routes: string[] = [];
	const visit = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) visit(path);
			else if (entry.name === '+page.svelte') {
				const route = relative(dir, folder).split(sep).filter(Boolean);
				// Route groups "(name)" do not appear in URLs.
				routes.push('/' + route.filter((part) => !/^\(.*\)$/.test(part)).join('/'));
			}
		}
	};
	visit(dir);
	return routes.sort();
}

/** The page has rendered: the app's <main> holds a heading and the start-up message is gone. */
async function settled(page: Page): Promise<void> {
	await page.locator('main h1, main h2').first().waitFor({ timeout: 15_000 });
	await page.getByText('Opening your circles…').waitFor({ state: 'detached' });
	// Let lazy sections and transitions finish.
	await page.waitForTimeout(300);
}

describe('accessibility', () => {
	const e2e = useE2E();
	const routes = pageRoutes();

	test('the checker itself fails on a serious violation', async () => {
		const { page } = await e2e.device();
		// A text file as the page: Chromium asks for the favicon the app's pages would name.
		allowPageErrors(/\/favicon\.ico:0:0: Failed to load resource: the server responded with a status of 404/);
		await page.goto(e2e.url('/robots.txt'));
		await page.setContent(
			'<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>'
		);
		await expect(expectAccessible(page, 'a broken page')).rejects.toThrow(/label/);
	});

	test('the routes are found', () => {
		expect(routes).toContain('/');
		expect(routes.some((route) => route.includes('[id]'))).toBe(true);
	});

	for (const scheme of ['light', 'dark'] as const) {
		test(`every page passes axe (${scheme})`, async () => {
			const { page } = await e2e.device(`axe-${scheme}`, { colorScheme: scheme });
			const checked: string[] = [];
			const check = async (label: string) => {
				await settled(page);
				await expectAccessible(page, `${label} (${scheme})`);
				await screenshot(page, `${scheme}-${label === '/' ? 'home' : label.slice(1).replace(/[[\]]/g, '')}`, {
					fullPage: true
				});
				checked.push(label);
			};

			// The first-run page, before this device has a member identity.
			await page.goto(e2e.url('/'));
			await page.getByLabel('Your name').waitFor();
			await check('/welcome');
			await page.getByLabel('Your name').fill('Maya');
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('heading', { name: 'Your circles' }).waitFor();

			// A circle to visit the circle pages with.
			await page.goto(e2e.url('/circle/new'));
			await page.getByLabel('Circle name').fill('Elm Street Tool Library');
			await page.getByLabel('What does it steward?').fill('The tools in the shed behind no. 14');
			await page.getByRole('button', { name: 'Create circle' }).click();
			await page.getByRole('heading', { level: 1, name: 'Elm Street Tool Library' }).waitFor();
			const id = new URL(page.url()).pathname.split('/')[2]!;

			for (const route of routes) {
				const url = route.replace('[id]', id);
				if (/\[.*\]/.test(url)) throw new Error(`No test value for the parameter in ${route}; add one here.`);
				await page.goto(e2e.url(url));
				await check(route);
			}
			expect(checked.length).toBe(routes.length + 1);
		}, 300_000); // every route in one test, one page load each: minutes on a loaded two-core machine
	}
});
