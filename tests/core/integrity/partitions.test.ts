/**
 * Issue 8, "What it must show": across random partitions with concurrent resets and skewed
 * clocks, all phones converge and no sealed outcome ever names someone the rules would not have
 * drawn. A failure prints the fast-check seed; replay it with
 * `FC_SEED=<seed> npx vitest run --project unit tests/core/integrity/partitions.test.ts`.
 *
 * A circle of 3–6 members lives on 2–4 phones (member i on phone i mod phones), each phone with
 * its own clock: from three hours behind to just under the ledger's future skew (ten minutes)
 * ahead. Every phone writes honestly through its own ledger (`nextFor`, so stamps follow its
 * hybrid clock): notes, absences, mandates, step-downs by a holder it sees, reset calls by every
 * member on the phone at once (so partitions reset concurrently), and the seals its app finds
 * due. Phones sync pairwise now and then, in one direction, while time passes. At the end every
 * entry written reaches fresh phones in three random orders and batchings, and every phone.
 * Then: one ledger head, one set of holdings (role, start, holders), mandate delegates and
 * resets on all; and, there and on every phone each time it acts while partitioned, every
 * holding's holders are the rule's (`computed`) and every seal not flagged names exactly them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as rotation from '$lib/core/rotation';
import * as mandates from '$lib/core/mandates';
import * as membership from '$lib/core/membership/fold';
import { openCircle, type Circle, type GovernanceState } from '$lib/core/circle';
import { sha256Hex } from '$lib/core/bytes';
import { entryId } from '$lib/core/entry';
import { FUTURE_SKEW } from '$lib/core/ledger';
import type { Json } from '$lib/core/canonical';
import type { Entry, EntryId, MemberKey, Millis } from '$lib/core/types';
import { HOUR, DAY, Scenario, utc } from '../scenario';
import { batches, rng, shuffle } from '../sim';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);
const MIN = 60_000;
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
/** More runs for a longer search: FC_RUNS=400. */
const RUNS = (n: number) => Number(process.env.FC_RUNS ?? n);

const act = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({ k: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 80 }) })
	},
	{ weight: 4, arbitrary: fc.record({ k: fc.constant('sync' as const), a: fc.nat(3), b: fc.nat(3) }) },
	fc.record({ k: fc.constant('note' as const), phone: fc.nat(3), who: fc.nat(5) }),
	{ weight: 2, arbitrary: fc.record({ k: fc.constant('reset' as const), phone: fc.nat(3) }) },
	fc.record({
		k: fc.constant('absence' as const),
		phone: fc.nat(3),
		who: fc.nat(5),
		from: fc.nat(10),
		len: fc.integer({ min: 1, max: 10 })
	}),
	fc.record({ k: fc.constant('mandate' as const), phone: fc.nat(3), who: fc.nat(5) }),
	fc.record({ k: fc.constant('stepdown' as const), phone: fc.nat(3), role: fc.nat(2) }),
	{ weight: 4, arbitrary: fc.record({ k: fc.constant('seal' as const), phone: fc.nat(3), who: fc.nat(5) }) }
);

interface Phone {
	circle: Circle;
	skew: Millis;
	members: MemberKey[];
}

const fresh = (s: Scenario): Circle => openCircle(s.circle, { verifyJoin: () => true });
const deliver = (c: Circle, entries: readonly Entry[], now: Millis) =>
	c.add(
		entries.map((entry) => ({ entry, sigValid: true })),
		now
	);
/** Everything a phone holds, accepted or not, as a sync would send it. */
const held = (c: Circle): Entry[] => [
	...c.ledger.accepted,
	...c.ledger.pending,
	...c.ledger.quarantine.flatMap((q) => (q.entry ? [q.entry] : []))
];

/** Holdings and delegates as text, to compare phones. */
const outcome = (st: GovernanceState): string[] => [
	...st.history.map((h) => `${h.role}@${h.start}/${h.segment}:${h.holders.join('+')}`),
	...st.mandates.map((m) => `mandate ${m.id}:${m.holder}`),
	...st.reset.history.map((r) => `reset ${r.cycle}@${r.at}`)
];

/** Every holding is the rule's pick, and every seal shown as matching names exactly it. */
const ruleHolds = (st: GovernanceState): void => {
	for (const h of st.history) {
		expect(h.holders).toEqual(h.computed);
		if (h.seal?.verdict === 'matches') expect(h.seal.holders).toEqual(h.computed);
	}
};

describe('partitions converge and seals never name anyone the rule would not draw (issue 8)', () => {
	it('random partitions, concurrent resets, skewed clocks', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 3, max: 6 }),
				fc.integer({ min: 2, max: 4 }),
				fc.array(fc.integer({ min: -180, max: FUTURE_SKEW / MIN - 1 }), { minLength: 4, maxLength: 4 }),
				fc.array(act, { minLength: 15, maxLength: 50 }),
				fc.string(),
				fc.nat(),
				(n, phones, skews, acts, seedText, orderSeed) => {
					const s = new Scenario(T0, NAMES.slice(0, n), sha256Hex(seedText));
					const keys = NAMES.slice(0, n).map((x) => s.keyOf(x));
					// Every phone, however far behind, already sees the genesis and the admissions.
					let clock = T0 + 4 * HOUR;
					const all = new Map<EntryId, Entry>();
					for (const e of s.entries) all.set(entryId(e), e);
					const ps: Phone[] = Array.from({ length: phones }, (_, p) => ({
						circle: fresh(s),
						skew: skews[p]! * MIN,
						members: keys.filter((_, i) => i % phones === p)
					}));
					for (const p of ps) deliver(p.circle, s.entries, clock + p.skew);
					const write = (p: Phone, who: MemberKey, type: string, body: Json): void => {
						const now = clock + p.skew;
						const slot = p.circle.ledger.nextFor(who, now);
						const e = { ...membership.draft(slot, type, body), sig: '00'.repeat(64) } as Entry;
						all.set(entryId(e), e);
						deliver(p.circle, [e], now);
					};
					for (const a of acts) {
						if (a.k === 'tick') {
							clock += a.hours * HOUR;
							continue;
						}
						if (a.k === 'sync') {
							const from = ps[a.b % phones]!;
							const to = ps[a.a % phones]!;
							if (from !== to) deliver(to.circle, held(from.circle), clock + to.skew);
							continue;
						}
						const p = ps[a.phone % phones]!;
						const now = clock + p.skew;
						const st = p.circle.state(now);
						// Ever, on any phone, partitioned or not: what it shows as held is the rule's.
						ruleHolds(st);
						// Only members this phone knows as active write (a leaver's phone would stop).
						const roster = p.circle.ledger.state().roster;
						const mine = p.members.filter((m) => roster.includes(m));
						if (mine.length === 0) continue;
						const who = mine[('who' in a ? a.who : 0) % mine.length]!;
						if (a.k === 'note') write(p, who, 'note.post', { text: `note at ${now}` });
						else if (a.k === 'reset')
							for (const m of mine) write(p, m, 'reset.call', { reason: 'start over' });
						else if (a.k === 'absence')
							write(
								p,
								who,
								rotation.ABSENCE,
								rotation.absenceBody(now + a.from * DAY, now + (a.from + a.len) * DAY, '') as unknown as Json
							);
						else if (a.k === 'mandate')
							write(p, who, mandates.PROPOSE, mandates.proposeBody(`Task ${now}`, now + 15 * DAY));
						else if (a.k === 'seal') for (const b of st.seals.due) write(p, who, rotation.SEAL, b);
						else {
							const role = st.roles[a.role % st.roles.length];
							const cur = role?.current;
							const holder = cur?.holders.find((m) => mine.includes(m));
							if (role && cur && holder && cur.start <= now)
								write(
									p,
									holder,
									rotation.STEPDOWN,
									rotation.stepdownBody(role.role.id, cur.term, '') as unknown as Json
								);
						}
					}
					// The end: everything reaches fresh phones in random orders, and every phone.
					const end = clock + DAY;
					const everything = [...all.values()];
					const r = rng(orderSeed);
					const circles: Circle[] = [];
					for (let i = 0; i < 3; i++) {
						const c = fresh(s);
						for (const batch of batches(shuffle(everything, r), r)) deliver(c, batch, end);
						circles.push(c);
					}
					for (const p of ps) {
						deliver(p.circle, everything, end);
						circles.push(p.circle);
					}
					const heads = new Set(circles.map((c) => c.ledger.head()));
					expect(heads.size).toBe(1);
					const states = circles.map((c) => c.state(end));
					const first = outcome(states[0]!);
					for (const st of states) expect(outcome(st)).toEqual(first);
					for (const st of states) ruleHolds(st);
				}
			),
			{ numRuns: RUNS(60), ...SEED }
		);
	}, 120_000);
});
