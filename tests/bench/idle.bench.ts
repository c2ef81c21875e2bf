/**
 * Idle is idle (issue 12): an open app with nothing happening does no periodic work beyond the
 * live clock's next deadline. The app is left open on the demo circle's Now screen (the screen a
 * member leaves open at the shed) and on Home; Chromium's own count of the page's main-thread
 * work (CDP Performance.getMetrics: TaskDuration) over a quiet window is the figure, beside a
 * static page of the same origin measured over the same window in the same run.
 *
 * Numbers are printed, never asserted. CIRCULATE_BENCH_IDLE_S sets the window (60 s by default).
 */
import { afterAll, beforeAll, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newDevice, startServer, type AppServer, type Device } from '../e2e/support/index.js';

const WINDOW_S = Number(process.env.CIRCULATE_BENCH_IDLE_S ?? 60);
const rows: string[] = [];

let server: AppServer;
let browser: Browser;
const devices: Device[] = [];

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	for (const d of devices) await d.close().catch(() => undefined);
	await browser?.close();
	await server?.close();
});

/** Main-thread busy time of `page` over the next `seconds`, as a share of one core. */
const busyShare = async (page: Page, seconds: number): Promise<{ share: number; ms: number }> => {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
	const task = async () => {
		const { metrics } = await cdp.send('Performance.getMetrics');
		return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
	};
	const before = await task();
	await new Promise((r) => setTimeout(r, seconds * 1000));
	const ms = ((await task()) - before) * 1000;
	await cdp.detach();
	return { share: ms / (seconds * 1000), ms };
};

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

it(`an open app with nothing happening, over ${WINDOW_S} s`, async () => {
	const base = server.url.replace(/\/$/, '');
	const visitor = await newDevice(browser, 'visitor');
	devices.push(visitor);
	const { page } = visitor;
	await page.goto(`${base}/`);
	await page.getByRole('link', { name: 'Explore a demo circle' }).click();
	await page.getByRole('button', { name: 'Open the demo circle' }).click();
	await page.waitForURL(/\/now$/, { timeout: 120_000 });
	await page.getByRole('heading', { name: 'Who holds what' }).waitFor({ timeout: 60_000 });
	// Let the opening settle (idle callbacks, the first duties pass, the service worker's install).
	await page.waitForTimeout(5000);

	// The baseline: a static file of the same origin, open in another tab over the same window.
	const plain = await visitor.context.newPage();
	await plain.goto(`${base}/manifest.webmanifest`);
	const [now, bare] = await Promise.all([busyShare(page, WINDOW_S), busyShare(plain, WINDOW_S)]);
	rows.push(
		`${now.share < 0.01 ? 'ok  ' : 'MISS'} ${`idle: the demo's Now screen open ${WINDOW_S} s`.padEnd(46)} ${pct(now.share).padStart(12)}   target < 1 % of one core   ${now.ms.toFixed(0)} ms busy; a static page ${pct(bare.share)} (${bare.ms.toFixed(0)} ms)`
	);
	await plain.close();
}, 600_000);

it('prints the report', () => {
	console.log(['', 'Circulate idle benchmark (issue 12)', ...rows, ''].join('\n'));
});
