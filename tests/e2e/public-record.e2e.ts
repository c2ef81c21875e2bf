// A published record, checked by anyone: a visitor's phone with no identity and no network opens a
// circle's published snapshot on /verify, sees every signature checked and the circle's decisions,
// rotations, handoffs and scorecard; a tampered file says what does not check out, and a file that
// is not a record gets a clear message. Issue 14, item 5.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { exportCircle, readExport } from '$lib/sync/file';
import { entriesOf } from '$lib/sync/circle-doc';
import { encodeText } from '$lib/core/canonical';
import { auditExport } from '$lib/sync/audit';
import type { Entry } from '$lib/core/types';
import {
	expectAccessible,
	screenshot,
	useE2E,
	waitForServiceWorkerControl,
	type Device
} from './support/index.js';

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
const tampered = (): { text: string; id: string; entry: Entry } => {
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
	const { text } = exportCircle(doc, { id: envelope.circle, name: envelope.circleName }, envelope.created);
	return { text, id, entry: e };
};

/** The record page's line for the first entry of `type`, and the page with one byte of it changed. */
const oneByteChanged = (html: string, type: string) => {
	const lines = html.split('\n');
	const i = lines.findIndex((l) => /^[0-9a-f]{64} \{/.test(l) && l.includes(`"type":"${type}"`));
	const line = lines[i]!;
	const entry = JSON.parse(line.slice(65)) as Entry;
	// One byte of the signed payload: a digit of the entry's time.
	const at = line.indexOf('"hlc":[') + 8;
	const digit = line[at] === '1' ? '2' : '1';
	lines[i] = `${line.slice(0, at)}${digit}${line.slice(at + 1)}`;
	return { html: lines.join('\n'), id: line.slice(0, 64), entry };
};

/**
 * A fresh browser context with no network, opening a page from a file: every request that is not
 * for a file is aborted (goOffline's router would refuse the file itself) and the context is offline.
 */
const openOffline = async (visitor: Device, path: string): Promise<void> => {
	await visitor.context.route(
		(url) => url.protocol !== 'file:',
		(route) => route.abort('internetdisconnected')
	);
	await visitor.context.setOffline(true);
	await visitor.page.goto(`file://${path}`);
};

const saveTo = (name: string, text: string): string => {
	const dir = join(tmpdir(), 'circulate-record-pages');
	mkdirSync(dir, { recursive: true });
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
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
		const altered = tampered();
		await open(page, 'altered.circulate.json', altered.text);
		await page.getByRole('heading', { name: /^✗ Problems found/ }).waitFor({ timeout: 60_000 });
		const findings = page.getByRole('region', { name: 'What does not check out' });
		await findings.getByRole('heading', { name: 'Set aside' }).waitFor();
		// The finding names the entry: its id, its type, the author's seq and the author.
		await findings
			.getByRole('listitem')
			.filter({ hasText: altered.id.slice(0, 12) })
			.filter({ hasText: new RegExp(`mandate\\.propose, #${altered.entry.seq} by \\S`) })
			.waitFor();
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

	it('the record page, opened from a file in a fresh browser with no network, checks the demo circle; one byte changed names the entry', async () => {
		// The app (offline, from its cache) saves the checked record as a page anyone can open.
		const app = await e2e.device('publisher');
		await app.page.goto(e2e.url('/'));
		await waitForServiceWorkerControl(app.page);
		await app.goOffline();
		await app.page.goto(e2e.url('/verify'));
		await open(app.page, 'elm-street.circulate.json', readFileSync(FIXTURE));
		await app.page
			.getByRole('heading', { name: '✓ Verified: Elm Street Tool Library' })
			.waitFor({ timeout: 60_000 });
		const download = app.page.waitForEvent('download');
		await app.page.getByRole('button', { name: 'Save as a page anyone can open' }).click();
		const d = await download;
		expect(d.suggestedFilename()).toMatch(/^elm-street-tool-library-record-\d{4}-\d{2}-\d{2}\.html$/);
		const html = readFileSync((await d.path())!, 'utf8');
		await app.page.getByRole('status').getByText(`Saved ${d.suggestedFilename()}.`).waitFor();
		await app.close();
		// One file, nothing to fetch: no external script, style or image, no secret of any phone.
		expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img /i);
		const page = saveTo('elm-street-record.html', html);

		for (const scheme of ['light', 'dark'] as const) {
			const visitor = await e2e.device(`stranger-${scheme}`, { colorScheme: scheme });
			const requests: string[] = [];
			visitor.page.on('request', (r) => void requests.push(r.url()));
			await openOffline(visitor, page);
			const v = visitor.page;
			await v
				.getByRole('heading', { name: '✓ Verified: Elm Street Tool Library' })
				.waitFor({ timeout: 90_000 });
			await v.getByRole('heading', { name: 'Record of Elm Street Tool Library', level: 1 }).waitFor();
			await expect(v.title()).resolves.toBe('Record of Elm Street Tool Library');
			await expect(v.getByText(/1,?516 of 1,?516 accepted/).count()).resolves.toBe(1);
			await expect(v.getByText('72 of 72 sealed draws recomputed and matching').count()).resolves.toBe(1);
			await expect(v.getByText('What does not check out').count()).resolves.toBe(0);
			const decisions = v.getByRole('region', { name: 'Decisions' });
			await expect(decisions.getByText(/^Version \d+, ratified/).count()).resolves.toBeGreaterThan(0);
			await expect(decisions.getByRole('listitem').count()).resolves.toBeGreaterThan(3);
			await v
				.getByRole('region', { name: 'Who holds what' })
				.getByText(/Aïcha(,| and) Ngọc/)
				.waitFor();
			await v.evaluate(() => window.scrollTo(0, 0));
			keep(
				await screenshot(v, `phone-record-page-${scheme}`),
				`phone-record-page${scheme === 'dark' ? '-dark' : ''}`
			);
			await expectAccessible(v, `record page (${scheme})`);
			// It asked for nothing but its own file.
			expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
			await visitor.close();
		}

		// In the visitor's language: a Spanish browser reads the page in Spanish.
		const lector = await e2e.device('lector', { locale: 'es-ES' });
		await openOffline(lector, page);
		await lector.page
			.getByRole('heading', { name: '✓ Verificado: Elm Street Tool Library' })
			.waitFor({ timeout: 90_000 });
		await lector.page
			.getByRole('heading', { name: 'Registro de Elm Street Tool Library', level: 1 })
			.waitFor();
		await lector.close();

		// One byte changed: the page says exactly which entry failed.
		const changed = oneByteChanged(html, 'mandate.propose');
		const { members } = auditExport(readFileSync(FIXTURE, 'utf8'));
		const author = members.find((mb) => mb.key === changed.entry.author)!.name;
		const named = `mandate.propose, #${changed.entry.seq} by ${author}`;
		const bad = saveTo('elm-street-record-altered.html', changed.html);
		const auditor = await e2e.device('stranger-auditor');
		await openOffline(auditor, bad);
		const a = auditor.page;
		await a.getByRole('heading', { name: /^✗ Problems found/ }).waitFor({ timeout: 90_000 });
		const findings = a.getByRole('region', { name: 'What does not check out' });
		// Set aside, named: its id, type, the author's seq and the author; listed once.
		await findings.getByRole('heading', { name: 'Set aside' }).waitFor();
		const line = findings.getByRole('listitem').filter({ hasText: changed.id.slice(0, 12) });
		await expect(line.count()).resolves.toBe(1);
		await expect(line.textContent()).resolves.toContain(named);
		await screenshot(a, 'record-page-altered', { fullPage: true });
		// The page also opens another published record the visitor picks: here the export file.
		await open(a, 'elm-street.circulate.json', readFileSync(FIXTURE));
		await a
			.getByRole('heading', { name: '✓ Verified: Elm Street Tool Library' })
			.waitFor({ timeout: 90_000 });
		await expect(a.getByText('What does not check out').count()).resolves.toBe(0);
		await auditor.close();

		// The same altered page opened on /verify in the app names the same entry.
		const checker = await e2e.device('checker');
		await checker.page.goto(e2e.url('/verify'));
		await checker.page.getByRole('heading', { name: 'Check a published record' }).waitFor();
		await open(checker.page, 'elm-street-record-altered.html', changed.html);
		await checker.page.getByRole('heading', { name: /^✗ Problems found/ }).waitFor({ timeout: 60_000 });
		const item = checker.page
			.getByRole('region', { name: 'What does not check out' })
			.getByRole('listitem')
			.filter({ hasText: changed.id.slice(0, 12) })
			.filter({ hasText: named });
		await expect(item.count()).resolves.toBe(1);
	});
});
