#!/usr/bin/env node
// Compiles the message files (src/lib/i18n/messages/<locale>/<area>.json, inlang message format) into
// src/lib/i18n/gen with Paraglide JS 2, entirely offline: the message-format plugin is read from
// node_modules, never from a CDN. One JavaScript module per locale (gen/messages/<locale>.js), so
// the app loads only the member's language (src/lib/i18n/load.ts).
//
// It also writes two pseudo-locales generated from English, for tests and layout checks:
//   en-XA  accented and about 40% longer ("⟦Ŷöûŕ çîŕçļéš ·····⟧"): a hard-coded string stands out,
//          and a box too tight for a longer language clips;
//   en-XB  the same text, read right to left (dir="rtl"): the layout must mirror.
//
// A locale's messages are split into area files (common.json, credit.json, …) that are merged here
// into one catalogue per locale: a translator or a change to one part of the app touches one small
// file, and two people working on different screens never edit the same one. A key is unique across
// areas (a key twice is an error), and every locale has the same area files (tests/i18n).
//
// Runs on `npm install`/`npm ci` (prepare), before `npm run check`, and at the start of every Vite
// build, dev server and Vitest run (vite.config.ts). It skips the work when nothing changed.
// Usage: node src/cli/i18n.js [--force]
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const project = join(root, 'project.inlang');
const sources = join(root, 'src/lib/i18n/messages');
const outdir = join(root, 'src/lib/i18n/gen');
const plugin = join(root, 'node_modules/@inlang/plugin-message-format/dist/index.js');

/** The pseudo-locales and how each is made from English. */
export const PSEUDO_LOCALES = ['en-XA', 'en-XB'];

const ACCENTS = {
	a: 'á',
	b: 'ƀ',
	c: 'ç',
	d: 'ð',
	e: 'é',
	f: 'ƒ',
	g: 'ĝ',
	h: 'ĥ',
	i: 'î',
	j: 'ĵ',
	k: 'ķ',
	l: 'ļ',
	m: 'ɱ',
	n: 'ñ',
	o: 'ö',
	p: 'þ',
	q: 'ǫ',
	r: 'ŕ',
	s: 'š',
	t: 'ţ',
	u: 'û',
	v: 'ṽ',
	w: 'ŵ',
	x: 'ẋ',
	y: 'ý',
	z: 'ž',
	A: 'Á',
	B: 'Ɓ',
	C: 'Ç',
	D: 'Ð',
	E: 'É',
	F: 'Ƒ',
	G: 'Ĝ',
	H: 'Ĥ',
	I: 'Î',
	J: 'Ĵ',
	K: 'Ķ',
	L: 'Ļ',
	M: 'Ṁ',
	N: 'Ñ',
	O: 'Ö',
	P: 'Þ',
	Q: 'Ǫ',
	R: 'Ŕ',
	S: 'Š',
	T: 'Ţ',
	U: 'Û',
	V: 'Ṽ',
	W: 'Ŵ',
	X: 'Ẋ',
	Y: 'Ý',
	Z: 'Ž'
};

/**
 * A pattern's text accented and padded to about 140% of its length; `{placeholders}` (and
 * anything inside braces) kept exactly, so the pseudo-locale takes the same inputs as English.
 * @param {string} text
 * @returns {string}
 */
export const pseudoText = (text) => {
	let out = '';
	let depth = 0;
	let letters = 0;
	for (const ch of text) {
		if (ch === '{') depth++;
		if (depth === 0) {
			const accented = /** @type {Record<string, string>} */ (ACCENTS)[ch];
			if (accented) letters++;
			out += accented ?? ch;
		} else out += ch;
		if (ch === '}') depth = Math.max(0, depth - 1);
	}
	if (!letters) return text;
	// Padding in short words, so a long sentence still wraps where a real language's would.
	const pad = '·'.repeat(Math.max(1, Math.round([...text].length * 0.4) - 2)).replace(/(·{5})(?=·)/g, '$1 ');
	return `⟦${out} ${pad}⟧`;
};

/**
 * A whole message file in a pseudo-locale: every pattern through pseudoText, declarations,
 * selectors and match keys untouched.
 * @param {Record<string, unknown>} messages
 * @returns {Record<string, unknown>}
 */
export const pseudoMessages = (messages) => {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const [key, value] of Object.entries(messages)) {
		if (key.startsWith('$')) continue;
		if (typeof value === 'string') out[key] = pseudoText(value);
		else if (Array.isArray(value))
			out[key] = value.map((variant) => ({
				...variant,
				match: Object.fromEntries(
					Object.entries(/** @type {Record<string, string>} */ (variant.match ?? {})).map(([k, v]) => [
						k,
						pseudoText(v)
					])
				)
			}));
		else out[key] = value;
	}
	return out;
};

/**
 * The areas Home and the shell around every screen need, loaded before the app mounts (load.ts).
 * Every other area is compiled into a second module per locale that every other route waits for
 * (loadRest in its +page.ts or a +layout.ts above it), so the first load carries only these (issue 11:
 * first-load budget). tests/i18n/first-load.test.ts checks that Home and the shell call nothing else.
 */
export const FIRST_AREAS = ['common.json', 'outcomes.json'];

/** @param {string} file */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * The area files of a locale, sorted.
 * @param {string} locale
 * @returns {string[]}
 */
export const areasOf = (locale) =>
	fs
		.readdirSync(join(sources, locale))
		.filter((f) => f.endsWith('.json'))
		.sort();

/**
 * A locale's whole catalogue: its area files merged, `$schema` left out. Throws on a key found in
 * two areas, naming both.
 * @param {string} locale
 * @returns {Record<string, unknown>}
 */
export const readCatalogue = (locale) => {
	/** @type {Record<string, unknown>} */
	const out = {};
	/** @type {Map<string, string>} */
	const from = new Map();
	for (const area of areasOf(locale)) {
		const { $schema: _, ...messages } = readJson(join(sources, locale, area));
		for (const [key, value] of Object.entries(messages)) {
			if (from.has(key)) throw new Error(`${locale}: the key ${key} is in both ${from.get(key)} and ${area}`);
			from.set(key, area);
			out[key] = value;
		}
	}
	return out;
};

const inputsHash = () => {
	const h = createHash('sha256');
	h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
	h.update(fs.readFileSync(join(project, 'settings.json')));
	h.update(fs.readFileSync(join(root, 'node_modules/@inlang/paraglide-js/package.json')));
	for (const locale of fs.readdirSync(sources).sort())
		for (const f of areasOf(locale))
			h.update(`${locale}/${f}`).update(fs.readFileSync(join(sources, locale, f)));
	return h.digest('hex');
};

/** @type {Promise<boolean> | null} */
let running = null;

/**
 * Compiles unless the output is already that of these inputs. Resolves true when it compiled.
 * @param {{ force?: boolean }} [options]
 * @returns {Promise<boolean>}
 */
export const compileMessages = (options = {}) => (running ??= run(options).finally(() => (running = null)));

/** @param {{ force?: boolean }} options */
const run = async ({ force = false }) => {
	const hash = inputsHash();
	const stamp = join(outdir, '.inputs-hash');
	if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return false;

	const settings = readJson(join(project, 'settings.json'));
	const work = join(root, `node_modules/.cache/circulate-i18n/${process.pid}`);
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(join(work, 'project.inlang'), { recursive: true });
	fs.mkdirSync(join(work, 'messages'), { recursive: true });
	const schema = { $schema: 'https://inlang.com/schema/inlang-message-format' };
	for (const locale of settings.locales)
		fs.writeFileSync(
			join(work, 'messages', `${locale}.json`),
			JSON.stringify({ ...schema, ...readCatalogue(locale) }, null, '\t')
		);
	const english = readCatalogue(settings.baseLocale);
	for (const locale of PSEUDO_LOCALES)
		fs.writeFileSync(
			join(work, 'messages', `${locale}.json`),
			JSON.stringify(pseudoMessages(english), null, '\t')
		);
	fs.writeFileSync(
		join(work, 'project.inlang/settings.json'),
		JSON.stringify({
			...settings,
			locales: [...settings.locales, ...PSEUDO_LOCALES],
			modules: [plugin],
			'plugin.inlang.messageFormat': { pathPattern: './messages/{locale}.json' }
		})
	);

	const { compile } = await import('@inlang/paraglide-js');
	const tmp = `${outdir}.tmp-${process.pid}`;
	try {
		await compile({
			project: join(work, 'project.inlang'),
			outdir: tmp,
			outputStructure: 'locale-modules',
			emitReadme: false,
			emitPrettierIgnore: false,
			emitGitIgnore: false,
			strategy: ['baseLocale']
		});
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	splitModules(tmp, [...settings.locales, ...PSEUDO_LOCALES], settings.baseLocale);
	fs.writeFileSync(join(tmp, '.inputs-hash'), hash);
	// Swap the new output in whole, so a test run reading gen/ never sees it half written.
	const old = `${outdir}.old-${process.pid}`;
	if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
	fs.renameSync(tmp, outdir);
	fs.rmSync(old, { recursive: true, force: true });
	return true;
};

/**
 * Cuts each compiled locale module (messages/<locale>.js: a header, then one `export const` per
 * message) in two: messages/<locale>/first.js with the keys of FIRST_AREAS, messages/<locale>/rest.js
 * with the others. The whole module stays for types and tests.
 * @param {string} out
 * @param {string[]} locales
 * @param {string} base
 */
const splitModules = (out, locales, base) => {
	const first = new Set();
	for (const area of areasOf(base))
		if (FIRST_AREAS.includes(area)) {
			const { $schema: _, ...messages } = readJson(join(sources, base, area));
			for (const key of Object.keys(messages)) first.add(key);
		}
	for (const locale of locales) {
		const text = fs.readFileSync(join(out, 'messages', `${locale}.js`), 'utf8');
		const starts = [...text.matchAll(/^export const ([A-Za-z0-9_$]+) =/gm)];
		if (starts.length === 0) throw new Error(`${locale}: no messages in the compiled module`);
		// The header (typedefs and imports), its imports one folder deeper.
		const header = text
			.slice(0, starts[0]?.index ?? 0)
			.replace(/(import\(|^import .*?)(["'])\.\.\//gm, '$1$2../../');
		/** @type {{ first: string[]; rest: string[] }} */
		const parts = { first: [], rest: [] };
		starts.forEach((m, i) => {
			const block = text.slice(m.index, starts[i + 1]?.index).trimEnd();
			parts[first.has(m[1]) ? 'first' : 'rest'].push(block);
		});
		fs.mkdirSync(join(out, 'messages', locale), { recursive: true });
		for (const [name, blocks] of Object.entries(parts))
			fs.writeFileSync(
				join(out, 'messages', locale, `${name}.js`),
				`// Generated by src/cli/i18n.js from messages/${locale}.js.\n${header}${blocks.join('\n\n')}\n`
			);
	}
};

/**
 * The Vite plugin (vite.config.ts): compiles at the start of every build, dev server and test run.
 * @returns {import('vite').Plugin}
 */
export const i18nPlugin = () => ({
	name: 'circulate-i18n',
	enforce: 'pre',
	async buildStart() {
		await compileMessages();
	}
});

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const t = Date.now();
	const compiled = await compileMessages({ force: process.argv.includes('--force') });
	console.log(compiled ? `messages compiled in ${Date.now() - t} ms` : 'messages up to date');
}
