// Mutual credit on one phone (issue 9, item 1): a member pays another from the list with a memo,
// a payment below the payer's floor is refused before signing with the numbers, the history
// shows the payment, and its CSV export parses back to the same rows. The demo circle's Credit
// screen (a year of payments, a member over their ceiling, a frozen account written off) is
// looked at too, light and dark, at 390×844.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv, HEADER } from '$lib/ui/credit/csv';
import { expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();

const historyRows = (page: Page) =>
	page.locator('ul.history > li').evaluateAll((lis) =>
		lis.map((li) => ({
			entry: li.getAttribute('data-entry'),
			text: (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()
		}))
	);

describe('mutual credit', () => {
	it('pays a member, refuses a payment below the floor with the numbers, shows and exports the history', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		const page = maya.page;

		// The Economy tab leads to Credit.
		await page.goto(`${base}/circle/${circle}`);
		await page.getByRole('navigation', { name: 'Circle' }).getByRole('link', { name: 'Economy' }).click();
		await page.getByRole('heading', { name: 'Your account' }).waitFor();
		expect(page.url()).toBe(`${base}/circle/${circle}/credit`);
		expect(await page.getByTestId('my-balance').innerText()).toBe('0.00 hours');

		// Pay Ravi 5 hours, from the list, with a memo.
		await page.locator('#credit-who').selectOption({ label: 'Ravi' });
		await page.getByLabel('Amount, in hours').fill('5');
		await page.getByLabel('What for').fill('Fixed the bike, "properly", twice');
		await page.getByText('After this payment: −5.00 hours (your floor is −20.00 hours).').waitFor();
		await page.getByRole('button', { name: 'Send payment' }).click();
		await page.getByRole('status').getByText('Paid Ravi 5.00 hours.').waitFor();
		await page.getByTestId('my-balance').getByText('−5.00 hours').waitFor();

		// 16 more would take Maya to −21: refused before anything is signed, with the numbers.
		const before = (await historyRows(page)).length;
		await page.locator('#credit-who').selectOption({ label: 'Ravi' });
		await page.getByLabel('Amount, in hours').fill('16');
		await page.getByRole('button', { name: 'Send payment' }).click();
		const alert = page.getByRole('alert').filter({ hasText: 'Refused' });
		await alert.waitFor();
		expect(await alert.innerText()).toBe(
			'Refused: this payment of 16.00 hours would take you to −21.00 hours, below your floor of −20.00 hours. You have −5.00 hours, so you can pay at most 15.00 hours now.'
		);
		await screenshot(page, 'credit-refused', { fullPage: true });
		expect(await page.getByTestId('my-balance').innerText()).toBe('−5.00 hours');
		expect((await historyRows(page)).length).toBe(before);

		// The history shows the payment; the balances sum to zero.
		const rows = await historyRows(page);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.text).toContain('Maya → Ravi 5.00 hours');
		expect(rows[0]!.text).toContain('Fixed the bike, "properly", twice');
		await page.getByText('always add up to 0.00 hours').waitFor();
		await page.getByLabel('Search').fill('bike');
		expect(await historyRows(page)).toHaveLength(1);
		await page.getByLabel('Search').fill('nothing like it');
		expect(await historyRows(page)).toHaveLength(0);
		await page.getByLabel('Search').fill('');

		// The CSV export parses back to the same rows.
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export these as CSV' }).click();
		const d = await download;
		expect(d.suggestedFilename()).toBe('elm-st-tools-credit-maya.csv');
		const csv = parseCsv(readFileSync((await d.path())!, 'utf8'));
		expect(csv[0]).toEqual([...HEADER]);
		expect(csv.slice(1)).toHaveLength(rows.length);
		const [at, from, to, amount, unit, memo, status, entry] = csv[1]!;
		expect([from, to, amount, unit, memo, status, entry]).toEqual([
			'Maya',
			'Ravi',
			'5.00',
			'hours',
			'Fixed the bike, "properly", twice',
			'counted',
			rows[0]!.entry
		]);
		expect(Date.parse(at!)).toBeGreaterThan(Date.now() - 10 * 60_000);

		await page.getByLabel('What for').fill('Seedlings');
		await page.getByLabel('Amount, in hours').fill('2.5');
		await expectAccessible(page, 'credit (light)');
		await page.evaluate(() => window.scrollTo(0, 0));
		await screenshot(page, 'phone-credit-member', { fullPage: false });
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.waitForTimeout(500); // the buttons' colour transition
		await expectAccessible(page, 'credit (dark)');
		await page.evaluate(() => window.scrollTo(0, 0));
		await screenshot(page, 'phone-credit-member-dark', { fullPage: false });
	});

	it('the demo circle’s Credit and Library screens: balances, flags in plain words, history, the catalogue; light and dark', async () => {
		for (const scheme of ['light', 'dark'] as const) {
			const { page } = await e2e.device(`demo-${scheme}`, { colorScheme: scheme });
			await page.goto(e2e.url('/'));
			await page.getByLabel('Your name').fill('Visitor');
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.goto(e2e.url('/demo'));
			await page.getByRole('button', { name: 'Open the demo circle' }).click();
			await page.waitForURL(/\/circle\/[0-9a-f]{32}\/now$/, { timeout: 120_000 });
			await page.goto(page.url().replace(/\/now$/, '/credit'));
			await page.getByRole('heading', { name: 'Balances' }).waitFor();
			// Someone is full, said in plain words; the member who left is frozen, then written off.
			await page
				.getByText(/is full — pay someone else, or .* spends\./)
				.first()
				.waitFor();
			await page.getByText('left — written off').waitFor();
			// A visitor has no account of their own: the history shows everyone's payments.
			expect((await historyRows(page)).length).toBeGreaterThan(10);
			await expectAccessible(page, `demo credit (${scheme})`);
			await screenshot(page, `phone-credit-demo-${scheme}`, { fullPage: false });
			await screenshot(page, `phone-credit-demo-${scheme}-full`, { fullPage: true });
			// Its library: the shed's catalogue of forty tools, a year of loans behind it.
			await page.goto(page.url().replace(/\/credit$/, '/library'));
			await page.getByRole('heading', { name: /^Catalogue/ }).waitFor();
			expect(await page.locator('li.item').count()).toBe(40);
			// Search reads names and categories: two ladders and the scaffold tower filed under Ladders.
			await page.getByLabel('Search').fill('ladder');
			expect(await page.locator('li.item').count()).toBe(3);
			await page.getByLabel('Search').fill('');
			await expectAccessible(page, `demo library (${scheme})`);
			await screenshot(page, `phone-library-demo-${scheme}`, { fullPage: false });
		}
	}, 300_000);
});
