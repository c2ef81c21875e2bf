// Say why, before the tap (issue 13, item 5): in a circle of one, the Mandates screen says no
// mandate can be proposed and why, with no form to fail; the Reset screen says how many members a
// reset needs and how many the circle has.
import { describe, expect, it } from 'vitest';
import { screenshot, useE2E } from './support/index.js';
import { foundCircle } from './sync-helpers';

const e2e = useE2E();

describe('say why, before the tap', () => {
	it('a one-member circle cannot propose a mandate and is told why; nor call a reset', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const { page } = await e2e.device('maya');
		const circle = await foundCircle(page, base, 'Maya', 'Elm St Tools');

		await page.goto(`${base}/circle/${circle}/mandates`);
		const propose = page.getByRole('region', { name: 'Propose a mandate' });
		await propose
			.getByRole('note')
			.getByText(/never the proposer, and you are the circle’s only member\. Invite someone first/)
			.waitFor();
		expect(await propose.getByRole('button', { name: 'Propose for consent' }).count()).toBe(0);
		await screenshot(page, 'say-why-mandate');

		await page.goto(`${base}/circle/${circle}/reset`);
		await page
			.getByRole('note')
			.getByText('A reset needs 3 members to call it; the circle has 1. Once it has 3, any 3 of them can.')
			.waitFor();
		expect(await page.getByRole('button', { name: 'Call a hard reset' }).count()).toBe(0);
	});
});
