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

export function useE2E(options: { root?: string; launch?: LaunchOptions } = {}): E2E {
	let server: AppServer | undefined;
	let browser: Browser | undefined;
	let devices: Device[] = [];

	beforeAll(async () => {
		server = await startServer({ root: options.root });
		browser = await launchBrowser(options.launch);
	});
	afterEach(async () => {
		const open = devices;
		devices = [];
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
