// The lending library on two phones, the whole story of issue 9 ("What it must show"), with both
// phones' clocks pinned: Maya adds a drill with a photo taken on the phone (shrunk to a few KB) and
// its borrow policy; Ravi reserves it; they hand it over by scanning (Maya's phone shows a signed
// handover code, Ravi's reads it — pasted here, as the camera would read it — after a payment code,
// another circle's code and garbage were each refused with a clear message and changed nothing);
// Ravi's loan shows on both; a week later it is overdue in Ravi's due list; Ravi brings it back and
// the drill rests its buffer day; Ravi pays Maya, and a payment below his floor is refused with the
// numbers; Maya's scorecard counts one purchase avoided and its CSV export parses back to the same
// rows. Entries travel between the phones through the test hook, as a file or a QR sync would.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv } from '$lib/ui/credit/csv';
import { MONTH_HEADER } from '$lib/ui/scorecard/tables';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';
import { itemCard as card, scanHandover, showHandoverCode } from './library-helpers';

const e2e = useE2E();
const DAY = 86_400_000;

/** Carries every entry `from` holds to `to` (what a sync does). */
const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

/** A screenshot at 390×844 kept for the README (docs/screenshots). */
const keep = async (page: Page, name: string) => {
	const shot = await screenshot(page, name, { fullPage: false });
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

/** Light, then dark: axe on both, a kept screenshot of both; back to light. */
const bothSchemes = async (page: Page, label: string, name: string) => {
	await expectAccessible(page, label);
	await keep(page, name);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.waitForTimeout(400); // the buttons' colour transition
	await expectAccessible(page, `${label} (dark)`);
	await keep(page, `${name}-dark`);
	await page.emulateMedia({ colorScheme: 'light' });
	await page.waitForTimeout(400);
};

describe('the library', () => {
	it('a drill with a photo, reserved, handed over by scanning, overdue, returned; a payment refused below the floor; one purchase avoided', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const name = 'Elm St Tools';
		const circle = await foundCircle(maya, base, 'Maya', name);
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, name);
		// Both clocks pinned: the next whole hour, then a week and a day on.
		const start = Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000;
		for (const p of [maya, ravi]) await p.clock.setFixedTime(new Date(start));

		// Maya: Economy → Library, adds a drill with a photo from the camera and its borrow policy.
		await maya.goto(`${base}/circle/${circle}/credit`);
		await maya
			.getByRole('navigation', { name: 'Economy screens' })
			.getByRole('link', { name: 'Library' })
			.click();
		await maya.getByRole('heading', { name: 'Add an item' }).waitFor();
		const png = await maya.evaluate(() => {
			const c = document.createElement('canvas');
			c.width = 640;
			c.height = 480;
			const g = c.getContext('2d')!;
			g.fillStyle = '#2f6b4f';
			g.fillRect(0, 0, 640, 480);
			g.fillStyle = '#e0a43a';
			g.fillRect(160, 160, 320, 120);
			return c.toDataURL('image/png').split(',')[1]!;
		});
		await maya.locator('#item-name').fill('Cordless drill');
		await maya.locator('#item-category').fill('Power tools');
		await maya.getByLabel('Replacement value').fill('120');
		await maya.locator('#item-condition').fill('Two batteries');
		await maya
			.getByLabel('Photo (taken now, shrunk to a few KB)')
			.setInputFiles({ name: 'drill.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
		await maya.getByAltText('Shrunk, as it will be kept').waitFor();
		// The policy starts from the charter's defaults (14 days, 1 renewal, no rest, no approval).
		const policy = maya.getByRole('group', { name: 'Borrow policy' });
		expect(await policy.getByLabel('Lent for up to (days)').inputValue()).toBe('14');
		await policy.getByLabel('Lent for up to (days)').fill('7');
		await policy.getByLabel('Rest between loans (days)').fill('1');
		await policy.getByLabel('Each reservation needs the keeper’s approval').scrollIntoViewIfNeeded();
		await bothSchemes(maya, 'library: adding an item with its policy', 'phone-library-policy');
		await maya.getByRole('button', { name: 'Add to the catalogue' }).click();
		await maya.getByRole('status').getByText('Cordless drill is in the catalogue.').waitFor();
		const photo = await card(maya, 'Cordless drill').locator('img').getAttribute('src');
		expect(photo).toMatch(/^data:image\/jpeg;base64,/);
		expect(photo!.length).toBeLessThanOrEqual(8192);
		expect(await card(maya, 'Cordless drill').getByTestId('policy').innerText()).toBe(
			'up to 7 days · 1 renewal · rests 1 day'
		);

		// Ravi reserves it.
		await carry(maya, ravi, circle, name);
		await ravi.goto(`${base}/circle/${circle}/library`);
		await card(ravi, 'Cordless drill').getByRole('button', { name: 'Reserve' }).click();
		await card(ravi, 'Cordless drill').getByText('1 waiting: you are first').waitFor();

		// Maya's phone shows the handover code, dated ten minutes ago; Ravi is first in the queue.
		await carry(ravi, maya, circle, name);
		await maya.reload();
		await card(maya, 'Cordless drill').getByText('1 waiting').waitFor();
		const code = await showHandoverCode(maya, 'Cordless drill', { minutesAgo: 10 });
		expect(code).toMatch(/^CL1:[0-9a-f]{32}:[0-9a-f]{64}:[0-9a-f]{64}:\d+:\d+:[0-9a-f]{32}:[0-9a-f]{128}$/);
		await card(maya, 'Cordless drill')
			.getByRole('img', { name: 'Handover code for Cordless drill' })
			.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		await bothSchemes(maya, 'library: the keeper’s handover code', 'phone-library-handover-code');

		// Ravi scans. A wrong code says why and records nothing: garbage, a payment code, another circle's.
		const box = ravi.getByRole('region', { name: 'Scan a handover' });
		await box.getByRole('button', { name: 'Scan the keeper’s code' }).click();
		const paste = box.getByLabel('Or paste the handover code');
		const use = box.getByRole('button', { name: 'Use this code' });
		const before = (await callHook<[string, string][]>(ravi, 'entries', circle)).length;
		for (const [wrong, says] of [
			['a drill, please', 'That is not a handover code.'],
			[`CP1:${circle}:${'ab'.repeat(32)}:150:Drill`, 'That is a payment code, not a handover code'],
			[
				code.replace(circle, 'cd'.repeat(16)),
				'That handover code is for another circle. Nothing was recorded.'
			]
		] as const) {
			await paste.fill(wrong);
			await use.click();
			await box.getByRole('alert').getByText(says).waitFor();
		}
		expect((await callHook<[string, string][]>(ravi, 'entries', circle)).length).toBe(before);
		await paste.fill(code);
		await use.click();
		await box.getByText(/^Maya hands you Cordless drill, handed over .+, due back .+\.$/).waitFor();
		await box.scrollIntoViewIfNeeded();
		await bothSchemes(ravi, 'library: the borrower checks the handover', 'phone-library-handover-scan');
		await box.getByRole('button', { name: 'I have it' }).click();
		await box
			.getByRole('status')
			.getByText('Recorded: Cordless drill is with you.', { exact: false })
			.waitFor();

		// The loan shows on both phones (after a sync), dated to the real handover.
		await ravi.getByRole('heading', { name: /You have/ }).waitFor();
		await card(ravi, 'Cordless drill').locator('.status', { hasText: 'Out' }).waitFor();
		expect(await card(ravi, 'Cordless drill').getByText('waiting').count()).toBe(0); // the hold was collected
		await carry(ravi, maya, circle, name);
		await maya.reload();
		await card(maya, 'Cordless drill').getByText('with Ravi, due').waitFor();
		const stored = async () =>
			(await callHook<[string, string][]>(maya, 'entries', circle)).map(([id, t]) => ({
				id,
				...(JSON.parse(t) as { type: string; body: { at: number }; seen?: string[] })
			}));
		const loans = (await stored()).filter((e) => e.type === 'library.handover');
		expect(loans).toHaveLength(1);
		expect(loans[0]!.body.at).toBe(start - 10 * 60_000);
		// Maya's phone acknowledges it (as after any sync) before the clocks move on: from then it counts.
		await expect
			.poll(
				async () => (await stored()).some((e) => e.type === 'witness.ack' && e.seen?.includes(loans[0]!.id)),
				{
					timeout: 15_000
				}
			)
			.toBe(true);

		// A week and a day later (both clocks moved on) the loan is overdue in Ravi's due list:
		// derived from the clock, nothing was written to make it so.
		for (const p of [maya, ravi]) await p.clock.setFixedTime(new Date(start + 8 * DAY));
		await ravi.reload();
		await ravi.getByText('Overdue since').waitFor();
		await ravi.getByRole('heading', { name: /^Overdue/ }).waitFor();
		expect(await ravi.locator('ul.due li').innerText()).toContain('Cordless drill with Ravi, due');
		await screenshot(ravi, 'phone-library-overdue', { fullPage: false });

		// Ravi brings it back: it rests a day before it can go out again.
		await ravi.getByRole('button', { name: 'I brought it back' }).click();
		await card(ravi, 'Cordless drill').locator('.status', { hasText: 'Available' }).waitFor();
		await card(ravi, 'Cordless drill')
			.getByText(/^Resting until /)
			.waitFor();
		await carry(ravi, maya, circle, name);
		await maya.reload();
		await card(maya, 'Cordless drill').locator('.status', { hasText: 'Available' }).waitFor();
		await expectAccessible(maya, 'library (keeper)');

		// Ravi pays Maya 5 hours; 16 more would take him below his floor: refused with the numbers.
		await ravi.goto(`${base}/circle/${circle}/credit`);
		await ravi.locator('#credit-who').selectOption({ label: 'Maya' });
		await ravi.getByLabel('Amount, in hours').fill('5');
		await ravi.getByLabel('What for').fill('Thanks for the drill');
		await ravi.getByRole('button', { name: 'Send payment' }).click();
		await ravi.getByRole('status').getByText('Paid Maya 5.00 hours.').waitFor();
		await ravi.locator('#credit-who').selectOption({ label: 'Maya' });
		await ravi.getByLabel('Amount, in hours').fill('16');
		await ravi.getByRole('button', { name: 'Send payment' }).click();
		const refused = ravi.getByRole('alert').filter({ hasText: 'Refused' });
		await refused.waitFor();
		expect(await refused.innerText()).toBe(
			'Refused: this payment of 16.00 hours would take you to −21.00 hours, below your floor of −20.00 hours. You have −5.00 hours, so you can pay at most 15.00 hours now.'
		);
		expect(await ravi.getByTestId('my-balance').innerText()).toBe('−5.00 hours');
		await carry(ravi, maya, circle, name);

		// Maya's scorecard: one purchase avoided, worth 120; its CSV parses back to the same rows.
		await maya.goto(`${base}/circle/${circle}/scorecard`);
		const tile = maya.getByTestId('tile-avoided');
		await tile.getByText('purchases avoided by borrowing, worth 120').waitFor({ timeout: 30_000 });
		expect(await tile.locator('.big').innerText()).toBe('1');
		const rows = (table: string) =>
			maya
				.locator(`table[data-table="${table}"] tbody tr`)
				.evaluateAll((trs) =>
					trs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()))
				);
		const avoided = await rows('purchases-avoided');
		expect(avoided).toHaveLength(1);
		expect(avoided[0]!.slice(1, 5)).toEqual(['Ravi', 'Power tools', 'Cordless drill', '120']);
		const csvOf = async (button: string) => {
			const download = maya.waitForEvent('download');
			await maya.getByRole('button', { name: button }).click();
			return parseCsv(readFileSync((await (await download).path())!, 'utf8'));
		};
		const months = await rows('months');
		const monthsCsv = await csvOf('By month as CSV');
		expect(monthsCsv[0]).toEqual([...MONTH_HEADER]);
		expect(monthsCsv.slice(1)).toEqual(months);
		expect((await csvOf('Purchases avoided as CSV')).slice(1).map((r) => r.slice(1, 5))).toEqual([
			['Ravi', 'Power tools', 'Cordless drill', '120']
		]);
	}, 300_000);

	it('two reservations made offline: the one behind is told who was first and when; an item that needs approval goes out only once its keeper approves', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const bo = (await e2e.device('bo')).page;
		const name = 'Elm St Tools';
		const circle = await foundCircle(maya, base, 'Maya', name);
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, name);
		await inviteAndAdmit(maya, bo, base, circle, 'Bo');
		const start = Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000;
		for (const p of [maya, ravi, bo]) await p.clock.setFixedTime(new Date(start));

		// Maya drafts a charter whose library section lends for 10 days with a day's rest between loans:
		// the proposal shows the changes, worded.
		await maya.goto(`${base}/circle/${circle}/charter`);
		await maya.getByRole('button', { name: 'Draft a new version' }).click();
		const section = maya.getByRole('group', { name: 'Library' });
		expect(await section.getByLabel('Loan length (days)').inputValue()).toBe('14');
		await section.getByLabel('Loan length (days)').fill('10');
		await section.getByLabel('Rest between loans (days)').fill('1');
		await section.scrollIntoViewIfNeeded();
		await bothSchemes(maya, 'charter draft: the library section', 'phone-charter-library');
		await maya.getByRole('button', { name: 'Propose this version' }).click();
		const proposal = maya.locator('article.proposal', { hasText: 'Proposed by Maya (you)' });
		const change = proposal.locator('.changes li', { hasText: 'Library: Loan length (days)' });
		await change.waitFor({ timeout: 30_000 });
		expect((await change.innerText()).replace(/\s+/g, ' ')).toMatch(/Now 10$/i);
		await proposal.locator('.changes li', { hasText: 'Library: Rest between loans (days)' }).waitFor();

		// Maya adds a ladder whose reservations need her approval.
		await maya.goto(`${base}/circle/${circle}/library`);
		await maya.locator('#item-name').fill('Ladder');
		await maya.getByLabel('Each reservation needs the keeper’s approval').check();
		await maya.getByRole('button', { name: 'Add to the catalogue' }).click();
		await maya.getByRole('status').getByText('Ladder is in the catalogue.').waitFor();
		expect(await card(maya, 'Ladder').getByTestId('policy').innerText()).toBe(
			'up to 14 days · 1 renewal · needs approval'
		);
		await carry(maya, ravi, circle, name);
		await carry(maya, bo, circle, name);

		// Ravi, then Bo a minute later, each offline, reserve it; then everyone syncs.
		await ravi.clock.setFixedTime(new Date(start + 60_000));
		await bo.clock.setFixedTime(new Date(start + 120_000));
		for (const p of [ravi, bo]) {
			await p.goto(`${base}/circle/${circle}/library`);
			await card(p, 'Ladder').getByRole('button', { name: 'Reserve' }).click();
			await card(p, 'Ladder').getByText('1 waiting: you are first').waitFor();
		}
		await carry(ravi, maya, circle, name);
		await carry(bo, maya, circle, name);
		await carry(maya, ravi, circle, name);
		await carry(maya, bo, circle, name);
		await bo.reload();
		const told = /^Ravi reserved it first; you are next, around .+\. Your place is kept\./;
		await card(bo, 'Ladder').getByText(told).waitFor();
		await card(bo, 'Ladder').getByText('Waiting for the keeper to approve your reservation.').waitFor();
		await bo.getByRole('heading', { name: /Your reservations/ }).waitFor();
		await bo.getByRole('heading', { name: /Your reservations/ }).scrollIntoViewIfNeeded();
		await bothSchemes(bo, 'library: the reservation behind', 'phone-library-behind');

		// Ravi scans Maya's code before she approved: refused, nothing recorded.
		for (const p of [maya, ravi, bo]) await p.clock.setFixedTime(new Date(start + 180_000));
		await maya.reload();
		const code = await showHandoverCode(maya, 'Ladder');
		await ravi.reload();
		const box = ravi.getByRole('region', { name: 'Scan a handover' });
		await box.getByRole('button', { name: 'Scan the keeper’s code' }).click();
		await box.getByLabel('Or paste the handover code').fill(code);
		await box.getByRole('button', { name: 'Use this code' }).click();
		await box
			.getByRole('alert')
			.getByText('This item is lent only on a reservation its keeper has approved', { exact: false })
			.waitFor();

		// Maya approves Ravi (not Bo); the same code now lends.
		await card(maya, 'Ladder').getByRole('button', { name: 'Done' }).click();
		await card(maya, 'Ladder').getByRole('button', { name: 'Approve Ravi' }).click();
		await card(maya, 'Ladder').getByRole('button', { name: 'Approve Ravi' }).waitFor({ state: 'detached' });
		await card(maya, 'Ladder').getByRole('button', { name: 'Approve Bo' }).waitFor();
		for (const p of [maya, ravi, bo]) await p.clock.setFixedTime(new Date(start + 240_000));
		await carry(maya, ravi, circle, name);
		await ravi.reload();
		await card(ravi, 'Ladder').getByText('Your reservation is approved.', { exact: false }).waitFor();
		await scanHandover(ravi, code);
		await card(ravi, 'Ladder').locator('.status', { hasText: 'Out' }).waitFor();
	}, 300_000);
});
