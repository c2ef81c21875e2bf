// Paying in person by scanning the payee's code (issue 9, item 1): Ravi's phone shows a payment
// code for 1.5 hours "Bike repair"; Maya's phone reads it (pasted here, as the camera would read it),
// her payment form is filled in, she sends it, and both phones show the payment. A code for another
// circle fills in nothing and says why.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();

const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

describe('paying in person', () => {
	it('the payer scans the payee’s code: the form fills in, the payer sends', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const name = 'Elm St Tools';
		const circle = await foundCircle(maya, base, 'Maya', name);
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, name);

		await ravi.goto(`${base}/circle/${circle}/credit`);
		await ravi.getByRole('button', { name: 'Get paid' }).click();
		await ravi.getByLabel(/^Amount, in hours \(optional\)/).fill('1.5');
		await ravi.getByLabel('What for (optional)').fill('Bike repair: new chain');
		const svg = ravi.getByRole('img', { name: 'Your payment code' });
		await expect.poll(() => svg.getAttribute('data-code')).toMatch(/:150:Bike%20repair%3A%20new%20chain$/);
		const code = (await svg.getAttribute('data-code'))!;
		await expectAccessible(ravi, 'credit: a payment code');
		await screenshot(ravi, 'phone-credit-paycode', { fullPage: false });

		await maya.goto(`${base}/circle/${circle}/credit`);
		await maya.getByRole('button', { name: 'Scan to pay' }).click();
		// Another circle's code fills in nothing.
		await maya.getByLabel('Or paste the payment code').fill(code.replace(circle, 'ab'.repeat(16)));
		await maya.getByRole('button', { name: 'Use this code' }).click();
		await maya.getByRole('alert').getByText('That payment code is for another circle.').waitFor();
		await maya.getByLabel('Or paste the payment code').fill(code);
		await maya.getByRole('button', { name: 'Use this code' }).click();
		await maya.getByRole('status').getByText('Filled in from Ravi’s code: check it and send.').waitFor();
		expect(await maya.getByLabel('To whom').locator('option:checked').innerText()).toBe('Ravi');
		expect(await maya.locator('#credit-amount').inputValue()).toBe('1.50');
		expect(await maya.locator('#credit-memo').inputValue()).toBe('Bike repair: new chain');
		await maya.getByRole('button', { name: 'Send payment' }).click();
		await maya.getByRole('status').getByText('Paid Ravi 1.50 hours.').waitFor();
		await carry(maya, ravi, circle, name);
		await ravi.reload();
		await ravi.getByTestId('my-balance').getByText('1.50 hours').waitFor();
	}, 180_000);
});
