/**
 * Defects found in review of the governance rules, each pinned by a story told through the
 * real ledger and domains (core/circle.ts): a successor can step down, every membership span
 * counts, departed members' reset calls and the recall threshold, the charter's removal
 * threshold in the ledger, the freeze lead. (Garbage bodies are the law suite's: laws.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import * as governance from '../../src/lib/core/rotation';
import * as charter from '../../src/lib/core/charter';
import * as mandate from '../../src/lib/core/mandates';
import type { MemberKey } from '../../src/lib/core/types';
import { openCircle, type GovernanceState } from '../../src/lib/core/circle';
import { DAY, HOUR, Scenario, utc } from './scenario';
import * as membership from '$lib/core/membership/fold';
import { CIRCLE, T0 as L0, genesisOf, idOf, joinRequestOf, person, write } from './helpers';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

/** What must not move: every holding, every mandate's holder and status, versions, seeds. */
const summary = (st: GovernanceState) => ({
	history: st.history.map(
		(h) =>
			`${h.role}.${h.term}.${h.segment} ${h.start}-${h.end} ${h.began}/${h.ended}: ${h.holders.join('+')}`
	),
	mandates: st.mandates.map((m) => `${m.id} ${m.holder} ${m.status}`),
	versions: st.charter.versions.map((v) => v.hash),
	seeds: st.seeds.map((s) => s.seed),
	resets: st.reset.history.length
});

describe('a successor after a departure', () => {
	it.each([
		['steward', 40],
		['facilitator', 22],
		['auditors', 100]
	])('%s: whoever took over when the holder left can step down too', (role, day) => {
		const s = new Scenario(T0, NAMES);
		const held = s.fold(T0 + day * DAY).roles.find((r) => r.role.id === role)!.current!;
		s.leave(s.names.get(held.holders[0]!)!, T0 + day * DAY + HOUR);
		const after = s.fold(T0 + day * DAY + 2 * HOUR).roles.find((r) => r.role.id === role)!.current!;
		expect(after.began).toBe('left');
		const successor = after.holders.find((m) => !held.holders.includes(m))!;
		const sd = s.write(
			successor,
			T0 + day * DAY + 3 * HOUR,
			governance.STEPDOWN,
			governance.stepdownBody(role, after.term, 'cannot after all')
		);
		const st = s.fold(T0 + day * DAY + 4 * HOUR);
		const now = st.roles.find((r) => r.role.id === role)!.current!;
		expect(now.began).toBe('stepdown');
		expect(now.segment).toBe(after.segment + 1);
		expect(now.holders).not.toContain(successor);
		expect(st.handoffs).toEqual([expect.objectContaining({ entry: s.id(sd), role, from: successor })]);
	});
});

describe('every membership span counts', () => {
	it('admit, leave, re-admit: the past (holders, draws, mandates, charter) does not change', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Zoë', T0 + 2 * DAY, mandate.PROPOSE, mandate.proposeBody('Paint the shed', T0 + 9 * DAY));
		const before = s.fold(T0 + 40 * DAY);
		const holder = before.roles.find((r) => r.role.id === 'steward')!.current!.holders[0]!;
		s.leave(s.names.get(holder)!, T0 + 40 * DAY);
		const left = s.fold(T0 + 60 * DAY);
		s.join(s.names.get(holder)!, T0 + 60 * DAY);
		expect(s.members.get(holder)!.spans).toHaveLength(2);
		const back = s.fold(T0 + 60 * DAY);
		const past = (st: GovernanceState) =>
			summary(st).history.filter((_, i) => st.history[i]!.freezeAt < T0 + 60 * DAY);
		expect(past(back)).toEqual(past(left));
		expect(summary(back).mandates).toEqual(summary(left).mandates);
		// The stretch they held before leaving is still theirs, and it still ended when they left.
		const held = back.history.find((h) => h.holders.includes(holder) && h.role === 'steward')!;
		expect(held.ended).toBe('left');
		expect(held.end).toBe(T0 + 40 * DAY);
	});

	it('a view without spans reads [since, until) as before', async () => {
		const { isActiveAt, leftAfter } = await import('../../src/lib/core/membership/view');
		const m = { key: '' as MemberKey, name: '', since: 10, until: 20 };
		expect([9, 10, 19, 20].map((t) => isActiveAt(m, t))).toEqual([false, true, true, false]);
		const twice = {
			...m,
			since: 30,
			until: null,
			spans: [
				{ since: 10, until: 20 },
				{ since: 30, until: null }
			]
		};
		expect([9, 10, 20, 29, 30].map((t) => isActiveAt(twice, t))).toEqual([false, true, false, false, true]);
		expect([15, 25, 35].map((t) => leftAfter(twice, t))).toEqual([20, 20, null]);
	});
});

describe('reset calls of members who left', () => {
	it.each([
		['the first caller left', 'Zoë', false],
		['the second caller left', 'Ngọc', false],
		['nobody left', null, true]
	])('%s: a reset fires only with three callers active at the deciding call', (_, leaver, fires) => {
		const s = new Scenario(T0, NAMES);
		s.write('Zoë', T0 + 20 * DAY, 'reset.call', { reason: 'stuck' });
		s.write('Ngọc', T0 + 21 * DAY, 'reset.call', { reason: 'stuck' });
		if (leaver) s.leave(leaver, T0 + 22 * DAY);
		expect(s.fold(T0 + 22 * DAY + HOUR).reset.count).toBe(leaver ? 1 : 2);
		s.write('Tomasz', T0 + 23 * DAY, 'reset.call', { reason: 'stuck' });
		const st = s.fold(T0 + 23 * DAY + HOUR);
		expect(st.reset.history).toHaveLength(fires ? 1 : 0);
		if (!fires) expect([st.reset.count, st.reset.needed]).toEqual([2, 3]);
	});
});

describe('recall in a small circle', () => {
	// Two members: nobody recalls alone (tests/core/integrity/removal.test.ts, T17).
	it.each([
		[3, 2],
		[4, 3],
		[6, 3]
	])('%i members, recall threshold 3: %i votes recall', (n, needed) => {
		const s = new Scenario(T0, NAMES.slice(0, n));
		const m = s.write('Maya', T0 + DAY, mandate.PROPOSE, mandate.proposeBody('Fix the gate', T0 + 30 * DAY));
		const open = s.fold(T0 + DAY + HOUR).mandates[0]!;
		expect(open.recallNeeded).toBe(needed);
		const voters = NAMES.slice(0, n).filter((x) => s.keyOf(x) !== open.holder);
		voters.slice(0, needed).forEach((v, i) => {
			expect(s.fold(T0 + 2 * DAY).mandates[0]!.status).toBe('open');
			s.write(v, T0 + 2 * DAY + i, mandate.RECALL_VOTE, mandate.recallVoteBody(s.id(m), 'no'));
		});
		expect(s.fold(T0 + 3 * DAY).mandates[0]!.status).toBe('recalled');
	});
});

describe('the charter decides removals', () => {
	it.each([
		[2, 'fewer than the default majority of 3'],
		[5, 'more than the default majority of 3']
	])('a ratified removal threshold of %i (%s) is what removes a member', (n) => {
		const MIN = 60_000;
		const [maya, ...rest] = ['Maya', 'Ana', 'Bo', 'Zoë', 'Ünal', 'Kofi'].map((x) => person(x));
		const circle = openCircle(CIRCLE);
		const l = circle.ledger;
		l.add([{ entry: genesisOf(maya!), sigValid: true }], L0);
		let t = L0;
		for (const p of rest) {
			t += MIN;
			write(l, maya!, t, (s) => membership.admit(s, joinRequestOf(p, t)));
		}
		const c = charter.defaultCharter();
		c.thresholds.removal = n;
		t += MIN;
		const prop = write(l, maya!, t, (s) =>
			membership.draft(s, charter.PROPOSE, charter.proposalBody(c, 'v2'))
		);
		for (const p of rest)
			write(l, p, (t += MIN), (s) => membership.draft(s, charter.CONSENT, { proposal: idOf(prop) }));
		const view = circle.state(t).charter.proposals[0]!;
		write(l, maya!, (t += MIN), (s) => membership.draft(s, charter.RATIFY, charter.ratifyBody(view)));
		expect(circle.state(t).charter.version?.content.thresholds.removal).toBe(n);
		const target = rest[4]!;
		const supporters = [maya!, ...rest.slice(0, 3)];
		const removal = write(l, supporters[0]!, (t += MIN), (s) =>
			membership.proposeRemoval(s, target.key, 'test')
		);
		for (const p of supporters.slice(1)) {
			if (l.state().roster.includes(target.key) === false) break;
			expect(l.state().removals[0]!.needed).toBe(n);
			write(l, p, (t += MIN), (s) => membership.secondRemoval(s, idOf(removal)));
		}
		const supportedBy = l.state().roster.includes(target.key) ? null : 'removed';
		// n = 2: removed by the second supporter; n = 5: four supporters are not enough, the fifth removes.
		if (n === 2) expect(supportedBy).toBe('removed');
		else {
			expect(supportedBy).toBeNull();
			write(l, rest[3]!, (t += MIN), (s) => membership.secondRemoval(s, idOf(removal)));
			expect(l.state().roster).not.toContain(target.key);
		}
		expect(l.state().members.get(target.key)?.ended).toBe('removed');
	});
});

describe('the freeze lead', () => {
	it('of a term comes from the charter at the previous term’s freeze point', () => {
		const s = new Scenario(T0, NAMES);
		const c = charter.defaultCharter();
		c.freezeHours = 72;
		// Ratified on Wednesday 19 March: after the freeze point of the term of 17 March (16th),
		// before that of 24 March (23rd), whose lead still comes from the charter at 16 March.
		const p = s.write('Maya', utc(2025, 3, 19), charter.PROPOSE, charter.proposalBody(c, 'v2'));
		for (const n of NAMES.slice(1))
			s.write(n, utc(2025, 3, 19, 1), charter.CONSENT, charter.consentBody(s.id(p)));
		s.write(
			'Maya',
			utc(2025, 3, 19, 2),
			charter.RATIFY,
			charter.ratifyBody(s.fold(utc(2025, 3, 19, 2)).charter.proposals[0]!)
		);
		const fac = s.fold(utc(2025, 4, 10)).history.filter((h) => h.role === 'facilitator');
		const freeze = (d: number) =>
			fac.find((h) => h.start === utc(2025, 3, d) || h.start === utc(2025, 4, d - 31))!.freezeAt;
		expect(freeze(24)).toBe(utc(2025, 3, 23)); // 24 hours: the charter at 16 March
		expect(freeze(31)).toBe(utc(2025, 3, 28)); // 72 hours: the charter at 23 March
		expect(freeze(38)).toBe(utc(2025, 4, 4));
	});
});
