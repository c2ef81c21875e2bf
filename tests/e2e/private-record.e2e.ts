// Private entries in a published record (issue 14 item 5: "nothing the circle marks private"). A
// member of a circle whose charter keeps payments and loans private publishes the record page from
// the Sync screen: the page carries no payment memo and no loan, only stubs (id, author, seq, time),
// and a stranger's browser, offline, still verifies every signature and chain and says how many
// entries are private, of which kind, and what that can and cannot prove.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import { isPrivateType } from '$lib/core/privacy/section';
import { recordBlockOf } from '$lib/sync/record-page';
import { expectAccessible, screenshot, useE2E } from './support/index.js';
import { holdDemoAs } from './demo-member';

const e2e = useE2E();

describe('a circle that keeps payments and loans private', () => {
	it('publishes a record page without them that a stranger still verifies, offline', async () => {
		const now = Date.now();
		const demo = demoCircle('e2e-private', {
			days: 60,
			start: startOfUtcDay(now) - 61 * DAY_MS + 9 * HOUR_MS,
			privacy: ['payments', 'loans']
		});
		const hidden = demo.entries.filter((e) => isPrivateType({ kinds: ['payments', 'loans'] }, e.type));
		expect(hidden.length).toBeGreaterThan(10);
		const me = demo.keys[0]!;

		const { page } = await e2e.device('keeper');
		const base = e2e.url('/').replace(/\/$/, '');
		await holdDemoAs(page, base, demo, me);

		// The charter in force says what it keeps out of the published record.
		await page.goto(`${base}/circle/${demo.circle}/charter`);
		await page
			.getByText(/payments and loans/i)
			.first()
			.waitFor({ timeout: 60_000 });
		// A member proposes to keep the pair audit's ties private too: one tick on the draft form,
		// and the proposal card shows the change, old and new, for the circle's consent.
		await page.getByRole('button', { name: 'Draft a new version' }).click();
		await page.getByRole('button', { name: 'Start from the version in force' }).click();
		await page.getByRole('group', { name: 'Kept out of the published record' }).waitFor();
		expect(await page.getByRole('checkbox', { name: /^Payments/ }).isChecked()).toBe(true);
		await page.getByRole('checkbox', { name: /^Ties/ }).check();
		await page.getByRole('group', { name: 'Kept out of the published record' }).scrollIntoViewIfNeeded();
		copyFileSync(
			await screenshot(page, 'charter-privacy-draft'),
			'docs/screenshots/charter-privacy-draft.png'
		);
		await page.getByLabel('Circle time').selectOption({ label: 'UTC+00:00' });
		await expectAccessible(page, 'charter draft with the privacy section');
		await page.getByRole('button', { name: 'Propose this version' }).click();
		const proposal = page.locator('article.proposal', { hasText: `Proposed by ${me.name} (you)` });
		const change = proposal.locator('.changes li', { hasText: 'Kept out of the published record' });
		await change.getByText(/payments, loans,? and ties/).waitFor();
		// The meeting takes charter proposals in turn with the rest, on the same consent card.
		await page.goto(`${base}/circle/${demo.circle}/meeting`);
		const proposals = page.getByRole('region', { name: /^Proposals/ });
		const card = proposals.locator('article.proposal', {
			hasText: 'Charter: Kept out of the published record'
		});
		await card.getByText('You consented').waitFor({ timeout: 30_000 });
		await card.getByText(/payments, loans,? and ties/).waitFor();
		// A clarifying question on the charter proposal, as on a decision: not an answer.
		await card.getByLabel('Ask a clarifying question').fill('Why the ties too?');
		await card.getByRole('button', { name: 'Ask', exact: true }).click();
		await card.getByText('Why the ties too?').waitFor();
		await expect(card.getByText(/^1 of \d+ answered$/).count()).resolves.toBe(1);

		// Sync → publish the page: the status says how many went out as stubs.
		await page.goto(`${base}/circle/${demo.circle}/sync`);
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Publish as a page anyone can open' }).click();
		const d = await download;
		const html = readFileSync((await d.path())!, 'utf8');
		await page
			.getByRole('status')
			.getByText(`${hidden.length} private entries went out as stubs`, { exact: false })
			.waitFor();
		// No payment memo, no loan's details: their bodies are not in the record; their ids are.
		const lines = recordBlockOf(html)!.split('\n').slice(1);
		expect(lines.some((l) => l.includes('"memo"'))).toBe(false);
		const stubs = lines.filter((l) => l.includes('"private":true'));
		expect(stubs.length).toBe(hidden.length);
		expect(stubs.some((l) => l.includes('"body"'))).toBe(false);
		for (const e of hidden.slice(0, 5)) expect(stubs.some((l) => l.startsWith(`${entryId(e)} `))).toBe(true);
		await page.close();

		const dir = join(tmpdir(), 'circulate-record-pages');
		mkdirSync(dir, { recursive: true });
		const path = join(dir, 'private-record.html');
		writeFileSync(path, html);
		for (const scheme of ['light', 'dark'] as const) {
			const stranger = await e2e.device(`stranger-${scheme}`, { colorScheme: scheme });
			await stranger.context.route(
				(url) => url.protocol !== 'file:',
				(route) => route.abort('internetdisconnected')
			);
			await stranger.context.setOffline(true);
			await stranger.page.goto(`file://${path}`);
			const v = stranger.page;
			await v.getByRole('heading', { name: `✓ Verified: ${demo.name}` }).waitFor({ timeout: 90_000 });
			await expect(v.getByText('What does not check out').count()).resolves.toBe(0);
			const region = v.getByRole('region', { name: 'Private entries' });
			await region
				.getByText(
					new RegExp(`^${hidden.length} kept private by the circle’s charter \\(payments \\d+, loans \\d+\\)`)
				)
				.waitFor();
			await region.getByText(/cannot be checked without its content/).waitFor();
			await region.scrollIntoViewIfNeeded();
			const shot = await screenshot(v, `record-page-private-${scheme}`);
			mkdirSync('docs/screenshots', { recursive: true });
			copyFileSync(shot, `docs/screenshots/record-page-private-${scheme}.png`);
			await expectAccessible(v, `record page with private entries (${scheme})`);
			await stranger.close();
		}
	}, 300_000);
});
