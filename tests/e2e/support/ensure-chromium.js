// Finds the Chromium the end-to-end tests drive (playwright-core never downloads a browser).
// Run as a script before the e2e tests: when no browser is found and apt-get is usable (root on
// Debian/Ubuntu), it installs Debian's `chromium`; otherwise it says what to install and exits 1.
// Also imported by the test support (browser.ts) and src/cli/make-icons.js for `findChromium()`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Paths tried in order after $CHROMIUM_PATH and $CHROME_PATH. */
export const candidatePaths = [
	// Debian's /usr/bin/chromium is a shell wrapper around this binary; launching the binary
	// directly skips the wrapper's start-up checks.
	'/usr/lib/chromium/chromium',
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome-stable',
	'/usr/bin/google-chrome',
	'/opt/google/chrome/chrome',
	'/snap/bin/chromium'
];

/**
 * The browser executable to drive, or null when none is installed.
 * An explicit CHROMIUM_PATH/CHROME_PATH wins; if it points nowhere that is an error, not a fallback.
 * @returns {string | null}
 */
export function findChromium() {
	const explicit = process.env.CHROMIUM_PATH || process.env.CHROME_PATH;
	if (explicit) {
		if (!existsSync(explicit)) {
			throw new Error(
				`CHROMIUM_PATH/CHROME_PATH is set to ${explicit}, but no file is there. ` +
					'Point it at a Chromium or Chrome executable, or unset it.'
			);
		}
		return explicit;
	}
	return candidatePaths.find((path) => existsSync(path)) ?? null;
}

const howToInstall = `
No Chromium or Chrome was found for the end-to-end tests.
Install one, then run the tests again:
  Debian / Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
                    (Ubuntu without snap: chromium-browser, or Google Chrome's .deb)
  Fedora:           sudo dnf install chromium
  macOS:            install Google Chrome, then
                    export CHROME_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
Or point the tests at any Chromium-based browser executable:
  export CHROMIUM_PATH=/path/to/chromium
`;

/** @returns {boolean} true when this process can run apt-get as root. */
function aptUsable() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
	return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** @param {string[]} args */
function apt(args) {
	console.log(`$ apt-get ${args.join(' ')}`);
	const result = spawnSync('apt-get', args, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return result.status === 0;
}

/** @returns {number} exit code */
function main() {
	let found;
	try {
		found = findChromium();
	} catch (error) {
		console.error(String(error instanceof Error ? error.message : error));
		return 1;
	}
	if (found) {
		console.log(`e2e: using ${found}`);
		return 0;
	}
	if (aptUsable()) {
		console.log('e2e: no Chromium found; installing Debian’s chromium with apt-get.');
		if (apt(['update']) && apt(['install', '-y', '--no-install-recommends', 'chromium'])) {
			const installed = findChromium();
			if (installed) {
				console.log(`e2e: using ${installed}`);
				return 0;
			}
		}
		console.error('e2e: apt-get could not install chromium.');
	}
	console.error(howToInstall);
	return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exit(main());
}
