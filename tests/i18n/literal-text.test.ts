// Issue 11: a converted .svelte file renders no literal text of its own: every word a person reads
// comes from the message files (src/lib/i18n/messages). Punctuation, numbers and symbols may stay.
// Files not converted yet are listed in not-yet.ts; the list only shrinks (a listed file that is
// already clean fails too, so it comes off the list).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { NOT_YET } from './not-yet';

const root = join(__dirname, '../..');

const svelteFiles = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return svelteFiles(path);
		return name.endsWith('.svelte') ? [relative(root, path)] : [];
	});

/** Words: two letters in a row, in any script. */
const WORDS = /\p{L}{2,}/u;
/** Attributes people read (or hear). */
const READ_ATTRIBUTES = new Set([
	'aria-label',
	'aria-description',
	'aria-roledescription',
	'title',
	'placeholder',
	'alt'
]);
/**
 * A string in code that reads as a sentence or a label: starts with a capital letter and has a
 * word after it ("Waiting to be admitted", "On this phone since …"), or ends in a full stop.
 */
const SENTENCE = /^\s*\p{Lu}\p{Ll}*[\s,:]+\S|\p{L}{2,}[.!?…]\s*$/u;

type Finding = { line: number; text: string };

type Node = { type: string; start: number; end: number; [k: string]: unknown };

const walk = (
	node: unknown,
	visit: (n: Node, parent: Node | null) => boolean | void,
	parent: Node | null = null
): void => {
	if (!node || typeof node !== 'object') return;
	if (Array.isArray(node)) {
		for (const n of node) walk(n, visit, parent);
		return;
	}
	const n = node as Node;
	if (typeof n.type === 'string' && visit(n, parent) === false) return;
	for (const [k, v] of Object.entries(n)) {
		if (k === 'parent' || k === 'metadata') continue;
		if (v && typeof v === 'object') walk(v, visit, typeof n.type === 'string' ? n : parent);
	}
};

/** Literal text a file renders: markup text, read attributes, and sentence-like strings in code. */
export const literalText = (source: string): Finding[] => {
	const ast = parse(source, { modern: true }) as unknown as {
		fragment: unknown;
		instance?: { content: unknown } | null;
		module?: { content: unknown } | null;
	};
	const lineOf = (pos: number) => source.slice(0, pos).split('\n').length;
	const found: Finding[] = [];
	const stringsIn = (code: unknown) =>
		walk(code, (n, parent) => {
			// Imports, comparisons and object keys are code, not text.
			if (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration') return false;
			if (parent?.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(String(parent.operator)))
				return;
			if (parent?.type === 'Property' && parent.key === n) return;
			if (n.type === 'Literal' && typeof n.value === 'string' && SENTENCE.test(n.value))
				found.push({ line: lineOf(n.start), text: n.value });
			if (n.type === 'TemplateLiteral') {
				const text = (n.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('{}');
				if (SENTENCE.test(text)) found.push({ line: lineOf(n.start), text });
			}
		});
	walk(ast.fragment, (n) => {
		if (n.type === 'StyleSheet' || n.type === 'Script') return false;
		if (n.type === 'Comment') return false;
		// style:--size="{n}px" and class:x={…}: styling, not text.
		if (n.type === 'StyleDirective' || n.type === 'ClassDirective') return false;
		if (n.type === 'Text' && WORDS.test(String(n.data)))
			found.push({ line: lineOf(n.start), text: String(n.data).trim() });
		if (n.type === 'Attribute' && READ_ATTRIBUTES.has(String(n.name)) && Array.isArray(n.value)) {
			for (const part of n.value as Node[])
				if (part.type === 'Text' && WORDS.test(String(part.data)))
					found.push({ line: lineOf(part.start), text: `${String(n.name)}="${String(part.data)}"` });
		}
		if (n.type === 'Attribute') {
			// class="…", id="…", href="…" and the like are code; their expressions are checked below.
			const v = n.value;
			if (Array.isArray(v)) {
				for (const part of v as Node[]) if (part.type === 'ExpressionTag') stringsIn(part.expression);
			} else if (v && typeof v === 'object') stringsIn((v as Node).expression);
			return false;
		}
		if (n.type === 'ExpressionTag' || n.type === 'HtmlTag') {
			stringsIn(n.expression);
			return false;
		}
	});
	stringsIn(ast.instance?.content);
	stringsIn(ast.module?.content);
	return found;
};

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
