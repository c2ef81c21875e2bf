/**
 * Time that fits the circle (issue 13, item 4; protocol v2): boundaries at the circle's own
 * midnight from a fixed offset in the charter, a meeting day and time, holders from the founding
 * day, service counted only once a term has begun. The attacks: an offset no zone keeps, and an
 * offset moved without a ratified charter to steer a draw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as calendar from '../../src/lib/core/calendar';
import * as charter from '../../src/lib/core/charter';
import { checkContent, defaultCharter, type CharterContent } from '../../src/lib/core/charter/content';
import { DAY, HOUR, Scenario, utc } from './scenario';

const T0 = utc(2025, 3, 3, 9);
const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha'];
const withOffset = (off: unknown): CharterContent => ({
	...defaultCharter(),
	utcOffsetMinutes: off as number
});

describe('the calendar in the circle’s own time', () => {
	it('knows the offsets real zones keep', () => {
		for (const ok of [0, 60, -60, 13 * 60 + 45, -(9 * 60 + 30), 5 * 60 + 45, 14 * 60, -12 * 60])
			expect(calendar.isUtcOffset(ok)).toBe(true);
		for (const bad of [7, 25 * 60, -13 * 60, 14 * 60 + 15, 0.5, '60', null, NaN, 2 ** 53])
			expect(calendar.isUtcOffset(bad)).toBe(false);
	});

	it('finds the circle’s midnight, the nearest midnight, and its civil date and weekday', () => {
		const off = 13 * 60 + 45;
		// 2025-03-10T00:00Z is Monday 13:45 at +13:45; the day began at 2025-03-09T10:15Z.
		expect(calendar.isoUtc(calendar.startOfLocalDay(utc(2025, 3, 10), off))).toBe('2025-03-09T10:15:00.000Z');
		expect(calendar.isoUtc(calendar.nearestLocalMidnight(utc(2025, 3, 10), off))).toBe(
			'2025-03-10T10:15:00.000Z'
		);
		expect(calendar.localCivil(utc(2025, 3, 10), off)).toEqual({
			y: 2025,
			m: 3,
			d: 10,
			weekday: 1,
			minutes: 13 * 60 + 45
		});
		expect(calendar.localCivil(utc(2025, 3, 10), -570)).toMatchObject({
			d: 9,
			weekday: 7,
			minutes: 14 * 60 + 30
		});
		expect(calendar.localMidnightOf(2025, 12, 30, -570)).toBe(utc(2025, 12, 30, 9, 30));
	});

	it('counts months on the circle’s calendar: a monthly term at +13:45 turns over at its midnight on the 1st', () => {
		const off = 13 * 60 + 45;
		const anchor = calendar.localMidnightOf(2025, 1, 31, off);
		const b = (k: number) => calendar.localCivil(calendar.boundary(anchor, calendar.months(1), k, off), off);
		expect(b(1)).toMatchObject({ m: 2, d: 28, minutes: 0 });
		expect(b(2)).toMatchObject({ m: 3, d: 31, minutes: 0 });
		expect(
			calendar.termIndexAt(anchor, calendar.months(1), calendar.localMidnightOf(2025, 3, 31, off) - 1, off)
		).toBe(1);
	});

	it('a boundary is a circle midnight and termIndexAt agrees with boundary, for any offset (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
				fc.integer({ min: 0, max: 20_000 }),
				fc.constantFrom(calendar.days(1), calendar.days(7), calendar.months(1), calendar.months(3)),
				fc.integer({ min: 0, max: 40 }),
				(off, day, len, k) => {
					const anchor = calendar.startOfLocalDay(day * DAY, off);
					const t = calendar.boundary(anchor, len, k, off);
					expect(calendar.localCivil(t, off).minutes).toBe(0);
					expect(calendar.termIndexAt(anchor, len, t, off)).toBe(k);
					expect(calendar.termIndexAt(anchor, len, t - 1, off)).toBe(k - 1);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('meets on the charter’s weekday and time, in the circle’s time', () => {
		const off = 60;
		const epoch = calendar.localMidnightOf(2025, 3, 3, off); // a Monday
		const next = calendar.nextMeeting(epoch, off, 7, 4, 19 * 60 + 30, epoch);
		expect(calendar.localCivil(next, off)).toMatchObject({ d: 6, weekday: 4, minutes: 19 * 60 + 30 });
		const after = calendar.nextMeeting(epoch, off, 7, 4, 19 * 60 + 30, next);
		expect(after - next).toBe(7 * DAY);
	});
});

describe('the charter’s offset', () => {
	it('attack: an offset no zone keeps is refused with a code (+25:00, 7 minutes, −13:00, text)', () => {
		for (const off of [25 * 60, 7, -13 * 60, '+01:00', 1.5])
			expect(checkContent(withOffset(off))).toEqual({ code: 'utc-offset', params: { min: -12, max: 14 } });
		expect(checkContent(withOffset(13 * 60 + 45))).toBeNull();
		expect(
			checkContent({ ...defaultCharter(), rituals: { ...defaultCharter().rituals, meetingWeekday: 8 } })
		).toEqual({
			code: 'ritual-meeting-day'
		});
		expect(
			checkContent({ ...defaultCharter(), rituals: { ...defaultCharter().rituals, meetingMinutes: 1440 } })
		).toEqual({ code: 'ritual-meeting-time' });
		// A modified phone signs the proposal anyway: every phone rejects it, the grid stays.
		const s = new Scenario(T0, NAMES);
		const bad = withOffset(7);
		s.write('Maya', T0 + HOUR, charter.PROPOSE, {
			content: bad,
			text: 'x',
			hash: charter.hashCharter(bad, 'x')
		});
		const st = s.fold(T0 + 2 * HOUR);
		expect(st.rejected.map((r) => r.code)).toEqual(['utc-offset']);
		expect(st.charter.proposals).toEqual([]);
	});

	it('attack: only a ratified charter moves a boundary — a proposal, a premature ratify or a forged one shift nothing', () => {
		const plain = new Scenario(T0, NAMES);
		const fac = (s: Scenario, t: number) =>
			s
				.fold(t)
				.history.filter((h) => h.role === 'facilitator')
				.map((h) => [h.start, h.holders]);
		const base = fac(plain, T0 + 40 * DAY);
		const s = new Scenario(T0, NAMES);
		const moved = withOffset(12 * 60);
		const p = s.write('Tomasz', T0 + DAY, charter.PROPOSE, charter.proposalBody(moved, 'steer'));
		// Ratified by its proposer alone, before the window ends and without the others' consent.
		const view = s.fold(T0 + DAY + HOUR).charter.proposals[0]!;
		s.write('Tomasz', T0 + DAY + HOUR, charter.RATIFY, charter.ratifyBody(view));
		// A ratify embedding another charter than the one proposed.
		s.write('Tomasz', T0 + DAY + 2 * HOUR, charter.RATIFY, {
			...charter.ratifyBody(view),
			content: withOffset(-12 * 60)
		});
		// Since issue 10 silence past the window is consent; here a member objects in time, so the
		// proposal never comes into force.
		s.write('Maya', T0 + 2 * DAY, charter.OBJECT, charter.objectionBody(s.id(p), 'not our midnight'));
		const st = s.fold(T0 + 40 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['waiting', 'ratify-differs']);
		expect(fac(s, T0 + 40 * DAY)).toEqual(base);
		void p;
	});

	it('a ratified offset moves the grid from the first boundary whose freeze point follows it, by at most twelve hours', () => {
		const s = new Scenario(T0, NAMES);
		const before = s.fold(T0 + 30 * DAY).history.filter((h) => h.role === 'facilitator');
		const content = withOffset(-(9 * 60 + 30));
		const p = s.write(
			'Maya',
			T0 + 8 * DAY + 12 * HOUR,
			charter.PROPOSE,
			charter.proposalBody(content, 'west')
		);
		for (const n of NAMES.slice(1))
			s.write(n, T0 + 8 * DAY + 13 * HOUR, charter.CONSENT, charter.consentBody(s.id(p)));
		const view = s.fold(T0 + 8 * DAY + 14 * HOUR).charter.proposals[0]!;
		s.write('Zoë', T0 + 8 * DAY + 14 * HOUR, charter.RATIFY, charter.ratifyBody(view));
		const after = s.fold(T0 + 30 * DAY).history.filter((h) => h.role === 'facilitator');
		// Ratified Tuesday 11 March 23:00 UTC: the boundary of Monday 17 March (freeze Sunday 16th) moves.
		const pick = (h: (typeof after)[number]) => [h.start, h.holders];
		expect(after.slice(0, 2).map(pick)).toEqual(before.slice(0, 2).map(pick));
		expect(after[1]!.end).toBe(after[2]!.start);
		expect(calendar.isoUtc(after[2]!.start)).toBe('2025-03-17T09:30:00.000Z');
		for (const h of after.slice(2)) expect(calendar.localCivil(h.start, -570).minutes).toBe(0);
		for (let i = 2; i < after.length; i++)
			expect(Math.abs(after[i]!.start - before[i]!.start)).toBeLessThanOrEqual(12 * HOUR);
	});
});

describe('terms from the founding day', () => {
	it('a circle founded today has a facilitator, a steward and an audit pair today', () => {
		const s = new Scenario(T0, ['Maya']);
		const st = s.fold(T0 + HOUR);
		expect(st.roles.map((r) => [r.role.id, r.current?.holders.map((k) => s.names.get(k))])).toEqual([
			['facilitator', ['Maya']],
			['steward', ['Maya']],
			['auditors', ['Maya']]
		]);
		for (const r of st.roles) {
			expect(r.current!.start).toBe(T0);
			expect(r.current!.term).toBe(0);
		}
		// The founding term ends at the first boundary of the grid anchored at the founding day's midnight.
		expect(calendar.isoUtc(st.roles[0]!.current!.end)).toBe('2025-03-10T00:00:00.000Z');
	});

	it('counts a term as served only once it has begun', () => {
		const s = new Scenario(T0, NAMES);
		const t = T0 + 6 * DAY + 12 * HOUR; // after the next facilitator's freeze point, before its start
		const st = s.fold(t);
		const fac = st.roles.find((r) => r.role.id === 'facilitator')!;
		expect(fac.next!.provisional).toBe(false);
		const served = fac.service.reduce((n, r) => n + r.served, 0);
		expect(served).toBe(1); // the founding term, not the next one
		const later = s.fold(fac.next!.start).roles.find((r) => r.role.id === 'facilitator')!;
		expect(later.service.reduce((n, r) => n + r.served, 0)).toBe(2);
	});
});
