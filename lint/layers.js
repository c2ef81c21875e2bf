// The layer rule for the interface (README "How the code is laid out"): components and pages
// reach sync, Yjs and IndexedDB only through src/lib/state, so the documents, rooms and files
// are driven by state modules a test can call, and a screen never holds a Y.Doc.
//
// no-restricted-imports matches the import text, not where it leads: `../sync/QrCode.svelte`
// from src/lib/ui/charter is a component, from src/lib/ui it is the sync layer. So this rule resolves
// relative imports against the importing file before comparing.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages only src/lib/sync may import: Yjs and its providers, protocols and encoders. */
export const syncPackages = (source) => {
	const name = source.split('/')[0];
	return name === 'yjs' || name === 'lib0' || /^y-/.test(name);
};

/** The folder, relative to the repository root, that the `$lib/…` or relative import lands in. */
const target = (source, filename) => {
	if (source === '$lib' || source.startsWith('$lib/')) return `src/lib${source.slice(4)}`;
	if (source.startsWith('./') || source.startsWith('../'))
		return relative(root, resolve(dirname(resolve(root, filename)), source))
			.split(sep)
			.join('/');
	return null;
};

const inside = (path, dir) => path === dir || path.startsWith(`${dir}/`);

/** @type {import('eslint').Rule.RuleModule} */
export const noSyncImports = {
	meta: {
		type: 'problem',
		docs: { description: 'The interface reaches sync and Yjs only through src/lib/state.' },
		schema: [],
		messages: {
			sync: "'{{source}}' is the sync layer: drive it from a state module in src/lib/state (props in, callbacks out).",
			yjs: "'{{source}}' is only for src/lib/sync: read the circle through src/lib/state."
		}
	},
	create(context) {
		const check = (node) => {
			if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
			const source = node.value;
			if (syncPackages(source)) return context.report({ node, messageId: 'yjs', data: { source } });
			const dir = target(source, context.filename);
			if (dir && inside(dir, 'src/lib/sync')) context.report({ node, messageId: 'sync', data: { source } });
		};
		return {
			ImportDeclaration: (node) => check(node.source),
			ExportNamedDeclaration: (node) => check(node.source),
			ExportAllDeclaration: (node) => check(node.source),
			ImportExpression: (node) => check(node.source),
			TSImportType: (node) => check(node.source)
		};
	}
};

export const plugin = { meta: { name: 'circulate' }, rules: { 'no-sync-imports': noSyncImports } };
