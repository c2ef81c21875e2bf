import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'vitest';
import { literalTextInCode } from './literal';
const root = join(__dirname, '../..');
const tsFiles = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return tsFiles(path);
		return name.endsWith('.ts') ? [relative(root, path)] : [];
	});
it('scan', () => {
	const out: string[] = [];
	for (const f of [
		'src/lib/messages',
		'src/lib/state',
		'src/lib/device',
		'src/lib/ui',
		'src/lib/pwa',
		'src/lib/sync'
	].flatMap((d) => tsFiles(join(root, d))))
		for (const x of literalTextInCode(readFileSync(join(root, f), 'utf8')))
			out.push(`${f}:${x.line} ${JSON.stringify(x.text)}`);
	writeFileSync('/tmp/scan.txt', out.join('\n'));
});
