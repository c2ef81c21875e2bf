// The record page (issue 14, item 5): a single self-contained HTML file that checks a circle's
// published record in any browser, opened from a file (file://), with no network and no app.
//
// A second, small Vite build of src/record-page/main.ts (the same core, sync and Svelte components
// as /verify) into one classic script and one stylesheet, both inlined into the page; no module,
// no worker, no fetch, so Chromium runs it from file:// with no server. The app imports the result
// lazily as `virtual:circulate-record-page` (a string: the page with an empty record slot), so the
// page is one more chunk the service worker precaches, fetched only when someone saves a page, and
// never part of the first load. The record goes in where the slot is (sync/record-page.ts).
import { build } from 'vite';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ID = 'virtual:circulate-record-page';
const RESOLVED = `\0${ID}`;
/** Where the record goes (sync/record-page.ts RECORD_SLOT) and the element that holds it. */
const SLOT = '<!--circulate-record-->';

/**
 * Inline script text cannot hold `</script` or `<!--` (the HTML parser would end or escape it).
 * @param {string} js
 */
const scriptSafe = (js) => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** Builds the page: returns its HTML with the empty record slot. */
export const buildRecordPage = async () => {
	const out = await build({
		configFile: false,
		root,
		logLevel: 'warn',
		mode: 'production',
		plugins: [svelte({ preprocess: vitePreprocess(), compilerOptions: { runes: true } })],
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		define: { 'import.meta.env.VITE_E2E_HOOK': 'undefined' },
		build: {
			write: false,
			emptyOutDir: false,
			cssCodeSplit: false,
			assetsInlineLimit: 100_000_000,
			modulePreload: false,
			target: 'es2022',
			rollupOptions: {
				input: join(root, 'src/record-page/main.ts'),
				output: { format: 'iife', entryFileNames: 'page.js' }
			}
		}
	});
	const outputs = /** @type {import('rolldown').RolldownOutput[]} */ (
		Array.isArray(out) ? out : [out]
	).flatMap((o) => o.output);
	const js = outputs.flatMap((o) => (o.type === 'chunk' ? [o.code] : [])).join('\n');
	const css = outputs
		.flatMap((o) => (o.type === 'asset' && o.fileName.endsWith('.css') ? [String(o.source)] : []))
		.join('\n');
	return [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8" />',
		'<meta name="viewport" content="width=device-width, initial-scale=1" />',
		'<meta name="generator" content="Circulate" />',
		'<title>Circulate</title>',
		`<style>${css.replace(/<\/(style)/gi, '<\\/$1')}</style>`,
		'</head>',
		'<body>',
		'<div id="app"></div>',
		`<script type="application/x-circulate-record" id="circulate-record">${SLOT}</script>`,
		`<script>${scriptSafe(js)}</script>`,
		'</body>',
		'</html>',
		''
	].join('\n');
};

/** `import html from 'virtual:circulate-record-page'`: the built page, built once per run. */
export const recordPagePlugin = () => {
	/** @type {Promise<string> | null} */
	let page = null;
	return {
		name: 'circulate-record-page',
		/** @param {string} id */
		resolveId(id) {
			return id === ID ? RESOLVED : null;
		},
		/** @param {string} id */
		async load(id) {
			if (id !== RESOLVED) return null;
			page ??= buildRecordPage();
			return `export default ${JSON.stringify(await page)};`;
		}
	};
};
