// Two tabs of one circle on one phone stay consistent: a change in one shows in the other
// without a reload, so neither writes from a stale ledger.
import { describe, expect, it } from 'vitest';
import { useE2E } from './support/index.js';
import { foundCircle, ledgerView, rename } from './sync-helpers';

const e2e = useE2E();

describe('two tabs', () => {
	it('see each other’s entries live and write in turn without forking', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const phone = await e2e.device('maya');
		const circle = await foundCircle(phone.page, base, 'Maya', 'Elm St Tools');
		const tab2 = await phone.context.newPage();
		await tab2.goto(`${base}/circle/${circle}`);
		await tab2.getByRole('heading', { level: 1, name: 'Elm St Tools' }).waitFor();
		await rename(phone.page, base, circle, 'Elm Street Tools');
		// tab 2 was not reloaded
		await tab2.getByRole('heading', { level: 1, name: 'Elm Street Tools' }).waitFor({ timeout: 10_000 });
		// tab 2 writes next; tab 1 sees it; the ledger stays one clean chain
		await tab2.getByRole('button', { name: 'Rename circle' }).click();
		await tab2.getByLabel('New name').fill('Elm Street Tool Library');
		await tab2.getByRole('button', { name: 'Save name' }).click();
		await phone.page
			.getByRole('heading', { level: 1, name: 'Elm Street Tool Library' })
			.waitFor({ timeout: 10_000 });
		const one = await ledgerView(phone.page, base, circle);
		expect(one.ledger).toHaveLength(3);
		expect(one.name).toBe('Elm Street Tool Library');
		await phone.page.goto(`${base}/circle/${circle}/audit`);
		// Wait for the audit screen to render: nothing set aside, and no forked log (had either tab
		// written over the other, Audit would list Maya's log under "Forked logs").
		await phone.page.getByRole('heading', { level: 1 }).waitFor();
		await phone.page
			.getByText('Nothing: every entry on this phone checked out.')
			.waitFor({ timeout: 10_000 });
		expect(await phone.page.getByRole('heading', { name: 'Forked logs' }).count()).toBe(0);
	});
});
