import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: every route renders on the device, so the static
		// fallback page is what the service worker serves to every navigation.
		adapter: adapter({ fallback: 'index.html', pages: 'build', assets: 'build' }),
		// The service worker is registered by workbox-window (src/lib/pwa), which
		// gives us the waiting/controlling events behind the update prompt.
		serviceWorker: { register: false },
		version: { name: process.env.CIRCULATE_BUILD ?? Date.now().toString(36) }
	}
};

export default config;
