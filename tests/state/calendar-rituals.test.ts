/**
 * Rituals and loans on the circle's calendar (issue 10, items 6 and 8), exported as .ics and read
 * back by ical.js: a weekly ritual with RRULE:FREQ=WEEKLY, a monthly one with FREQ=MONTHLY, each
 * with an alarm; a change raises SEQUENCE under the same UID; a cancelled one comes with
 * STATUS:CANCELLED; loans due back for the borrower and for the keeper, nobody else's.
 */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { sha256Hex } from '$lib/core/bytes';
import { openCircle } from '$lib/core/circle';
import { demoCircle } from '$lib/core/demo';
import type { LibraryView } from '$lib/core/library/view';
import type { Ritual } from '$lib/core/rituals/domain';
import type { EntryId, MemberKey } from '$lib/core/types';
import { calendarEvents } from '$lib/state/calendar/events';
import { sequencesFor, toIcs } from '$lib/state/calendar/ics';

const demo = demoCircle('calendar-rituals', { days: 60 });
const circle = openCircle(demo.circle);
circle.ledger.add(
	demo.entries.map((entry) => ({ entry, sigValid: true })),
	demo.end
);
const state = circle.state(demo.end);
// Whole minutes (an .ics time has seconds at most), after the end of the story.
const now = Math.ceil(demo.end / 3_600_000) * 3_600_000;
const [ama, bo, cyd] = demo.keys.map((k) => k.key) as [MemberKey, MemberKey, MemberKey];
const names = new Map(demo.keys.map((k) => [k.key, k.name]));
const nameOf = (k: MemberKey) => names.get(k) ?? k.slice(0, 8);
// Real ids are hashes: distinct from their first characters (the UIDs use 16 of them).
const id = (n: number) => sha256Hex(`entry ${n}`) as EntryId;
const DAY = 86_400_000;

const ritual = (n: number, over: Partial<Ritual>): Ritual => ({
	id: id(n),
	name: 'Shared meal',
	at: now + 2 * DAY,
	minutes: 120,
	every: 'week',
	note: 'Bring a dish',
	proposer: ama,
	proposedAt: now - DAY,
	versions: [
		{
			name: 'Shared meal',
			at: now + 2 * DAY,
			minutes: 120,
			every: 'week',
			note: '',
			author: ama,
			writtenAt: now - DAY
		}
	],
	cancelled: null,
	...over
});

const library = {
	holdDays: 3,
	items: [
		{ id: id(100), name: 'Drill', keeper: bo },
		{ id: id(101), name: 'Ladder', keeper: ama }
	],
	loans: [
		{ id: id(1), item: id(100), borrower: ama, due: now + 3 * DAY, current: true, overdue: false },
		{ id: id(2), item: id(101), borrower: cyd, due: now + 4 * DAY, current: true, overdue: false },
		{ id: id(3), item: id(100), borrower: cyd, due: now + 5 * DAY, current: false, overdue: false }
	],
	ended: []
} as unknown as LibraryView;

const parse = (text: string) =>
	new ICAL.Component(ICAL.parse(text))
		.getAllSubcomponents('vevent')
		.map((v) => ({ v, e: new ICAL.Event(v) }));

describe('rituals and loans in the calendar and its .ics', () => {
	const meal = ritual(1, {});
	const walk = ritual(2, { name: 'Silent walk', every: 'month', at: now + 3 * DAY, note: '' });
	const art = ritual(3, {
		name: 'Art session',
		every: 'once',
		cancelled: { author: cyd, at: now - 1, reason: 'Flu' }
	});
	const over = ritual(4, { name: 'Old picnic', every: 'once', at: now - 3 * DAY });
	const more = { off: 60, me: ama, library, rituals: [meal, walk, art, over] };
	const events = calendarEvents(demo.circle, demo.name, state, nameOf, more);

	it('lists each ritual still to come (a cancelled one marked), and Ama’s loans as borrower and keeper', () => {
		const labels = events.map((e) => e.label);
		expect(labels).toEqual(
			expect.arrayContaining(['Shared meal', 'Silent walk', 'Art session', 'Drill due back'])
		);
		expect(labels).toContain(`Ladder due back from ${nameOf(cyd)}`);
		expect(labels).not.toContain('Old picnic');
		expect(events.filter((e) => e.uid.startsWith('loan.'))).toHaveLength(2);
		expect(events.find((e) => e.label === 'Shared meal')!.description).toBe(
			`Bring a dish (A ritual proposed by ${nameOf(ama)}.)`
		);
		// Bo sees only the drill (he keeps it), Cyd only the ladder (she has it).
		const of = (me: MemberKey) =>
			calendarEvents(demo.circle, demo.name, state, nameOf, { ...more, me })
				.filter((e) => e.uid.startsWith('loan.'))
				.map((e) => e.label);
		expect(of(bo)).toEqual([`Drill due back from ${nameOf(ama)}`]);
		expect(of(cyd)).toEqual(['Ladder due back']);
	});

	it('ical.js reads the series, the alarms, the cancellation and the loans back', () => {
		const parsed = parse(toIcs(demo.name, events, sequencesFor(events, {}), now));
		const by = (label: string) => parsed.find(({ e }) => e.summary === `${demo.name}: ${label}`)!;
		const weekly = by('Shared meal');
		expect((weekly.v.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('WEEKLY');
		expect(weekly.e.startDate.toJSDate().getTime()).toBe(meal.at);
		expect(weekly.e.duration.toSeconds()).toBe(120 * 60);
		expect(
			(weekly.v.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()
		).toBe(-3600);
		const monthly = by('Silent walk');
		expect((monthly.v.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('MONTHLY');
		const it = monthly.e.iterator();
		const first = it.next()!.toJSDate();
		const second = it.next()!.toJSDate();
		expect(second.getUTCDate()).toBe(first.getUTCDate());
		expect(second.getUTCMonth()).toBe((first.getUTCMonth() + 1) % 12);
		const cancelled = by('Art session');
		expect(cancelled.v.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(cancelled.v.getFirstSubcomponent('valarm')).toBeNull();
		const drill = by('Drill due back');
		expect(drill.e.startDate.toJSDate().getTime()).toBe(now + 3 * DAY);
		expect(drill.e.isRecurring()).toBe(false);
	});

	it('a ritual changed keeps its UID and raises its SEQUENCE; cancelling raises it again', () => {
		const first = sequencesFor(events, {});
		const moved = ritual(1, { at: now + 2 * DAY + 30 * 60_000 });
		const again = calendarEvents(demo.circle, demo.name, state, nameOf, {
			...more,
			rituals: [moved, walk, art]
		});
		const second = sequencesFor(again, first);
		const uid = events.find((e) => e.label === 'Shared meal')!.uid;
		expect(again.find((e) => e.label === 'Shared meal')!.uid).toBe(uid);
		expect(second[uid]!.sequence).toBe(1);
		expect(second[events.find((e) => e.label === 'Silent walk')!.uid]!.sequence).toBe(0);
		const off = calendarEvents(demo.circle, demo.name, state, nameOf, {
			...more,
			rituals: [{ ...moved, cancelled: { author: bo, at: now, reason: '' } }]
		});
		const third = sequencesFor(off, second);
		expect(third[uid]!.sequence).toBe(2);
		const text = toIcs(demo.name, off, third, now);
		const parsed = parse(text).find(({ e }) => e.uid === uid)!;
		expect(parsed.v.getFirstPropertyValue('sequence')).toBe(2);
		expect(parsed.v.getFirstPropertyValue('status')).toBe('CANCELLED');
	});
});
