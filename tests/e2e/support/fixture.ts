// One line per test file: `const e2e = useE2E();` starts the built app's server and Chromium before
// the file's tests, gives each test fresh devices, and closes everything after.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newDevice, type Device, type DeviceOptions, type LaunchOptions } from './browser.js';
import { startServer, type AppServer } from './server.js';

export interface E2E {
	readonly server: AppServer;
	readonly browser: Browser;
	/** Absolute URL of a path on the app server, e.g. e2e.url('/circle/abc'). */
	url(path?: string): string;
	/** A new device (own storage), closed after the current test. */
	device(name?: string, options?: DeviceOptions): Promise<Device>;
}

/**
 * What each device's pages showed when a test failed: its address and the start of its text. A
 * wait that times out says only what it waited for; this says what was there instead (printed,
 * so the log of a CI run that nobody can rerun holds it). A page too busy to answer is said so.
 */
const describePages = async (open: Device[]): Promise<void> => {
	for (const d of open) {
		for (const page of d.context.pages()) {
			const text = await Promise.race([
				page.evaluate(() => document.body?.innerText ?? '').catch((e: Error) => `(unreadable: ${e.message})`),
				new Promise<string>((r) => setTimeout(() => r('(no answer in 5 s: the page is busy)'), 5000))
			]);
			console.log(`[${d.name}] ${page.url()}\n${text.replace(/\n{2,}/g, '\n').slice(0, 1500)}`);
		}
	}
};

export function useE2E(options: { root?: string; launch?: LaunchOptions } = {}): E2E {
	let server: AppServer | undefined;
	let browser: Browser | undefined;
	let devices: Device[] = [];

	beforeAll(async () => {
		server = await startServer({ root: options.root });
		browser = await launchBrowser(options.launch);
	});
	afterEach(async (context) => {
		const open = devices;
		devices = [];
		if (context.task.result?.state === 'fail') await describePages(open);
		await Promise.all(open.map((d) => d.close().catch(() => undefined)));
	});
	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	const e2e: E2E = {
		get server() {
			if (!server) throw new Error('useE2E: the server starts in beforeAll; use it inside a test.');
			return server;
		},
		get browser() {
			if (!browser) throw new Error('useE2E: the browser starts in beforeAll; use it inside a test.');
			return browser;
		},
		url: (path = '/') => new URL(path, e2e.server.url).href,
		async device(name = `device-${devices.length + 1}`, deviceOptions) {
			const device = await newDevice(e2e.browser, name, deviceOptions);
			devices.push(device);
			return device;
		}
	};
	return e2e;
}
