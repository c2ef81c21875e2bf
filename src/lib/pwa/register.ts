// Registers the offline shell (src/service-worker.ts) through workbox-window and turns its life
// cycle into two stores the UI reads: `updateAvailable` (a new version is installed and waiting)
// and `status`. `applyUpdate()` is the only way a new version takes over: it asks the waiting
// worker to activate and reloads exactly once when it controls the page.
//
// Why not reload automatically: a member may be in the middle of writing an entry at the shed.
// Why the guard: a reload on every `controlling` event loops when two tabs take turns updating.
import type { Workbox } from 'workbox-window';
import { readonly, writable, type Readable } from 'svelte/store';
import { dev, version } from '$app/environment';

export type PwaStatus = 'idle' | 'unsupported' | 'registered' | 'failed';

const updateAvailableStore = writable(false);
const statusStore = writable<PwaStatus>('idle');

/** True while a new version of the app is waiting for the person to accept it. */
export const updateAvailable: Readable<boolean> = readonly(updateAvailableStore);
/** Whether the offline shell is registered ('unsupported' on plain-http LAN pages: not a secure context). */
export const status: Readable<PwaStatus> = readonly(statusStore);

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_INTERVAL = 60 * 60 * 1000;
const MIN_CHECK_GAP = 60 * 1000;

let workbox: Workbox | null = null;
let registration: ServiceWorkerRegistration | undefined;
let accepted = false;
let reloading = false;
let lastCheck = 0;
/** The waiting worker the person said "Later" to: not offered again in this page. */
let dismissed: ServiceWorker | null = null;

/** Offers the update, unless it is the very worker the person just dismissed. */
function offer(worker: ServiceWorker | null | undefined): void {
	if (worker && worker === dismissed) return;
	updateAvailableStore.set(true);
}

/** Marks the document with the running build, for support questions ("which version?") and tests. */
function markVersion(): void {
	document.documentElement.dataset.version = version;
}

/**
 * Registers /service-worker.js once per page; later calls return the same promise.
 * Never throws: a browser without service workers still runs the app, only not offline.
 */
export function registerServiceWorker(): Promise<void> {
	registering ??= register();
	return registering;
}
let registering: Promise<void> | undefined;

async function register(): Promise<void> {
	markVersion();
	if (!('serviceWorker' in navigator)) {
		statusStore.set('unsupported');
		return;
	}
	// workbox-window loads after the first screen, not with it (first-load budget: 150 KB gzip).
	const { Workbox } = await import('workbox-window');
	// Kit serves the worker as an ES module in dev and builds a classic script for production.
	const wb = new Workbox('/service-worker.js', dev ? { type: 'module', scope: '/' } : { scope: '/' });
	workbox = wb;
	// The worker this page has been running under (null on a first visit until the worker claims it).
	let controller = navigator.serviceWorker.controller;

	wb.addEventListener('waiting', (event) => offer(event.sw));
	// Every controller change, including one another tab caused by accepting the update there.
	navigator.serviceWorker.addEventListener('controllerchange', () => {
		const previous = controller;
		controller = navigator.serviceWorker.controller;
		if (accepted) {
			reloadOnce();
		} else if (previous) {
			// Another tab accepted an update: this page runs old code on the new cache. Offer the reload.
			offer(null);
		}
	});

	try {
		registration = await wb.register({ immediate: true });
	} catch (error) {
		console.warn('Circulate could not register its offline shell:', error); // i18n-ignore: a log
		statusStore.set('failed');
		return;
	}
	statusStore.set('registered');
	// workbox-window stops following `updatefound` after the first update it calls external, so
	// later updates in a long-open page are watched on the registration directly.
	registration?.addEventListener('updatefound', () => {
		const installing = registration?.installing;
		installing?.addEventListener('statechange', () => {
			if (installing.state === 'installed' && navigator.serviceWorker.controller) {
				offer(installing);
			}
		});
	});
	if (registration?.waiting && navigator.serviceWorker.controller) offer(registration.waiting);

	// Hourly while the page is seen; a hidden page asks when it is seen again (below), so a phone
	// left with the app open in a pocket makes no requests.
	setInterval(() => {
		if (document.visibilityState === 'visible') void checkForUpdate();
	}, UPDATE_CHECK_INTERVAL);
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') void checkForUpdate();
	});
}

/** Asks the server for a newer service worker; quietly does nothing offline. */
export async function checkForUpdate(): Promise<void> {
	const now = Date.now();
	if (!workbox || now - lastCheck < MIN_CHECK_GAP) return;
	lastCheck = now;
	try {
		await workbox.update();
	} catch {
		// Offline or the server is away: the installed version keeps working.
	}
}

/** The person accepted the update: activate the waiting version, then reload once into it. */
export function applyUpdate(): void {
	if (accepted) return;
	accepted = true;
	if (workbox && registration?.waiting) {
		workbox.messageSkipWaiting();
	} else {
		// Nothing waiting (another tab already activated it): the new version already controls us.
		reloadOnce();
	}
}

/** Hides the prompt until the next update or the next start. */
export function dismissUpdate(): void {
	dismissed = registration?.waiting ?? null;
	updateAvailableStore.set(false);
}

function reloadOnce(): void {
	if (reloading) return;
	reloading = true;
	let done = false;
	const reload = () => {
		if (done) return;
		done = true;
		window.location.reload();
	};
	// Reload once the new worker has finished activating (old caches deleted, pages claimed), so the
	// reloaded page meets a settled worker rather than one still mid-activation.
	const controller = navigator.serviceWorker.controller;
	if (!controller || controller.state === 'activated') {
		reload();
		return;
	}
	controller.addEventListener('statechange', () => {
		if (controller.state === 'activated' || controller.state === 'redundant') reload();
	});
	// Never hang on a worker that stalls: reload anyway after a few seconds.
	setTimeout(reload, 5_000);
}
