// Time that fits the circle (issue 13, item 4) and handing a mandate back (item 5). Maya founds a
// circle on a phone in Berlin: she holds every role from the founding day. Her charter draft
// proposes her phone's offset (UTC+01:00); she sets the circle's time to UTC+13:45 and meetings on
// Thursdays at 19:30, and ratifies it. Ngọc's phone in Chatham joins: both phones show the same next
// meeting and the same next facilitator's term, starting at the circle's midnight, and the same
// holders. Then, with Ravi too, Maya proposes a mandate with a sunset day for consent; Ngọc objects,
// Maya amends, Ngọc consents and Ravi volunteers and consents: in force, held by Ravi, shown as that
// day on phones in Chatham and Los Angeles; Ravi hands it back and it goes to Ngọc, never to Maya. Entries travel through the test hook, as a sync would carry them.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const WAIT = 30_000;

/** Keeps a screenshot for the README (docs/screenshots). */
const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

/** Dark mode, once the colours have finished changing (no transition left running). */
const dark = async (page: Page) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
};

/** Names as every phone shows them ("(you)" is this phone's own member). */
const plain = (text: string | null) => (text ?? '').replace(/\s*\(you\)/g, '').trim();

/** The delegate a mandate's card names. */
const delegateOf = async (card: ReturnType<Page['locator']>) =>
	plain(await card.locator('p').filter({ hasText: 'Delegate' }).locator('.name').first().textContent());

/** What Now shows of the next meeting and the next facilitator: the instant and the words. */
const nowFacts = async (page: Page, base: string, circle: string) => {
	await page.goto(`${base}/circle/${circle}/now`);
	const meeting = page.getByRole('region', { name: 'Coming up' }).locator('dd time').first();
	await meeting.waitFor({ timeout: WAIT });
	const fac = page.getByRole('article', { name: 'Facilitator' });
	const next = fac.locator('.next time').first();
	await next.waitFor({ timeout: WAIT });
	return {
		meeting: { at: await meeting.getAttribute('datetime'), text: await meeting.innerText() },
		next: { at: await next.getAttribute('datetime'), text: await next.innerText() },
		nextHolders: (await fac.locator('.next .name').allTextContents()).map(plain),
		line: plain(await page.locator('.holders-line').innerText())
	};
};

describe('time that fits the circle', () => {
	it('with the circle at UTC+13:45, phones in Berlin and Chatham show the same next term at its midnight', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya', { timezoneId: 'Europe/Berlin' });
		const ngoc = await e2e.device('ngoc', { timezoneId: 'Pacific/Chatham' });
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');

		// Founded today, held today: Maya holds every role, term 1, from now.
		await maya.page.goto(`${base}/circle/${circle}/now`);
		const fac = maya.page.getByRole('article', { name: 'Facilitator' });
		await fac.getByText('Term 1').waitFor({ timeout: WAIT });
		expect(await fac.locator('.holders').innerText()).toMatch(/Maya/);
		expect(await maya.page.locator('.holders-line').innerText()).toMatch(/Facilitator\s+Maya/);

		// The draft proposes this phone's offset; Maya sets the circle's own time and meeting.
		await maya.page.goto(`${base}/circle/${circle}/charter`);
		await maya.page.getByRole('button', { name: 'Draft a new version' }).click();
		const offset = maya.page.getByLabel('Circle time');
		await offset.waitFor();
		const proposed = await offset.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent);
		// Berlin keeps UTC+01:00 in winter and UTC+02:00 in summer.
		expect(proposed).toMatch(/^UTC\+0[12]:00$/);
		await offset.selectOption({ label: 'UTC+13:45' });
		await maya.page.getByLabel('Meeting day').selectOption({ index: 4 }); // Thursday
		await maya.page.getByLabel('Meeting time').fill('19:30');
		await maya.page.getByLabel('Charter text (shared draft)').fill('We meet on Thursday evenings.');
		await expectAccessible(maya.page, 'charter draft with the circle’s time');
		await maya.page.getByRole('button', { name: 'Propose this version' }).click();
		// Alone in the circle, her proposal is everyone's answer: in force at once, nobody ratifies.
		await maya.page.locator('.moment', { hasText: 'Version 1 is in force' }).waitFor({ timeout: WAIT });
		await maya.page.getByText(/^In force\./).waitFor({ timeout: WAIT });
		await maya.page.getByText('UTC+13:45: terms turn over at its midnight').waitFor();

		// Ngọc's phone in Chatham joins and receives the ledger.
		await inviteAndAdmit(maya.page, ngoc.page, base, circle, 'Ngọc');
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');

		const a = await nowFacts(maya.page, base, circle);
		const b = await nowFacts(ngoc.page, base, circle);
		expect(b).toEqual(a);
		// The next facilitator's term starts at the circle's midnight (+13:45), the meeting at 19:30 there.
		const local = (iso: string) => (Date.parse(iso) + 825 * 60_000) % 86_400_000;
		expect(local(a.next.at!)).toBe(0);
		expect(local(a.meeting.at!)).toBe((19 * 60 + 30) * 60_000);
		expect(new Date(Date.parse(a.meeting.at!) + 825 * 60_000).getUTCDay()).toBe(4);
		expect(a.next.text).toMatch(/12:00\s?AM|00:00/);
		expect(a.meeting.text).toMatch(/Thu/);
		// Berlin is told the times are the circle's; in Chatham (UTC+13:45 in summer) they are its own.
		await maya.page.getByText('Times are the circle’s own (UTC+13:45), as its charter says.').waitFor();
		await expectAccessible(maya.page, 'Now in the circle’s time');
		await screenshot(maya.page, 'local-time-berlin');
		// The role cards and the coming meeting, as Ngọc sees them in Chatham.
		await ngoc.page.getByRole('heading', { name: 'Who holds what' }).scrollIntoViewIfNeeded();
		keep(await screenshot(ngoc.page, 'local-time-chatham'), 'phone-circle-time');
		await dark(ngoc.page);
		await expectAccessible(ngoc.page, 'Now in the circle’s time (dark)');
		await ngoc.page.getByRole('heading', { name: 'Coming up' }).scrollIntoViewIfNeeded();
		keep(await screenshot(ngoc.page, 'local-time-chatham-dark'), 'phone-circle-time-dark');
	});
});

describe('handing a mandate back', () => {
	it('a mandate through consent (an objection, an amendment, a volunteer); its delegate hands it back, never to the proposer; the sunset is the day entered', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya', { timezoneId: 'Pacific/Chatham' });
		const ngoc = await e2e.device('ngoc', { timezoneId: 'America/Los_Angeles' });
		const ravi = await e2e.device('ravi', { timezoneId: 'Europe/Berlin' });
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ngoc.page, base, circle, 'Ngọc');
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await carry(maya.page, ravi.page, circle, 'Elm St Tools');
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');
		await carry(ravi.page, maya.page, circle, 'Elm St Tools');

		// Maya proposes a mandate for the circle's consent, its last day twenty days on (a day of the
		// circle's calendar). Nobody holds it yet: it waits for answers.
		const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
		const mandates = `${base}/circle/${circle}/mandates`;
		await maya.page.goto(mandates);
		await maya.page.getByLabel('The task').fill('Fix the gate');
		await maya.page.getByLabel('Sunset (last day)').fill(day);
		await maya.page.getByRole('button', { name: 'Propose for consent' }).click();
		const proposal = (page: Page, task: string) => page.locator('article.proposal').filter({ hasText: task });
		await proposal(maya.page, 'Fix the gate').getByText('1 of 3 answered').waitFor({ timeout: WAIT });

		// Ngọc objects, with a reason; Maya amends it to meet the objection: a new version, a new round.
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		await ngoc.page.goto(mandates);
		const objecting = proposal(ngoc.page, 'Fix the gate');
		await objecting.getByRole('button', { name: 'Object…' }).click({ timeout: WAIT });
		await objecting
			.getByLabel('Your objection (what would make it work for you?)')
			.fill('Which gate? Only the back one is broken.');
		await objecting.getByRole('button', { name: 'Object', exact: true }).click();
		await objecting.getByText('You objected.').waitFor({ timeout: WAIT });
		await carry(ngoc.page, maya.page, circle, 'Elm St Tools');
		const blocked = proposal(maya.page, 'Fix the gate');
		await blocked.getByText('Only the back one is broken.').waitFor({ timeout: WAIT });
		await blocked.getByText(/Not in force while an objection stands: you can amend it/).waitFor();
		await blocked.getByRole('button', { name: 'Amend…' }).click();
		await blocked.getByLabel('The task').fill('Fix the back gate');
		await blocked.getByRole('button', { name: 'Amend', exact: true }).click();
		const amended = proposal(maya.page, 'Fix the back gate');
		await amended.getByText('What changes').waitFor({ timeout: WAIT });
		await amended.getByText(/version 2, amended to meet objections/).waitFor();
		// The objection was to version 1: the new round starts with Maya's own consent only.
		await amended.getByText('1 of 3 answered').waitFor();
		await amended.scrollIntoViewIfNeeded();
		await expectAccessible(maya.page, 'mandate amended, waiting for consent');
		keep(await screenshot(maya.page, 'phone-mandate-consent'), 'phone-mandate-consent');
		await dark(maya.page);
		await expectAccessible(maya.page, 'mandate amended, waiting for consent (dark)');
		keep(await screenshot(maya.page, 'phone-mandate-consent-dark'), 'phone-mandate-consent-dark');
		await maya.page.emulateMedia({ colorScheme: 'light' });

		// Ngọc consents to version 2; Ravi volunteers and consents: the last answer brings it into
		// force, with Ravi, the volunteer, as its delegate (never Maya, who proposed it).
		await carry(maya.page, ngoc.page, circle, 'Elm St Tools');
		const second = proposal(ngoc.page, 'Fix the back gate');
		await second.getByRole('button', { name: 'Consent', exact: true }).click({ timeout: WAIT });
		await second.getByText('You consented.').waitFor({ timeout: WAIT });
		await carry(ngoc.page, ravi.page, circle, 'Elm St Tools');
		await ravi.page.goto(mandates);
		const last = proposal(ravi.page, 'Fix the back gate');
		await last.getByRole('button', { name: 'I’ll hold it' }).click({ timeout: WAIT });
		await last.getByText('You volunteered to hold it.').waitFor({ timeout: WAIT });
		await last.getByRole('button', { name: 'Consent', exact: true }).click();
		const held = ravi.page.locator('li.mandate').filter({ hasText: 'Fix the back gate' });
		await held.waitFor({ timeout: WAIT });
		expect(await delegateOf(held)).toBe('Ravi');
		await held.getByText(/the delegate volunteered, and the circle consented/).waitFor();

		await carry(ravi.page, maya.page, circle, 'Elm St Tools');
		await maya.page.goto(mandates);
		const card = maya.page.locator('li.mandate').filter({ hasText: 'Fix the back gate' });
		await card.waitFor({ timeout: WAIT });
		const delegate = await delegateOf(card);
		expect(delegate).toBe('Ravi');
		const sunset = await card.locator('p').filter({ hasText: 'Sunset' }).locator('time').innerText();
		expect(sunset).toContain(String(Number(day.slice(8))));

		// The delegate's phone hands it back, saying why.
		const [drawn, other, otherName] = [ravi, ngoc, 'Ngọc'];
		await drawn.page.goto(mandates);
		const theirs = drawn.page.locator('li.mandate').filter({ hasText: 'Fix the back gate' });
		await theirs.waitFor({ timeout: WAIT });
		// The same sunset day on a phone in another zone.
		expect(await theirs.locator('p').filter({ hasText: 'Sunset' }).locator('time').innerText()).toBe(sunset);
		await theirs.getByText(/never Maya, who proposed it/).waitFor();
		await theirs.getByRole('button', { name: 'Hand it back…' }).click();
		await theirs.getByLabel('Why hand it back? (optional)').fill('Away all month.');
		await expectAccessible(drawn.page, 'mandate hand-back form');
		await screenshot(drawn.page, 'mandate-hand-back-form');
		await theirs.getByRole('button', { name: 'Hand it back' }).click();
		await theirs.getByText(/handed it back/).waitFor({ timeout: WAIT });
		await theirs.getByText('Redrawn by the same lottery among the rest.').waitFor();
		expect(await delegateOf(theirs)).toBe(otherName);
		expect(await theirs.innerText()).toContain('“Away all month.”');
		await drawn.page.getByRole('heading', { name: /^Open mandates/ }).scrollIntoViewIfNeeded();
		keep(await screenshot(drawn.page, 'phone-mandate-hand-back'), 'phone-mandate-hand-back');
		await dark(drawn.page);
		await expectAccessible(drawn.page, 'mandate handed back (dark)');
		keep(await screenshot(drawn.page, 'phone-mandate-hand-back-dark'), 'phone-mandate-hand-back-dark');

		// The other member's phone, once it has the entries, shows the mandate as theirs.
		await carry(drawn.page, other.page, circle, 'Elm St Tools');
		await other.page.goto(`${base}/circle/${circle}/mandates`);
		const now = other.page.locator('li.mandate').filter({ hasText: 'Fix the back gate' });
		await now.getByRole('button', { name: 'Hand it back…' }).waitFor({ timeout: WAIT });
		expect(await delegateOf(now)).toBe(otherName);
	});
});
