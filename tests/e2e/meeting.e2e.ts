// Meetings on one shared phone (issue 10, items 1 and 3), with every phone's clock pinned: the
// facilitator's phone opens the meeting, ticks four members present, taps speakers on the talk-time
// meter, survives a reload mid-meeting with the talk times intact, writes minutes and a decision,
// takes the least-heard round and closes it with one signed entry; a second phone receives it (the
// entries travel through the test hook, as a file or a QR sync would carry them) and shows the same
// talk shares and minutes. After a second and a third meeting, a week apart, with the same dominant
// speaker (each closed by that week's facilitator), that member is passed over in the next
// facilitator draw, with the reason, on both phones. axe on the screen, light and dark.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const CIRCLE = 'Elm St Tools';
const TIMEOUT = 60_000;

/** Carries every entry `from` holds to `to` (what a sync does). */
const carry = async (from: Page, to: Page, circle: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, CIRCLE, raw);
};

/** Every phone ends up with every entry: all to the first, then the first to all. */
const syncAll = async (pages: Page[], circle: string) => {
	for (const p of pages.slice(1)) await carry(p, pages[0]!, circle);
	for (const p of pages.slice(1)) await carry(pages[0]!, p, circle);
};

const speaker = (page: Page, name: string) =>
	page.getByRole('region', { name: 'Talk time' }).getByRole('button', { name: new RegExp(`^${name}`) });

/** Taps `name` and waits until their button shows at least `seconds` of talk. */
const talk = async (page: Page, name: string, seconds: number) => {
	await speaker(page, name).click();
	await expect
		.poll(async () => toSeconds(await speaker(page, name).locator('.t').innerText()), { timeout: TIMEOUT })
		.toBeGreaterThanOrEqual(seconds);
};
/** Keeps a screenshot for the README (docs/screenshots). */
const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const toSeconds = (t: string) => t.split(':').reduce((s, x) => s * 60 + Number(x), 0);

/** Who the Meeting screen names as facilitator now. */
const facilitatorOn = async (page: Page): Promise<string> => {
	const line = page.getByText(/^Facilitator now:/);
	await line.waitFor({ timeout: TIMEOUT });
	return (await line.locator('strong').innerText()).trim();
};

/** A short meeting on `page` with everyone present and Ravi holding the floor; closed and signed. */
const runMeeting = async (page: Page, base: string, circle: string, minutes: string, reload = false) => {
	await page.goto(`${base}/circle/${circle}/meeting`);
	await page.getByRole('button', { name: 'Open the meeting' }).click();
	for (const n of ['Maya', 'Ravi', 'Ilse', 'Kwame']) {
		const box = page.getByRole('checkbox', { name: n });
		if (!(await box.isChecked())) await box.check();
	}
	if (reload) await expectAccessible(page, 'meeting (who is here)');
	await page.getByRole('button', { name: 'Start the meeting' }).click();
	await talk(page, 'Ravi', 4);
	await talk(page, 'Ilse', 1);
	if (reload) {
		// One large button per member present: at least 56 px, two to a row, in a thumb's reach.
		for (const n of ['Maya', 'Ravi', 'Ilse', 'Kwame', 'Several at once', 'Silence']) {
			const box = (await speaker(page, n).boundingBox())!;
			expect(box.height).toBeGreaterThanOrEqual(56);
			expect(box.width).toBeGreaterThanOrEqual(150);
		}
		await expectAccessible(page, 'meeting (meter)');
		keep(await screenshot(page, 'phone-meeting-meter', { fullPage: false }), 'phone-meeting-meter');
		await page.emulateMedia({ colorScheme: 'dark' });
		await expect
			.poll(() => speaker(page, 'Ilse').evaluate((b) => getComputedStyle(b).backgroundColor), {
				timeout: TIMEOUT
			})
			.toBe('rgb(134, 201, 160)');
		await expectAccessible(page, 'meeting (meter, dark)');
		keep(await screenshot(page, 'phone-meeting-meter-dark', { fullPage: false }), 'phone-meeting-meter-dark');
		await page.emulateMedia({ colorScheme: 'light' });
		// The app is killed mid-meeting: it comes back with the talk times, paused.
		await page.reload();
		await page
			.getByText('The meeting was interrupted; its talk times are kept.')
			.waitFor({ timeout: TIMEOUT });
		expect(toSeconds(await speaker(page, 'Ravi').locator('.t').innerText())).toBeGreaterThanOrEqual(4);
		expect(toSeconds(await speaker(page, 'Ilse').locator('.t').innerText())).toBeGreaterThanOrEqual(1);
	}
	await talk(page, 'Kwame', 1);
	await talk(page, 'Maya', 1);
	await page.getByRole('button', { name: 'Pause the meter' }).click();
	await page.getByLabel('Minutes').fill(minutes);
	await page.getByLabel('A decision').fill('The shed opens on Sundays');
	await page.getByRole('button', { name: 'Record the decision' }).click();
	await page.getByRole('button', { name: 'To the closing round' }).click();
	await page.getByLabel('Ilse: when did you feel least heard?').fill('When the rota came up');
	if (reload) await page.getByLabel('Victories (one a line, no names)').fill('The shed roof is fixed');
	if (reload) {
		// Asked least talk first: Ravi, who talked most, is asked last.
		const asked = await page.getByText(/: when did you feel least heard\?$/).allInnerTexts();
		expect(asked.at(-1)).toMatch(/^Ravi/);
		await expectAccessible(page, 'meeting (least-heard round)');
	}
	await page.getByRole('button', { name: 'Close and sign the summary' }).click();
	await page.getByRole('status').getByText('The meeting is closed').waitFor({ timeout: TIMEOUT });
};

describe('meetings', () => {
	it(
		'runs a meeting on the facilitator’s phone, survives a reload, shows it on another phone; a dominant voice sits out',
		{ timeout: 600_000 },
		async () => {
			const base = e2e.url('/').replace(/\/$/, '');
			// A Wednesday morning: every phone's clock pinned there.
			let at = new Date('2026-03-04T09:00:00Z');
			const names = ['Maya', 'Ravi', 'Ilse', 'Kwame'];
			const pages: Page[] = [];
			for (const n of names) {
				const page = (await e2e.device(n.toLowerCase())).page;
				await page.clock.setFixedTime(at);
				pages.push(page);
			}
			const [maya, ravi] = pages as [Page, Page, Page, Page];
			const byName = new Map(names.map((n, i) => [n, pages[i]!]));
			const circle = await foundCircle(maya, base, 'Maya', CIRCLE);
			for (const n of names.slice(1)) {
				await inviteAndAdmit(maya, byName.get(n)!, base, circle, n);
				await carry(maya, byName.get(n)!, circle);
			}
			await syncAll(pages, circle);

			// Before the meeting, Ravi adds an item to the agenda.
			await ravi.goto(`${base}/circle/${circle}/meeting`);
			await ravi.getByLabel('Add an item').fill('Shed rota');
			await ravi.getByRole('button', { name: 'Add to the agenda' }).click();
			await ravi
				.getByRole('region', { name: /Agenda for the next meeting/ })
				.locator('strong', { hasText: 'Shed rota' })
				.waitFor();
			await syncAll(pages, circle);

			// Meeting 1, on the facilitator's phone (the founding term's).
			const first = byName.get(await facilitatorOn(ravi))!;
			await runMeeting(first, base, circle, 'We talked about the shed.\nRavi will fix the lock.', true);
			const summary = first.getByRole('article', { name: 'Meeting of 2026-03-04' });
			await summary.waitFor();
			await expectAccessible(first, 'meeting (summary)');
			await screenshot(first, 'phone-meeting-summary', { fullPage: false });

			// The second phone receives the closing entry and shows the same shares and minutes.
			const other = pages.find((p) => p !== first)!;
			await carry(first, other, circle);
			await other.goto(`${base}/circle/${circle}/meeting`);
			const there = other.getByRole('article', { name: 'Meeting of 2026-03-04' });
			await there.waitFor({ timeout: TIMEOUT });
			const shares = (p: Page) =>
				p.getByRole('list', { name: 'Talk time, meeting of 2026-03-04' }).innerText();
			expect(await shares(other)).toBe(await shares(first));
			expect(await there.locator('.minutes').innerText()).toBe(
				'We talked about the shed.\nRavi will fix the lock.'
			);
			expect(await there.innerText()).not.toContain('does not count');
			// The victories wall names the victory, and nobody beside it.
			await other.goto(`${base}/circle/${circle}/victories`);
			const wall = other.getByRole('list', { name: 'Victories, newest first' });
			await wall.getByText('The shed roof is fixed').waitFor({ timeout: TIMEOUT });
			expect(await wall.innerText()).not.toMatch(/Maya|Ravi|Ilse|Kwame/);
			await expectAccessible(other, 'victories');
			keep(await screenshot(other, 'phone-victories', { fullPage: false }), 'phone-victories');

			// Meetings 2 and 3, a week apart, each on that week's facilitator's phone, Ravi dominant again.
			for (const week of [1, 2]) {
				at = new Date(Date.parse('2026-03-04T09:00:00Z') + week * 7 * 86_400_000);
				for (const p of pages) await p.clock.setFixedTime(at);
				await syncAll(pages, circle);
				await maya.goto(`${base}/circle/${circle}/meeting`);
				const f = byName.get(await facilitatorOn(maya))!;
				await runMeeting(f, base, circle, `Week ${week + 1}.`);
				await syncAll(pages, circle);
			}

			// Ravi is passed over in the next facilitator draw, with the reason, on both phones.
			for (const p of [maya, ravi]) {
				await p.goto(`${base}/circle/${circle}/meeting`);
				const passed = p.getByRole('region', { name: 'Sitting out facilitation' });
				await passed
					.getByText(/Ravi is passed over in the facilitator draw until/)
					.waitFor({ timeout: TIMEOUT });
				expect(await passed.innerText()).toContain('of the last 3 meetings');
				const next = p.getByText(/^Next facilitator:/);
				expect(await next.innerText()).toMatch(/Ravi is passed over/);
			}
			await expectAccessible(ravi, 'meeting (passed over)');
			keep(await screenshot(ravi, 'phone-meeting', { fullPage: false }), 'phone-meeting');
			await ravi.emulateMedia({ colorScheme: 'dark' });
			// Wait until the buttons have taken the dark colours (their transition has finished).
			const open = ravi.getByRole('button', { name: 'Open the meeting' });
			await expect
				.poll(() => open.evaluate((b) => getComputedStyle(b).backgroundColor), { timeout: TIMEOUT })
				.toBe('rgb(134, 201, 160)');
			await expectAccessible(ravi, 'meeting (dark)');
			keep(await screenshot(ravi, 'phone-meeting-dark', { fullPage: false }), 'phone-meeting-dark');

			// Now says it too, with the reason.
			await ravi.emulateMedia({ colorScheme: 'light' });
			await ravi.goto(`${base}/circle/${circle}/now`);
			await ravi.getByText(/passed over as facilitator until/).waitFor({ timeout: TIMEOUT });
			expect(
				await ravi
					.getByText(/passed over as facilitator until/)
					.locator('..')
					.innerText()
			).toContain('of the last 3 meetings');
		}
	);
});
