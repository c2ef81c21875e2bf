// What needs you (issue 13, item 3): after a sync brings a charter proposal, Home says "1 proposal
// waits for you", the Sync screen names what came in ("Ravi proposed a charter change"), Now lists
// it at the top with its deadline and a badge on the Now tab, and the circle's header says when
// this phone last synced and with whom.
import { describe, expect, it } from 'vitest';
import { screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit, pair } from './sync-helpers';

const e2e = useE2E();

describe('what needs you', () => {
	it('Home shows "1 proposal waits for you" after a sync brings one, and the sync result names it', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await pair(maya.page, ravi.page, base, circle);

		// Nothing waits for Maya yet.
		await maya.page.goto(base);
		const home = maya.page.getByRole('link', { name: /Elm St Tools/ });
		await home.waitFor();
		expect(await home.innerText()).not.toMatch(/waits for you/);

		// Ravi proposes a charter change on his phone.
		await ravi.page.goto(`${base}/circle/${circle}/charter`);
		await ravi.page.getByRole('button', { name: 'Draft a new version' }).click();
		await ravi.page.getByRole('button', { name: 'Start from the version in force' }).click();
		await ravi.page.getByLabel('Charter text (shared draft)').fill('We share tools, not power.');
		await ravi.page.getByRole('button', { name: 'Propose this version' }).click();
		await ravi.page.locator('article.proposal', { hasText: 'Proposed by Ravi (you)' }).waitFor();

		// The sync brings it; Maya's Sync screen says what came in, in words.
		await pair(maya.page, ravi.page, base, circle);
		const news = maya.page.getByRole('region', { name: 'What came in' });
		await news.getByText(/^Ravi proposed a charter change/).waitFor();
		await screenshot(maya.page, 'needs-sync-words');

		// The header says when and with whom.
		await maya.page.getByText(/^Synced (now|a moment ago|in a moment) with Ravi/).waitFor();

		// Home: one proposal waits.
		await maya.page.getByRole('link', { name: 'Circulate' }).click();
		await home.getByText('1 proposal waits for you').waitFor();
		await screenshot(maya.page, 'needs-home');

		// Now: at the top, with its deadline; a badge on the Now tab.
		await home.click();
		await maya.page.goto(`${base}/circle/${circle}/now`);
		const waiting = maya.page.getByRole('region', { name: /Waiting for you/ });
		await waiting.getByText(/^Ravi proposed a charter change: consent or object by /).waitFor();
		const tab = maya.page.getByRole('navigation', { name: 'Circle' }).getByRole('link', { name: /^Now/ });
		await expect.poll(() => tab.innerText(), { timeout: 10_000 }).toMatch(/1/);
		await expect(tab.getAttribute('aria-current')).resolves.toBeTruthy();
		await screenshot(maya.page, 'needs-now');

		// Answering it clears it: Maya consents on the Charter screen.
		await waiting.getByRole('link').first().click();
		await maya.page.waitForURL(`**/circle/${circle}/charter`);
		const proposal = maya.page.locator('article.proposal', { hasText: 'Proposed by Ravi' });
		await proposal.getByRole('button', { name: /^Consent/ }).click();
		// Her consent may be the last answer: then the version is in force at once.
		await proposal
			.getByText(/You consented|is in force/)
			.first()
			.waitFor();
		await maya.page.getByRole('link', { name: 'Circulate' }).click();
		await maya.page.getByRole('link', { name: /Elm St Tools/ }).waitFor();
		expect(await maya.page.getByText('1 proposal waits for you').count()).toBe(0);
	});
});
