/**
 * General decisions through the one consent machinery: in force from the fold, an implementer who
 * volunteered or was drawn — never the proposer — and the scorecard's autonomy ratio counting them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decision from '../../../src/lib/core/decision';
import { scorecard } from '../../../src/lib/core/scorecard/domain';
import type { ScorecardView } from '../../../src/lib/core/scorecard/view';
import { openCircle } from '../../../src/lib/core/circle';
import { DAY, HOUR, Scenario, utc } from '../scenario';
import type { Entry } from '../../../src/lib/core/types';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha'];
const T0 = utc(2026, 3, 2, 9);

const decisions = (s: Scenario, now: number, entries?: Entry[]) =>
	s.open(entries).view<decision.DecisionView[]>(decision.decision, now);

describe('a decision', () => {
	it('comes into force at the last answer; a volunteer implements it; it counts on the scorecard', () => {
		const s = new Scenario(T0, NAMES);
		const id = s.id(
			s.write(
				'Maya',
				T0 + DAY,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Buy a second ladder', outside: false })
			)
		);
		s.write('Zoë', T0 + DAY + HOUR, decision.VOLUNTEER, decision.volunteerBody(id));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + DAY + 2 * HOUR, decision.CONSENT, decision.answerBody(id, 'yes', 1));
		let d = decisions(s, T0 + DAY + 3 * HOUR)[0]!;
		expect(d.status).toBe('open');
		expect([d.answered, d.total]).toEqual([4, 5]);
		s.write('Aïcha', T0 + DAY + 4 * HOUR, decision.STAND_ASIDE, decision.answerBody(id, '', 1));
		d = decisions(s, T0 + DAY + 5 * HOUR)[0]!;
		expect(d.status).toBe('in-force');
		expect(d.implementer).toBe(s.keyOf('Zoë'));
		expect(d.chosenBy).toBe('volunteer');
		const card = s.open().view<ScorecardView>(scorecard, T0 + DAY + 5 * HOUR);
		expect(card.totals.decisions).toBe(1);
		expect(card.autonomyPermille).toBe(1000);
	});

	it('at its deadline with no objection: drawn, never the proposer; outside permission counts against autonomy', () => {
		const s = new Scenario(T0, NAMES);
		s.write(
			'Maya',
			T0 + DAY,
			decision.PROPOSE,
			decision.proposeBody({ title: 'Ask the council for the lot', outside: true, deadline: T0 + 3 * DAY })
		);
		const d = decisions(s, T0 + 3 * DAY)[0]!;
		expect(d.status).toBe('in-force');
		expect(d.inForceAt).toBe(T0 + 3 * DAY);
		expect(d.chosenBy).toBe('draw');
		expect(d.implementer).not.toBe(s.keyOf('Maya'));
		expect(s.open().view<ScorecardView>(scorecard, T0 + 4 * DAY).autonomyPermille).toBe(0);
	});

	it('an objection blocks; the proposer amends; answers to version 1 do not count for version 2', () => {
		const s = new Scenario(T0, NAMES);
		const id = s.id(
			s.write(
				'Maya',
				T0 + DAY,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Paint it red', outside: false })
			)
		);
		s.write('Tomasz', T0 + DAY + HOUR, decision.OBJECT, decision.objectionBody(id, 'red fades', 1));
		expect(decisions(s, T0 + 30 * DAY)[0]!.status).toBe('open');
		s.write(
			'Maya',
			T0 + 30 * DAY,
			decision.AMEND,
			decision.amendBody(id, { title: 'Paint it green', outside: false })
		);
		s.write('Zoë', T0 + 30 * DAY + HOUR, decision.CONSENT, decision.answerBody(id, '', 1));
		const d = decisions(s, T0 + 30 * DAY + 2 * HOUR)[0]!;
		expect(d.version).toBe(2);
		expect(d.title).toBe('Paint it green');
		expect(d.objections).toEqual([]);
		expect(
			s
				.open()
				.state(T0 + 31 * DAY)
				.rejected.map((r) => r.code)
		).toEqual(['answer-outdated']);
	});

	it('attack: a modified app signs the proposer as implementer: refused, and the draw never picks them', () => {
		const s = new Scenario(T0, ['Maya', 'Zoë']);
		const id = s.id(
			s.write(
				'Maya',
				T0 + DAY,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Fix the gate', outside: false })
			)
		);
		s.write('Maya', T0 + DAY + HOUR, decision.VOLUNTEER, decision.volunteerBody(id));
		s.write('Zoë', T0 + DAY + 2 * HOUR, decision.CONSENT, decision.answerBody(id));
		expect(
			s
				.open()
				.state(T0 + 2 * DAY)
				.rejected.map((r) => r.code)
		).toEqual(['implementer-is-proposer']);
		expect(decisions(s, T0 + 2 * DAY)[0]!.implementer).toBe(s.keyOf('Zoë'));
	});

	it('attack: nobody but the proposer amends', () => {
		const s = new Scenario(T0, NAMES);
		const id = s.id(
			s.write('Maya', T0 + DAY, decision.PROPOSE, decision.proposeBody({ title: 'A', outside: false }))
		);
		s.write('Zoë', T0 + DAY + HOUR, decision.AMEND, decision.amendBody(id, { title: 'B', outside: true }));
		expect(
			s
				.open()
				.state(T0 + 2 * DAY)
				.rejected.map((r) => r.code)
		).toEqual(['amend-not-proposer']);
	});

	it('property: whoever proposes, whenever, the implementer is never the proposer and any order gives the same decisions', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: NAMES.length - 1 }),
				fc.integer({ min: 1, max: 20 }),
				fc.boolean(),
				(who, days, early) => {
					const s = new Scenario(T0, NAMES);
					const proposer = NAMES[who]!;
					const id = s.id(
						s.write(
							proposer,
							T0 + days * DAY,
							decision.PROPOSE,
							decision.proposeBody({ title: `d${days}`, outside: false })
						)
					);
					if (early)
						for (const n of NAMES)
							if (n !== proposer)
								s.write(n, T0 + days * DAY + HOUR, decision.CONSENT, decision.answerBody(id));
					const now = T0 + (days + 10) * DAY;
					const a = decisions(s, now)[0]!;
					expect(a.status).toBe('in-force');
					expect(a.implementer).not.toBe(s.keyOf(proposer));
					expect(a.implementer).not.toBeNull();
					const c = openCircle(s.circle, { verifyJoin: () => true });
					for (const entry of [...s.entries].reverse()) c.add([{ entry, sigValid: true }], now);
					expect(c.view(decision.decision, now)).toEqual(decisions(s, now));
				}
			),
			{ numRuns: 30 }
		);
	});
});
