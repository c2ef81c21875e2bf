// A "next release" of a built app for the update tests: a copy of the build whose version name is
// changed everywhere it appears (the service worker's cache name, $app/environment's `version`,
// _app/version.json). To the browser that is exactly a new deployment: the service worker script's
// bytes differ, so it installs the new worker, which precaches the new files.
//
// Copying beats a second `vite build` here: it takes milliseconds and cannot pick up half-written
// sources from a working tree that is being edited.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';

const TEXT = new Set(['.js', '.mjs', '.html', '.json', '.css', '.webmanifest', '.txt']);

/** The version name a build was made with (from its _app/version.json). */
export function buildVersion(dir: string): string {
	return (JSON.parse(readFileSync(join(dir, '_app', 'version.json'), 'utf8')) as { version: string }).version;
}

/** Copies `buildDir` to a new temporary directory as version `version` and returns that directory. */
export function makeRelease(buildDir: string, version: string): string {
	const current = buildVersion(buildDir);
	if (current.length < 6) throw new Error(`Version name "${current}" is too short to replace safely.`);
	const dir = mkdtempSync(join(tmpdir(), `circulate-release-${version.replace(/[^a-z0-9-]/gi, '')}-`));
	cpSync(buildDir, dir, { recursive: true });
	let replaced = 0;
	const visit = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) visit(path);
			else if (TEXT.has(extname(entry.name))) {
				const text = readFileSync(path, 'utf8');
				if (text.includes(current)) {
					writeFileSync(path, text.split(current).join(version));
					replaced++;
				}
			}
		}
	};
	visit(dir);
	if (buildVersion(dir) !== version || replaced < 3) {
		throw new Error(
			`Could not make release ${version} from ${buildDir}: the version appeared in only ${replaced} file(s).`
		);
	}
	return dir;
}
