import { describe, expect, it } from 'vitest';
import type { GovernanceState } from '$lib/core/circle';
import type { Entry, EntryId, MemberKey } from '$lib/core/types';
import { arrivalsOf, needsFor, type Need } from '$lib/state/needs';
import { syncStatusOf } from '$lib/state/sync-status';
import { arrivalsText, needText, needsSummary } from '$lib/ui/needs-text';
import { syncStatusText } from '$lib/ui/sync/status-text';

const DAY = 86_400_000;
const now = 1_800_000_000_000;
const me = 'aa'.repeat(32) as MemberKey;
const ilse = 'bb'.repeat(32) as MemberKey;
const kwame = 'cc'.repeat(32) as MemberKey;
const names: Record<string, string> = { [me]: 'Maya', [ilse]: 'Ilse', [kwame]: 'Kwame' };
const nameOf = (k: MemberKey) => names[k] ?? '?';
const id = (n: number) => String(n).padStart(64, '0') as EntryId;

const holding = (role: string, holders: MemberKey[], start: number, end: number, term = 3) => ({
	role,
	roleName: role[0]!.toUpperCase() + role.slice(1),
	term,
	start,
	end,
	holders
});

const state = (over: Partial<Record<string, unknown>> = {}): GovernanceState =>
	({
		now,
		charter: { proposals: [] },
		benchProposals: [],
		reset: { count: 0, needed: 3, callers: [], windowEndsAt: null },
		roles: [],
		handoffs: [],
		mandates: [],
		...over
	}) as unknown as GovernanceState;

describe('what waits for a member', () => {
	it('is nothing for nobody, and nothing in a quiet circle', () => {
		expect(needsFor(state(), [], null)).toEqual([]);
		expect(needsFor(state(), [], me)).toEqual([]);
	});

	it('lists proposals to answer first, soonest first, never one’s own or one about oneself', () => {
		const proposal = (n: number, author: MemberKey, silent: MemberKey[], ends: number) => ({
			id: id(n),
			author,
			status: 'open',
			silent,
			windowEndsAt: ends
		});
		const s = state({
			charter: {
				proposals: [
					proposal(1, ilse, [me], now + 5 * DAY),
					proposal(2, me, [ilse], now + 1 * DAY), // mine
					proposal(3, ilse, [kwame], now + 1 * DAY), // I already spoke
					proposal(4, ilse, [me], now - 1) // window over: silence consented
				]
			},
			benchProposals: [
				{
					id: id(5),
					proposer: ilse,
					member: kwame,
					role: 'facilitator',
					until: now + 2 * DAY,
					supporters: [ilse]
				},
				{ id: id(6), proposer: ilse, member: me, role: null, until: now + 2 * DAY, supporters: [ilse] }
			],
			reset: { count: 1, needed: 3, callers: [{ member: kwame }], windowEndsAt: now + 3 * DAY },
			roles: [{ current: holding('steward', [me], now - DAY, now + 20 * DAY) }]
		});
		const removals = [
			{ id: id(7), proposer: ilse, target: kwame, supporters: [ilse], needed: 2 },
			{ id: id(8), proposer: ilse, target: me, supporters: [ilse], needed: 2 }
		];
		const needs = needsFor(s, removals as never, me);
		expect(needs.map((n) => n.kind)).toEqual(['bench', 'reset', 'charter', 'removal', 'role']);
		expect(needsSummary(needs)).toBe('4 proposals wait for you · Steward came to you');
		expect(needText(needs[2]!, now, nameOf)).toMatch(
			/^Ilse proposed a charter change: consent or object by .+ \(in 5 days\); silence counts as consent\.$/
		);
		expect(needText(needs[0]!, now, nameOf)).toBe(
			'Ilse proposed that Kwame sit out a role: support it, or let it lapse.'
		);
		expect(needText(needs[3]!, now, nameOf)).toBe('Ilse proposed removing Kwame: support it, or let it be.');
		expect(needText(needs[1]!, now, nameOf)).toBe(
			'1 of 3 members called for a hard reset; the window closes in 3 days.'
		);
	});

	it('names a role handed over, a term ending, a mandate drawn and one reaching its sunset', () => {
		const s = state({
			roles: [
				{ current: holding('facilitator', [me], now - DAY, now + 6 * DAY, 7) },
				{ current: holding('steward', [me], now - 20 * DAY, now + DAY) },
				{ current: holding('auditors', [ilse, kwame], now - DAY, now + DAY) }
			],
			handoffs: [{ role: 'facilitator', term: 7, from: ilse, to: [me], at: now - DAY }],
			mandates: [
				{
					id: id(1),
					status: 'open',
					holder: me,
					task: 'Fix the shed door',
					proposer: kwame,
					proposedAt: now - DAY,
					sunset: now + 30 * DAY
				},
				{
					id: id(2),
					status: 'open',
					holder: me,
					task: 'Buy oil',
					proposer: ilse,
					proposedAt: now - 20 * DAY,
					sunset: now + DAY
				},
				{
					id: id(3),
					status: 'done',
					holder: me,
					task: 'Done',
					proposer: ilse,
					proposedAt: now - DAY,
					sunset: now + DAY
				}
			]
		});
		const needs: Need[] = needsFor(s, [], me);
		expect(needs.map((n) => [n.kind, needText(n, now, nameOf)])).toEqual([
			['term-ending', expect.stringMatching(/^Your term as Steward ends in 24 hours \(.+\)\.$/)],
			['mandate-ending', 'Your mandate “Buy oil” reaches its sunset in 24 hours.'],
			['role', expect.stringMatching(/^Ilse handed Facilitator to you: yours until .+\.$/)],
			[
				'mandate',
				expect.stringMatching(
					/^A mandate came to you by lot: “Fix the shed door”, proposed by Kwame, until .+\.$/
				)
			]
		]);
		expect(needsSummary(needs)).toBe(
			'Your Steward term ends soon · your mandate ends soon · Facilitator came to you · a mandate came to you'
		);
	});
});

describe('what a sync brought, in words', () => {
	const entry = (author: MemberKey, type: string, body: object) => ({
		entry: { author, type, body } as unknown as Entry
	});
	it('names what people did and counts the bookkeeping', () => {
		const after = state({
			roles: [
				{
					role: { id: 'facilitator', name: 'Facilitator' },
					current: holding('facilitator', [me], now, now + DAY)
				}
			]
		});
		const arrivals = arrivalsOf(
			[
				entry(ilse, 'charter.propose', {}),
				entry(ilse, 'role.stepdown', { role: 'facilitator', term: 3, note: '' }),
				entry(ilse, 'rotation.seal', {}),
				entry(kwame, 'charter.consent', {}),
				entry(kwame, 'mandate.propose', { task: 'Oil the hinges' })
			],
			after,
			me
		);
		expect(arrivalsText(arrivals, nameOf)).toBe(
			'Ilse proposed a charter change; Ilse handed Facilitator to you; Kwame proposed a mandate: “Oil the hinges”; 2 more entries of the circle’s bookkeeping.'
		);
		expect(
			arrivalsText(arrivalsOf([entry(ilse, 'role.stepdown', { role: 'facilitator' })], after, ilse), nameOf)
		).toBe('Ilse stepped down as Facilitator.');
		expect(arrivalsText([], nameOf)).toBe('');
	});
});

describe('the header’s sync line', () => {
	const mine = (ms: number) => ({ entry: { author: me, hlc: [ms, 0] } as unknown as Entry });
	const theirs = (ms: number) => ({ entry: { author: ilse, hlc: [ms, 0] } as unknown as Entry });
	it('says when, with whom, and what only this phone holds', () => {
		const entries = [mine(now - 3 * DAY), theirs(now - DAY), mine(now - 60_000), mine(now - 30_000)];
		expect(syncStatusText(syncStatusOf(null, entries, me), now)).toBe(
			'Not synced from this phone yet · 3 entries only on this phone'
		);
		const last = { at: now - 2 * 3_600_000, peer: 'Ilse', via: 'in person' as const };
		expect(syncStatusText(syncStatusOf(last, entries, me), now)).toBe(
			'Synced 2 hours ago with Ilse · 2 entries only on this phone'
		);
		expect(
			syncStatusText(syncStatusOf({ ...last, via: 'file', peer: 'x.json' }, entries.slice(0, 2), me), now)
		).toBe('Synced 2 hours ago from a file');
		expect(syncStatusOf(last, entries, null).unshared).toBe(0);
	});
});

describe('a decision or a mandate waiting for an answer', () => {
	const round = (answered: MemberKey[], ends: number) => ({
		version: 1,
		openedAt: now - DAY,
		windowEndsAt: ends,
		answers: new Map(answered.map((k) => [k, { member: k, answer: 'consent', note: '', at: now - DAY }])),
		windowJudged: false
	});
	const mandate = (n: number, proposer: MemberKey, answered: MemberKey[], ends = now + 3 * DAY) => ({
		id: id(n),
		task: `Task ${n}`,
		proposer,
		status: 'proposed',
		sunset: now + 30 * DAY,
		consent: { round: round([proposer, ...answered], ends), history: [], volunteers: [] }
	});
	const decision = (n: number, proposer: MemberKey, silent: MemberKey[], ends = now + 2 * DAY) => ({
		id: id(n),
		title: `Decision ${n}`,
		proposer,
		status: 'open',
		silent,
		windowEndsAt: ends
	});

	it('is listed with the proposals, linking to its card, until this member answers or the window ends', () => {
		const s = state({
			rituals: { nextMeeting: now + 30 * DAY },
			charter: { proposals: [], expiresAt: null },
			mandates: [
				mandate(1, ilse, []),
				mandate(2, ilse, [me]),
				mandate(3, me, []),
				mandate(4, ilse, [], now - 1)
			]
		});
		const more = {
			off: 0,
			decisions: [decision(5, kwame, [me]), decision(6, kwame, [ilse]), decision(7, me, [ilse])] as never
		};
		const needs = needsFor(s, [], me, more);
		expect(needs.map((n) => (n.kind === 'proposal' ? [n.what, n.id, n.screen] : n.kind))).toEqual([
			['decision', id(5), `decisions#decision-${id(5).slice(0, 12)}-title`],
			['mandate', id(1), `mandates#mandate-${id(1).slice(0, 12)}-title`]
		]);
		expect(needText(needs[1]!, now, nameOf, 0)).toMatch(
			/^Ilse proposed a mandate, “Task 1”: consent or object by/
		);
		expect(needsSummary(needs)).toBe('2 proposals wait for you');
	});
});
