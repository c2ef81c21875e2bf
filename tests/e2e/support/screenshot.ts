// Screenshots for people to look at (test-results/screenshots/), never compared pixel by pixel.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');

/** Saves a PNG of the page (viewport, or the whole page with fullPage) and returns its path. */
export async function screenshot(
	page: Page,
	name: string,
	options: { fullPage?: boolean; dir?: string } = {}
): Promise<string> {
	const dir = options.dir ?? SCREENSHOT_DIR;
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
	await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled' });
	return path;
}
