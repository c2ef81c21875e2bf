import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { openCircle } from '$lib/core/circle';
import { demoCircle } from '$lib/core/demo';
import type { EntryId, MemberKey } from '$lib/core/types';
import type { MentorshipView } from '$lib/core/mentorship';
import { calendarEvents } from '$lib/state/calendar/events';
import { sequencesFor, toIcs, type CalEvent } from '$lib/state/calendar/ics';

const demo = demoCircle('calendar-test', { days: 90 });
const circle = openCircle(demo.circle);
circle.ledger.add(
	demo.entries.map((entry) => ({ entry, sigValid: true })),
	demo.end
);
const state = circle.state(demo.end);
const names = new Map(demo.keys.map((k) => [k.key, k.name]));
const nameOf = (k: MemberKey) => names.get(k) ?? k.slice(0, 8);
const events = calendarEvents(demo.circle, demo.name, state, nameOf);

const parse = (text: string) => {
	const cal = new ICAL.Component(ICAL.parse(text));
	return cal.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) }));
};

describe('the circle’s calendar as .ics (parsed by ical.js, an independent parser)', () => {
	it('every event with its UID, time, a weekly meeting series and an alarm each', () => {
		expect(events.map((e) => e.title)).toContain(`${demo.name}: circle meeting`);
		expect(events.filter((e) => e.title.endsWith('changes hands')).length).toBe(state.roles.length);
		const text = toIcs(demo.name, events, sequencesFor(events, {}), demo.end);
		expect(text.endsWith('\r\n')).toBe(true);
		for (const line of text.split('\r\n'))
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		const parsed = parse(text);
		expect(parsed.map(({ e }) => e.uid)).toEqual(events.map((e) => e.uid));
		for (const [i, { v, e }] of parsed.entries()) {
			expect(e.startDate.toJSDate().getTime()).toBe(events[i]!.start);
			expect(e.summary).toBe(events[i]!.title);
			expect(e.description).toBe(events[i]!.description);
			expect(v.getFirstPropertyValue('sequence')).toBe(0);
			const alarm = v.getFirstSubcomponent('valarm')!;
			expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
			expect((alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(
				-60 * events[i]!.alarmMinutes!
			);
		}
		const meeting = parsed.find(({ e }) => e.uid.startsWith('meetings.'))!;
		expect(meeting.e.isRecurring()).toBe(true);
		const rule = meeting.v.getFirstPropertyValue('rrule') as ICAL.Recur;
		expect(rule.freq).toBe('WEEKLY');
		expect(rule.interval).toBe(1);
		const it = meeting.e.iterator();
		const first = it.next()!.toJSDate().getTime();
		const second = it.next()!.toJSDate().getTime();
		expect(second - first).toBe(7 * 86_400_000);
	});

	it('texts with commas, semicolons, newlines and long non-ASCII lines come back intact', () => {
		const odd: CalEvent = {
			uid: 'odd.x@circulate',
			start: Date.UTC(2026, 11, 7, 18),
			minutes: 60,
			title: 'Reparaturcafé; Brot, Suppe \\ Tee',
			label: 'Reparaturcafé',
			description: 'Zeile eins\nZeile zwei — ' + 'äöü'.repeat(40)
		};
		const { e } = parse(toIcs('Gärten', [odd], {}, 0))[0]!;
		expect(e.summary).toBe(odd.title);
		expect(e.description).toBe(odd.description);
	});

	it('exporting again keeps every UID; only an event that changed raises its SEQUENCE', () => {
		const first = sequencesFor(events, {});
		const again = sequencesFor(events, first);
		expect(again).toEqual(first);
		const moved = events.map((e) =>
			e.uid.startsWith('meetings.') ? { ...e, start: e.start + 3_600_000 } : e
		);
		const third = sequencesFor(moved, again);
		const parsed = parse(toIcs(demo.name, moved, third, demo.end));
		expect(parsed.map(({ e }) => e.uid)).toEqual(events.map((e) => e.uid));
		for (const { v, e } of parsed)
			expect(v.getFirstPropertyValue('sequence')).toBe(e.uid.startsWith('meetings.') ? 1 : 0);
		// A later change raises it again.
		const fourth = sequencesFor(events, third);
		expect(fourth[events.find((e) => e.uid.startsWith('meetings.'))!.uid]!.sequence).toBe(2);
	});

	it('UIDs name what the event is, not when it was exported: the same on every phone', () => {
		const later = calendarEvents(demo.circle, demo.name, circle.state(demo.end + 60_000), nameOf);
		expect(later.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
	});
});

describe('mentorship sessions in the calendar', () => {
	const [a, b, c, d] = demo.keys.map((k) => k.key) as [MemberKey, MemberKey, MemberKey, MemberKey];
	const session = (id: string, mentor: MemberKey, apprentice: MemberKey, on: number, year: number) => ({
		id: id.repeat(64).slice(0, 64) as EntryId,
		by: mentor,
		at: on + 3_600_000,
		mentor,
		apprentice,
		on,
		taught: 'Pruning; grafting, and the new app',
		year
	});
	const day = 86_400_000;
	// Logged as the app does: noon of the day it took place.
	const noon = Math.floor(demo.end / day) * day + 12 * 3_600_000;
	const thisYear = [session('a', a, b, noon - 20 * day, 1), session('b', a, b, noon - 5 * day, 1)];
	const earlier = [session('c', c, d, noon - 400 * day, 0)];
	const view: MentorshipView = {
		year: 1,
		start: demo.end - 100 * day,
		end: demo.end + 265 * day,
		pairs: [{ mentor: a, apprentice: b, sessions: thisYear, reflections: [] }],
		skipped: [],
		audit: null,
		earlier,
		reflections: []
	};
	const more = { off: 0, me: null, mentorship: view };
	const withSessions = calendarEvents(demo.circle, demo.name, state, nameOf, more);
	const sessions = withSessions.filter((e) => e.uid.startsWith('mentorship-session.'));

	it('each logged session is an event on its day, this year’s and earlier years’, with a stable UID', () => {
		expect(sessions.map((e) => e.start).sort()).toEqual([...thisYear, ...earlier].map((x) => x.on).sort());
		for (const e of sessions) {
			expect(e.uid).toMatch(/^mentorship-session\.[0-9a-f]{16}\.[^@]+@circulate$/);
			expect(e.alarmMinutes).toBeUndefined();
		}
		expect(sessions.find((e) => e.start === thisYear[0]!.on)!.label).toBe(
			`Mentorship: ${nameOf(a)} teaches ${nameOf(b)}`
		);
		// The yearly inversion stays one event beside them.
		expect(withSessions.filter((e) => e.uid.startsWith('mentorship.')).length).toBe(1);
		// Another `now`, another phone: the same UIDs.
		const later = calendarEvents(demo.circle, demo.name, circle.state(demo.end + 60_000), nameOf, more);
		expect(later.filter((e) => e.uid.startsWith('mentorship-session.')).map((e) => e.uid)).toEqual(
			sessions.map((e) => e.uid)
		);
	});

	it('ical.js reads each session back: UID, start, an hour long, what was taught, no alarm', () => {
		const parsed = parse(toIcs(demo.name, withSessions, sequencesFor(withSessions, {}), demo.end));
		const read = parsed.filter(({ e }) => e.uid.startsWith('mentorship-session.'));
		expect(read.map(({ e }) => e.uid)).toEqual(sessions.map((e) => e.uid));
		for (const [i, { v, e }] of read.entries()) {
			expect(e.startDate.toJSDate().getTime()).toBe(sessions[i]!.start);
			expect(e.endDate.toJSDate().getTime() - e.startDate.toJSDate().getTime()).toBe(3_600_000);
			expect(e.summary).toBe(sessions[i]!.title);
			expect(e.description).toContain('Pruning; grafting, and the new app');
			expect(e.isRecurring()).toBe(false);
			expect(v.getFirstSubcomponent('valarm')).toBeNull();
		}
	});
});
