import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import * as layers from './lint/layers.js';

// The layer rule (DESIGN.md §2): the pure core computes governance the same way on
// every device, so it may not reach for Svelte, Yjs, the browser, the sync layer or the UI.
const coreBoundary = {
	files: ['src/lib/core/**/*.ts'],
	languageOptions: { globals: {} },
	rules: {
		'no-restricted-imports': [
			'error',
			{
				patterns: [
					{ group: ['svelte', 'svelte/*'], message: 'src/lib/core is pure: no Svelte.' },
					{ group: ['yjs', 'y-*', 'lib0', 'lib0/*'], message: 'src/lib/core is pure: no Yjs.' },
					{
						group: ['$app/*', '$lib/sync/*', '$lib/ui/*', '$lib/state/*', '$lib/pwa/*', '$lib/device/*'],
						message: 'src/lib/core imports nothing outside the core.'
					},
					{
						group: ['../sync/*', '../ui/*', '../state/*', '../pwa/*', '../device/*'],
						message: 'src/lib/core imports nothing outside the core.'
					},
					{
						group: ['$lib/messages', '$lib/messages/*', '../messages', '../messages/*', '../../messages/*'],
						message: 'src/lib/core returns codes with parameters; the sentences are worded outside it.'
					}
				]
			}
		],
		'no-restricted-globals': [
			'error',
			...[
				'window',
				'document',
				'navigator',
				'indexedDB',
				'localStorage',
				'crypto',
				'fetch',
				'performance',
				'self'
			].map((name) => ({
				name,
				message: 'src/lib/core is pure: take browser capabilities, time and randomness as inputs.'
			}))
		],
		'no-restricted-properties': [
			'error',
			{ object: 'Math', property: 'random', message: 'Randomness is an input (a seed) in the core.' },
			{ object: 'Date', property: 'now', message: 'Time is an input (`now`) in the core.' }
		],
		'no-restricted-syntax': [
			'error',
			{
				selector: "NewExpression[callee.name='Date'][arguments.length=0]",
				message: 'Time is an input (`now`) in the core.'
			},
			{
				selector: "CallExpression[callee.property.name='localeCompare']",
				message: 'Rules never compare by locale.'
			}
		]
	}
};

// The other direction (README "How the code is laid out"): components and pages never import the
// sync layer, Yjs or lib0; src/lib/state drives them. tests/lint/layers.test.ts plants imports.
const uiBoundary = {
	files: ['src/lib/ui/**/*.{ts,js,svelte}', 'src/routes/**/*.{ts,js,svelte}'],
	// TODO(layers): files still to move behind src/lib/state (none today).
	ignores: [],
	plugins: { circulate: layers.plugin },
	rules: { 'circulate/no-sync-imports': 'error' }
};

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-at-html-tags': 'error',
			// We build SPA links ourselves with base-less absolute paths.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	coreBoundary,
	uiBoundary,
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'src/lib/i18n/gen/'] }
);
