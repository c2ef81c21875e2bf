// Reciprocity and the sovereignty scorecard on two phones (issue 9, items 3 and 4): Maya lends a
// drill to Ravi (a handover both phones confirm: his scans hers); the loan counts in the mirror on its own (Maya gave a
// tool, Ravi received one) and Maya's scorecard counts one purchase avoided; its CSV export parses
// back to the same rows and its JSON to the same objects. Maya records an hour and a half she gave
// Ravi: it waits for Ravi's word, and counts once he confirms. A repair Maya records counts once
// Ravi seconds it. The demo circle's Reciprocity screen shows its warnings (one member quiet, one
// carrying the circle). Entries travel through the test hook, as a sync would carry them.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv } from '$lib/ui/credit/csv';
import { MONTH_HEADER } from '$lib/ui/scorecard/tables';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';
import { handOver } from './library-helpers';

const e2e = useE2E();

/** Keeps a screenshot for the README (docs/screenshots). */
const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

const download = async (page: Page, button: string): Promise<{ name: string; text: string }> => {
	const d = page.waitForEvent('download');
	await page.getByRole('button', { name: button }).click();
	const file = await d;
	return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
};

const tableRows = (page: Page, name: string) =>
	page
		.locator(`table[data-table="${name}"] tbody tr`)
		.evaluateAll((rows) =>
			rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()))
		);

describe('reciprocity and the scorecard', () => {
	it('a loan is a purchase avoided and a tool given; a giver’s record waits for the receiver; exports parse back', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const name = 'Elm St Tools';
		const circle = await foundCircle(maya, base, 'Maya', name);
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, name);

		// Maya adds a drill and hands it to Ravi; Ravi's phone confirms.
		await maya.goto(`${base}/circle/${circle}/library`);
		await maya.getByRole('heading', { name: 'Add an item' }).waitFor();
		await maya.locator('#item-name').fill('Cordless drill');
		await maya.locator('#item-category').fill('Power tools');
		await maya.getByLabel('Replacement value').fill('120');
		await maya.getByRole('button', { name: 'Add to the catalogue' }).click();
		await maya.getByRole('status').getByText('Cordless drill is in the catalogue.').waitFor();
		await carry(maya, ravi, circle, name);
		await ravi.goto(`${base}/circle/${circle}/library`);
		await handOver(maya, ravi, 'Cordless drill');
		await ravi.getByRole('heading', { name: /You have/ }).waitFor();
		await carry(ravi, maya, circle, name);

		// Maya's scorecard: one purchase avoided, worth 120.
		await maya.goto(`${base}/circle/${circle}/library`);
		await maya
			.getByRole('navigation', { name: 'Economy screens' })
			.getByRole('link', { name: 'Scorecard' })
			.click();
		const tile = maya.getByTestId('tile-avoided');
		await tile.getByText('purchases avoided by borrowing, worth 120').waitFor({ timeout: 30_000 });
		expect(await tile.locator('.big').innerText()).toBe('1');
		expect(await tableRows(maya, 'purchases-avoided')).toEqual([
			[
				expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				'Ravi',
				'Power tools',
				'Cordless drill',
				'120',
				expect.any(String)
			]
		]);

		// Every table exports as CSV that parses back to the same rows, and as JSON.
		const months = await tableRows(maya, 'months');
		const csv = await download(maya, 'By month as CSV');
		expect(csv.name).toBe('elm-st-tools-scorecard-months.csv');
		const parsed = parseCsv(csv.text);
		expect(parsed[0]).toEqual([...MONTH_HEADER]);
		expect(parsed.slice(1)).toEqual(months);
		expect(parsed.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(1);
		const avoidedCsv = parseCsv((await download(maya, 'Purchases avoided as CSV')).text);
		expect(avoidedCsv).toHaveLength(2);
		expect(avoidedCsv[1]!.slice(1, 5)).toEqual(['Ravi', 'Power tools', 'Cordless drill', '120']);
		const json = JSON.parse((await download(maya, 'Purchases avoided as JSON')).text);
		expect(json).toEqual([
			Object.fromEntries(avoidedCsv[0]!.map((h, i) => [h, h === 'value' ? 120 : avoidedCsv[1]![i]]))
		]);

		// A repair Maya records counts once Ravi seconds it.
		await maya.getByLabel('What kind').selectOption('repair');
		await maya.getByLabel('What was it').fill('Mended the wheelbarrow');
		await maya.getByRole('button', { name: 'Record it' }).click();
		await maya.getByRole('status').getByText('It counts once another member seconds it.').waitFor();
		await carry(maya, ravi, circle, name);
		await ravi.goto(`${base}/circle/${circle}/scorecard`);
		await ravi.getByRole('heading', { name: /Waiting for a second/ }).waitFor();
		await ravi.getByRole('button', { name: 'Second it' }).click();
		await ravi.getByRole('heading', { name: /Waiting for a second/ }).waitFor({ state: 'detached' });
		expect((await tableRows(ravi, 'records'))[0]!.slice(1, 6)).toEqual([
			'repair',
			'Mended the wheelbarrow',
			'',
			'Maya',
			'Ravi'
		]);
		await expectAccessible(ravi, 'scorecard');
		await screenshot(ravi, 'phone-scorecard', { fullPage: false });

		// The mirror: the loan counted on its own; Maya records an hour and a half she gave Ravi.
		await maya.goto(`${base}/circle/${circle}/reciprocity`);
		const mayaRow = maya.locator(`[data-testid="mirror"] li`, {
			has: maya.getByRole('heading', { name: 'Maya (you)' })
		});
		await mayaRow.getByText('Tools lent: 1 loan').waitFor();
		await maya.getByLabel('To whom').selectOption({ label: 'Ravi' });
		await maya.getByLabel('How long, in hours').fill('1.5');
		await maya.getByRole('button', { name: 'Record it' }).click();
		await maya
			.getByRole('status')
			.getByText('Recorded: 1 h 30 min for Ravi. It counts once Ravi confirms it.')
			.waitFor();
		expect(await mayaRow.innerText()).not.toContain('Hours given');
		await carry(maya, ravi, circle, name);
		await ravi.goto(`${base}/circle/${circle}/reciprocity`);
		await ravi.getByRole('heading', { name: /Waiting for your word/ }).waitFor();
		await ravi.getByRole('button', { name: 'Confirm' }).click();
		const raviRow = ravi.locator(`[data-testid="mirror"] li`, {
			has: ravi.getByRole('heading', { name: 'Ravi (you)' })
		});
		await raviRow.getByText('Hours given: 1 h 30 min').waitFor();
		expect(await raviRow.innerText()).toContain('Tools lent: 1 loan');
		await expectAccessible(ravi, 'reciprocity');
		await ravi.emulateMedia({ colorScheme: 'dark' });
		await ravi.waitForTimeout(500); // the buttons' colour transition
		await expectAccessible(ravi, 'reciprocity (dark)');
		await ravi.goto(`${base}/circle/${circle}/scorecard`);
		await ravi.getByRole('heading', { name: 'Trends' }).waitFor();
		await expectAccessible(ravi, 'scorecard (dark)');
		await screenshot(ravi, 'phone-scorecard-dark', { fullPage: false });
	}, 240_000);

	it('the demo circle’s Reciprocity and Scorecard: warnings in plain words, a year of trends; light and dark', async () => {
		for (const scheme of ['light', 'dark'] as const) {
			const { page } = await e2e.device(`demo-${scheme}`, { colorScheme: scheme });
			const dark = scheme === 'dark' ? '-dark' : '';
			await page.goto(e2e.url('/'));
			await page.getByLabel('Your name').fill('Visitor');
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.goto(e2e.url('/demo'));
			await page.getByRole('button', { name: 'Open the demo circle' }).click();
			await page.waitForURL(/\/circle\/[0-9a-f]{32}\/now$/, { timeout: 120_000 });
			await page.goto(page.url().replace(/\/now$/, '/reciprocity'));
			await page.getByRole('heading', { name: /Early warnings/ }).waitFor();
			await page.locator('[data-signal="quiet"]').first().waitFor();
			await page.locator('[data-signal="carries"]').first().waitFor();
			await expectAccessible(page, `demo reciprocity (${scheme})`);
			keep(
				await screenshot(page, `phone-reciprocity-demo-${scheme}`, { fullPage: false }),
				`phone-reciprocity${dark}`
			);
			await page.goto(page.url().replace(/\/reciprocity$/, '/scorecard'));
			await page.getByRole('heading', { name: 'Trends' }).waitFor();
			expect(Number(await page.getByTestId('tile-avoided').locator('.big').innerText())).toBeGreaterThan(5);
			await expectAccessible(page, `demo scorecard (${scheme})`);
			keep(
				await screenshot(page, `phone-scorecard-demo-${scheme}`, { fullPage: false }),
				`phone-scorecard${dark}`
			);
			await page.getByRole('heading', { name: 'Trends' }).scrollIntoViewIfNeeded();
			keep(
				await screenshot(page, `phone-scorecard-trends-demo-${scheme}`, { fullPage: false }),
				`phone-scorecard-trends${dark}`
			);
		}
	}, 300_000);
});
