/**
 * The hard limits hold in the whole fold, not only in a single draw: random circles with
 * benches, absences, step-downs, departures, resets and forged seals, then every holding
 * is checked against the rules. A failure prints the fast-check seed to replay it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as governance from '../../src/lib/core/rotation';
import * as seal from '../../src/lib/core/rotation';
import { sha256Hex } from '../../src/lib/core/bytes';
import { DAY, HOUR, Scenario, utc } from './scenario';
import { isActiveAt } from '../../src/lib/core/membership/view';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame', 'İlkay', 'Sione', 'Rahel', 'Bruno'];
const T0 = utc(2025, 3, 3, 9);

const ev = fc.oneof(
	fc.record({
		k: fc.constant('bench' as const),
		who: fc.nat(9),
		by: fc.nat(9),
		day: fc.nat(200),
		len: fc.integer({ min: 1, max: 60 }),
		all: fc.boolean()
	}),
	fc.record({
		k: fc.constant('absence' as const),
		who: fc.nat(9),
		day: fc.nat(200),
		from: fc.nat(20),
		len: fc.integer({ min: 1, max: 40 })
	}),
	fc.record({ k: fc.constant('stepdown' as const), day: fc.nat(200), role: fc.nat(2) }),
	fc.record({ k: fc.constant('reset' as const), day: fc.nat(200), who: fc.nat(9) }),
	fc.record({ k: fc.constant('forge' as const), day: fc.nat(200), who: fc.nat(9), pick: fc.nat(9) }),
	fc.record({ k: fc.constant('leave' as const), day: fc.nat(200), who: fc.nat(9) })
);

describe('limits across the whole fold', () => {
	it('no term limit exceeded, no benched or absent member newly seated, whatever happens', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 3, max: 10 }),
				fc.array(ev, { maxLength: 30 }),
				fc.string(),
				(n, events, seedText) => {
					const names = NAMES.slice(0, n);
					const s = new Scenario(T0, names, sha256Hex(seedText));
					const gone = new Set<string>();
					const sorted = [...events].sort((a, b) => a.day - b.day);
					for (const e of sorted) {
						const at = T0 + e.day * DAY + 7 * HOUR;
						const live = names.filter((x) => !gone.has(x));
						if (live.length < 3) break;
						const nm = (i: number) => live[i % live.length]!;
						if (e.k === 'bench') {
							// Proposed by one member and supported by the next two (nobody benches alone).
							const target = nm(e.who);
							const backers = live.filter((x) => x !== target);
							const p = s.write(
								backers[e.by % backers.length]!,
								at,
								governance.BENCH,
								governance.benchBody(s.keyOf(target), e.all ? null : 'facilitator', at + e.len * DAY, 't')
							);
							for (const i of [1, 2])
								s.write(
									backers[(e.by + i) % backers.length]!,
									at,
									governance.BENCH_SECOND,
									governance.benchSecondBody(s.id(p))
								);
						} else if (e.k === 'absence')
							s.write(
								nm(e.who),
								at,
								governance.ABSENCE,
								governance.absenceBody(at + e.from * DAY, at + (e.from + e.len) * DAY, '')
							);
						else if (e.k === 'reset') s.write(nm(e.who), at, 'reset.call', { reason: '' });
						else if (e.k === 'leave') {
							s.leave(nm(e.who), at);
							gone.add(nm(e.who));
						} else {
							const st = s.fold(at);
							const role = st.roles[e.k === 'stepdown' ? e.role % st.roles.length : 0];
							const cur = role?.current;
							if (!cur || !role) continue;
							if (e.k === 'stepdown' && cur.holders[0])
								s.write(
									cur.holders[0],
									at,
									governance.STEPDOWN,
									governance.stepdownBody(role.role.id, cur.term, '')
								);
							if (e.k === 'forge' && !cur.seal) {
								const someone = s.keyOf(nm(e.pick));
								s.write(nm(e.who), at, seal.SEAL, { ...seal.sealBody(cur), holders: [someone] });
							}
						}
					}
					const st = s.fold(T0 + 230 * DAY);
					const byRole = new Map<string, typeof st.history>();
					for (const h of st.history) byRole.set(h.role, [...(byRole.get(h.role) ?? []), h]);
					for (const [roleId, hs] of byRole) {
						const role = st.charter.inForce.roles.find((r) => r.id === roleId)!;
						// Term limit: runs of consecutive term indices per member.
						const terms = new Map<string, Set<number>>();
						for (const h of hs)
							for (const m of h.holders) terms.set(m, (terms.get(m) ?? new Set()).add(h.term));
						for (const set of terms.values()) {
							const ks = [...set].sort((a, b) => a - b);
							let run = 1;
							for (let i = 1; i < ks.length; i++) {
								run = ks[i] === ks[i - 1]! + 1 ? run + 1 : 1;
								expect(run).toBeLessThanOrEqual(role.maxConsecutive);
								if (run === 1) expect(ks[i]! - ks[i - 1]! - 1).toBeGreaterThanOrEqual(role.cooldownTerms);
							}
						}
						// Nobody newly seated while benched or absent (as recorded by the draw's freeze point).
						for (let i = 0; i < hs.length; i++) {
							const h = hs[i]!;
							const before = hs[i - 1];
							const prev = before && before.term === h.term ? before.holders : [];
							for (const m of h.holders.filter((x) => !prev.includes(x))) {
								// A bench lapses when fewer of its supporters than it needed are members, or a
								// reset came after it (v2).
								const lifted = (b: (typeof st.benches)[number]) =>
									b.supporters.filter((m) => isActiveAt(s.members.get(m), h.freezeAt)).length < b.needed ||
									st.reset.history.some((r) => r.at > b.at && r.at <= h.freezeAt);
								for (const b of st.benches)
									if (
										b.member === m &&
										(b.role === null || b.role === roleId) &&
										b.at <= h.freezeAt &&
										!lifted(b)
									)
										expect(b.until <= h.start).toBe(true);
								for (const a of st.absences)
									if (a.member === m && a.at <= h.freezeAt)
										expect(a.from >= h.end || a.until <= h.start).toBe(true);
								expect(s.members.get(m)!.until === null || s.members.get(m)!.until! > h.start).toBe(true);
							}
						}
					}
				}
			),
			{ numRuns: 60, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) }
		);
	}, 300_000);
});
