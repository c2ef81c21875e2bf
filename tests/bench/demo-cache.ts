/**
 * The demo circle for the benchmarks, cached on disk: generating and signing 100k entries
 * takes minutes, reading them back a second. The cache is JSON lines in
 * node_modules/.cache/circulate-bench/<seed>-<count>-<core>.jsonl: a header line (circle,
 * name, end, keys with hex secrets), then one entry per line. <core> is a hash of every file
 * in src/lib/core, so a change to the generator or to any rule it writes for (a circle id's
 * construction, a ceremony's entries) makes a new cache instead of measuring a stale history
 * that the rules now set aside.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreHash } from '../support/core-hash';
import { demoCircle, type DemoCircle } from '../../src/lib/core/demo';
import { bytesToHex, hexToBytes } from '../../src/lib/core/bytes';
import type { CircleId, Entry, MemberKey, Millis } from '../../src/lib/core/types';

/** Relative to the working directory: `npm run bench` runs from the project root. */
export const CACHE_DIR = join(process.cwd(), 'node_modules/.cache/circulate-bench');

interface Header {
	circle: CircleId;
	name: string;
	end: Millis;
	keys: { name: string; key: MemberKey; secretKey: string }[];
}

export const cachePath = (seed: string, entries: number): string =>
	join(CACHE_DIR, `${encodeURIComponent(seed)}-${entries}-${coreHash()}.jsonl`);

/** The demo circle `demoCircle(seed, { entries })`, from the cache when it is there. */
export function cachedDemo(seed: string, entries: number): DemoCircle & { cached: boolean } {
	const file = cachePath(seed, entries);
	if (existsSync(file)) {
		const lines = readFileSync(file, 'utf8').split('\n');
		const head = JSON.parse(lines[0]!) as Header;
		const list: Entry[] = [];
		for (let i = 1; i < lines.length; i++) if (lines[i]) list.push(JSON.parse(lines[i]!) as Entry);
		return {
			circle: head.circle,
			name: head.name,
			end: head.end,
			keys: head.keys.map((k) => ({ name: k.name, key: k.key, secretKey: hexToBytes(k.secretKey) })),
			entries: list,
			cached: true
		};
	}
	const demo = demoCircle(seed, { entries });
	const head: Header = {
		circle: demo.circle,
		name: demo.name,
		end: demo.end,
		keys: demo.keys.map((k) => ({ name: k.name, key: k.key, secretKey: bytesToHex(k.secretKey) }))
	};
	mkdirSync(CACHE_DIR, { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, [JSON.stringify(head), ...demo.entries.map((e) => JSON.stringify(e)), ''].join('\n'));
	renameSync(tmp, file);
	return { ...demo, cached: false };
}
