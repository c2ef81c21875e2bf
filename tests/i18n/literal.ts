// What the literal-text tests look for (literal-text.test.ts for .svelte files, code-text.test.ts for
// the TypeScript modules that word codes): literal words a person would read.
import { parse } from 'svelte/compiler';

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
export const literalText = (source: string, sentence: RegExp = SENTENCE): Finding[] => {
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
			// (An export with a declaration is code like any other: only re-exports name modules.)
			if (n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration') return false;
			if (n.type === 'ExportNamedDeclaration' && n.source) return false;
			if (parent?.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(String(parent.operator)))
				return;
			if (parent?.type === 'Property' && parent.key === n) return;
			// A string as a type ('in person' | 'room'): a code the type names, not text.
			if (parent?.type === 'TSLiteralType') return;
			if (n.type === 'Literal' && typeof n.value === 'string' && sentence.test(n.value))
				found.push({ line: lineOf(n.start), text: n.value });
			if (n.type === 'TemplateLiteral') {
				const text = (n.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('{}');
				if (sentence.test(text)) found.push({ line: lineOf(n.start), text });
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

/** In a module's code, words in a row are already text a person reads: "no surrounding spaces". */
const PHRASE = /\p{L}{2,}[\s,]+\p{L}{2,}/u;

/**
 * The same in a TypeScript module: sentence-like strings, or two words in a row, in its code. A line
 * marked `i18n-ignore` (with the reason) holds words nobody reads in the app: a cause kept for a log,
 * a stored code, a developer's error for a bug.
 */
export const literalTextInCode = (source: string): Finding[] => {
	const lines = source.split('\n');
	return literalText(
		`<script lang="ts">\n${source}\n</script>`,
		new RegExp(`${SENTENCE.source}|${PHRASE.source}`, 'u')
	)
		.map((f) => ({ ...f, line: f.line - 1 }))
		.filter((f) => !lines[f.line - 1]?.includes('i18n-ignore'));
};
