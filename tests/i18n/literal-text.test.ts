// Issue 11: a converted .svelte file renders no literal text of its own: every word a person reads
// comes from the message files (src/lib/i18n/messages). Punctuation, numbers and symbols may stay.
// Files not converted yet are listed in not-yet.ts; the list only shrinks (a listed file that is
// already clean fails too, so it comes off the list).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_YET } from './not-yet';
import { literalText } from './literal';

const root = join(__dirname, '../..');

const svelteFiles = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return svelteFiles(path);
		return name.endsWith('.svelte') ? [relative(root, path)] : [];
	});

const files = svelteFiles(join(root, 'src'));

describe('no literal text in converted screens', () => {
	it('counts the files not converted yet', () => {
		const listed = NOT_YET.filter((f) => files.includes(f));
		console.log(
			`i18n: ${files.length - listed.length} of ${files.length} .svelte files converted; ${listed.length} not yet (tests/i18n/not-yet.ts)`
		);
		// Every listed file exists: a moved or deleted file comes off the list.
		expect(NOT_YET.filter((f) => !files.includes(f))).toEqual([]);
	});

	it.each(files.filter((f) => !NOT_YET.includes(f)))('%s renders only messages', (file) => {
		const found = literalText(readFileSync(join(root, file), 'utf8'));
		expect(found.map((f) => `${file}:${f.line} ${JSON.stringify(f.text)}`)).toEqual([]);
	});

	it.each(files.filter((f) => !NOT_YET.includes(f)))('%s lays out in logical CSS properties', (file) => {
		// A right-to-left language mirrors only if nothing is pinned to the left or the right.
		const source = readFileSync(join(root, file), 'utf8');
		const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(source)?.[1] ?? '';
		const physical = style
			.split('\n')
			.map((line, i) => [i, line.trim()] as const)
			.filter(([, line]) =>
				/^(margin|padding|border)-(left|right)\b|^(left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)/.test(
					line
				)
			)
			.map(([, line]) => line);
		expect(physical).toEqual([]);
	});

	it.each(NOT_YET.filter((f) => files.includes(f)))('%s is still listed for a reason', (file) => {
		// A listed file that renders no literal text is converted: take it off the list.
		expect(literalText(readFileSync(join(root, file), 'utf8')).length).toBeGreaterThan(0);
	});

	it('catches text, read attributes and sentences in code', () => {
		const src = `<script>let x = 'quiet'; const t = \`Welcome back, \${name}.\`;</script>
<p>Hello</p><p>{n} · {m}</p><button aria-label="Close" class="quiet">×</button>
<p>{a === 'admission' ? 'Waiting to be admitted' : m.x()}</p><style>p { color: red }</style>`;
		expect(literalText(src).map((f) => f.text)).toEqual([
			'Hello',
			'aria-label="Close"',
			'Waiting to be admitted',
			'Welcome back, {}.'
		]);
	});
});
