import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { i18nPlugin } from './src/cli/i18n.js';
import { recordPagePlugin } from './src/cli/record-page-plugin.js';

export default defineConfig({
	// i18nPlugin: the message files compiled (Paraglide JS 2) before every build, dev server and test run.
	// recordPagePlugin: the standalone record page (one HTML file), built when the app first imports it.
	plugins: [i18nPlugin(), recordPagePlugin(), sveltekit()],
	preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/**/*.test.ts'],
					exclude: ['tests/e2e/**'],
					environment: 'node',
					// English messages installed, as the app does before it mounts (src/lib/i18n).
					setupFiles: ['tests/i18n/setup.ts'],
					// A loaded two-core machine takes several times the usual seconds for the tests that start
					// ESLint or fold a year of history; a timeout is for hangs, not for speed (benchmarks are).
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.e2e.ts'],
					environment: 'node',
					// Fails any test during which a page had an uncaught error or a console error.
					setupFiles: ['tests/e2e/support/setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					// Each file starts its own server and browser; two cores, so run them one by one.
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					// `npm run bench`: the speed and memory targets of DESIGN.md §7. Never part of `npm test`.
					name: 'bench',
					include: ['tests/bench/**/*.bench.ts'],
					environment: 'node',
					testTimeout: 600_000,
					fileParallelism: false
				}
			}
		]
	}
});
