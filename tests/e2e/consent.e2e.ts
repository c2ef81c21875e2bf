// Proposals and consent (issue 10, item 2): a charter proposal's card shows its changes without a
// tap; when the last consent arrives by sync, the new version is in force on both phones with
// nobody tapping Ratify (a phone records it on its own, a duty, credited to the proposer).
// Entries travel through the test hook, as a sync would carry them.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const WAIT = 30_000;

const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const entriesOf = async (page: Page, circle: string) =>
	(await callHook<[string, string][]>(page, 'entries', circle)).map(
		([, text]) => JSON.parse(text) as { type: string; author: string; body: Record<string, unknown> }
	);

const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

const dark = async (page: Page) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
};

describe('proposals and consent', () => {
	it('a charter proposal shows its changes open; the last consent, synced, brings it into force on both phones', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya', { timezoneId: 'Europe/Berlin' });
		const ngoc = await e2e.device('ngoc', { timezoneId: 'Europe/Berlin' });
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ngoc.page, base, circle, 'Ngọc');
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');

		// Maya proposes: recall needs 2 (from 3), and a charter text.
		await maya.page.goto(`${base}/circle/${circle}/charter`);
		await maya.page.getByRole('button', { name: 'Draft a new version' }).click();
		await maya.page.getByRole('button', { name: 'Start from the version in force' }).click();
		await maya.page.getByLabel('Charter text (shared draft)').fill('We share tools, not power.');
		await maya.page.getByLabel('Recall needs').fill('2');
		await maya.page.getByLabel('Circle time').selectOption({ label: 'UTC+00:00' });
		await maya.page.getByRole('button', { name: 'Propose this version' }).click();
		const mine = maya.page.locator('article.proposal', { hasText: 'Proposed by Maya (you)' });
		await mine.getByText('1 of 2 answered').waitFor({ timeout: WAIT });

		// Ngọc's phone receives it: the changes are on the card, open, old and new labelled.
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await ngoc.page.goto(`${base}/circle/${circle}/charter`);
		const card = ngoc.page.locator('article.proposal', { hasText: 'Proposed by Maya' });
		await card.getByRole('heading', { name: /^Charter: / }).waitFor({ timeout: WAIT });
		const changes = card.locator('.changes li', { hasText: 'Recall needs' });
		expect(await changes.isVisible()).toBe(true);
		expect((await changes.innerText()).replace(/\s+/g, ' ')).toMatch(/Was 3 Now 2/i);
		const text = card.locator('.changes li', { hasText: 'The charter text' });
		expect((await text.innerText()).replace(/\s+/g, ' ')).toMatch(
			/Was \(empty\) Now We share tools, not power\./i
		);
		expect(await card.innerText()).toContain('1 of 2 answered');
		expect(await card.locator('.progress .name').allTextContents()).toEqual(['Ngọc(you)']);
		expect(await card.locator('.deadline').innerText()).toMatch(
			/^Until \w{3},? .*\d{1,2}:\d{2}.* — in 7 days; silence then counts as consent\.$/
		);
		expect(await card.getByRole('button', { name: 'Ratify' }).count()).toBe(0);
		await expectAccessible(ngoc.page, 'charter proposal card');
		// The card from its title (below the sticky header).
		await card.evaluate((el) => {
			el.scrollIntoView({ block: 'start' });
			window.scrollBy(0, -72);
		});
		keep(await screenshot(ngoc.page, 'consent-card'), 'proposal-card');
		await dark(ngoc.page);
		await expectAccessible(ngoc.page, 'charter proposal card (dark)');
		keep(await screenshot(ngoc.page, 'consent-card-dark'), 'proposal-card-dark');
		await ngoc.page.emulateMedia({ colorScheme: 'light' });

		// Ngọc consents with a note: the last answer. In force on Ngọc's phone at once …
		await card.getByLabel('Note with your answer (optional)').fill('Two is enough for us.');
		await card.getByRole('button', { name: 'Consent' }).click();
		await ngoc.page.locator('.moment', { hasText: 'Version 1 is in force' }).waitFor({ timeout: WAIT });
		await ngoc.page.getByText(/^In force\./).waitFor();
		expect(await ngoc.page.getByRole('button', { name: 'Ratify' }).count()).toBe(0);

		// … and on Maya's when it arrives by sync, with nobody tapping anything.
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');
		await maya.page.goto(`${base}/circle/${circle}/charter`);
		await maya.page.locator('.moment', { hasText: 'Version 1 is in force' }).waitFor({ timeout: WAIT });
		expect(await maya.page.locator('.moment').innerText()).toContain('on Maya’s proposal');
		await maya.page.getByText('Ngọc: Two is enough for us.').waitFor();
		await expectAccessible(maya.page, 'charter, version in force');
		keep(await screenshot(maya.page, 'consent-in-force'), 'charter-in-force');

		// A phone recorded it on its own (the duty): one charter.ratify, credited to Maya by the fold.
		const recorded = async () =>
			[...(await entriesOf(maya.page, circle)), ...(await entriesOf(ngoc.page, circle))].filter(
				(e) => e.type === 'charter.ratify'
			).length;
		await expect.poll(recorded, { timeout: WAIT, interval: 500 }).toBeGreaterThan(0);
		await maya.page
			.getByText(/proposed by Maya/)
			.first()
			.waitFor();
	});

	it('a decision: its proposer cannot implement it; the other member consents and implements it, on both phones', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya', { timezoneId: 'Europe/Berlin' });
		const ngoc = await e2e.device('ngoc', { timezoneId: 'Europe/Berlin' });
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ngoc.page, base, circle, 'Ngọc');
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');

		await maya.page.goto(`${base}/circle/${circle}/decisions`);
		await maya.page.getByLabel('In one line').fill('Buy a second ladder');
		await maya.page.getByLabel('The details (optional)').fill('From the hardware shop on Elm St.');
		await maya.page.getByRole('button', { name: 'Propose' }).click();
		const mine = maya.page.locator('article.proposal', { hasText: 'Buy a second ladder' });
		await mine.getByText('You proposed it, so you will not implement it').waitFor({ timeout: WAIT });
		await mine.getByText('1 of 2 answered').waitFor();
		await expectAccessible(maya.page, 'decisions');

		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await ngoc.page.goto(`${base}/circle/${circle}/decisions`);
		const card = ngoc.page.locator('article.proposal', { hasText: 'Buy a second ladder' });
		await card.getByRole('button', { name: 'I’ll implement it' }).click();
		await card.getByText('Volunteered: Ngọc (you)').waitFor({ timeout: WAIT });
		await card.getByRole('button', { name: 'Consent' }).click();
		const decided = ngoc.page.getByRole('article', { name: 'Buy a second ladder' });
		await decided.getByText(/implemented by\s+Ngọc \(you\) \(volunteered\)/).waitFor({ timeout: WAIT });

		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');
		await maya.page.goto(`${base}/circle/${circle}/decisions`);
		const there = maya.page.getByRole('article', { name: 'Buy a second ladder' });
		await there.getByText(/implemented by\s+Ngọc \(volunteered\)/).waitFor({ timeout: WAIT });
		expect(await there.innerText()).toContain('needed nobody outside the circle');
		await expectAccessible(maya.page, 'decisions, decided');
	});
});
