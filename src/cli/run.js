#!/usr/bin/env node
// Runs a TypeScript command of src/cli on Node 20 (which cannot run TypeScript itself):
// bundles it with rolldown (Vite 8's bundler) into node_modules/.cache, then calls its main().
// Usage: node src/cli/run.js verify <args...>
import { build } from 'rolldown';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const [command, ...args] = process.argv.slice(2);
if (!command || !/^[a-z-]+$/.test(command)) {
	console.error('usage: node src/cli/run.js <command> [args...]   (commands: verify)');
	process.exit(2);
}
const outDir = join(root, 'node_modules/.cache/circulate-cli');
await build({
	input: join(root, `src/cli/${command}.ts`),
	platform: 'node',
	external: [/^node:/],
	resolve: { alias: { $lib: join(root, 'src/lib') } },
	logLevel: 'silent',
	output: { dir: outDir, format: 'esm', entryFileNames: `${command}.mjs` }
});
const { main } = await import(join(outDir, `${command}.mjs`));
process.exitCode = main(args);
