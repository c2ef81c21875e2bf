/// <reference types="@sveltejs/kit" />
/// <reference lib="webworker" />
// The offline shell. Circulate must open at the tool shed with no signal, so after the first visit
// every file of the app (and the SPA fallback page) comes from this cache, never from the network.
//
// Life cycle (the contract with src/lib/pwa/register.ts):
// - install: precache the whole build into a cache named by the build version. No skipWaiting():
//   a new version waits until the person accepts the "Update available" prompt, so a page never
//   runs old JavaScript against a cache of new files.
// - message {type: 'SKIP_WAITING'} (workbox-window's messageSkipWaiting): activate now.
// - activate: delete every other version's cache, then claim the open pages (the first visit is
//   controlled at once, so it works offline without a reload).
// - fetch: precached files cache-first; every navigation gets the cached fallback page, which
//   routes on the device.
import { base, build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `circulate-${version}`;

// adapter-static writes the SPA fallback as build/index.html, which is in none of Kit's lists.
// It is precached under the scope root, the URL a navigation to "/" asks for.
const SHELL = `${base}/`;

const PRECACHE = [...new Set([SHELL, ...build, ...files, ...prerendered])];
const PRECACHED_PATHS = new Set(PRECACHE);

sw.addEventListener('install', (event) => {
	event.waitUntil(precache());
});

async function precache(): Promise<void> {
	const cache = await caches.open(CACHE);
	// `no-cache` revalidates with the server: a stale HTTP-cached page from the previous version
	// would otherwise be stored as this version's shell and load old chunks.
	await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'no-cache' })));
}

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('circulate-')) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const data: unknown = event.data;
	if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
		void sw.skipWaiting();
	}
});

// A reminder tapped (state/reminders.svelte.ts): the app's open window goes to the screen the
// reminder names (a path of this origin only), or a new one opens there.
sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const raw = (event.notification.data as { url?: unknown } | null)?.url;
	const path = typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
	event.waitUntil(
		(async () => {
			const open = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const win = open[0];
			if (win) {
				await win.focus();
				await win.navigate(path).catch(() => undefined);
			} else await sw.clients.openWindow(path);
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (PRECACHED_PATHS.has(url.pathname)) {
		event.respondWith(fromCache(url.pathname, request));
	} else if (request.mode === 'navigate') {
		event.respondWith(fromCache(SHELL, request));
	}
	// Anything else (there is nothing else the app needs) goes to the network as usual.
});

/** The cached copy of `path`, or the network when the cache was cleared under us (storage pressure). */
async function fromCache(path: string, request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(path);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok && response.type === 'basic') await cache.put(path, response.clone());
	return response;
}
