// A consent round inside a meeting, on the facilitator's one shared phone (issue 10, items 1–3),
// every phone's clock pinned: the facilitator proposes a decision, opens the meeting with four
// members present, taps speakers, takes the proposal round the table — two consent, one objects
// with a reason, the objection shows — amends it there, and the round runs again on version 2; a
// decision written in the meeting says it needed no outside permission; the temperature check is
// part of the closing round; the one signed close carries it all. A second phone receives the
// closing entry and shows the same decision, the consent round, talk shares and minutes. axe on the
// new parts, light and dark; screenshots at 390×844.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const CIRCLE = 'Elm St Tools';
const TIMEOUT = 60_000;
const NAMES = ['Maya', 'Ravi', 'Ilse', 'Kwame'];
const FIRST = 'Buy a second ladder';
const SECOND = 'Borrow a ladder from the library for a month';

const carry = async (from: Page, to: Page, circle: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, CIRCLE, raw);
};
const syncAll = async (pages: Page[], circle: string) => {
	for (const p of pages.slice(1)) await carry(p, pages[0]!, circle);
	for (const p of pages.slice(1)) await carry(pages[0]!, p, circle);
};
const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};
const toSeconds = (t: string) => t.split(':').reduce((s, x) => s * 60 + Number(x), 0);
const speaker = (page: Page, name: string) =>
	page.getByRole('region', { name: 'Talk time' }).getByRole('button', { name: new RegExp(`^${name}`) });
const talk = async (page: Page, name: string, seconds: number) => {
	await speaker(page, name).click();
	await expect
		.poll(async () => toSeconds(await speaker(page, name).locator('.t').innerText()), { timeout: TIMEOUT })
		.toBeGreaterThanOrEqual(seconds);
};

describe('a consent round in the meeting', () => {
	it(
		'the facilitator’s phone takes a proposal round the table, with an objection and an amendment, and closes it; another phone shows it',
		{ timeout: 600_000 },
		async () => {
			const base = e2e.url('/').replace(/\/$/, '');
			const at = new Date('2026-03-04T09:00:00Z');
			const pages: Page[] = [];
			for (const n of NAMES) {
				const page = (await e2e.device(n.toLowerCase())).page;
				await page.clock.setFixedTime(at);
				pages.push(page);
			}
			const byName = new Map(NAMES.map((n, i) => [n, pages[i]!]));
			const maya = pages[0]!;
			const circle = await foundCircle(maya, base, 'Maya', CIRCLE);
			for (const n of NAMES.slice(1)) {
				await inviteAndAdmit(maya, byName.get(n)!, base, circle, n);
				await carry(maya, byName.get(n)!, circle);
			}
			await syncAll(pages, circle);

			// The facilitator of the founding term; they proposed the decision the meeting takes.
			await maya.goto(`${base}/circle/${circle}/meeting`);
			const line = maya.getByText(/^Facilitator now:/);
			await line.waitFor({ timeout: TIMEOUT });
			const facName = (await line.locator('strong').innerText()).trim();
			const fac = byName.get(facName)!;
			const others = NAMES.filter((n) => n !== facName);
			await fac.goto(`${base}/circle/${circle}/decisions`);
			await fac.getByLabel('In one line').fill(FIRST);
			await fac.getByRole('button', { name: 'Propose' }).click();
			await fac.locator('article.proposal', { hasText: FIRST }).waitFor({ timeout: TIMEOUT });

			// The meeting: four present, speakers tapped.
			await fac.goto(`${base}/circle/${circle}/meeting`);
			await fac.getByRole('button', { name: 'Open the meeting' }).click();
			for (const n of NAMES) {
				const box = fac.getByRole('checkbox', { name: n });
				if (!(await box.isChecked())) await box.check();
			}
			await fac.getByRole('button', { name: 'Start the meeting' }).click();
			await talk(fac, others[0]!, 2);
			await talk(fac, others[1]!, 1);
			await talk(fac, facName, 1);
			await fac.getByRole('button', { name: 'Pause the meter' }).click();

			// The consent round: round the table on the shared phone.
			const round = fac.getByRole('region', { name: 'Consent round' });
			await round.getByRole('button', { name: `Take this proposal ${FIRST}` }).click();
			const answer = (who: string, a: string) =>
				round.getByRole('group', { name: who }).getByRole('button', { name: a, exact: true });
			await answer(others[0]!, 'Consent').click();
			await answer(others[1]!, 'Stand aside').click();
			// An objection without a reason is not recorded; with one, it shows.
			await answer(others[2]!, 'Object').click();
			await round.getByRole('button', { name: 'Record the objection' }).click();
			await round.getByText('An objection needs a reason the circle can answer.').waitFor();
			await round
				.getByLabel(`${others[2]}’s reason for objecting`)
				.fill('We rarely need two; borrow one first.');
			await round.getByRole('button', { name: 'Record the objection' }).click();
			const objections = round.getByRole('note');
			await objections.getByText('We rarely need two; borrow one first.').waitFor();
			expect(await objections.innerText()).toContain(others[2]!);
			await round.getByText('Answered: 4 of the 4 present').waitFor();
			expect(await answer(others[0]!, 'Consent').getAttribute('aria-pressed')).toBe('true');
			await expectAccessible(fac, 'meeting (consent round, objection)');
			await round.getByRole('heading', { name: FIRST }).scrollIntoViewIfNeeded();
			keep(await screenshot(fac, 'phone-meeting-consent', { fullPage: false }), 'phone-meeting-consent');
			await fac.emulateMedia({ colorScheme: 'dark' });
			await expect
				.poll(() => answer(others[0]!, 'Consent').evaluate((b) => getComputedStyle(b).backgroundColor), {
					timeout: TIMEOUT
				})
				.toBe('rgb(134, 201, 160)');
			await expectAccessible(fac, 'meeting (consent round, dark)');
			keep(
				await screenshot(fac, 'phone-meeting-consent-dark', { fullPage: false }),
				'phone-meeting-consent-dark'
			);
			await fac.emulateMedia({ colorScheme: 'light' });

			// The proposer amends it in the meeting; the round runs again on version 2.
			await round.getByRole('button', { name: 'Amend the proposal' }).click();
			await round.getByLabel('Title').fill(SECOND);
			await round.getByRole('button', { name: 'Sign the new version (the round starts again)' }).click();
			await round.getByRole('heading', { name: SECOND }).waitFor({ timeout: TIMEOUT });
			await round.getByText(`Proposed by ${facName} · version 2`).waitFor();
			await round.getByText('Answered: 1 of the 4 present').waitFor();
			expect(await round.getByRole('note').count()).toBe(0);
			for (const n of others) await answer(n, 'Consent').click();
			await round.getByText('Answered: 4 of the 4 present').waitFor();

			// The reload keeps the round (it is part of the meeting in progress).
			await fac.reload();
			await round.getByText('Answered: 4 of the 4 present').waitFor({ timeout: TIMEOUT });

			// A decision written in the meeting: no outside permission needed (the default).
			await fac.getByLabel('Minutes').fill('The ladder: borrow first.\nThe shed on Sundays.');
			await fac.getByLabel('A decision').fill('The shed opens on Sundays');
			expect(
				await fac
					.getByRole('checkbox', { name: 'Needed permission from outside the circle' })
					.first()
					.isChecked()
			).toBe(false);
			await fac.getByRole('button', { name: 'Record the decision' }).click();
			await fac.getByText('(no outside permission)').waitFor();

			// The closing round, with the temperature check in it.
			await fac.getByRole('button', { name: 'To the closing round' }).click();
			await fac.getByRole('region', { name: 'Temperature check' }).waitFor({ timeout: TIMEOUT });
			await expectAccessible(fac, 'meeting (closing round, temperature check)');
			await fac.emulateMedia({ colorScheme: 'dark' });
			// Wait until the buttons have taken the dark colours (their transition has finished).
			const sign = fac.getByRole('button', { name: 'Close and sign the summary' });
			await expect
				.poll(() => sign.evaluate((b) => getComputedStyle(b).backgroundColor), { timeout: TIMEOUT })
				.toBe('rgb(134, 201, 160)');
			await expectAccessible(fac, 'meeting (closing round, dark)');
			await fac.emulateMedia({ colorScheme: 'light' });
			await fac.getByRole('button', { name: 'Close and sign the summary' }).click();
			await fac.getByRole('status').getByText('The meeting is closed').waitFor({ timeout: TIMEOUT });
			const summary = fac.getByRole('article', { name: 'Meeting of 2026-03-04' });
			await summary.waitFor();

			// A second phone receives the closing entry and shows the same.
			const other = byName.get(others[0]!)!;
			await carry(fac, other, circle);
			await other.goto(`${base}/circle/${circle}/meeting`);
			const there = other.getByRole('article', { name: 'Meeting of 2026-03-04' });
			await there.waitFor({ timeout: TIMEOUT });
			const text = await there.innerText();
			expect(text).toContain('The shed opens on Sundays (no outside permission)');
			expect(text).toContain(SECOND);
			expect(text).toMatch(/· version 2: 3 consented, 0 stood aside, 0 objected/);
			expect(text).toMatch(/· version 1: 1 consented, 1 stood aside, 1 objected/);
			expect(text).toContain(`${others[2]} objected: We rarely need two; borrow one first.`);
			const shares = (p: Page) =>
				p.getByRole('list', { name: 'Talk time, meeting of 2026-03-04' }).innerText();
			expect(await shares(other)).toBe(await shares(fac));
			expect(await there.locator('.minutes').innerText()).toBe(
				'The ladder: borrow first.\nThe shed on Sundays.'
			);
			await expectAccessible(other, 'meeting summary with a consent round');
			// The decision written at the close feeds the autonomy ratio there (the proposal counts
			// once it comes into force, a day after the close: its answers were recorded for members).
			await other.goto(`${base}/circle/${circle}/scorecard`);
			await other
				.getByText('of decisions needed no outside permission (1 of 1)')
				.waitFor({ timeout: TIMEOUT });
			await other.goto(`${base}/circle/${circle}/meeting`);
			await there.waitFor({ timeout: TIMEOUT });
			await there.getByRole('heading', { name: 'Consent round' }).scrollIntoViewIfNeeded();
			keep(
				await screenshot(other, 'phone-meeting-consent-summary', { fullPage: false }),
				'phone-meeting-consent-summary'
			);
			await other.emulateMedia({ colorScheme: 'dark' });
			const openButton = other.getByRole('button', { name: 'Open the meeting' });
			await expect
				.poll(() => openButton.evaluate((b) => getComputedStyle(b).backgroundColor), { timeout: TIMEOUT })
				.toBe('rgb(134, 201, 160)');
			await expectAccessible(other, 'meeting summary with a consent round (dark)');
			keep(
				await screenshot(other, 'phone-meeting-consent-summary-dark', { fullPage: false }),
				'phone-meeting-consent-summary-dark'
			);
		}
	);
});
