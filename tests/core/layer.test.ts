/**
 * The layer rule of DESIGN.md §2, checked by reading the sources: the pure core may
 * import only other core modules and a short allow-list of pure libraries. ESLint
 * says the same while editing; this test makes `npm test` fail even if lint is skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../src/lib/core');
const ALLOWED = [/^\.\.?\//, /^@noble\/(curves|hashes)\//, /^canonicalize$/];
const FORBIDDEN_CALLS = [
	/Math\.random\s*\(/,
	/Date\.now\s*\(/,
	/new Date\(\s*\)/,
	/performance\.now/,
	/localeCompare/
];

const walk = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
	});

const stripComments = (src: string) =>
	src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('src/lib/core stays pure', () => {
	const files = walk(CORE);
	it('has modules to check', () => expect(files.length).toBeGreaterThan(3));
	for (const file of files) {
		const src = stripComments(readFileSync(file, 'utf8'));
		it(`${relative(CORE, file)} imports only core modules and pure libraries`, () => {
			const specifiers = [
				...src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)
			].map((m) => m[1] ?? m[2] ?? '');
			const outside = specifiers.filter((s) => !ALLOWED.some((re) => re.test(s)));
			expect(outside).toEqual([]);
		});
		it(`${relative(CORE, file)} reads no clock and no randomness of its own`, () => {
			expect(FORBIDDEN_CALLS.filter((re) => re.test(src)).map(String)).toEqual([]);
		});
	}
});
