// A published record, checked by anyone: a visitor's phone with no identity and no network opens a
// circle's published snapshot on /verify, sees every signature checked and the circle's decisions,
// rotations, handoffs and scorecard; a tampered file says what does not check out, and a file that
// is not a record gets a clear message. Issue 14, item 5.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { exportCircle, readExport } from '$lib/sync/file';
import { entriesOf } from '$lib/sync/circle-doc';
import { encodeText } from '$lib/core/canonical';
import type { Entry } from '$lib/core/types';
import { expectAccessible, screenshot, useE2E, waitForServiceWorkerControl } from './support/index.js';

const e2e = useE2E();
const FIXTURE = 'tests/fixtures/demo-circle.circulate.json';

const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const open = async (page: Page, name: string, text: string | Buffer) => {
	await page.locator('#record-file').setInputFiles({
		name,
		mimeType: 'application/json',
		buffer: typeof text === 'string' ? Buffer.from(text) : text
	});
};

/** The fixture with one entry's date changed after it was signed (exported as is: Publish would drop it). */
const tampered = (): string => {
	const { envelope, update } = readExport(readFileSync(FIXTURE, 'utf8'));
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const map = entriesOf(doc);
	const [id, raw] = [...map.entries()].find(([, v]) => {
		const e = JSON.parse(v) as Entry;
		return e.type === 'mandate.propose';
	})! as [string, string];
	const e = JSON.parse(raw) as Entry;
	map.set(id, encodeText({ ...e, hlc: [e.hlc[0] - 86_400_000, e.hlc[1]] }));
	return exportCircle(doc, { id: envelope.circle, name: envelope.circleName }, envelope.created).text;
};

describe('checking a published record', () => {
	it('a visitor, offline, checks a circle’s record: verified, with its decisions and rotations', async () => {
		for (const scheme of ['light', 'dark'] as const) {
			const visitor = await e2e.device(`visitor-${scheme}`, { colorScheme: scheme });
			const { page } = visitor;
			await page.goto(e2e.url('/'));
			await waitForServiceWorkerControl(page);
			await visitor.goOffline();
			// No identity needed: the page opens from the phone's cache, offline.
			await page.goto(e2e.url('/verify'));
			await page.getByRole('heading', { name: 'Check a published record' }).waitFor();
			await open(page, 'elm-street.circulate.json', readFileSync(FIXTURE));
			await page
				.getByRole('heading', { name: '✓ Verified: Elm Street Tool Library' })
				.waitFor({ timeout: 60_000 });
			// The verdict is brought to the top of the screen, under the header.
			await expect
				.poll(() => page.locator('#verdict-title').evaluate((h) => Math.round(h.getBoundingClientRect().top)))
				.toBeLessThan(120);
			keep(
				await screenshot(page, `phone-verify-${scheme}`),
				`phone-verify${scheme === 'dark' ? '-dark' : ''}`
			);
			await expect(page.getByText(/1,?516 of 1,?516 accepted/).count()).resolves.toBe(1);
			await expect(page.getByText('72 of 72 sealed draws recomputed and matching').count()).resolves.toBe(1);
			await expect(page.getByText('What does not check out').count()).resolves.toBe(0);
			const holders = page.getByRole('region', { name: 'Who holds what' });
			await expect(holders.getByText(/Aïcha(,| and) Ngọc/).count()).resolves.toBe(1);
			const decisions = page.getByRole('region', { name: 'Decisions' });
			await expect(decisions.getByText(/^Version \d+, ratified/).count()).resolves.toBeGreaterThan(0);
			const rotations = page.getByRole('region', { name: 'Rotations' });
			await expect(rotations.getByRole('listitem').count()).resolves.toBe(24);
			await rotations.getByRole('button', { name: /^Show all \d+ terms$/ }).click();
			await expect(rotations.getByRole('listitem').count()).resolves.toBeGreaterThan(24);
			await expectAccessible(page, `/verify with a record (${scheme})`);
			await visitor.close();
		}
	});

	it('a tampered record says what does not check out; a file that is no record says so', async () => {
		const { page } = await e2e.device('auditor');
		await page.goto(e2e.url('/verify'));
		await page.getByRole('heading', { name: 'Check a published record' }).waitFor();
		await open(page, 'altered.circulate.json', tampered());
		await page.getByRole('heading', { name: /^✗ Problems found/ }).waitFor({ timeout: 60_000 });
		const findings = page.getByRole('region', { name: 'What does not check out' });
		await findings.getByRole('heading', { name: 'Set aside' }).waitFor();
		// The altered entry no longer hashes to its id; its author's later entries wait for it.
		await findings.getByRole('heading', { name: 'Entries left out' }).waitFor();
		await expect(findings.getByRole('listitem').count()).resolves.toBeGreaterThan(0);
		await screenshot(page, 'verify-tampered', { fullPage: true });

		await open(page, 'holiday.png', Buffer.from('\u0089PNG not a record at all'));
		await page
			.getByRole('alert')
			.getByText(/holiday\.png: This file is not a Circulate export/)
			.waitFor();
		// The last good report is gone: nothing half-shown from another file.
		await expect(page.getByRole('heading', { name: /Problems found|Verified/ }).count()).resolves.toBe(0);
	});
});
