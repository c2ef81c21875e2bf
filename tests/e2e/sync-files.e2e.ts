// Files carried by hand: export whole and as a delta (from the other phone's "what I have"
// code), import merges; corrupt, truncated, foreign-circle and newer-version files get a
// clear error and change nothing. A published snapshot carries no secret, verifies, and
// imports without touching the room settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { auditExport, auditEntries, checkSignatures } from '$lib/sync/audit';
import { readSnapshot } from '$lib/sync/snapshot-read';
import { readExport } from '$lib/sync/file';
import { parseInvite } from '$lib/sync/invite';
import { screenshot, useE2E } from './support/index.js';
import { auditFacts, foundCircle, inviteAndAdmit, ledgerView, rename } from './sync-helpers';

const e2e = useE2E();

const exportFile = async (page: Page, button: string, code?: string): Promise<string> => {
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: button }).click();
	if (code) {
		await page.getByLabel('Or paste its “what I have” code', { exact: true }).fill(code);
		await page.getByRole('button', { name: 'Use this code' }).click();
	}
	const d = await download;
	expect(d.suggestedFilename()).toMatch(/\.circulate\.json$/);
	return readFileSync((await d.path())!, 'utf8');
};

const importFile = async (page: Page, text: string, name = 'x.circulate.json') => {
	await page
		.getByLabel('Import a file')
		.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
};

describe('sync by files', () => {
	it('exports whole and delta, imports merge, bad files change nothing; a published snapshot has no secret', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');

		// whole
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		const whole = await exportFile(maya.page, 'Export the whole circle');
		const envelope = JSON.parse(whole) as Record<string, unknown>;
		expect(envelope).toMatchObject({
			format: 'circulate-export',
			version: 2,
			circle,
			circleName: 'Elm St Tools',
			kind: 'whole'
		});
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await importFile(ravi.page, whole);
		// the genesis, the first room secret (sealed to Maya, written when she showed the invite), the admission,
		// the secret shared with Ravi
		await ravi.page.getByRole('status').getByText('Imported 4 new entries.').waitFor();
		// Ravi's phone acknowledges what it imported (witness.md) 1.5 s later: stay on the page.
		await ravi.page.waitForTimeout(2500);
		expect(await ledgerView(ravi.page, base, circle)).toEqual(await ledgerView(maya.page, base, circle));

		// delta: Maya writes; Ravi shows what it has; Maya exports only the rest
		await rename(maya.page, base, circle, 'Elm Street Tool Library');
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await ravi.page.getByRole('button', { name: 'Show what this phone has' }).click();
		const have = await ravi.page.getByLabel('“What I have” code', { exact: true }).inputValue();
		expect(have).toMatch(/^CV1:[A-Z2-7]+$/);
		await screenshot(ravi.page, 'sync-files-have', { fullPage: true });
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		const delta = await exportFile(maya.page, 'Export only what another phone lacks', have);
		const d = JSON.parse(delta) as { kind: string; length: number };
		expect(d.kind).toBe('delta');
		expect(d.length).toBeLessThan((envelope.length as number) + 1000);
		await importFile(ravi.page, delta);
		await ravi.page.getByRole('status').getByText('Imported 1 new entry.').waitFor();
		await ravi.page.waitForTimeout(2500);
		expect(await ledgerView(ravi.page, base, circle)).toEqual(await ledgerView(maya.page, base, circle));

		// Ravi's phone acknowledges each import (witness.md): Maya's five entries and its two acknowledgements.
		const before = await auditFacts(ravi.page, base, circle);
		expect(before.count).toBe(7);

		// bad files
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		const foreign = JSON.stringify({ ...envelope, circle: 'cd'.repeat(16), circleName: 'Garden Co-op' });
		const table: [string, string, RegExp][] = [
			[
				'corrupt',
				'\u0089PNG not an export at all',
				/This file is not a Circulate export\. Nothing was imported\./
			],
			[
				'truncated',
				whole.slice(0, Math.floor(whole.length / 2)),
				/damaged or incomplete.*Nothing was imported\./
			],
			[
				'foreign',
				foreign,
				/^This file belongs to circle 'Garden Co-op', not 'Elm Street Tool Library'\. Nothing was imported\.$/
			],
			[
				'newer',
				JSON.stringify({ ...envelope, version: 9 }),
				/made by a newer Circulate.*Nothing was imported\./
			]
		];
		for (const [name, text, re] of table) {
			await importFile(ravi.page, text, `${name}.circulate.json`);
			const alert = ravi.page.getByRole('region', { name: 'Files' }).getByRole('alert');
			await alert.filter({ hasText: re }).waitFor({ timeout: 10_000 });
			expect(await alert.innerText(), name).toMatch(re);
		}
		await screenshot(ravi.page, 'sync-files-error', { fullPage: false });
		expect(await auditFacts(ravi.page, base, circle)).toEqual(before);

		// publish: the signed entries only, no secret; it verifies and imports without settings
		// The room secret lives only in invites and, sealed to each member, in settings.rekey entries.
		await maya.page.goto(`${base}/circle/${circle}/invite`);
		const secret = parseInvite(
			await maya.page.getByLabel('Invite link', { exact: true }).inputValue()
		).secret;
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(whole).not.toContain(secret);
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		await maya.page.getByText('it is the file to publish').waitFor();
		const published = await exportFile(maya.page, 'Publish a read-only snapshot');
		await maya.page
			.getByRole('status')
			.getByText(/a read-only snapshot: 5 signed entries, no secret/)
			.waitFor();
		expect(published).not.toContain(secret as string);
		const p = JSON.parse(published) as { kind: string };
		expect(p.kind).toBe('published');
		const { update } = readExport(published);
		const bytes = Buffer.from(update).toString('latin1');
		for (const word of [secret as string, 'meta', 'secret', 'signaling', 'charter-draft'])
			expect(bytes, word).not.toContain(word);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		expect([...doc.share.keys()]).toEqual(['entries']);
		expect(auditExport(published)).toMatchObject({ kind: 'published', verified: true, accepted: 5 });
		// …and as a page anyone can open: the same signed entries inside one HTML file, no secret.
		const pageDownload = maya.page.waitForEvent('download');
		await maya.page.getByRole('button', { name: 'Publish as a page anyone can open' }).click();
		const pageFile = await pageDownload;
		expect(pageFile.suggestedFilename()).toMatch(/^[a-z-]+-record-\d{4}-\d{2}-\d{2}\.html$/);
		const html = readFileSync((await pageFile.path())!, 'utf8');
		await maya.page
			.getByRole('status')
			.getByText(/a page with 5 signed entries that checks them in any browser, offline; no secret/)
			.waitFor();
		expect(html).not.toContain(secret as string);
		expect(html).not.toMatch(/charter-draft|signaling/);
		const onPage = readSnapshot(html);
		expect(onPage.entries.map((e) => e.id).sort()).toEqual(
			readSnapshot(published)
				.entries.map((e) => e.id)
				.sort()
		);
		expect(
			auditEntries(onPage.head, checkSignatures(onPage.entries), onPage.unreadable, false)
		).toMatchObject({ verified: true, accepted: 5 });
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await importFile(ravi.page, published, 'published.circulate.json');
		await ravi.page.getByRole('status').getByText('Imported: nothing new in this file.').waitFor();
		expect(await ledgerView(ravi.page, base, circle)).toEqual(await ledgerView(maya.page, base, circle));
	});
});
