// Reminders (issue 10, item 8) and rituals (item 6) on two phones, with pinned clocks:
// - nothing asks for notifications on a first visit (Home, Now, Calendar, Library);
// - Ravi switches "Remind me on this phone" on (the browser grants it), borrows Maya's drill for
//   a day; with his clock moved past the due date while the app is open, the loan shows in his
//   due list on Now as overdue and as one notification (not repeated on reload), and in Maya's
//   due list as her item out past due;
// - a ritual Maya adds on the Calendar shows on Ravi's calendar after a sync, and in his .ics
//   with its weekly RRULE and an alarm.
// Entries travel through the test hook, as a file or a QR sync would carry them.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';
import { handOver } from './library-helpers';

const e2e = useE2E();
const TIMEOUT = 90_000;
const DAY = 86_400_000;

/** Counts permission requests and records notifications (page and service worker), across reloads. */
const WATCH_NOTIFICATIONS = () => {
	const log = (title: string, o?: NotificationOptions) => {
		const all = JSON.parse(sessionStorage.getItem('__shown') ?? '[]') as unknown[];
		all.push({ title, body: o?.body ?? '', tag: o?.tag ?? '' });
		sessionStorage.setItem('__shown', JSON.stringify(all));
	};
	if (typeof ServiceWorkerRegistration !== 'undefined')
		ServiceWorkerRegistration.prototype.showNotification = function (title: string, o?: NotificationOptions) {
			log(title, o);
			return Promise.resolve();
		};
	const N = window.Notification;
	if (!N) return;
	class Logged extends N {
		constructor(title: string, o?: NotificationOptions) {
			super(title, o);
			log(title, o);
		}
	}
	Object.defineProperty(Logged, 'permission', { get: () => N.permission });
	Object.defineProperty(Logged, 'requestPermission', {
		value: (...args: Parameters<typeof N.requestPermission>) => {
			sessionStorage.setItem('__asked', String(Number(sessionStorage.getItem('__asked') ?? 0) + 1));
			return N.requestPermission(...args);
		}
	});
	(window as unknown as { Notification: typeof Notification }).Notification = Logged;
};

const asked = (page: Page) => page.evaluate(() => Number(sessionStorage.getItem('__asked') ?? 0));
const shown = (page: Page) =>
	page.evaluate(
		() =>
			JSON.parse(sessionStorage.getItem('__shown') ?? '[]') as { title: string; body: string; tag: string }[]
	);

/** Carries every entry `from` holds to `to` (what a sync does). */
const carry = async (from: Page, to: Page, circle: string, name: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, name, raw);
};

/** A screenshot for people, kept in docs/screenshots for the README too. */
const keep = async (page: Page, name: string) => {
	const shot = await screenshot(page, name, { fullPage: false });
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

describe('reminders and rituals', () => {
	it('never asks on first visit; an overdue loan shows in the due list and notifies once', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const start = Date.now();
		const mayaDevice = await e2e.device('maya');
		const raviDevice = await e2e.device('ravi');
		for (const d of [mayaDevice, raviDevice]) {
			await d.context.addInitScript(WATCH_NOTIFICATIONS);
			await d.page.clock.setFixedTime(start);
		}
		const maya = mayaDevice.page;
		const ravi = raviDevice.page;
		const circle = await foundCircle(maya, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');
		await carry(maya, ravi, circle, 'Elm St Tools');

		// A first visit to every screen a reminder lives on: nothing asks.
		for (const screen of ['', '/now', '/calendar', '/library']) {
			await ravi.goto(`${base}/circle/${circle}${screen}`);
			await ravi.getByRole('heading', { level: 1, name: 'Elm St Tools' }).waitFor();
		}
		await ravi.goto(base);
		await ravi.getByRole('link', { name: /Elm St Tools/ }).waitFor();
		expect(await asked(ravi)).toBe(0);
		// (Headless Chromium answers 'denied' for a permission never granted: only the count says nobody asked.)

		// Maya adds a drill and hands it to Ravi for two days; Ravi's phone confirms.
		await maya.goto(`${base}/circle/${circle}/library`);
		await maya.locator('#item-name').fill('Drill');
		await maya.getByRole('button', { name: 'Add to the catalogue' }).click();
		await maya.getByRole('status').getByText('Drill is in the catalogue.').waitFor();
		await carry(maya, ravi, circle, 'Elm St Tools');
		await ravi.goto(`${base}/circle/${circle}/library`);
		await handOver(maya, ravi, 'Drill', { days: 1 });
		await ravi.getByRole('heading', { name: /You have/ }).waitFor();
		await carry(ravi, maya, circle, 'Elm St Tools');

		// Ravi switches reminders on (the browser grants it): asked once, because he asked.
		await raviDevice.context.grantPermissions(['notifications'], { origin: base });
		await ravi.goto(`${base}/circle/${circle}/now`);
		const due = ravi.getByRole('region', { name: /Waiting for you/ });
		const toggle = due.getByRole('switch', { name: 'Remind me on this phone' });
		await due.getByText(/While Circulate is open, this phone can tell you/).waitFor();
		await toggle.check();
		await expect.poll(() => toggle.isChecked(), { timeout: TIMEOUT }).toBe(true);
		expect(await asked(ravi)).toBe(1);
		// Due tomorrow: soon, in words, not notified (nothing is late yet).
		await due.getByText(/^Drill due back tomorrow at .+ to Maya\.$/).waitFor({ timeout: TIMEOUT });
		expect(await shown(ravi)).toEqual([]);

		// Two days later, with the app open: the clock's next tick finds the loan overdue.
		const later = start + 2 * DAY;
		await ravi.clock.setFixedTime(later);
		await due
			.getByRole('link', { name: /^Drill was due back (yesterday|on .+) \(.+\): bring it back to Maya\.$/ })
			.waitFor({ timeout: TIMEOUT });
		await expect
			.poll(async () => (await shown(ravi)).map((n) => n.body), { timeout: TIMEOUT })
			.toEqual([expect.stringMatching(/^Drill was due back .*bring it back to Maya\.$/)]);
		expect((await shown(ravi))[0]!.title).toBe('Elm St Tools');
		await expectAccessible(ravi, 'now, due list');
		await keep(ravi, 'phone-due-list');
		await ravi.emulateMedia({ colorScheme: 'dark' });
		await keep(ravi, 'phone-due-list-dark');
		await expectAccessible(ravi, 'now, due list (dark)');
		await ravi.emulateMedia({ colorScheme: 'light' });

		// Once per device: a reload does not notify it again.
		await ravi.reload();
		await due.getByRole('link', { name: /^Drill was due back/ }).waitFor({ timeout: TIMEOUT });
		await ravi.getByRole('heading', { name: 'Who holds what' }).waitFor();
		expect((await shown(ravi)).length).toBe(1);
		await due.getByRole('link', { name: /^Drill was due back/ }).click();
		await ravi.waitForURL(`**/circle/${circle}/library`);

		// Maya, the keeper, at the same time: her drill is out past due (she has not asked for reminders).
		await maya.clock.setFixedTime(later);
		await maya.goto(`${base}/circle/${circle}/now`);
		await maya
			.getByRole('region', { name: /Waiting for you/ })
			.getByText(/^Ravi has your Drill, due back/)
			.waitFor({ timeout: TIMEOUT });
		expect(await asked(maya)).toBe(0);
		expect(await shown(maya)).toEqual([]);
	});

	it('a ritual added on one phone shows on the other’s calendar after a sync, and in its .ics', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = (await e2e.device('maya')).page;
		const ravi = (await e2e.device('ravi')).page;
		const circle = await foundCircle(maya, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya, ravi, base, circle, 'Ravi');

		await maya.goto(`${base}/circle/${circle}/calendar`);
		const form = maya.getByRole('form', { name: 'Add a ritual' });
		await form.getByLabel('Name').fill('Shared meal');
		await form.getByLabel('Repeats').selectOption({ label: 'Every week' });
		await form.getByLabel('Time (the circle’s)').fill('19:30');
		await form.getByLabel('Note (optional)').fill('Bring a dish, any dish');
		await form.getByRole('button', { name: 'Add to the calendar' }).click();
		await maya.getByRole('status').getByText('Shared meal is on the calendar.').waitFor();
		const mine = maya.getByRole('list', { name: 'The circle’s rituals' });
		await mine.getByText('Shared meal').waitFor();

		await carry(maya, ravi, circle, 'Elm St Tools');
		await ravi.goto(`${base}/circle/${circle}/calendar`);
		const rituals = ravi.getByRole('list', { name: 'The circle’s rituals' });
		await rituals.getByText('Shared meal').waitFor({ timeout: TIMEOUT });
		await rituals.getByText('Proposed by Maya').waitFor();
		await rituals.getByText(/every week/).waitFor();
		await ravi.getByRole('list', { name: 'Coming up' }).getByText('Shared meal').waitFor();
		await expectAccessible(ravi, 'calendar with a ritual');
		await ravi
			.getByRole('heading', { name: 'Rituals', exact: true })
			.evaluate((h) => h.scrollIntoView({ block: 'start' }));
		await keep(ravi, 'phone-rituals');
		await ravi.emulateMedia({ colorScheme: 'dark' });
		await keep(ravi, 'phone-rituals-dark');
		await expectAccessible(ravi, 'calendar with a ritual (dark)');
		await ravi.emulateMedia({ colorScheme: 'light' });

		const download = ravi.waitForEvent('download');
		await ravi.getByRole('button', { name: 'Add to my phone’s calendar (.ics)' }).click();
		const text = readFileSync((await (await download).path())!, 'utf8');
		const meal = new ICAL.Component(ICAL.parse(text))
			.getAllSubcomponents('vevent')
			.find((v) => v.getFirstPropertyValue('summary') === 'Elm St Tools: Shared meal')!;
		expect(meal).toBeTruthy();
		expect((meal.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('WEEKLY');
		expect(meal.getFirstSubcomponent('valarm')).not.toBeNull();
		expect(String(meal.getFirstPropertyValue('description'))).toContain('Bring a dish, any dish');
	});
});
