/**
 * A short hash of every file in src/lib/core: the version of test caches that hold generated,
 * signed histories (the benchmarks' 100k-entry demo, the e2e's 20k-entry circle). A change to
 * any rule the generator writes for (a circle id's construction, a ceremony's entries) then
 * makes a new cache instead of replaying a stale history that the rules now set aside.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const coreHash = (root = process.cwd()): string => {
	const core = join(root, 'src/lib/core');
	const h = createHash('sha256');
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else h.update(path.slice(core.length)).update(readFileSync(path));
		}
	};
	walk(core);
	return h.digest('hex').slice(0, 12);
};
