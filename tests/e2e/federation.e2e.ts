// Federation (issue 14, items 1–3) with three circles on three phones: Ada's Garden founds the
// Valley Food Alliance (Ada its delegate by her one-member circle's certificate); Ben's Tools and
// Cleo's Bakery join through their delegates (the Bakery's mandate needs 2 of its 3 members: Cleo,
// Ada and Ben); a decision passes by the consent of the three delegates; the coordinator is drawn
// among circles; then the Bakery leaves by a vote of its own members, Ada and Ben, while Cleo, its
// delegate, does nothing, and every phone shows it gone. The federation travels as a file (saved on
// one phone, chosen on another); the circles' own entries through the test hook, as a sync would.
// A file of the wrong kind is refused with the sentence and nothing is lost. Screenshots of the
// main screen at 390×844, light and dark; axe on the screen.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit, pair } from './sync-helpers';

const e2e = useE2E();
const WAIT = 60_000;
const FED = 'Valley Food Alliance';
const ISSUE = 'bulk flour order';

const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const dark = async (page: Page) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
};

/** A circle's entries from one phone to another, as a sync would carry them. */
const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

/** A new circle on a phone that already has its person. */
const newCircle = async (page: Page, base: string, name: string): Promise<string> => {
	await page.goto(base);
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByLabel('Circle name').fill(name);
	await page.getByLabel('What does it steward?').fill('the shed');
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: WAIT });
	const id = /\/circle\/([0-9a-f]{32})/.exec(page.url())?.[1];
	if (!id) throw new Error(`no circle id in ${page.url()}`);
	return id;
};

const open = async (page: Page, base: string, circle: string) => {
	await page.goto(`${base}/circle/${circle}/federation`);
	await page.getByRole('heading', { name: 'Federation', level: 2 }).waitFor({ timeout: WAIT });
};

const card = (page: Page) => page.getByRole('article', { name: FED }).and(page.locator('article.federation'));
const link = (page: Page) => page.getByRole('article', { name: FED }).and(page.locator('article.link'));

/** Saves the federation's file on `from` and imports it on `to` (both on their federation screen). */
const carryFile = async (from: Page, to: Page): Promise<void> => {
	const [download] = await Promise.all([
		from.waitForEvent('download', { timeout: WAIT }),
		card(from).getByRole('button', { name: 'Save as a file' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(
		/^circulate-federation-valley-food-alliance-[0-9a-f]{8}\.json$/
	);
	const path = (await download.path())!;
	const n = Number(await to.locator('[data-imports]').getAttribute('data-imports'));
	await to.getByLabel('A federation file a delegate carried').setInputFiles(path);
	await to.locator(`[data-imports="${n + 1}"]`).waitFor({ timeout: WAIT });
	expect(
		await to
			.locator(`[data-imports="${n + 1}"]`)
			.getByRole('alert')
			.count()
	).toBe(0);
};

const participants = async (page: Page) =>
	(await card(page).getByTestId('participants').locator(':scope > li > strong').allInnerTexts()).sort();

describe('federation: three circles on three phones', () => {
	it('found, two join through delegates, a decision by consent, a coordinator drawn, the Bakery leaves by its members', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const cleo = (await e2e.device('cleo')).page;
		const ada = (await e2e.device('ada')).page;
		const ben = (await e2e.device('ben')).page;

		// The Bakery: Cleo, Ada and Ben.
		const bakery = await foundCircle(cleo, base, 'Cleo', 'Bakery');
		await inviteAndAdmit(cleo, ada, base, bakery, 'Ada');
		await inviteAndAdmit(cleo, ben, base, bakery, 'Ben');
		await carry(cleo, ada, bakery, 'Bakery');
		await carry(cleo, ben, bakery, 'Bakery');
		// Ada's Garden and Ben's Tools, one member each.
		const garden = await newCircle(ada, base, 'Garden');
		const tools = await newCircle(ben, base, 'Tools');

		// Ada founds the alliance: her circle's mandate (she signs as she proposes: 1 of 1), then the founding.
		await open(ada, base, garden);
		await ada.getByText('No federation on this phone yet.').waitFor();
		await ada.getByLabel('Name of the federation').fill(FED);
		await ada
			.getByLabel('Its purpose (the joint project)')
			.fill('Buy flour together for the three kitchens.');
		await ada.getByLabel('The delegate’s single issue').last().fill(ISSUE);
		await ada.getByLabel('Days a coordinator’s term lasts').fill('1');
		await ada
			.locator('#found-title')
			.locator('..')
			.getByRole('button', { name: 'Propose and sign the mandate' })
			.click();
		await link(ada).getByText('1 of 1 signed; a majority is 1.').waitFor({ timeout: WAIT });
		await link(ada)
			.getByRole('button', { name: `Found ${FED}` })
			.click();
		await card(ada).getByText('Buy flour together for the three kitchens.').waitFor({ timeout: WAIT });
		expect(await participants(ada)).toEqual(['Garden']);
		await link(ada).getByText(`This certificate speaks for the circle in ${FED}.`).waitFor();

		// A file of the wrong kind is refused with the sentence; nothing is lost.
		const wrong = join(tmpdir(), `circulate-not-a-federation-${Date.now()}.json`);
		writeFileSync(wrong, JSON.stringify({ kind: 'circulate/circle', v: 1 }));
		await ada.getByLabel('A federation file a delegate carried').setInputFiles(wrong);
		await ada
			.getByRole('alert')
			.getByText('This is not a federation file. A circle’s file goes in Sync. Nothing was imported.')
			.waitFor({ timeout: WAIT });
		expect(await participants(ada)).toEqual(['Garden']);

		// Ben takes Tools in with the file Ada carried: his one-member circle's certificate, then the join.
		await open(ben, base, tools);
		await carryFile(ada, ben);
		await ben.getByLabel('The delegate’s single issue').first().fill(ISSUE);
		await ben
			.locator('#join-title')
			.locator('..')
			.getByRole('button', { name: 'Propose and sign the mandate' })
			.click();
		await link(ben)
			.getByRole('button', { name: `Join ${FED} for this circle` })
			.click();
		await card(ben).getByTestId('participants').getByText('Tools').waitFor({ timeout: WAIT });
		expect(await participants(ben)).toEqual(['Garden', 'Tools']);

		// Cleo proposes herself for the Bakery: 1 of 3, a majority is 2. Ada signs on her phone.
		await open(cleo, base, bakery);
		await carryFile(ben, cleo);
		await cleo.getByLabel('The delegate’s single issue').first().fill(ISSUE);
		await cleo
			.locator('#join-title')
			.locator('..')
			.getByRole('button', { name: 'Propose and sign the mandate' })
			.click();
		await link(cleo).getByText('1 of 3 signed; a majority is 2.').waitFor({ timeout: WAIT });
		expect(
			await link(cleo)
				.getByRole('button', { name: `Join ${FED} for this circle` })
				.count()
		).toBe(0);
		await carry(cleo, ada, bakery, 'Bakery');
		await open(ada, base, bakery);
		await link(ada).getByRole('button', { name: 'Sign this mandate' }).click();
		await link(ada)
			.getByText('Certificate ready: a majority of the circle signed it.')
			.waitFor({ timeout: WAIT });
		await carry(ada, cleo, bakery, 'Bakery');
		await open(cleo, base, bakery);
		await link(cleo)
			.getByRole('button', { name: `Join ${FED} for this circle` })
			.click();
		await card(cleo).getByTestId('participants').getByText('Bakery').waitFor({ timeout: WAIT });

		// Back at the Garden, Ada takes in both files: three circles, each with its delegate.
		await open(ada, base, garden);
		await carryFile(ben, ada);
		await carryFile(cleo, ada);
		expect(await participants(ada)).toEqual(['Bakery', 'Garden', 'Tools']);
		await card(ada).getByText(`Cleo, delegate for “${ISSUE}”`, { exact: false }).waitFor();
		await card(ada).getByText(`Ben, delegate for “${ISSUE}”`, { exact: false }).waitFor();

		// A decision: Ada proposes; the three delegates consent, each on their own phone.
		await card(ada).getByLabel('Title').fill('Order two tonnes of flour in March');
		await card(ada).getByRole('button', { name: 'Propose', exact: true }).click();
		const decision = (page: Page) =>
			card(page).getByRole('region', { name: 'Order two tonnes of flour in March' });
		await decision(ada).getByText('0 of 3 circles answered', { exact: false }).waitFor({ timeout: WAIT });
		await decision(ada).getByRole('button', { name: 'Consent', exact: true }).click();
		await decision(ada).getByText('Garden consents').waitFor({ timeout: WAIT });
		await carryFile(ada, ben);
		await carryFile(ada, cleo);
		await decision(ben).getByRole('button', { name: 'Consent', exact: true }).click();
		await decision(ben).getByText('Tools consents').waitFor({ timeout: WAIT });
		await decision(cleo).getByRole('button', { name: 'Consent', exact: true }).click();
		await decision(cleo).getByText('Bakery consents').waitFor({ timeout: WAIT });
		await carryFile(ben, ada);
		await carryFile(cleo, ada);
		await decision(ada)
			.getByText(/^In force since .*, by the circles’ consent\.$/)
			.waitFor({ timeout: WAIT });

		// Back at her circle, Ada shows what changed since the last carry and records it.
		await ada.reload();
		await ada.getByRole('heading', { name: 'Federation', level: 2 }).waitFor({ timeout: WAIT });
		await link(ada)
			.getByTestId('since')
			.getByText(/^Since the last carry: \d+ new entries$/)
			.waitFor();
		await link(ada).getByText('Tools joined').waitFor();
		await link(ada).getByRole('button', { name: 'Record this carry in the circle' }).click();
		await link(ada).getByText('Recorded in the circle’s ledger.').waitFor({ timeout: WAIT });
		await link(ada).getByText('Nothing new since the last carry.').waitFor();
		await link(ada)
			.getByText(/^Carried .* by Ada: \d+ entries, \d+ new\.$/)
			.waitFor();

		// The coordinator: a day on (terms of one day), drawn among the circles that had served least.
		const later = new Date(Date.now() + 1.5 * 86_400_000);
		for (const page of [ada, ben, cleo]) await page.clock.setFixedTime(later);
		await ada.reload();
		const coordinator = card(ada).getByTestId('coordinator');
		await coordinator.getByText(/^(Tools|Bakery), term 2, until /).waitFor({ timeout: WAIT });
		await coordinator
			.getByText('Drawn by lot among the 2 circles that had served least; every phone draws the same.')
			.waitFor();

		await expectAccessible(ada, 'federation, three circles');
		// The screenshot shows the federation's card: its circles, delegates, coordinator and decision.
		await card(ada).evaluate((el) =>
			window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72)
		);
		keep(await screenshot(ada, 'federation'), 'federation');
		await dark(ada);
		await expectAccessible(ada, 'federation, dark');
		keep(await screenshot(ada, 'federation-dark'), 'federation-dark');
		await ada.emulateMedia({ colorScheme: 'light' });

		// The Bakery leaves by its members: Ada and Ben sign the exit (2 of 3); Cleo does nothing.
		await open(ada, base, bakery);
		await link(ada)
			.getByTestId('exit-count')
			.getByText('0 of 2 members signed our exit', { exact: false })
			.waitFor();
		await link(ada).getByRole('button', { name: 'Sign our exit' }).click();
		await link(ada).getByText('1 of 2 members signed our exit', { exact: false }).waitFor({ timeout: WAIT });
		await carry(ada, ben, bakery, 'Bakery');
		await open(ben, base, bakery);
		await link(ben).getByRole('button', { name: 'Sign our exit' }).click();
		await link(ben).getByText('Exit notice ready.').waitFor({ timeout: WAIT });
		await carry(ben, ada, bakery, 'Bakery');
		await open(ada, base, bakery);
		await link(ada).getByRole('button', { name: 'Carry our exit into the federation' }).click();
		await link(ada).getByText(`This circle has left ${FED}.`).waitFor({ timeout: WAIT });

		// Every phone that sees it shows the Bakery gone.
		await open(ada, base, garden);
		await card(ada)
			.getByTestId('left')
			.getByText(/^Bakery withdrew .*, by its members$/)
			.waitFor();
		expect(await participants(ada)).toEqual(['Garden', 'Tools']);
		await open(ben, base, tools);
		await carryFile(ada, ben);
		await card(ben)
			.getByTestId('left')
			.getByText(/^Bakery withdrew .*, by its members$/)
			.waitFor({ timeout: WAIT });
		expect(await participants(ben)).toEqual(['Garden', 'Tools']);
		await open(cleo, base, bakery);
		await carryFile(ada, cleo);
		await card(cleo)
			.getByTestId('left')
			.getByText(/^Bakery withdrew .*, by its members$/)
			.waitFor({ timeout: WAIT });
		expect(await participants(cleo)).toEqual(['Garden', 'Tools']);
		// Cleo, the Bakery's delegate, can no longer act for it: no proposal form, no withdraw button.
		expect(await card(cleo).getByRole('button', { name: 'Withdraw Bakery' }).count()).toBe(0);
		expect(await card(cleo).getByRole('button', { name: 'Propose', exact: true }).count()).toBe(0);
	});

	it('templates and the circle’s answer travel inside the federation; a member’s phone gets it by pairing', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const ana = (await e2e.device('ana2')).page;
		const bo = (await e2e.device('bo2')).page;
		const cai = (await e2e.device('cai2')).page;
		const TPL = 'Weekly circle, slow consent';
		const FORK = 'Weekly circle, quicker consent';

		// Ana's Elm St Tools founds the alliance (her one-member circle's certificate).
		const a = await foundCircle(ana, base, 'Ana', 'Elm St Tools');
		await open(ana, base, a);
		await ana.getByLabel('Name of the federation').fill(FED);
		await ana.getByLabel('Its purpose (the joint project)').fill('Share tools and ways of working.');
		await ana.getByLabel('The delegate’s single issue').last().fill(ISSUE);
		await ana
			.locator('#found-title')
			.locator('..')
			.getByRole('button', { name: 'Propose and sign the mandate' })
			.click();
		await link(ana)
			.getByRole('button', { name: `Found ${FED}` })
			.click();
		await card(ana).getByText('Share tools and ways of working.').waitFor({ timeout: WAIT });

		// Ana publishes her circle's charter as a template, then into the federation as its delegate.
		await ana.goto(`${base}/circle/${a}/protocols`);
		await ana.getByRole('heading', { name: 'Protocols', level: 2 }).waitFor({ timeout: WAIT });
		await ana.getByLabel('What to share').selectOption('charter');
		await ana.getByLabel('Name', { exact: true }).fill(TPL);
		await ana.getByLabel('What it says').fill('Meet every week; a week to object.');
		await ana.getByRole('button', { name: 'Publish', exact: true }).click();
		const original = ana.getByRole('article', { name: TPL });
		await original.waitFor({ timeout: WAIT });
		await original.getByRole('button', { name: `Publish into ${FED}` }).click();
		await original.getByRole('status').getByText(`Published into ${FED}.`).waitFor({ timeout: WAIT });
		await original.getByText(`In ${FED}, published by Elm St Tools`).waitFor();

		// Bo's Garden Co-op joins with the file Ana carried.
		const b = await foundCircle(bo, base, 'Bo', 'Garden Co-op');
		await open(ana, base, a);
		await open(bo, base, b);
		await carryFile(ana, bo);
		await bo.getByLabel('The delegate’s single issue').first().fill(ISSUE);
		await bo
			.locator('#join-title')
			.locator('..')
			.getByRole('button', { name: 'Propose and sign the mandate' })
			.click();
		await link(bo)
			.getByRole('button', { name: `Join ${FED} for this circle` })
			.click();
		await card(bo).getByTestId('participants').getByText('Garden Co-op').waitFor({ timeout: WAIT });

		// On Bo's Protocols, Ana's template is found in the federation; Bo keeps it, forks it
		// (a 5-day consent window instead of 7) by his circle's decision, and publishes the fork.
		await bo.goto(`${base}/circle/${b}/protocols`);
		const found = bo.getByRole('article', { name: TPL });
		await found.getByText('found in a federation', { exact: false }).waitFor({ timeout: WAIT });
		expect(await found.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 1');
		await found.getByRole('button', { name: 'Keep in our circle' }).click();
		await found.getByText('from another circle', { exact: false }).waitFor({ timeout: WAIT });
		await found.getByRole('button', { name: 'Adopt or fork' }).click();
		await bo.getByLabel('Name of your version').fill(FORK);
		await bo.getByLabel('Days to object (consent window)').fill('5');
		await bo.getByRole('button', { name: 'Propose our fork' }).click();
		const fork = bo.getByRole('article', { name: FORK });
		await fork.getByText(/^Adopted here /).waitFor({ timeout: WAIT });
		await fork.getByRole('button', { name: `Publish into ${FED}` }).click();
		await fork.getByRole('status').getByText(`Published into ${FED}.`).waitFor({ timeout: WAIT });

		// Bo proposes a decision among the circles; his phone's federation is carried back to Ana.
		await open(bo, base, b);
		await card(bo).getByLabel('Title').fill('Share a grain mill');
		await card(bo).getByRole('button', { name: 'Propose', exact: true }).click();
		await card(bo).getByRole('region', { name: 'Share a grain mill' }).waitFor({ timeout: WAIT });
		await open(ana, base, a);
		await carryFile(bo, ana);

		// Ana's lineage tree: Bo's fork under her template, from the federation, with the diff.
		await ana.goto(`${base}/circle/${a}/protocols`);
		const tree = ana.getByRole('list', { name: `Lineage of ${TPL}` });
		const child = tree.getByRole('article', { name: FORK });
		await child.waitFor({ timeout: WAIT });
		expect(await child.getByTestId('used-by').innerText()).toBe('Circles we know that use it: 1');
		await child.getByText(`In ${FED}, published by Garden Co-op`).waitFor();
		const diff = await child.getByTestId('diff').innerText();
		expect(diff).toContain('Days to object (consent window): 7 → 5');
		expect(diff).toContain(`Renamed; it was “${TPL}”.`);
		await expectAccessible(ana, 'protocols, lineage from a federation');
		await child.scrollIntoViewIfNeeded();
		keep(await screenshot(ana, 'federation-protocols-lineage'), 'federation-protocols-lineage');
		await dark(ana);
		keep(await screenshot(ana, 'federation-protocols-lineage-dark'), 'federation-protocols-lineage-dark');
		await ana.emulateMedia({ colorScheme: 'light' });

		// Ana's circle decides its answer in its own ledger; she carries it into the federation.
		await open(ana, base, a);
		const mill = card(ana).getByRole('region', { name: 'Share a grain mill' });
		await mill.getByRole('button', { name: 'We consent' }).click();
		await mill
			.getByTestId('circle-answered')
			.getByText('Your circle answered consent; Ana carries it.')
			.waitFor({ timeout: WAIT });
		// The delegate's own answer is gone once the circle decided: only the circle's can be carried.
		expect(await mill.getByRole('button', { name: 'Consent', exact: true }).count()).toBe(0);
		await mill.getByRole('button', { name: 'Carry our circle’s answer' }).click();
		await mill
			.getByTestId('circle-answered')
			.getByText('Your circle answered consent; Ana carried it.')
			.waitFor({ timeout: WAIT });
		await mill.getByText('Elm St Tools consents — decided by its members').waitFor();
		await expectAccessible(ana, 'federation, the circle’s answer carried');
		await mill.scrollIntoViewIfNeeded();
		keep(await screenshot(ana, 'federation-relay'), 'federation-relay');
		await dark(ana);
		keep(await screenshot(ana, 'federation-relay-dark'), 'federation-relay-dark');
		await ana.emulateMedia({ colorScheme: 'light' });

		// Cai joins Ana's circle; one pairing brings the circle and the federation ledger its mandate names.
		await inviteAndAdmit(ana, cai, base, a, 'Cai');
		const ends = await pair(ana, cai, base, a);
		expect(ends.b).toMatch(/federation entr/);
		await open(cai, base, a);
		const onCai = card(cai).getByRole('region', { name: 'Share a grain mill' });
		await onCai
			.getByTestId('circle-answered')
			.getByText('Your circle answered consent; Ana carried it.')
			.waitFor({ timeout: WAIT });
		expect((await participants(cai)).sort()).toEqual(['Elm St Tools', 'Garden Co-op']);
	});
});
