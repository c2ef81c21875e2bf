// The harness itself: a planted throw or console error in any page fails the test it happens
// in (support/page-errors.ts, checked after every test by support/setup.ts). Here the check is
// called directly, so the failure it reports can be asserted and this suite stays green.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { allowPageErrors, failOnPageProblems, takePageProblems, useE2E } from './support/index.js';

/** Waits until the page has run a task after the planted one. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => setTimeout(r, 50)));

describe('every page error fails the test', () => {
	const e2e = useE2E();

	test('a planted throw in a page is reported with its text', async () => {
		const { page } = await e2e.device('planted');
		await page.goto(e2e.url('/'));
		await page.evaluate(() => {
			setTimeout(() => {
				throw new Error('planted');
			});
		});
		await settle(page);
		expect(() => failOnPageProblems()).toThrow(
			/1 uncaught page error or console error during this test:\n- pageerror at .*\n +Error: planted/
		);
		// Reported once: the check forgot it.
		expect(() => failOnPageProblems()).not.toThrow();
	});

	test('a console error and an unhandled rejection, in a second tab too', async () => {
		const device = await e2e.device('two-tabs');
		await device.page.goto(e2e.url('/'));
		const tab = await device.context.newPage();
		await tab.goto(e2e.url('/'));
		await tab.evaluate(() => {
			console.error('planted console error');
			void Promise.reject(new Error('planted rejection'));
		});
		await settle(tab);
		const problems = takePageProblems();
		expect(problems.map((p) => [p.kind, p.text.split('\n')[0]])).toEqual([
			['console.error', 'planted console error'],
			['pageerror', 'Error: planted rejection']
		]);
	});

	test('a test allows the exact message it provokes, and nothing else', async () => {
		const { page } = await e2e.device('allowed');
		await page.goto(e2e.url('/'));
		allowPageErrors('This file is damaged (planted)');
		await page.evaluate(() => {
			console.error('This file is damaged (planted)');
			console.error('something else went wrong');
		});
		await settle(page);
		expect(() => failOnPageProblems()).toThrow(/1 uncaught .*\n.*\n +something else went wrong/);
		// The allow-list ends with the check: the next test starts strict again.
		await page.evaluate(() => console.error('This file is damaged (planted)'));
		await settle(page);
		expect(() => failOnPageProblems()).toThrow(/This file is damaged \(planted\)/);
	});
});
