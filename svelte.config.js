import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// One version per build. The config is loaded more than once per build (the fallback page is
// rendered in a child process), so the default is fixed in the environment the child inherits;
// two different values would give the page and its scripts different global names.
process.env.CIRCULATE_BUILD ??= Date.now().toString(36);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: every route renders on the device, so the static
		// fallback page is what the service worker serves to every navigation.
		// CIRCULATE_OUT builds into another directory (tests/e2e/support/server.ts: CIRCULATE_E2E_BUILD).
		adapter: adapter({
			fallback: 'index.html',
			pages: process.env.CIRCULATE_OUT ?? 'build',
			assets: process.env.CIRCULATE_OUT ?? 'build'
		}),
		// The service worker is registered by workbox-window (src/lib/pwa), which
		// gives us the waiting/controlling events behind the update prompt.
		serviceWorker: { register: false },
		version: { name: process.env.CIRCULATE_BUILD }
	}
};

export default config;
