// Issue 11, first-load budget: a language comes in two parts (src/cli/i18n.js, FIRST_AREAS). Home
// and the shell around every screen render before the rest is loaded; every other route waits for it
// (loadRest in its +page.ts or a +layout.ts above it). So what Home and the shell call may only be in
// the first part: anything else is not there yet, and calling it would throw on a member's phone.
// This follows the static imports from the routes that do not wait, through src/, and lists every
// `m.key` they use that lives in another area.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_AREAS, areasOf } from '../../src/cli/i18n.js';

const root = join(__dirname, '../..');
const messages = join(root, 'src/lib/i18n/messages/en');

/** Every route file under `dir`. */
const routeFiles = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return routeFiles(path);
		return /^\+(page|layout)\.(svelte|ts)$/.test(name) ? [path] : [];
	});
const routes = join(root, 'src/routes');
/** A route waits for the rest when its +page.ts, or a +layout.ts on its way from the root, loads it. */
const waits = (file: string): boolean => {
	const own = join(dirname(file), '+page.ts');
	if (existsSync(own) && readFileSync(own, 'utf8').includes('loadRest')) return true;
	for (let dir = dirname(file); dir.startsWith(routes); dir = dirname(dir)) {
		const layout = join(dir, '+layout.ts');
		if (existsSync(layout) && readFileSync(layout, 'utf8').includes('loadRest')) return true;
	}
	return false;
};
const roots = routeFiles(routes).filter((f) => !waits(f));

/** The file an import specifier names, or null (packages, generated code, assets). */
const resolve = (from: string, spec: string): string | null => {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(root, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = join(dirname(from), spec);
	else return null;
	if (base.includes('/i18n/gen/')) return null;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')])
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	return null;
};

/** Static imports only: `import(...)` is loaded later, on purpose. `import type` brings no code. */
const STATIC_IMPORT = /^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

const reachable = (): Set<string> => {
	const seen = new Set<string>();
	const todo = [...roots];
	while (todo.length) {
		const file = todo.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(STATIC_IMPORT)) {
			const next = resolve(file, m[1]!);
			if (next) todo.push(next);
		}
	}
	return seen;
};

const keysOf = (areas: string[]): Set<string> =>
	new Set(areas.flatMap((a) => Object.keys(JSON.parse(readFileSync(join(messages, a), 'utf8')))));

describe('the first screens use only the first part of the messages', () => {
	it('finds the routes, and the first part is not everything', () => {
		expect(roots.map((f) => relative(root, f))).toContain('src/routes/+page.svelte');
		expect(roots.map((f) => relative(root, f))).toContain('src/routes/+layout.svelte');
		expect(areasOf('en').filter((a: string) => !FIRST_AREAS.includes(a)).length).toBeGreaterThan(0);
	});

	it('every message the first screens and their imports call is in FIRST_AREAS', () => {
		const first = keysOf(areasOf('en').filter((a: string) => FIRST_AREAS.includes(a)));
		const all = keysOf(areasOf('en'));
		const outside: string[] = [];
		for (const file of reachable()) {
			const text = readFileSync(file, 'utf8');
			for (const m of text.matchAll(/\bm\.([a-z][a-z0-9_]*)\b/g)) {
				const key = m[1]!;
				if (all.has(key) && !first.has(key)) outside.push(`${relative(root, file)}: ${key}`);
			}
		}
		expect([...new Set(outside)]).toEqual([]);
	});
});
