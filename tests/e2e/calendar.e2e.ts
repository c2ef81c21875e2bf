// The care and ritual calendar (issue 10, item 6): Meetings → Calendar lists the meetings, each
// role's next turn and the rituals in the circle's time, and hands them to the phone's calendar as an
// .ics file that an independent parser (ical.js) reads back: the same UIDs at every export.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { screenshot, useE2E } from './support/index.js';
import { expectAccessible } from './support/axe.js';
import { foundCircle } from './sync-helpers';

const e2e = useE2E();

const exportIcs = async (page: Page): Promise<string> => {
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Add to my phone’s calendar (.ics)' }).click();
	const d = await download;
	expect(d.suggestedFilename()).toBe('Elm-Street-Tool-Library.ics');
	return readFileSync((await d.path())!, 'utf8');
};

const events = (text: string) =>
	new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => ({
		uid: String(v.getFirstPropertyValue('uid')),
		seq: v.getFirstPropertyValue('sequence'),
		v
	}));

describe('the calendar', () => {
	it('lists what comes, in the circle’s time, and exports it as .ics with stable UIDs', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const { page } = await e2e.device('maya');
		const circle = await foundCircle(page, base, 'Maya', 'Elm Street Tool Library');
		await page.goto(`${base}/circle/${circle}/calendar`);
		const list = page.getByRole('list', { name: 'Coming up' });
		await list.getByText('Circle meeting').waitFor();
		await list.getByText('Facilitator changes hands').waitFor();
		await expectAccessible(page, 'calendar');
		await screenshot(page, 'phone-calendar', { fullPage: false });
		await page.emulateMedia({ colorScheme: 'dark' });
		await screenshot(page, 'phone-calendar-dark', { fullPage: false });
		await expectAccessible(page, 'calendar (dark)');
		await page.emulateMedia({ colorScheme: 'light' });

		const first = events(await exportIcs(page));
		await page
			.getByRole('status')
			.getByText(/^(Saved|Shared)\./)
			.waitFor();
		expect(first.length).toBe(await list.getByRole('listitem').count());
		const meeting = first.find((e) => e.uid.startsWith('meetings.'))!;
		expect((meeting.v.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('WEEKLY');
		expect(meeting.v.getFirstSubcomponent('valarm')).not.toBeNull();
		// Exported again, unchanged: the same events, the same SEQUENCE (a calendar app updates, never doubles).
		await page.reload();
		const second = events(await exportIcs(page));
		expect(second.map((e) => [e.uid, e.seq])).toEqual(first.map((e) => [e.uid, e.seq]));
	});
});
