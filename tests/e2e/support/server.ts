// The built app served on a free 127.0.0.1 port, as a static host would serve it (see src/cli/serve.js).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startStaticServer, type StaticServer } from '../../../src/cli/serve.js';

export type AppServer = StaticServer;

/**
 * The built app the tests serve: ./build, which `npm run test:e2e` builds before the tests run, or
 * $CIRCULATE_E2E_BUILD (build there with `CIRCULATE_OUT=dir npx vite build`) to test a build of your
 * own while others rebuild ./build.
 */
export const BUILD_DIR = resolve(process.env.CIRCULATE_E2E_BUILD ?? 'build');

/**
 * Serves `root` (default ./build) with the SPA fallback for page URLs.
 * `server.setRoot(dir)` swaps the served build, which is how the update test publishes a new release.
 */
export async function startServer(options: { root?: string } = {}): Promise<AppServer> {
	const root = resolve(options.root ?? BUILD_DIR);
	if (!existsSync(join(root, 'index.html'))) {
		throw new Error(`No built app in ${root} (index.html is missing). Run \`npx vite build\` first.`);
	}
	return startStaticServer({ root });
}
