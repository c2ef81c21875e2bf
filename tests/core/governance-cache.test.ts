/**
 * A Governance kept across appends (with its cached timelines) must give exactly what a fresh
 * fold gives, whatever arrives and whichever `now` is asked, including going back in time.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as governance from '../../src/lib/core/governance';
import * as mandate from '../../src/lib/core/mandate';
import * as seal from '../../src/lib/core/seal';
import { DAY, HOUR, Scenario, utc } from './scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const LATER = ['Bo', 'Cy'];
const T0 = utc(2025, 3, 3, 9);

const step = fc.record({
	kind: fc.constantFrom(
		'other',
		'other',
		'stepdown',
		'bench',
		'absence',
		'mandate',
		'seal',
		'join',
		'leave',
		'reset',
		'look'
	),
	who: fc.nat(7),
	dt: fc.integer({ min: 0, max: 9 * DAY }),
	back: fc.integer({ min: 0, max: 20 * DAY })
});

describe('the incremental governance', () => {
	it('gives the same state as a fresh fold after random appends and at any now', () => {
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
				const s = new Scenario(T0, NAMES);
				const gov = new governance.Governance();
				let t = T0 + DAY;
				for (const x of steps) {
					t += x.dt;
					const view = () => ({ members: new Map(s.members) });
					const active = [...s.members.values()].filter((m) => m.until === null);
					const who = active[x.who % active.length]!.key;
					const fresh = governance.fold(s.entries, view(), t);
					switch (x.kind) {
						case 'other':
							s.write(who, t, 'credit.transfer', { amount: x.who });
							break;
						case 'stepdown': {
							const h = fresh.holders[x.who % Math.max(1, fresh.holders.length)];
							if (h && h.holders[0])
								s.write(
									h.holders[0],
									t,
									governance.STEPDOWN,
									governance.stepdownBody(h.role, h.term, 'tired')
								);
							break;
						}
						case 'bench': {
							const role = x.who % 2 === 0 ? null : (fresh.roles[x.who % 3]?.role.id ?? null);
							s.write(who, t, governance.BENCH, governance.benchBody(active[0]!.key, role, t + 20 * DAY, ''));
							break;
						}
						case 'absence':
							s.write(who, t, governance.ABSENCE, governance.absenceBody(t, t + 15 * DAY, 'away'));
							break;
						case 'mandate':
							s.write(who, t, mandate.PROPOSE, mandate.proposeBody('a task', t + 30 * DAY));
							break;
						case 'seal': {
							const next = fresh.roles[x.who % fresh.roles.length]?.next;
							// Honest seals of the next or current term, and now and then a forged one.
							const h = x.dt % 2 === 0 ? next : fresh.roles[x.who % fresh.roles.length]?.current;
							if (h) {
								const body = seal.sealBody(h);
								s.write(who, t, seal.SEAL, x.dt % 5 === 0 ? { ...body, holders: [who] } : body);
							}
							break;
						}
						case 'join':
							s.join(LATER[x.who % 2]!, t);
							break;
						case 'leave':
							if (active.length > 3) s.leave(s.names.get(who)!, t);
							break;
						case 'reset':
							s.write(who, t, 'reset.call', { reason: 'stuck' });
							break;
					}
					const now = Math.max(T0, t + HOUR - (x.kind === 'look' ? x.back : 0));
					expect(gov.update(s.entries, view()).state(now)).toEqual(governance.fold(s.entries, view(), now));
					// Asked again, later and earlier, without anything new.
					for (const n of [now + x.dt, now - x.back, now])
						expect(gov.state(n)).toEqual(governance.fold(s.entries, view(), n));
				}
			}),
			{ numRuns: 40 }
		);
	});
});
