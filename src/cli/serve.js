// Serves the built app (./build) the way a static host would: files as they are, the SPA fallback
// page (index.html) for every other page URL. Used by `npm start` and by the end-to-end tests
// (tests/e2e/support/server.ts), which also swap the served directory to simulate a new release.
//
//   node src/cli/serve.js [--port 4173] [--host 127.0.0.1] [--root build]
//
// Nothing here reaches outside the machine: it only answers requests.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @type {Record<string, string>} */
export const contentTypes = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.wasm': 'application/wasm',
	'.map': 'application/json; charset=utf-8'
};

/**
 * @typedef {object} StaticServer
 * @property {string} url        origin, e.g. http://127.0.0.1:41234 (no trailing slash)
 * @property {number} port
 * @property {() => string} root the directory served now
 * @property {(dir: string) => void} setRoot serve another build from the next request on
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ root?: string, port?: number, host?: string, log?: boolean }} [options]
 *   port 0 (the default) picks a free port.
 * @returns {Promise<StaticServer>}
 */
export async function startStaticServer(options = {}) {
	let root = resolve(options.root ?? 'build');
	const host = options.host ?? '127.0.0.1';

	const server = createServer((request, response) => {
		const method = request.method ?? 'GET';
		if (method !== 'GET' && method !== 'HEAD') {
			response.writeHead(405, { allow: 'GET, HEAD' }).end();
			return;
		}
		let pathname;
		try {
			pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
		} catch {
			response.writeHead(400).end('Bad request');
			return;
		}
		const file = resolveFile(root, pathname);
		const wantsPage = (request.headers.accept ?? '').includes('text/html') || extname(pathname) === '';
		const target = file ?? (wantsPage ? resolveFile(root, '/index.html') : null);
		if (options.log) console.log(`${method} ${pathname} -> ${target ?? 404}`);
		if (!target) {
			response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
			return;
		}
		response.writeHead(200, {
			'content-type': contentTypes[extname(target)] ?? 'application/octet-stream',
			'content-length': statSync(target).size,
			'cache-control': cacheControl(pathname, target),
			'x-content-type-options': 'nosniff',
			...(pathname === '/service-worker.js' ? { 'service-worker-allowed': '/' } : {})
		});
		if (method === 'HEAD') response.end();
		else createReadStream(target).pipe(response);
	});

	await new Promise((done, fail) => {
		server.once('error', fail);
		server.listen(options.port ?? 0, host, () => done(undefined));
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('The server has no TCP address.');
	const port = address.port;

	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		root: () => root,
		setRoot(dir) {
			root = resolve(dir);
		},
		close: () =>
			new Promise((done) => {
				server.closeAllConnections();
				server.close(() => done(undefined));
			})
	};
}

/**
 * The file under `root` for a URL path, or null. Never leaves `root`.
 * @param {string} root
 * @param {string} pathname
 */
function resolveFile(root, pathname) {
	const candidate = resolve(join(root, pathname));
	if (candidate !== root && !candidate.startsWith(root + sep)) return null;
	for (const path of [candidate, join(candidate, 'index.html')]) {
		try {
			if (statSync(path).isFile()) return path;
		} catch {
			// not there; try the next
		}
	}
	return null;
}

/**
 * Content-hashed files never change; everything else (pages, the manifest, icons and above all the
 * service worker script, whose bytes announce a new version) is revalidated on every request.
 * @param {string} pathname
 * @param {string} target
 */
function cacheControl(pathname, target) {
	if (pathname === '/service-worker.js') return 'no-cache';
	if (pathname.startsWith('/_app/immutable/') && !target.endsWith('.html')) {
		return 'public, max-age=31536000, immutable';
	}
	return 'no-cache';
}

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string>} */
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg.startsWith('--')) {
			const [key, inline] = arg.slice(2).split('=', 2);
			args[key ?? ''] = inline ?? argv[++i] ?? '';
		}
	}
	return args;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const args = parseArgs(process.argv.slice(2));
	const root = args.root ?? 'build';
	try {
		statSync(join(root, 'index.html'));
	} catch {
		console.error(`No built app in ${root}/ (index.html is missing). Run \`npm run build\` first.`);
		process.exit(1);
	}
	const port = Number(args.port ?? process.env.PORT ?? 4173);
	const host = args.host ?? '127.0.0.1';
	const server = await startStaticServer({ root, port, host, log: args.log !== undefined }).catch(
		(/** @type {NodeJS.ErrnoException} */ error) => {
			if (error.code === 'EADDRINUSE') {
				console.error(`Port ${port} is in use. Stop what holds it, or choose another: --port 4174`);
				process.exit(1);
			}
			throw error;
		}
	);
	const shown = host === '127.0.0.1' ? `http://localhost:${server.port}` : server.url;
	console.log(`Circulate is being served from ${root}/ on ${shown}  (Ctrl+C stops it)`);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.on(signal, () => void server.close().then(() => process.exit(0)));
	}
}
