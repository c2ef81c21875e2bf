// The static server behind `npm start` and the e2e tests: files with the right types and caching,
// the SPA fallback for page URLs only, nothing outside the served directory, and build swapping.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/cli/serve.js';

/** A raw GET (fetch would normalise "/../" away before it reaches the server). */
function get(server: StaticServer, path: string, accept = '*/*') {
	return new Promise<{
		status: number;
		headers: Record<string, string | string[] | undefined>;
		body: string;
	}>((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port: server.port, path, headers: { accept } }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

function makeBuild(marker: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'circulate-serve-test-'));
	mkdirSync(join(dir, '_app', 'immutable'), { recursive: true });
	writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${marker}</title>`);
	writeFileSync(join(dir, 'service-worker.js'), `// ${marker}`);
	writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
	writeFileSync(join(dir, '_app', 'immutable', 'app.abc123.js'), 'export {};');
	return dir;
}

describe('src/cli/serve.js', () => {
	let server: StaticServer;
	let a: string;
	let b: string;
	const secret = join(tmpdir(), 'circulate-serve-secret.txt');

	beforeAll(async () => {
		a = makeBuild('release-a');
		b = makeBuild('release-b');
		writeFileSync(secret, 'not for the web');
		server = await startStaticServer({ root: a });
	});
	afterAll(async () => {
		await server.close();
		for (const dir of [a, b]) rmSync(dir, { recursive: true, force: true });
		rmSync(secret, { force: true });
	});

	test.each([
		['/', 200, 'text/html; charset=utf-8', 'no-cache'],
		['/index.html', 200, 'text/html; charset=utf-8', 'no-cache'],
		['/manifest.webmanifest', 200, 'application/manifest+json; charset=utf-8', 'no-cache'],
		['/service-worker.js', 200, 'text/javascript; charset=utf-8', 'no-cache'],
		[
			'/_app/immutable/app.abc123.js',
			200,
			'text/javascript; charset=utf-8',
			'public, max-age=31536000, immutable'
		]
	])('%s → %i %s', async (path, status, type, cache) => {
		const response = await get(server, path);
		expect(response.status).toBe(status);
		expect(response.headers['content-type']).toBe(type);
		expect(response.headers['cache-control']).toBe(cache);
	});

	test('the service worker may control the whole origin', async () => {
		expect((await get(server, '/service-worker.js')).headers['service-worker-allowed']).toBe('/');
	});

	test('page URLs get the fallback page; missing files are 404', async () => {
		const page = await get(server, '/circle/abc/charter', 'text/html');
		expect(page.status).toBe(200);
		expect(page.body).toContain('release-a');
		expect((await get(server, '/_app/immutable/missing.js')).status).toBe(404);
	});

	test('nothing outside the served directory is reachable', async () => {
		for (const path of [
			'/../circulate-serve-secret.txt',
			'/%2e%2e/circulate-serve-secret.txt',
			'/..%2fcirculate-serve-secret.txt'
		]) {
			const response = await get(server, path);
			expect(response.body, path).not.toContain('not for the web');
		}
	});

	test('setRoot serves another build from the next request', async () => {
		server.setRoot(b);
		expect((await get(server, '/', 'text/html')).body).toContain('release-b');
		server.setRoot(a);
		expect((await get(server, '/', 'text/html')).body).toContain('release-a');
	});
});
