// Protocols that travel (issue 14, item 4): circle A publishes its charter as a template and saves it
// as a file; circle B imports the file, forks the template with one parameter changed by a charter
// proposal (its one member's consent brings it into force), so B's charter uses it; B saves the
// family; A imports it and sees B's fork under its own template in the lineage tree, with the diff
// and "used by 1 circle". A file of the wrong kind is refused with the sentence and nothing is
// recorded. Light and dark screenshots at 390×844, axe on the screen.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle } from './sync-helpers';

const e2e = useE2E();
const WAIT = 60_000;

const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const dark = async (page: Page) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
};

const saveFamily = async (page: Page, template: string): Promise<string> => {
	const article = page.getByRole('article', { name: template, exact: true });
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: WAIT }),
		article.getByRole('button', { name: 'Save as a file' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^circulate-protocol-.*\.json$/);
	return (await download.path())!;
};

describe('protocols that travel', () => {
	it('A publishes, B forks with one parameter changed and its charter uses it, A sees the fork with the diff', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const ana = await e2e.device('ana');
		await ana.page.goto(base);
		await ana.page.getByLabel('Your name').waitFor({ timeout: WAIT });
		const a = await foundCircle(ana.page, base, 'Ana', 'Elm St Tools');

		// A publishes its charter as a template (the Federation tab leads to Protocols).
		await ana.page.goto(`${base}/circle/${a}/protocols`);
		await ana.page.getByRole('heading', { name: 'Protocols', level: 2 }).waitFor({ timeout: WAIT });
		await ana.page.getByText('No protocol yet.').waitFor();
		await ana.page.getByLabel('What to share').selectOption('charter');
		await ana.page.getByLabel('Name', { exact: true }).fill('Weekly circle, slow consent');
		await ana.page
			.getByLabel('What it says')
			.fill('Meet every week. Ana keeps the agenda; a week to object.');
		await ana.page.getByRole('button', { name: 'Publish' }).click();
		await ana.page
			.getByRole('status')
			.getByText('Published “Weekly circle, slow consent”.')
			.waitFor({ timeout: WAIT });
		const original = ana.page.getByRole('article', { name: 'Weekly circle, slow consent' });
		await original.waitFor();
		// Ana's name was stripped before it was recorded.
		await original.getByText('Meet every week. [member] keeps the agenda; a week to object.').waitFor();
		expect(await original.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 0');
		const fileA = await saveFamily(ana.page, 'Weekly circle, slow consent');

		// B, on another phone, founds its own circle.
		const bo = await e2e.device('bo');
		await bo.page.goto(base);
		await bo.page.getByLabel('Your name').waitFor({ timeout: WAIT });
		const b = await foundCircle(bo.page, base, 'Bo', 'Garden Co-op');

		// B: a file of the wrong kind is refused with the sentence; nothing is recorded.
		await bo.page.goto(`${base}/circle/${b}/protocols`);
		await bo.page.getByRole('heading', { name: 'Protocols', level: 2 }).waitFor({ timeout: WAIT });
		const wrong = join(tmpdir(), `circulate-not-a-protocol-${Date.now()}.json`);
		writeFileSync(wrong, JSON.stringify({ kind: 'circulate/circle', v: 1 }));
		await bo.page.getByLabel('A protocol file from another circle').setInputFiles(wrong);
		await bo.page
			.getByRole('alert')
			.getByText(
				'This is not a protocol file (it is “circulate/circle”). A circle’s file goes in Sync. Nothing was imported.'
			)
			.waitFor({ timeout: WAIT });
		await bo.page.getByText('No protocol yet.').waitFor();

		// B imports A's file.
		await bo.page.getByLabel('A protocol file from another circle').setInputFiles(fileA);
		await bo.page
			.getByRole('status')
			.getByText('Imported: 1 new templates, 0 new circles using them.')
			.waitFor({ timeout: WAIT });
		const carried = bo.page.getByRole('article', { name: 'Weekly circle, slow consent' });
		await carried.getByText('from another circle', { exact: false }).waitFor();

		// B forks it: a 5-day consent window instead of 7, under its own name, by a charter proposal.
		await carried.getByRole('button', { name: 'Adopt or fork' }).click();
		await bo.page.getByLabel('Name of your version').fill('Weekly circle, quicker consent');
		await bo.page.getByLabel('Days to object (consent window)').fill('5');
		await bo.page.getByRole('button', { name: 'Propose our fork' }).click();
		await bo.page
			.getByRole('status')
			.getByText('Proposed. The circle answers on the Charter screen.')
			.waitFor({ timeout: WAIT });
		// Bo is the circle's only member: the proposer's proposal is its consent, so it is in force.
		const fork = bo.page.getByRole('article', { name: 'Weekly circle, quicker consent' });
		await fork.getByText(/^Adopted here /).waitFor({ timeout: WAIT });
		expect(await fork.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 1');
		expect(await fork.getByTestId('diff').innerText()).toContain('Days to object (consent window): 7 → 5');
		await expectAccessible(bo.page, 'protocols, B with its fork');
		keep(await screenshot(bo.page, 'protocols-fork', { fullPage: true }), 'protocols-fork');

		// B's charter uses it.
		await bo.page.goto(`${base}/circle/${b}/charter`);
		const facts = async () =>
			bo.page
				.locator('dl.facts')
				.first()
				.evaluate((dl) => {
					const out: string[] = [];
					for (const dt of dl.querySelectorAll('dt'))
						out.push(`${dt.textContent?.trim()}=${dt.nextElementSibling?.textContent?.trim()}`);
					return out;
				});
		await expect
			.poll(async () => (await facts()).find((f) => /consent/i.test(f)), { timeout: WAIT, interval: 500 })
			.toMatch(/=5\b/);

		// B saves the fork's family; A imports it.
		await bo.page.goto(`${base}/circle/${b}/protocols`);
		const fileB = await saveFamily(bo.page, 'Weekly circle, quicker consent');
		await ana.page.getByLabel('A protocol file from another circle').setInputFiles(fileB);
		await ana.page
			.getByRole('status')
			.getByText('Imported: 1 new templates, 1 new circles using them.')
			.waitFor({ timeout: WAIT });

		// A's lineage tree: B's fork under A's template, used by one circle (B), with the diff.
		const tree = ana.page.getByRole('list', { name: 'Lineage of Weekly circle, slow consent' });
		const child = tree.getByRole('article', { name: 'Weekly circle, quicker consent' });
		await child.waitFor({ timeout: WAIT });
		expect(await child.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 1');
		const diff = await child.getByTestId('diff').innerText();
		expect(diff).toContain('Days to object (consent window): 7 → 5');
		expect(diff).toContain('Renamed; it was “Weekly circle, slow consent”.');
		expect(await child.innerText()).toContain('from another circle');
		// A's own template is not adopted by A and no other circle uses it: still 0.
		expect(await original.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 0');
		await expectAccessible(ana.page, 'protocols, lineage with B’s fork');
		await child.scrollIntoViewIfNeeded();
		keep(await screenshot(ana.page, 'protocols-lineage'), 'protocols-lineage');
		await dark(ana.page);
		await expectAccessible(ana.page, 'protocols, lineage, dark');
		keep(await screenshot(ana.page, 'protocols-lineage-dark'), 'protocols-lineage-dark');

		// Importing the same file again records nothing new.
		await ana.page.getByLabel('A protocol file from another circle').setInputFiles(fileB);
		await ana.page
			.getByRole('status')
			.getByText('Nothing new in this file: the circle knows all of it already.')
			.waitFor({ timeout: WAIT });
	});
});
