/**
 * docs/protocol has one file per registered domain, each with the same sections, and its
 * "Entry types" table lists exactly the types the registry gives that domain (both ways):
 * the protocol an independent implementer reads is the one the code runs.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { DOMAINS } from '$lib/core/domains';

const SECTIONS = [
	'Entry types',
	'Field rules',
	'Fold rules',
	'Charter section and defaults',
	'Derived views',
	'Worked example',
	'What an older phone does'
];

const fileOf = (name: string) => new URL(`../../../docs/protocol/${name}.md`, import.meta.url);

const tableTypes = (md: string): string[] => {
	const start = md.indexOf('## Entry types');
	const end = md.indexOf('\n## ', start + 1);
	return md
		.slice(start, end)
		.split('\n')
		.filter((l) => l.startsWith('|'))
		.map((l) => /^\|\s*`([^`]+)`/.exec(l)?.[1])
		.filter((t): t is string => !!t);
};

describe('docs/protocol agrees with the registry', () => {
	it.each(DOMAINS.map((d) => [d.name, d] as const))('%s.md', (name, domain) => {
		expect(existsSync(fileOf(name)), `docs/protocol/${name}.md is missing`).toBe(true);
		const md = readFileSync(fileOf(name), 'utf8');
		const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
		expect(headings.slice(0, SECTIONS.length)).toEqual(SECTIONS);
		expect(tableTypes(md).sort()).toEqual(domain.kinds.map((k) => k.type).sort());
	});

	it('the index lists every domain file', () => {
		const index = readFileSync(fileOf('README'), 'utf8');
		for (const d of DOMAINS) expect(index).toContain(`${d.name}.md`);
	});
});
