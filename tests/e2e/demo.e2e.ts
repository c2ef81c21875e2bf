// The demo for the curious (issue 13, item 2): "Just looking? Explore a demo circle" on the
// welcome screen opens it without making a key; the year is built off the page's thread, so the
// screen keeps answering; the demo stays listed on Home until it is left; Invite and Sync tell a
// visitor why there is nothing for them to do there.
import { describe, expect, it } from 'vitest';
import { screenshot, useE2E } from './support/index.js';

const e2e = useE2E();

describe('the demo for the curious', () => {
	it('opens from the welcome screen without a key, without freezing the screen, and stays on Home', async () => {
		const { page, context } = await e2e.device('visitor');
		// The longest main-thread task while the demo is built (Long Tasks API): the tasks that start
		// before the app navigates to the demo's Now screen (opening that screen is not building).
		await context.addInitScript(() => {
			const w = window as unknown as { __longest: number; __navigatedAt: number };
			w.__longest = 0;
			w.__navigatedAt = Infinity;
			const push = history.pushState.bind(history);
			history.pushState = (...args: Parameters<History['pushState']>) => {
				if (String(args[2] ?? '').endsWith('/now'))
					w.__navigatedAt = Math.min(w.__navigatedAt, performance.now());
				return push(...args);
			};
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries())
					if (entry.startTime < w.__navigatedAt) w.__longest = Math.max(w.__longest, entry.duration);
			}).observe({ type: 'longtask', buffered: false });
		});
		await page.goto(e2e.url('/'));
		await page.getByRole('heading', { name: 'Welcome to Circulate' }).waitFor();
		await page.getByRole('link', { name: 'Explore a demo circle' }).click();
		await page.getByRole('heading', { level: 1, name: 'Explore a demo circle' }).waitFor();
		await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
		await page.getByRole('button', { name: 'Open the demo circle' }).click();
		await page.waitForURL(/\/now$/, { timeout: 90_000 });
		await page.getByRole('heading', { level: 1, name: 'Elm Street Tool Library' }).waitFor();
		await page.getByRole('heading', { name: 'Who holds what' }).waitFor();
		const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
		console.log(`demo: longest main-thread task while building ${Math.round(longest)} ms`);
		// One task of the whole build was 555 ms at full speed; in batches the longest is ~150 ms on an
		// idle machine. The bound leaves room for a loaded CI machine.
		expect(longest).toBeLessThan(400);

		// No key was made: Home still welcomes, and lists the demo until it is left.
		await page.getByRole('link', { name: 'Circulate' }).click();
		await page.getByRole('heading', { name: 'Welcome to Circulate' }).waitFor();
		const listed = page.getByRole('region', { name: 'On this phone' }).getByRole('link', {
			name: /Elm Street Tool Library/
		});
		await listed.waitFor();
		await screenshot(page, 'demo-on-home');
		await page.reload();
		await listed.click();
		await page.getByRole('heading', { level: 1, name: 'Elm Street Tool Library' }).waitFor();
		const circle = /\/circle\/([0-9a-f]{32})/.exec(page.url())![1]!;

		// Invite and Sync explain themselves to a visitor.
		await page.goto(e2e.url(`/circle/${circle}/invite`));
		await page.getByText('this is the demo circle: its members are invented').waitFor();
		await page.goto(e2e.url(`/circle/${circle}/sync`));
		await page.getByRole('note').getByText('This is the demo circle.').waitFor();

		// Left from its overview, it is gone from Home.
		await page.goto(e2e.url(`/circle/${circle}`));
		await page.getByRole('button', { name: 'Leave circle' }).click();
		await page.getByRole('button', { name: 'Yes, leave' }).click();
		await page.waitForURL(e2e.url('/'));
		await page.getByRole('heading', { name: 'Welcome to Circulate' }).waitFor();
		expect(await page.getByRole('region', { name: 'On this phone' }).count()).toBe(0);
	});
});
