// Decisions by consent, asynchronously with a deadline (issue 10, item 2), on two phones with their
// clocks pinned: Maya proposes with a deadline, Ngọc asks a clarifying question and reacts, Maya
// answers, Ngọc objects with a reason, Maya amends (the card shows what changed, old and new
// labelled), Ngọc volunteers and consents: version 2 is in force on both phones with nobody tapping
// Ratify. Entries travel through the test hook, as a sync would carry them.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const WAIT = 30_000;
const CIRCLE = 'Elm St Tools';

const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const carry = async (from: Page, to: Page, circle: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, CIRCLE, raw);
};

const scheme = async (page: Page, colorScheme: 'light' | 'dark') => {
	await page.emulateMedia({ colorScheme });
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
};

/** The card from its title, below the sticky header. */
const toTop = (card: ReturnType<Page['locator']>) =>
	card.evaluate((el) => {
		el.scrollIntoView({ block: 'start' });
		window.scrollBy(0, -72);
	});

describe('a decision by consent, with a deadline, questions and an amendment', () => {
	it(
		'two phones: question, answer, objection, amendment, consent; in force on both with nobody tapping Ratify',
		{ timeout: 300_000 },
		async () => {
			const base = e2e.url('/').replace(/\/$/, '');
			// Monday 30 November 2026, 12:43 UTC: both phones' clocks pinned, moved on a few minutes a step.
			let at = Date.parse('2026-11-30T12:43:00Z');
			const maya = (await e2e.device('maya', { timezoneId: 'UTC' })).page;
			const ngoc = (await e2e.device('ngoc', { timezoneId: 'UTC' })).page;
			const tick = async () => {
				at += 5 * 60_000;
				for (const p of [maya, ngoc]) await p.clock.setFixedTime(at);
			};
			for (const p of [maya, ngoc]) await p.clock.setFixedTime(at);
			const circle = await foundCircle(maya, base, 'Maya', CIRCLE);
			await inviteAndAdmit(maya, ngoc, base, circle, 'Ngọc');
			await carry(maya, ngoc, circle);
			await carry(ngoc, maya, circle);
			await tick();

			// Maya proposes, answers due Monday 7 December at 12:43 (circle time: UTC).
			await maya.goto(`${base}/circle/${circle}/decisions`);
			await maya.getByLabel('In one line').fill('Buy a second ladder');
			await maya.getByLabel('The details (optional)').fill('A long one, from the hardware shop.');
			await maya.getByLabel('Day', { exact: true }).fill('2026-12-07');
			await maya.getByLabel('Time', { exact: true }).fill('12:43');
			await maya
				.getByText(/^Until Mon\W+(7 Dec|Dec 7)\W+12:43( PM)? — in 7 days; silence then counts as consent\.$/)
				.waitFor();
			await maya.getByRole('button', { name: 'Propose', exact: true }).click();
			const mine = maya.locator('article.proposal', { hasText: 'Buy a second ladder' });
			await mine.getByText('1 of 2 answered').waitFor({ timeout: WAIT });
			expect(await mine.locator('.deadline').innerText()).toMatch(
				/^Until Mon\W+(7 Dec|Dec 7)\W+12:43( PM)? — in 7 days; silence then counts as consent\.$/
			);
			await tick();

			// Ngọc asks a clarifying question and reacts: neither is an answer.
			await carry(maya, ngoc, circle);
			await ngoc.goto(`${base}/circle/${circle}/decisions`);
			const card = ngoc.locator('article.proposal', { hasText: 'Buy a second ladder' });
			await card.getByLabel('Ask a clarifying question').fill('Where would we keep a long ladder?');
			await card.getByRole('button', { name: 'Ask', exact: true }).click();
			await card.getByText('Where would we keep a long ladder?').waitFor({ timeout: WAIT });
			await card.getByRole('button', { name: /^Unsure/ }).click();
			await card.getByRole('button', { name: 'Unsure 1' }).waitFor({ timeout: WAIT });
			expect(await card.innerText()).toContain('1 of 2 answered');
			await tick();

			// Maya answers the question.
			await carry(ngoc, maya, circle);
			await maya.goto(`${base}/circle/${circle}/decisions`);
			await mine.getByText('Where would we keep a long ladder?').waitFor({ timeout: WAIT });
			await mine.getByRole('button', { name: 'Reply', exact: true }).click();
			await mine.getByLabel('Your reply').fill('Against the shed wall, under the eaves.');
			await mine.getByRole('button', { name: 'Send the reply' }).click();
			await mine.getByText('Maya (you) (who proposed it) replied').waitFor({ timeout: WAIT });
			await tick();

			// Ngọc objects, with a reason.
			await carry(maya, ngoc, circle);
			await ngoc.goto(`${base}/circle/${circle}/decisions`);
			await card.getByText('Against the shed wall, under the eaves.').waitFor({ timeout: WAIT });
			await card.getByRole('button', { name: 'Object…' }).click();
			await card
				.getByLabel('Your objection (what would make it work for you?)')
				.fill('Under the eaves it would rust; a folding one fits inside the shed.');
			await card.getByRole('button', { name: 'Object', exact: true }).click();
			await card.getByText('You objected.', { exact: false }).waitFor({ timeout: WAIT });
			await tick();

			// Maya amends to meet it: version 2, a new round.
			await carry(ngoc, maya, circle);
			await maya.goto(`${base}/circle/${circle}/decisions`);
			await mine.getByText('Under the eaves it would rust').waitFor({ timeout: WAIT });
			await mine.getByRole('button', { name: 'Amend it to meet the objections' }).click();
			const amend = mine.locator('.amend');
			await amend.getByLabel('In one line').fill('Buy a folding ladder that fits the shed');
			await amend.getByLabel('The details (optional)').fill('');
			await amend.getByRole('button', { name: 'Propose version 2' }).click();
			const amended = maya.locator('article.proposal', {
				hasText: 'Buy a folding ladder that fits the shed'
			});
			await amended.getByText('version 2, amended to meet objections').waitFor({ timeout: WAIT });
			await tick();

			// On Ngọc's phone the card shows what changed, old and new labelled, without a tap.
			await carry(maya, ngoc, circle);
			await ngoc.goto(`${base}/circle/${circle}/decisions`);
			const v2 = ngoc.locator('article.proposal', { hasText: 'Buy a folding ladder that fits the shed' });
			await v2.getByText('version 2, amended to meet objections').waitFor({ timeout: WAIT });
			const line = v2.locator('.changes li', { hasText: 'In one line' });
			expect((await line.innerText()).replace(/\s+/g, ' ')).toMatch(
				/In one line Was Buy a second ladder Now Buy a folding ladder that fits the shed/i
			);
			const details = v2.locator('.changes li', { hasText: 'Details' });
			expect((await details.innerText()).replace(/\s+/g, ' ')).toMatch(
				/Was A long one, from the hardware shop\. Now \(empty\)/i
			);
			// Answers to version 1 no longer count: Ngọc's objection is gone, the round starts again.
			expect(await v2.innerText()).toContain('1 of 2 answered');
			expect(await v2.innerText()).not.toContain('Objections');
			// The question asked about version 1 stays, marked so.
			await v2.getByText(/Ngọc \(you\) asked about version 1/).waitFor();
			await v2
				.getByText(
					/Nobody has volunteered yet: when it comes into force the lottery draws a member other than Maya/
				)
				.waitFor();
			await expectAccessible(ngoc, 'decision card, amended');
			await toTop(v2);
			keep(await screenshot(ngoc, 'decision-card'), 'decision-card');
			await scheme(ngoc, 'dark');
			await expectAccessible(ngoc, 'decision card, amended (dark)');
			keep(await screenshot(ngoc, 'decision-card-dark'), 'decision-card-dark');
			await scheme(ngoc, 'light');
			// The question, the proposer's reply and the reaction, further down the same card.
			await toTop(v2.locator('.implements'));
			keep(await screenshot(ngoc, 'decision-thread'), 'decision-thread');
			await scheme(ngoc, 'dark');
			keep(await screenshot(ngoc, 'decision-thread-dark'), 'decision-thread-dark');
			await scheme(ngoc, 'light');

			// Ngọc volunteers, then consents: the last answer. In force at once on Ngọc's phone …
			await v2.getByRole('button', { name: 'I’ll implement it' }).click();
			await v2.getByText('You volunteered to implement it.').waitFor({ timeout: WAIT });
			await v2.getByText(/Ngọc \(you\), who volunteered first/).waitFor();
			await v2.getByRole('button', { name: 'Consent', exact: true }).click();
			const decided = ngoc.getByRole('article', { name: 'Buy a folding ladder that fits the shed' });
			await decided.getByText('Version 2 is in force').waitFor({ timeout: WAIT });
			await decided.getByText(/implemented by\s+Ngọc \(you\) \(volunteered\)/).waitFor();
			expect(await ngoc.getByRole('button', { name: 'Ratify' }).count()).toBe(0);

			// … and on Maya's when it arrives, with nobody tapping anything.
			await tick();
			await carry(ngoc, maya, circle);
			await maya.goto(`${base}/circle/${circle}/decisions`);
			const there = maya.getByRole('article', { name: 'Buy a folding ladder that fits the shed' });
			await there.getByText('Version 2 is in force').waitFor({ timeout: WAIT });
			await there.getByText(/implemented by\s+Ngọc \(volunteered\)/).waitFor();
			expect(await maya.getByRole('button', { name: 'Ratify' }).count()).toBe(0);
			expect(await maya.locator('article.proposal').count()).toBe(0);
			await expectAccessible(maya, 'decisions, version 2 in force');
			await scheme(maya, 'dark');
			await expectAccessible(maya, 'decisions, version 2 in force (dark)');
			await scheme(maya, 'light');
		}
	);
});
