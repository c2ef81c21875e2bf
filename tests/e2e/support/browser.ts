// Real headless Chromium (the system one; playwright-core never downloads a browser) and "devices":
// each device is its own browser context, so it has its own IndexedDB, caches and service worker,
// exactly like a second phone.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './ensure-chromium.js';
import { watchContext } from './page-errors.js';

/** Flags for quiet, reproducible runs that never talk to Google and never leave the machine. */
export const chromiumArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-default-apps',
	'--disable-domain-reliability',
	'--no-pings',
	// WebRTC: offer plain host candidates (10.x in the test network namespace) instead of
	// .local mDNS names, which nothing in the namespace can resolve.
	'--disable-features=WebRtcHideLocalIpsWithMdns',
	// Camera and microphone prompts would block a test; the fake devices are used when asked.
	'--use-fake-ui-for-media-stream'
];

/** A phone-sized viewport: the interface is designed at 390×844 first. */
export const PHONE = { width: 390, height: 844 } as const;

export function chromiumExecutable(): string {
	const path = findChromium();
	if (!path) {
		throw new Error(
			'No Chromium found for the end-to-end tests. Run `node tests/e2e/support/ensure-chromium.js` ' +
				'(installs Debian’s chromium when apt-get is usable) or set CHROMIUM_PATH to a Chromium/Chrome executable.'
		);
	}
	return path;
}

export interface LaunchOptions {
	/** Extra command-line flags, e.g. Chromium's fake camera flags. */
	args?: string[];
}

/**
 * Chromium, with every page of every context it opens watched for uncaught errors and console
 * errors (page-errors.ts), so any end-to-end test fails on one.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
	const browser = await chromium.launch({
		executablePath: chromiumExecutable(),
		headless: true,
		chromiumSandbox: false,
		args: [...chromiumArgs, ...(options.args ?? [])]
	});
	const newContext = browser.newContext.bind(browser);
	browser.newContext = async (contextOptions) => {
		const context = await newContext(contextOptions);
		watchContext(context);
		return context;
	};
	const newPage = browser.newPage.bind(browser);
	browser.newPage = async (pageOptions) => {
		const page = await newPage(pageOptions);
		watchContext(page.context());
		return page;
	};
	return browser;
}

export interface DeviceOptions {
	/** Viewport; a phone (390×844) unless given. */
	viewport?: { width: number; height: number };
	colorScheme?: 'light' | 'dark';
	/** Extra permissions, e.g. ['camera', 'clipboard-read']. */
	permissions?: string[];
	/** The phone's time zone, e.g. 'Pacific/Chatham' (the machine's unless given). */
	timezoneId?: string;
	/** The browser's language (navigator.languages); English unless given, whatever the machine's LANG. */
	locale?: string;
}

/** One phone: a browser context with its own storage, and the page open in it. */
export interface Device {
	name: string;
	context: BrowserContext;
	page: Page;
	/** Cuts every network path, including requests made by the service worker itself. */
	goOffline(): Promise<void>;
	goOnline(): Promise<void>;
	close(): Promise<void>;
}

export async function newDevice(
	browser: Browser,
	name = 'device',
	options: DeviceOptions = {}
): Promise<Device> {
	const context = await browser.newContext({
		viewport: options.viewport ?? PHONE,
		deviceScaleFactor: 1,
		hasTouch: false,
		colorScheme: options.colorScheme ?? 'light',
		serviceWorkers: 'allow',
		permissions: options.permissions ?? [],
		locale: options.locale ?? 'en-US',
		...(options.timezoneId ? { timezoneId: options.timezoneId } : {})
	});
	const page = await context.newPage();
	return {
		name,
		context,
		page,
		goOffline: () => goOffline(context),
		goOnline: () => goOnline(context),
		close: () => context.close()
	};
}

/**
 * The network is gone: `setOffline` for the pages, and every request aborted at the context's
 * router, which in Chromium also sees requests made by service workers (setOffline alone has been
 * known to miss those). A page that still loads after this loaded from the service worker's cache.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
	await context.route('**/*', (route) => route.abort('internetdisconnected'));
	await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.unrouteAll({ behavior: 'ignoreErrors' });
	await context.setOffline(false);
}

/** Waits until a service worker controls `page` (on a first visit, after it activates and claims). */
export async function waitForServiceWorkerControl(page: Page, timeout = 30_000): Promise<string> {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout });
	return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
}

/**
 * The build version the page runs: the root element's data-version, which src/lib/pwa/register.ts
 * sets when the app starts. Waits for the app to start (the load event comes before that).
 */
export async function appVersion(page: Page, timeout = 15_000): Promise<string> {
	const handle = await page.waitForFunction(() => document.documentElement.dataset.version, undefined, {
		timeout
	});
	return (await handle.jsonValue()) as string;
}
