/**
 * Defects found in review of the governance fold, each pinned by a test that failed
 * before its fix: malformed bodies never make the fold throw, a successor can step down,
 * every membership span counts, departed members' reset calls and the recall threshold,
 * the charter's removal threshold in the ledger.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as governance from '../../src/lib/core/governance';
import * as charter from '../../src/lib/core/charter';
import * as ceremony from '../../src/lib/core/ceremony';
import * as mandate from '../../src/lib/core/mandate';
import * as seal from '../../src/lib/core/seal';
import { sha256Hex } from '../../src/lib/core/bytes';
import { entryId } from '../../src/lib/core/entry';
import type { Entry, EntryId, MemberKey } from '../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from './scenario';
import * as membership from '$lib/core/membership';
import { Ledger } from '$lib/core/ledger';
import { CIRCLE, T0 as L0, genesisOf, idOf, joinRequestOf, person, write } from './helpers';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);
const NOW = T0 + 70 * DAY;

/** What must not move: every holding, every mandate's holder and status, versions, seeds. */
const summary = (st: governance.GovernanceState) => ({
	history: st.history.map(
		(h) =>
			`${h.role}.${h.term}.${h.segment} ${h.start}-${h.end} ${h.began}/${h.ended}: ${h.holders.join('+')}`
	),
	mandates: st.mandates.map((m) => `${m.id} ${m.holder} ${m.status}`),
	versions: st.charter.versions.map((v) => v.hash),
	seeds: st.seeds.map((s) => s.seed),
	resets: st.reset.history.length
});

/** A circle with a bit of everything: an open (blocked) proposal, a mandate, a ceremony, seals, a step-down. */
const baseline = () => {
	const s = new Scenario(T0, NAMES);
	const content = charter.defaultCharter();
	content.thresholds.recall = 2;
	const p = s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(content, 'v1'));
	const pid = s.id(p);
	s.write('Tomasz', T0 + DAY + HOUR, charter.OBJECT, charter.objectionBody(pid, 'not yet'));
	const m = s.write('Zoë', T0 + 2 * DAY, mandate.PROPOSE, mandate.proposeBody('Fix the gate', T0 + 50 * DAY));
	const cid = 'cd'.repeat(8);
	s.write('Ngọc', T0 + 3 * DAY, ceremony.COMMIT, ceremony.commitBody(cid, s.keyOf('Ngọc'), '55'.repeat(32)));
	for (const body of s.fold(T0 + 8 * DAY).seals.due) s.write('Aïcha', T0 + 8 * DAY, seal.SEAL, body);
	const steward = s.fold(T0 + 40 * DAY).roles.find((r) => r.role.id === 'steward')!.current!;
	s.write(
		steward.holders[0]!,
		T0 + 40 * DAY,
		governance.STEPDOWN,
		governance.stepdownBody('steward', steward.term, 'moving')
	);
	return { s, pid, mid: s.id(m), cid, content, text: 'v1', hash: (p.body as { hash: string }).hash };
};

interface Extra {
	author: MemberKey;
	at: number;
	type: string;
	body: unknown;
}

/** Merges extra entries (any body, even one no ledger would accept) by instant, with made-up ids. */
const merge = (s: Scenario, extra: readonly Extra[]) => {
	const rows: { e: Entry; id: EntryId }[] = s.entries.map((e) => ({ e, id: entryId(e) }));
	extra.forEach((x, i) =>
		rows.push({
			e: {
				v: 1,
				circle: s.circle,
				author: x.author,
				seq: 1000 + i,
				prev: null,
				hlc: [x.at, 1],
				type: x.type,
				body: x.body as never,
				sig: '00'.repeat(64)
			},
			id: sha256Hex(`extra:${i}`) as EntryId
		})
	);
	rows.sort((a, b) => a.e.hlc[0] - b.e.hlc[0] || a.e.hlc[1] - b.e.hlc[1]);
	return { entries: rows.map((r) => r.e), ids: rows.map((r) => r.id) };
};

const TYPES = [
	'circle.genesis',
	charter.PROPOSE,
	charter.CONSENT,
	charter.OBJECT,
	charter.RATIFY,
	ceremony.COMMIT,
	ceremony.REVEAL,
	ceremony.CEREMONY,
	'reset.call',
	seal.SEAL,
	governance.STEPDOWN,
	governance.BENCH,
	governance.ABSENCE,
	mandate.PROPOSE,
	mandate.DONE,
	mandate.RECALL_VOTE
];

describe('malformed governance bodies', () => {
	const { s, pid, content, text, hash } = baseline();
	const base = summary(s.fold(NOW));
	const withFloat = { ...content, roles: [{ ...content.roles[0]!, extra: 1.5 }, ...content.roles.slice(1)] };
	const withHuge = {
		...content,
		roles: [{ ...content.roles[0]!, extra: 2 ** 60 }, ...content.roles.slice(1)]
	};
	const cases: [string, string, unknown][] = [
		['ratify without content', charter.RATIFY, { proposal: pid, text, hash }],
		['ratify with null content', charter.RATIFY, { proposal: pid, content: null, text, hash }],
		['ratify with a float in content', charter.RATIFY, { proposal: pid, content: withFloat, text, hash }],
		['ratify with content as an array', charter.RATIFY, { proposal: pid, content: [content], text, hash }],
		['propose with a float inside a role', charter.PROPOSE, { content: withFloat, text, hash }],
		['propose with a huge number inside a role', charter.PROPOSE, { content: withHuge, text, hash }],
		['propose with roles as an object', charter.PROPOSE, { content: { ...content, roles: {} }, text, hash }],
		['ceremony with null reveals', ceremony.CEREMONY, { ceremony: 'cd'.repeat(8), reveals: [null, 5] }],
		['seal with huge term', seal.SEAL, { role: 'x', term: 1e308, segment: 0, holders: [], inputs: '' }],
		['bench with huge until', governance.BENCH, { member: s.keyOf('Kwame'), role: null, until: 1e308 }],
		...TYPES.flatMap((t): [string, string, unknown][] => [
			[`${t} with a null body`, t, null],
			[`${t} with an array body`, t, [1, 2]],
			[`${t} with a string body`, t, 'x']
		])
	];
	it.each(cases)('%s: rejected with a reason, everything else folds as before', (_, type, body) => {
		const { entries, ids } = merge(s, [{ author: s.keyOf('Zoë'), at: T0 + 5 * DAY, type, body }]);
		const st = governance.fold(entries, s.view(), NOW, ids);
		expect(summary(st)).toEqual(base);
		if (type !== 'circle.genesis')
			expect(st.rejected).toContainEqual({ id: sha256Hex('extra:0'), type, reason: expect.any(String) });
	});
});

const FIELDS: Record<string, string[]> = {
	'circle.genesis': ['name', 'commons', 'founder', 'seed'],
	[charter.PROPOSE]: ['content', 'text', 'hash'],
	[charter.CONSENT]: ['proposal', 'reason'],
	[charter.OBJECT]: ['proposal', 'reason'],
	[charter.RATIFY]: ['proposal', 'content', 'text', 'hash'],
	[ceremony.COMMIT]: ['ceremony', 'commitment'],
	[ceremony.REVEAL]: ['ceremony', 'value'],
	[ceremony.CEREMONY]: ['ceremony', 'reveals', 'dice', 'seed'],
	'reset.call': ['reason'],
	[seal.SEAL]: ['role', 'term', 'segment', 'start', 'holders', 'inputs'],
	[governance.STEPDOWN]: ['role', 'term', 'note'],
	[governance.BENCH]: ['member', 'role', 'until', 'reason'],
	[governance.ABSENCE]: ['from', 'until', 'note'],
	[mandate.PROPOSE]: ['task', 'sunset'],
	[mandate.DONE]: ['mandate'],
	[mandate.RECALL_VOTE]: ['mandate', 'reason']
};

describe('garbage bodies (property)', () => {
	it(
		'random bodies of every governance type, by real members, never throw; rejected ones change nothing',
		{ timeout: 120_000 },
		() => {
			const { s, pid, mid, cid, content, text, hash } = baseline();
			const keys = NAMES.map((n) => s.keyOf(n));
			// Values that reach deep into the readers: real ids and keys, nearly valid charters,
			// wrong types, fractions and numbers beyond the safe range.
			const mutated = fc
				.tuple(
					fc.constantFrom('roles', 'thresholds', 'rituals', 'freezeHours', 'validityDays'),
					fc.anything()
				)
				.map(([k, v]) => ({ ...content, [k]: v }));
			const leaf = fc.oneof(
				fc.constantFrom<unknown>(
					null,
					true,
					0,
					-1,
					1,
					2,
					0.5,
					-0,
					2 ** 53,
					-(2 ** 53),
					Number.MAX_SAFE_INTEGER,
					1e308,
					-1e308,
					'',
					' ',
					'steward',
					'facilitator',
					'auditors',
					'0'.repeat(64),
					'123456',
					pid,
					mid,
					cid,
					text,
					hash,
					content,
					{},
					[]
				),
				fc.constantFrom(...keys),
				fc.integer(),
				fc.integer({ min: T0 - 10 * DAY, max: T0 + 500 * DAY }),
				fc.string({ maxLength: 8 }),
				mutated
			);
			const value = fc.oneof(
				{ weight: 4, arbitrary: leaf },
				fc.array(leaf, { maxLength: 3 }),
				fc.array(fc.record({ member: leaf, value: leaf }), { maxLength: 3 }),
				fc.jsonValue({ maxDepth: 2 })
			);
			const body = (type: string) =>
				fc.oneof(
					{ weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS[type]!), value, { maxKeys: 6 }) },
					fc
						.tuple(fc.dictionary(fc.constantFrom(...FIELDS[type]!), value), fc.dictionary(fc.string(), value))
						.map(([a, b]) => ({ ...b, ...a })),
					fc.constantFrom(null, [], 'x', 7)
				);
			const extra = fc.constantFrom(...TYPES).chain((type) =>
				fc.record({
					author: fc.constantFrom(...keys),
					at: fc.integer({ min: T0 + HOUR, max: T0 + 60 * DAY }),
					type: fc.constant(type),
					body: body(type)
				})
			);
			fc.assert(
				fc.property(fc.array(extra, { minLength: 1, maxLength: 12 }), (xs) => {
					const { entries, ids } = merge(s, xs);
					const st = governance.fold(entries, s.view(), NOW, ids);
					// Take out the garbage the fold said had no effect: the state must not move.
					const gone = new Set(st.rejected.map((r) => r.id));
					const idOf = new Map(entries.map((e, i) => [e, ids[i]!]));
					const kept = entries.filter((e) => !gone.has(idOf.get(e)!));
					const again = governance.fold(
						kept,
						s.view(),
						NOW,
						kept.map((e) => idOf.get(e)!)
					);
					expect(summary(again)).toEqual(summary(st));
				}),
				{ numRuns: 150 }
			);
		}
	);
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
		const past = (st: governance.GovernanceState) =>
			summary(st).history.filter((_, i) => st.history[i]!.freezeAt < T0 + 60 * DAY);
		expect(past(back)).toEqual(past(left));
		expect(summary(back).mandates).toEqual(summary(left).mandates);
		// The stretch they held before leaving is still theirs, and it still ended when they left.
		const held = back.history.find((h) => h.holders.includes(holder) && h.role === 'steward')!;
		expect(held.ended).toBe('left');
		expect(held.end).toBe(T0 + 40 * DAY);
	});

	it('a view without spans reads [since, until) as before', async () => {
		const { isActiveAt, leftAfter } = await import('../../src/lib/core/membership-view');
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
		if (!fires) expect(st.reset.label).toBe('2 of 3');
	});
});

describe('recall in a small circle', () => {
	it.each([
		[2, 1],
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
		const l = new Ledger(CIRCLE, { removalThreshold: governance.charterRemovalThreshold });
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
		const view = governance.fold(l.accepted, l.state(), t, l.acceptedIdList).charter.proposals[0]!;
		write(l, maya!, (t += MIN), (s) => membership.draft(s, charter.RATIFY, charter.ratifyBody(view)));
		expect(
			governance.fold(l.accepted, l.state(), t, l.acceptedIdList).charter.version?.content.thresholds.removal
		).toBe(n);
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
