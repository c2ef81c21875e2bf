// The end-to-end hook `window.__circulate` (src/lib/state/test-hook.ts) is only in the build the
// end-to-end tests use (VITE_E2E_HOOK=1). A production build, as `npm run build` and `npm start`
// make it, is built here into a temporary directory: no file of it mentions the hook, and the app
// it serves starts without one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appVersion, BUILD_DIR, buildScripts, useE2E } from './support/index.js';

const HOOK = '__circulate';
const out = mkdtempSync(join(tmpdir(), 'circulate-production-'));

beforeAll(() => {
	// As `npm run build` runs: none of the test run's variables (NODE_ENV=test would make Svelte
	// compile in development mode, VITE_E2E_HOOK would put the hook in), its own version name.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !/^(VITE|VITEST|NODE_ENV$|CIRCULATE_BUILD$|CIRCULATE_OUT$)/.test(k)
		)
	);
	env.CIRCULATE_OUT = out;
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
		env,
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 300_000
	});
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the production build has no test hook', () => {
	const e2e = useE2E({ root: out });

	test(`no file of it contains "${HOOK}"; the end-to-end build does`, () => {
		const files = readdirSync(out, { recursive: true, encoding: 'utf8' });
		expect(files).toContain('index.html');
		const mentions = files.filter((f) => {
			try {
				return readFileSync(join(out, f), 'utf8').includes(HOOK);
			} catch {
				return false; // a folder
			}
		});
		expect(mentions).toEqual([]);
		// The same search finds it where it is meant to be.
		const inE2E = buildScripts(BUILD_DIR).filter((f) => readFileSync(f, 'utf8').includes(HOOK));
		expect(inE2E.map((f) => relative(BUILD_DIR, f))).not.toEqual([]);
	});

	test('the app it serves starts with no window.__circulate', async () => {
		const { page } = await e2e.device('production');
		await page.goto(e2e.url('/'));
		await appVersion(page);
		await page.getByLabel('Your name').waitFor();
		expect(await page.evaluate((hook) => hook in window, HOOK)).toBe(false);
	});
});
