// The layer rule checked both ways (eslint.config.js, lint/layers.js): imports planted in files
// that are never written to disk, linted with the project's own configuration.
import { describe, expect, test } from 'vitest';
import { ESLint } from 'eslint';

// The project's configuration, except that the planted .svelte files are parsed without the
// TypeScript project service (which only knows files on disk); the layer rule needs no types.
const eslint = new ESLint({
	cwd: process.cwd(),
	overrideConfig: {
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: false } }
	}
});

/** The layer rule's messages (and any parse failure) for `code` as the file at `filePath`. */
const layerErrors = async (filePath: string, code: string): Promise<string[]> => {
	const [result] = await eslint.lintText(code, { filePath });
	return result!.messages
		.filter((m) => m.ruleId === 'circulate/no-sync-imports' || m.fatal)
		.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
};

const svelte = (line: string) => `<script lang="ts">\n\t${line}\n</script>\n\n<p>{typeof x}</p>\n`;

describe('ui and routes never import sync, Yjs or lib0', () => {
	test.each([
		{
			what: 'ui component → $lib/sync',
			file: 'src/lib/ui/Planted.svelte',
			code: svelte(`import { readInviteSecret as x } from '$lib/sync/circle-sync';`)
		},
		{
			what: 'ui module re-exporting $lib/sync',
			file: 'src/lib/ui/planted.ts',
			code: `export { readInviteSecret } from '$lib/sync/circle-sync';\n`
		},
		{
			what: 'ui component → yjs (type only)',
			file: 'src/lib/ui/sync/Planted.svelte',
			code: svelte(`import type * as x from 'yjs';`)
		},
		{
			what: 'ui component → ../sync (relative, into lib/sync)',
			file: 'src/lib/ui/Planted.svelte',
			code: svelte(`import { qrPath as x } from '../sync/qr';`)
		},
		{
			what: 'ui module → ../../sync (dynamic import)',
			file: 'src/lib/ui/charter/planted.ts',
			code: `export const x = () => import('../../sync/room');\n`
		},
		{
			what: 'route page → yjs',
			file: 'src/routes/circle/[id]/planted/+page.svelte',
			code: svelte(`import * as x from 'yjs';`)
		},
		{
			what: 'route module → ../lib/sync (relative)',
			file: 'src/routes/planted.ts',
			code: `export * from '../lib/sync/file';\n`
		},
		{
			what: 'route page → y-webrtc',
			file: 'src/routes/+page.svelte',
			code: svelte(`import { WebrtcProvider as x } from 'y-webrtc';`)
		},
		{
			what: 'route page → lib0',
			file: 'src/routes/+page.svelte',
			code: svelte(`import { toBase64 as x } from 'lib0/buffer';`)
		},
		{
			what: 'route module → import type of yjs',
			file: 'src/routes/planted.ts',
			code: `export type X = import('yjs').Doc;\n`
		}
	])('$what is an error', async ({ file, code }) => {
		const errors = await layerErrors(file, code);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(
			/^circulate\/no-sync-imports: '.+' is (the sync layer|only for src\/lib\/sync)/
		);
	});

	test.each([
		{
			what: 'state module → $lib/sync and yjs',
			file: 'src/lib/state/planted.svelte.ts',
			code: `export { readInviteSecret } from '$lib/sync/circle-sync';\nexport * as Y from 'yjs';\n`
		},
		{
			what: 'state module → ../sync (relative)',
			file: 'src/lib/state/planted.ts',
			code: `export * from '../sync/file';\n`
		},
		{
			// A folder of components named sync is not the sync layer.
			what: 'ui/charter component → ../sync/QrCode.svelte',
			file: 'src/lib/ui/charter/Planted.svelte',
			code: svelte(`import x from '../sync/QrCode.svelte';`)
		},
		{
			what: 'ui component → $lib/state',
			file: 'src/lib/ui/Planted.svelte',
			code: svelte(`import { app as x } from '$lib/state/app.svelte';`)
		}
	])('$what is allowed', async ({ file, code }) => {
		expect(await layerErrors(file, code)).toEqual([]);
	});
});
