/**
 * Mandates through the one consent machinery (issue 10, item 1; protocol v3 of the mandates
 * domain): a mandate proposed with `consent: true` has no delegate until its round passes — at the
 * last answer, or at the window's end with no objection standing — and then the delegate is the
 * first volunteer or drawn, never the proposer. The attacks: the proposer as holder, answers to an
 * amended version, a consent dated after the window's end.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as mandate from '../../../src/lib/core/mandates';
import { openCircle } from '../../../src/lib/core/circle';
import type { Entry } from '../../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha'];
const T0 = utc(2026, 3, 2, 9);
/** The charter's default consent window. */
const WINDOW = 7 * DAY;

const mandates = (s: Scenario, now: number, entries?: Entry[]) =>
	s.open(entries).view<mandate.Mandate[]>(mandate.mandates, now);

const proposed = (s: Scenario, who = 'Maya', at = T0 + DAY, task = 'Fix the gate') =>
	s.id(s.write(who, at, mandate.PROPOSE, mandate.proposeRoundBody(task, at + 60 * DAY)));

const rejected = (s: Scenario, now: number) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);

describe('a mandate through the consent round', () => {
	it('is proposed with no delegate, then in force at the last answer with a volunteer as delegate', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposed(s);
		let m = mandates(s, T0 + DAY + HOUR)[0]!;
		expect(m.status).toBe('proposed');
		expect(m.holder).toBeNull();
		expect(m.consent!.history).toHaveLength(1);
		s.write('Ngọc', T0 + DAY + HOUR, mandate.VOLUNTEER, mandate.volunteerBody(id));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + DAY + 2 * HOUR, mandate.CONSENT, mandate.answerBody(id, 'yes', 1));
		expect(mandates(s, T0 + DAY + 3 * HOUR)[0]!.status).toBe('proposed');
		s.write('Aïcha', T0 + DAY + 4 * HOUR, mandate.STAND_ASIDE, mandate.answerBody(id, 'no time', 1));
		m = mandates(s, T0 + DAY + 5 * HOUR)[0]!;
		expect(m.status).toBe('open');
		expect(m.holder).toBe(s.keyOf('Ngọc'));
		expect(m.consent!.chosenBy).toBe('volunteer');
		expect(m.consent!.inForceAt).toBe(T0 + DAY + 4 * HOUR);
		expect(rejected(s, T0 + 2 * DAY)).toEqual([]);
		// Once in force it is an ordinary mandate: its holder says it is done.
		s.write('Ngọc', T0 + 3 * DAY, mandate.DONE, mandate.doneBody(id));
		expect(mandates(s, T0 + 4 * DAY)[0]!.status).toBe('done');
	});

	it('at the window’s end with silence and no objection: in force then, drawn, never the proposer', () => {
		const s = new Scenario(T0, NAMES);
		proposed(s);
		const m = mandates(s, T0 + DAY + WINDOW)[0]!;
		expect(m.status).toBe('open');
		expect(m.consent!.inForceAt).toBe(T0 + DAY + WINDOW);
		expect(m.consent!.chosenBy).toBe('draw');
		expect(m.holder).not.toBeNull();
		expect(m.holder).not.toBe(s.keyOf('Maya'));
		expect(m.eligible).not.toContain(s.keyOf('Maya'));
		// The projection is what the fold then records: a later entry settles it the same way.
		s.write('Zoë', T0 + 20 * DAY, mandate.PROPOSE, mandate.proposeBody('Water the beds', T0 + 40 * DAY));
		const after = mandates(s, T0 + 20 * DAY + HOUR)[0]!;
		expect(after.holder).toBe(m.holder);
		expect(after.consent!.inForceAt).toBe(T0 + DAY + WINDOW);
	});

	it('an objection blocks past the window; withdrawing it brings it into force then', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposed(s);
		s.write('Tomasz', T0 + DAY + HOUR, mandate.OBJECT, mandate.objectionBody(id, 'we have no key', 1));
		expect(mandates(s, T0 + 30 * DAY)[0]!.status).toBe('proposed');
		s.write('Tomasz', T0 + 30 * DAY, mandate.CONSENT, mandate.answerBody(id, 'found the key', 1));
		const m = mandates(s, T0 + 30 * DAY + HOUR)[0]!;
		expect(m.status).toBe('open');
		expect(m.consent!.inForceAt).toBe(T0 + 30 * DAY);
	});

	it('attack: answers to an amended version do not count (an old version number is refused; old answers are gone)', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposed(s);
		s.write('Tomasz', T0 + DAY + HOUR, mandate.OBJECT, mandate.objectionBody(id, 'too vague', 1));
		for (const n of ['Zoë', 'Ngọc', 'Aïcha'])
			s.write(n, T0 + DAY + 2 * HOUR, mandate.CONSENT, mandate.answerBody(id, '', 1));
		s.write(
			'Maya',
			T0 + 2 * DAY,
			mandate.AMEND,
			mandate.amendBody(id, 'Fix the gate’s latch', T0 + 50 * DAY)
		);
		// Tomasz consents to the new version; the others' consents were to version 1.
		s.write('Tomasz', T0 + 2 * DAY + HOUR, mandate.CONSENT, mandate.answerBody(id, '', 2));
		// A modified app re-sends Zoë's old answer as if it were about version 1 still.
		s.write('Zoë', T0 + 2 * DAY + 2 * HOUR, mandate.CONSENT, mandate.answerBody(id, '', 1));
		const m = mandates(s, T0 + 2 * DAY + 3 * HOUR)[0]!;
		expect(m.task).toBe('Fix the gate’s latch');
		expect(m.sunset).toBe(T0 + 50 * DAY);
		expect(m.status).toBe('proposed');
		expect([...m.consent!.round.answers.keys()].sort()).toEqual([s.keyOf('Maya'), s.keyOf('Tomasz')].sort());
		expect(rejected(s, T0 + 3 * DAY)).toEqual(['answer-outdated']);
	});

	it('attack: the proposer volunteering is refused and the draw never picks them, even alone with one other', () => {
		const s = new Scenario(T0, ['Maya', 'Zoë']);
		const id = proposed(s);
		s.write('Maya', T0 + DAY + HOUR, mandate.VOLUNTEER, mandate.volunteerBody(id));
		s.write('Zoë', T0 + DAY + 2 * HOUR, mandate.CONSENT, mandate.answerBody(id));
		expect(rejected(s, T0 + 2 * DAY)).toEqual(['implementer-is-proposer']);
		const m = mandates(s, T0 + 2 * DAY)[0]!;
		expect(m.status).toBe('open');
		expect(m.holder).toBe(s.keyOf('Zoë'));
	});

	it('attack: a consent dated after the window’s end has no effect (in force at the end, the same delegate)', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposed(s);
		const at = mandates(s, T0 + DAY + WINDOW)[0]!;
		s.write('Zoë', T0 + DAY + WINDOW + HOUR, mandate.VOLUNTEER, mandate.volunteerBody(id));
		s.write('Ngọc', T0 + DAY + WINDOW + HOUR, mandate.CONSENT, mandate.answerBody(id, 'late', 1));
		const m = mandates(s, T0 + DAY + WINDOW + 2 * HOUR)[0]!;
		expect(m.consent!.inForceAt).toBe(T0 + DAY + WINDOW);
		expect(m.holder).toBe(at.holder);
		expect(m.consent!.round.answers.has(s.keyOf('Ngọc'))).toBe(false);
		expect(rejected(s, T0 + 10 * DAY)).toEqual(['mandate-in-force', 'mandate-in-force']);
	});

	it('attack: nobody but the proposer amends; an objection needs a reason', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposed(s);
		s.write('Zoë', T0 + DAY + HOUR, mandate.AMEND, mandate.amendBody(id, 'Something else', T0 + 9 * DAY));
		s.write('Ngọc', T0 + DAY + HOUR, mandate.OBJECT, { mandate: id, reason: '  ' });
		expect(rejected(s, T0 + 2 * DAY)).toEqual(['amend-not-proposer', 'objection-needs-reason']);
		expect(mandates(s, T0 + 2 * DAY)[0]!.task).toBe('Fix the gate');
	});

	it('property: any proposer, any answers, any delivery order — the same mandates, never held by the proposer', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: NAMES.length - 1 }),
				fc.array(fc.constantFrom('consent', 'object', 'stand-aside', 'volunteer', 'none'), {
					minLength: NAMES.length,
					maxLength: NAMES.length
				}),
				fc.integer({ min: 1, max: 20 }),
				(who, acts, late) => {
					const s = new Scenario(T0, NAMES);
					const proposer = NAMES[who]!;
					const id = proposed(s, proposer);
					NAMES.forEach((n, i) => {
						const at = T0 + DAY + (i + 1) * HOUR;
						const act = acts[i]!;
						if (act === 'consent') s.write(n, at, mandate.CONSENT, mandate.answerBody(id, '', 1));
						if (act === 'stand-aside') s.write(n, at, mandate.STAND_ASIDE, mandate.answerBody(id));
						if (act === 'object') s.write(n, at, mandate.OBJECT, mandate.objectionBody(id, 'no'));
						if (act === 'volunteer') s.write(n, at, mandate.VOLUNTEER, mandate.volunteerBody(id));
					});
					s.write(
						NAMES[(who + 1) % NAMES.length]!,
						T0 + late * DAY,
						mandate.PROPOSE,
						mandate.proposeBody('Another', T0 + 70 * DAY)
					);
					const now = T0 + 25 * DAY;
					const mine = mandates(s, now);
					expect(mine[0]!.holder).not.toBe(s.keyOf(proposer));
					const c = openCircle(s.circle, { verifyJoin: () => true });
					for (const entry of [...s.entries].reverse()) c.add([{ entry, sigValid: true }], now);
					expect(JSON.stringify(c.view(mandate.mandates, now))).toBe(JSON.stringify(mine));
				}
			),
			{ numRuns: 40 }
		);
	});
});
