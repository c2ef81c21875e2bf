/**
 * Decisions written at a meeting's close feed the scorecard's autonomy ratio (issue 10, item 2):
 * each says whether it needed anyone outside the circle's permission (`outside`, meeting domain
 * version 2), and each decision counts exactly once. Attacks by a member with a modified app: a
 * close signed by someone who was not the facilitator, a second close of the same term, the same
 * decision twice in one close or again at a later meeting, a decision also taken as a proposal, a
 * flag list that does not match the decisions; a close from before the flag is shown but not counted.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openCircle } from '$lib/core/circle';
import * as mt from '$lib/core/meeting';
import * as decision from '$lib/core/decision';
import * as sc from '$lib/core/scorecard';
import { scorecard } from '$lib/core/domains';
import { isoUtc } from '$lib/core/calendar';
import type { Json } from '$lib/core/canonical';
import type { MemberKey, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee'];
const T0 = utc(2025, 3, 3, 9);

const facilitatorAt = (s: Scenario, t: Millis): MemberKey => {
	const h = s
		.open()
		.state(t)
		.history.find((x) => x.role === 'facilitator' && x.start <= t && t < x.end);
	return h!.holders[0]!;
};

const body = (s: Scenario, at: Millis, decisions: string[], outside: boolean[] = []): mt.CloseBody =>
	mt.closeBody({
		date: isoUtc(at).slice(0, 10),
		started: at - HOUR,
		ended: at,
		talkMs: new Map(NAMES.map((n) => [s.keyOf(n), 300_000])),
		severalMs: 0,
		silenceMs: 0,
		items: [],
		decisions,
		outside,
		minutes: '',
		round: [],
		victories: []
	});

const viewOf = (s: Scenario, now: Millis): sc.ScorecardView =>
	s.open().view<sc.ScorecardView>(scorecard, now);
const ratio = (v: sc.ScorecardView) => [v.totals.decisions, v.totals.localDecisions, v.autonomyPermille];
const codes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);

const MEET = T0 + 9 * DAY;
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const WORDS = ['Shed on Sundays', 'New rota', 'Paint the gate', 'Buy seeds'];

describe('decisions at a meeting’s close in the autonomy ratio', () => {
	it('counts each decision with its flag, defaulting to no outside permission', () => {
		const s = new Scenario(T0, NAMES);
		const b = body(
			s,
			MEET,
			['The shed opens on Sundays', 'We ask the council for the plot', 'Bring cups'],
			[false, true]
		);
		expect(b.outside).toEqual([false, true, false]);
		s.write(facilitatorAt(s, MEET), MEET, mt.CLOSE, b);
		expect(ratio(viewOf(s, MEET + DAY))).toEqual([3, 2, 666]);
	});

	it('a close with no decisions signs no flag list (the same bytes as before)', () => {
		const s = new Scenario(T0, NAMES);
		expect('outside' in body(s, MEET, [])).toBe(false);
	});

	it('a close signed by someone who was not the facilitator adds nothing', () => {
		const s = new Scenario(T0, NAMES);
		const fac = facilitatorAt(s, MEET);
		const other = NAMES.map((n) => s.keyOf(n)).find((k) => k !== fac)!;
		s.write(other, MEET, mt.CLOSE, body(s, MEET, ['We buy a trailer', 'We paint the shed']));
		const v = viewOf(s, MEET + DAY);
		expect(v.autonomyPermille).toBeNull();
		expect(v.totals.decisions).toBe(0);
	});

	it('a second close of the same term (a duplicate with more decisions) adds nothing', () => {
		const s = new Scenario(T0, NAMES);
		const fac = facilitatorAt(s, MEET);
		s.write(fac, MEET, mt.CLOSE, body(s, MEET, ['We buy a trailer'], [true]));
		s.write(fac, MEET + HOUR * 2, mt.CLOSE, body(s, MEET + HOUR * 2, ['A', 'B', 'C', 'D', 'E']));
		expect(ratio(viewOf(s, MEET + DAY))).toEqual([1, 0, 0]);
	});

	it('the same decision twice in one close, or again at a later meeting, counts once', () => {
		const s = new Scenario(T0, NAMES);
		const fac = facilitatorAt(s, MEET);
		// A modified app signs the same words twice (the honest builder keeps one).
		const forged = { ...body(s, MEET, ['The shed opens on Sundays']) } as { [k: string]: Json };
		forged.decisions = ['The shed opens on Sundays', 'the shed opens on sundays.'];
		forged.outside = [false, false];
		s.write(fac, MEET, mt.CLOSE, forged as Json);
		expect(codes(s, MEET + DAY)).toEqual([]);
		expect(ratio(viewOf(s, MEET + DAY))).toEqual([1, 1, 1000]);
		const later = MEET + 14 * DAY;
		s.write(
			facilitatorAt(s, later),
			later,
			mt.CLOSE,
			body(s, later, ['The shed opens on Sundays', 'New rota'])
		);
		expect(ratio(viewOf(s, later + DAY))).toEqual([2, 2, 1000]);
		// The honest builder drops the repeat itself.
		expect(body(s, MEET, ['Bring cups', ' bring cups. ']).decisions).toEqual(['Bring cups']);
	});

	it('a decision taken as a proposal counts once, by the decision domain, whatever the close says', () => {
		const s = new Scenario(T0, NAMES);
		const p = s.write(
			'Ama',
			T0 + DAY,
			decision.PROPOSE,
			decision.proposeBody({ title: 'A second ladder', outside: true })
		);
		for (const n of NAMES.slice(1))
			s.write(n, T0 + DAY + HOUR, decision.CONSENT, decision.answerBody(s.id(p)));
		s.write(facilitatorAt(s, MEET), MEET, mt.CLOSE, body(s, MEET, ['A second ladder', 'Bring cups']));
		// The ladder needed outside permission (the proposal says so); the close's "no" does not count.
		expect(ratio(viewOf(s, MEET + DAY))).toEqual([2, 1, 500]);
	});

	it('a flag list that does not match the decisions is refused; a close from before the flag is not counted', () => {
		const s = new Scenario(T0, NAMES);
		const fac = facilitatorAt(s, MEET);
		const bad = { ...body(s, MEET, ['One', 'Two']) } as { [k: string]: Json };
		bad.outside = [false];
		s.write(fac, MEET, mt.CLOSE, bad as Json);
		expect(codes(s, MEET + DAY)).toEqual(['meeting-outside']);
		const bad2 = { ...bad, outside: ['no', 'no'] };
		s.write(fac, MEET + 60_000, mt.CLOSE, bad2 as Json);
		expect(codes(s, MEET + DAY)).toEqual(['meeting-outside', 'meeting-outside']);
		// A version 1 close (no `outside`): read, shown, its decisions not counted (nobody said).
		const old = { ...body(s, MEET + 120_000, ['Three']) } as { [k: string]: Json };
		delete old.outside;
		s.write(fac, MEET + 120_000, mt.CLOSE, old as Json);
		const st = s.open().state(MEET + DAY);
		expect(st.meetings.map((c) => [c.body.decisions, c.body.outside, c.verdict.ok])).toEqual([
			[['Three'], null, true]
		]);
		expect(viewOf(s, MEET + DAY).totals.decisions).toBe(0);
	});

	it('property: whoever signs closes, with whatever decisions, in any delivery order, each decision counts at most once', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						week: fc.integer({ min: 1, max: 4 }),
						by: fc.integer({ min: 0, max: NAMES.length - 1 }),
						words: fc.array(fc.integer({ min: 0, max: WORDS.length - 1 }), { maxLength: 6 }),
						flags: fc.array(fc.boolean(), { maxLength: 6 })
					}),
					{ minLength: 1, maxLength: 5 }
				),
				(closes) => {
					const s = new Scenario(T0, NAMES);
					closes.forEach((c, i) => {
						const at = T0 + (7 * c.week + 2) * DAY + i * 3 * HOUR;
						s.write(
							NAMES[c.by]!,
							at,
							mt.CLOSE,
							body(
								s,
								at,
								c.words.map((w) => WORDS[w]!),
								c.flags
							)
						);
					});
					const now = T0 + 60 * DAY;
					const v = viewOf(s, now);
					// Never more than the distinct words, never more than one counting close per term.
					expect(v.totals.decisions).toBeLessThanOrEqual(WORDS.length);
					expect(v.totals.localDecisions).toBeLessThanOrEqual(v.totals.decisions);
					const counting = s
						.open()
						.state(now)
						.meetings.filter((c) => c.verdict.ok);
					const words = new Set(counting.flatMap((c) => c.body.decisions));
					expect(v.totals.decisions).toBe(words.size);
					// Any delivery order: the same ratio.
					const c = openCircle(s.circle, { verifyJoin: () => true });
					for (const entry of [...s.entries].reverse()) c.add([{ entry, sigValid: true }], now);
					expect(c.view(scorecard, now)).toEqual(v);
				}
			),
			{ numRuns: 25, ...SEED }
		);
	});
});
