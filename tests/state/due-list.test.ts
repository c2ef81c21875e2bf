/**
 * The due list on Now (issue 10, item 8), derived at a pinned `now` in the circle's time: the
 * meeting and rituals today or tomorrow, the charter expiring, the pair audit, loans due and
 * overdue (the borrower's, and the keeper's items out past due), each in words with its day;
 * and which items a phone notifies, under which once-only key.
 */
import { describe, expect, it } from 'vitest';
import type { GovernanceState } from '$lib/core/circle';
import type { LibraryView } from '$lib/core/library/view';
import type { Ritual } from '$lib/core/rituals/domain';
import type { EntryId, MemberKey } from '$lib/core/types';
import { alertKey, needsFor, type Need } from '$lib/state/needs';
import { needText, needsSummary, timeIn } from '$lib/ui/needs-text';
import { formatCircle } from '$lib/ui/format';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const off = 60; // the circle is at UTC+01:00
// Tuesday 1 Dec 2026, 10:00 in the circle's time.
const now = Date.UTC(2026, 11, 1, 9);
const me = 'aa'.repeat(32) as MemberKey;
const ilse = 'bb'.repeat(32) as MemberKey;
const kwame = 'cc'.repeat(32) as MemberKey;
const names: Record<string, string> = { [me]: 'Maya', [ilse]: 'Ilse', [kwame]: 'Kwame' };
const nameOf = (k: MemberKey) => names[k] ?? '?';
const id = (n: number) => String(n).padStart(64, '0') as EntryId;

const state = (over: Partial<Record<string, unknown>> = {}): GovernanceState =>
	({
		now,
		charter: { proposals: [], expiresAt: null },
		benchProposals: [],
		reset: { count: 0, needed: 3, callers: [], windowEndsAt: null },
		roles: [],
		handoffs: [],
		mandates: [],
		history: [],
		rituals: { nextMeeting: now + 30 * DAY, nextPairAudit: now + 60 * DAY },
		...over
	}) as unknown as GovernanceState;

const loan = (n: number, borrower: MemberKey, due: number, item = id(100)) => ({
	id: id(n),
	item,
	borrower,
	at: now - 7 * DAY,
	due,
	current: true,
	overdue: now >= due
});

const library = (loans: ReturnType<typeof loan>[]): LibraryView =>
	({
		holdDays: 3,
		items: [
			{ id: id(100), name: 'Drill', keeper: ilse },
			{ id: id(101), name: 'Ladder', keeper: me }
		],
		loans,
		ended: []
	}) as unknown as LibraryView;

const ritual = (at: number, over: Partial<Ritual> = {}): Ritual =>
	({
		id: id(200),
		name: 'Shared meal',
		at,
		minutes: 120,
		every: 'once',
		note: '',
		proposer: ilse,
		proposedAt: now - DAY,
		versions: [],
		cancelled: null,
		...over
	}) as Ritual;

const kinds = (needs: Need[]) => needs.map((n) => n.kind);
const texts = (needs: Need[]) => needs.map((n) => needText(n, now, nameOf, off));
const at = (h: number, m = 0) => timeIn(Date.UTC(2026, 0, 1, h, m), 0);
const dayOf = (y: number, m: number, d: number) => formatCircle(Date.UTC(y, m - 1, d, 12), 0, false, true);

describe('the due list', () => {
	it('names the meeting today or tomorrow in the circle’s time, not the day after', () => {
		const today = Date.UTC(2026, 11, 1, 18); // 19:00 at UTC+01:00
		expect(
			texts(
				needsFor(state({ rituals: { nextMeeting: today, nextPairAudit: now + 60 * DAY } }), [], me, { off })
			)
		).toEqual([`Meeting today at ${at(19)}.`]);
		const tomorrow = today + DAY;
		expect(
			texts(
				needsFor(state({ rituals: { nextMeeting: tomorrow, nextPairAudit: now + 60 * DAY } }), [], me, {
					off
				})
			)
		).toEqual([`Meeting tomorrow at ${at(19)}.`]);
		// 23:30 UTC on 2 Dec is 00:30 on 3 Dec in the circle: the day after tomorrow, not listed.
		const late = Date.UTC(2026, 11, 2, 23, 30);
		expect(
			needsFor(state({ rituals: { nextMeeting: late, nextPairAudit: now + 60 * DAY } }), [], me, { off })
		).toEqual([]);
		// Without the circle's offset (UTC) it would have been tomorrow.
		expect(
			kinds(
				needsFor(state({ rituals: { nextMeeting: late, nextPairAudit: now + 60 * DAY } }), [], me, { off: 0 })
			)
		).toEqual(['meeting']);
	});

	it('loans: mine due soon or overdue; for the keeper, items out past due; nobody else’s', () => {
		const lib = library([
			loan(1, me, now + DAY + 8 * HOUR), // due tomorrow 18:00 (circle time)
			loan(2, me, now - DAY, id(100)), // overdue since yesterday
			loan(3, kwame, now - 2 * DAY, id(101)), // my ladder, with Kwame, late
			loan(4, kwame, now - 2 * DAY, id(100)), // Ilse's drill with Kwame: not mine to chase
			loan(5, me, now + 5 * DAY) // not soon
		]);
		const needs = needsFor(state(), [], me, { off, library: lib });
		expect(kinds(needs)).toEqual(['loan-late', 'loan-overdue', 'loan-due']);
		expect(texts(needs)).toEqual([
			`Kwame has your Ladder, due back on ${dayOf(2026, 11, 29)} (2 days ago).`,
			'Drill was due back yesterday (24 hours ago): bring it back to Ilse.',
			`Drill due back tomorrow at ${at(18)} to Ilse.`
		]);
		expect(needsSummary(needs)).toBe(
			'Your Ladder is out past due · Drill is overdue · Drill is due back soon'
		);
	});

	it('rituals today or tomorrow, never a cancelled one; the charter expiring; the pair audit', () => {
		const s = state({
			charter: { proposals: [], expiresAt: now + 5 * DAY },
			rituals: { nextMeeting: now + 30 * DAY, nextPairAudit: now + 3 * DAY - 9 * HOUR + HOUR },
			history: [
				{
					role: 'auditors',
					holders: [me, kwame],
					start: now,
					end: now + 90 * DAY,
					term: 1,
					roleName: 'Auditors'
				}
			]
		});
		const walk = ritual(Date.UTC(2026, 11, 2, 7), { id: id(201), name: 'Silent walk' });
		const gone = ritual(Date.UTC(2026, 11, 1, 17), { cancelled: { author: ilse, at: now, reason: '' } });
		const needs = needsFor(s, [], me, { off, rituals: [walk, gone] });
		expect(texts(needs)).toEqual([
			`Silent walk tomorrow at ${at(8)}.`,
			`You run the pair audit on ${dayOf(2026, 12, 4)}, with Kwame.`,
			`The charter expires in 5 days (${dayOf(2026, 12, 6)}): re-ratify it, or it stays in force marked expired.`
		]);
		expect(needsFor(s, [], ilse, { off }).find((n) => n.kind === 'audit')).toMatchObject({
			mine: false,
			auditors: [me, kwame]
		});
	});

	it('is the same list without the extras as before (Home’s summary of proposals unchanged)', () => {
		expect(needsFor(state(), [], me)).toEqual([]);
		expect(needsFor(state(), [], me, { off })).toEqual([]);
	});
});

describe('what a phone notifies, once', () => {
	it('a meeting or a ritual only 15 minutes before; a loan overdue at once, again after a renewal', () => {
		const meeting: Need = { kind: 'meeting', due: now + 20 * 60_000, screen: 'meeting' };
		expect(alertKey(meeting, now)).toBeNull();
		expect(alertKey(meeting, now + 5 * 60_000)).toBe(`meeting:${now + 20 * 60_000}`);
		const overdue = (due: number): Need => ({
			kind: 'loan-overdue',
			id: id(1),
			item: 'Drill',
			keeper: ilse,
			due,
			screen: 'library'
		});
		expect(alertKey(overdue(now - DAY), now)).toBe(`loan-overdue:${id(1)}:${now - DAY}`);
		expect(alertKey(overdue(now - HOUR), now)).not.toBe(alertKey(overdue(now - DAY), now));
		const proposal: Need = { kind: 'charter', id: id(9), author: ilse, due: now + DAY, screen: 'charter' };
		expect(alertKey(proposal, now)).toBe(`charter:${id(9)}`);
	});
});
