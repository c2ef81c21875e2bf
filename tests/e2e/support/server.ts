// The built app served on a free 127.0.0.1 port, as a static host would serve it (see src/cli/serve.js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startStaticServer, type StaticServer } from '../../../src/cli/serve.js';

export type AppServer = StaticServer;

/**
 * The built app the tests serve: ./build, which `npm run test:e2e` builds before the tests run, or
 * $CIRCULATE_E2E_BUILD (build there with `VITE_E2E_HOOK=1 CIRCULATE_OUT=dir npx vite build`) to test a
 * build of your own while others rebuild ./build. Either must be built with VITE_E2E_HOOK=1, which
 * puts in the test hook `window.__circulate` (src/lib/state/test-hook.ts); a production build has none.
 */
export const BUILD_DIR = resolve(process.env.CIRCULATE_E2E_BUILD ?? 'build');

/**
 * Serves `root` (default ./build) with the SPA fallback for page URLs.
 * `server.setRoot(dir)` swaps the served build, which is how the update test publishes a new release.
 */
export async function startServer(options: { root?: string } = {}): Promise<AppServer> {
	const root = resolve(options.root ?? BUILD_DIR);
	if (!existsSync(join(root, 'index.html'))) {
		throw new Error(
			`No built app in ${root} (index.html is missing). Run \`VITE_E2E_HOOK=1 npx vite build\` first.`
		);
	}
	if (!options.root && !hasTestHook(root)) {
		throw new Error(
			`The app in ${root} is a production build, without the end-to-end test hook. Build it with ` +
				'`VITE_E2E_HOOK=1 npx vite build` (npm run test:e2e does).'
		);
	}
	return startStaticServer({ root });
}

/** The JavaScript files of a build: its scripts and the service worker. */
export function buildScripts(root: string): string[] {
	return readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((f) => /\.m?js$/.test(f))
		.map((f) => join(root, f));
}

/** True when a build carries the test hook `window.__circulate` (made with VITE_E2E_HOOK=1). */
export function hasTestHook(root: string): boolean {
	return buildScripts(root).some((f) => readFileSync(f, 'utf8').includes('__circulate'));
}
