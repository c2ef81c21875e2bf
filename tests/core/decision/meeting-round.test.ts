/**
 * A consent round taken in a meeting on the facilitator's phone (issue 10, item 2): the answers the
 * facilitator records for members present travel in the meeting's close and count in the decision
 * domain as facilitator-recorded. Attack tests: a modified app records answers for someone absent,
 * for its own member, twice, for a version that did not exist at the meeting, or in a second close of
 * a meeting already closed; and a member's own signed answer always wins, whatever the dates.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decision from '$lib/core/decision';
import * as mt from '$lib/core/meeting';
import type { RecordedAnswer } from '$lib/core/meeting';
import { isoUtc } from '$lib/core/calendar';
import type { Json } from '$lib/core/canonical';
import type { Entry, EntryId, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'];
const T0 = utc(2026, 3, 2, 9);
const PROPOSED = T0 + DAY;
/** The meeting runs an hour and ends here; Maya's phone closes it a minute later. */
const ENDED = PROPOSED + 3 * HOUR;
const CLOSED = ENDED + 60_000;

type A = [name: string, answer: RecordedAnswer['answer'], version?: number, note?: string];

const views = (s: Scenario, now: Millis, entries?: Entry[]) =>
	s.open(entries).view<decision.DecisionView[]>(decision.decision, now);

const propose = (s: Scenario, by = 'Maya', at = PROPOSED): EntryId =>
	s.id(s.write(by, at, decision.PROPOSE, decision.proposeBody({ title: 'A second ladder', outside: false })));

/** The close Maya's phone signs for a meeting of `present`, with `answers` recorded. */
const closeBody = (s: Scenario, id: EntryId, answers: A[], present = NAMES, ended = ENDED): Json =>
	mt.closeBody({
		date: isoUtc(ended).slice(0, 10),
		started: ended - HOUR,
		ended,
		talkMs: new Map(present.map((n) => [s.keyOf(n), 60_000])),
		severalMs: 0,
		silenceMs: 0,
		items: [],
		decisions: [],
		minutes: '',
		round: [],
		victories: [],
		closer: s.keyOf('Maya'),
		answers: answers.map(([n, answer, version = 1, note = '']) => ({
			decision: id,
			version,
			member: s.keyOf(n),
			answer,
			note
		}))
	}) as Json;

const codes = (s: Scenario, now: Millis) => s.fold(now).rejected.map((r) => r.code);

describe('a consent round in a meeting', () => {
	it('counts the answers recorded for members present, marked as recorded by the facilitator', () => {
		const s = new Scenario(T0, NAMES);
		const id = propose(s);
		s.write(
			'Maya',
			CLOSED,
			mt.CLOSE,
			closeBody(s, id, [
				['Zoë', 'consent'],
				['Ngọc', 'consent'],
				['Tomasz', 'stand-aside', 1, 'not my area']
			])
		);
		const d = views(s, CLOSED + HOUR)[0]!;
		expect([d.answered, d.total]).toEqual([4, 4]);
		expect(d.answers.filter((a) => a.recordedBy === s.keyOf('Maya')).map((a) => a.member)).toEqual(
			['Zoë', 'Ngọc', 'Tomasz'].map((n) => s.keyOf(n)).sort()
		);
		// Complete only thanks to recorded answers: in force a day after the close, not at once.
		expect(d.status).toBe('open');
		expect(d.windowEndsAt).toBe(CLOSED + decision.RECORDED_GRACE_MS);
		const later = views(s, CLOSED + decision.RECORDED_GRACE_MS)[0]!;
		expect(later.status).toBe('in-force');
		expect(later.inForceAt).toBe(CLOSED + decision.RECORDED_GRACE_MS);
		expect(later.implementer).not.toBe(s.keyOf('Maya'));
	});

	it('an objection recorded, the proposer amends in the meeting, the round re-run: only the new round counts', () => {
		const s = new Scenario(T0, NAMES);
		const id = propose(s);
		s.write(
			'Maya',
			ENDED - HOUR / 2,
			decision.AMEND,
			decision.amendBody(id, { title: 'A second ladder, kept in the shed', outside: false })
		);
		s.write(
			'Maya',
			CLOSED,
			mt.CLOSE,
			closeBody(s, id, [
				['Ngọc', 'object', 1, 'where would it live?'],
				['Zoë', 'consent', 2],
				['Ngọc', 'consent', 2],
				['Tomasz', 'consent', 2]
			])
		);
		const d = views(s, CLOSED + HOUR)[0]!;
		expect(d.version).toBe(2);
		expect(d.objections).toEqual([]);
		expect(d.answered).toBe(4);
		expect(views(s, CLOSED + DAY)[0]!.status).toBe('in-force');
		// The close keeps the round's history: version 1's objection with its reason.
		const close = s.open().view<mt.MeetingView>(mt.meeting, CLOSED + HOUR).closes[0]!;
		expect(close.body.answers.find((a) => a.version === 1)).toMatchObject({
			answer: 'object',
			note: 'where would it live?'
		});
	});

	it('a member’s own signed answer wins over the recorded one, whatever the dates (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -2 * HOUR, max: DAY - 2 * 60_000 }),
				fc.constantFrom<'object' | 'consent'>('object', 'consent'),
				(offset, own) => {
					const s = new Scenario(T0, NAMES);
					const id = propose(s);
					// Zoë answers for herself before or after the close; the close records the opposite.
					const body =
						own === 'object' ? decision.objectionBody(id, 'not now', 1) : decision.answerBody(id, '', 1);
					s.write('Zoë', CLOSED + offset, own === 'object' ? decision.OBJECT : decision.CONSENT, body);
					s.write(
						'Maya',
						CLOSED,
						mt.CLOSE,
						closeBody(s, id, [
							['Zoë', own === 'object' ? 'consent' : 'object', 1, 'recorded for her'],
							['Ngọc', 'consent'],
							['Tomasz', 'consent']
						])
					);
					const d = views(s, CLOSED + 2 * DAY)[0]!;
					const zoe = d.answers.find((a) => a.member === s.keyOf('Zoë'))!;
					expect(zoe.recordedBy).toBeUndefined();
					expect(zoe.answer).toBe(own);
					expect(d.status).toBe(own === 'object' ? 'open' : 'in-force');
				}
			),
			{ numRuns: 12 }
		);
	});

	it('attack: answers recorded for someone absent, for the facilitator, twice, or an objection with no reason are refused with the close', () => {
		const s = new Scenario(T0, NAMES);
		const id = propose(s, 'Zoë');
		const present = ['Maya', 'Zoë', 'Ngọc'];
		const base = closeBody(s, id, [['Ngọc', 'consent']], present) as { [k: string]: Json };
		const answer = (n: string, a: RecordedAnswer['answer'] = 'consent', note = '') => ({
			decision: id,
			version: 1,
			member: s.keyOf(n),
			answer: a,
			note
		});
		const tries: Json[][] = [
			[answer('Tomasz')], // absent
			[answer('Maya')], // the facilitator herself: her own entry, never recorded
			[answer('Ngọc'), answer('Ngọc', 'object', 'changed')], // twice for one version
			[answer('Ngọc', 'object')] // an objection with no reason
		];
		tries.forEach((answers, i) => s.write('Maya', CLOSED + i * 1000, mt.CLOSE, { ...base, answers } as Json));
		expect(codes(s, CLOSED + HOUR)).toEqual([
			'meeting-answer-absent',
			'meeting-answer-self',
			'meeting-answer-twice',
			'objection-needs-reason'
		]);
		expect(views(s, CLOSED + HOUR)[0]!.answers.some((a) => a.recordedBy)).toBe(false);
		// The honest builder leaves out the closer and anyone absent, and refuses a reasonless objection.
		const built = closeBody(
			s,
			id,
			[
				['Maya', 'consent'],
				['Tomasz', 'consent'],
				['Ngọc', 'consent']
			],
			present
		);
		expect((built as { answers: RecordedAnswer[] }).answers.map((a) => a.member)).toEqual([s.keyOf('Ngọc')]);
		expect(() => closeBody(s, id, [['Ngọc', 'object']], present)).toThrow('objection-needs-reason');
	});

	it('attack: no answer recorded after the meeting closed, nor for a version proposed after it ended', () => {
		const s = new Scenario(T0, NAMES);
		const id = propose(s);
		s.write('Maya', CLOSED, mt.CLOSE, closeBody(s, id, [['Zoë', 'consent']]));
		// A second close of the same meeting (another present member's phone, or the same one later).
		s.write('Ngọc', CLOSED + HOUR, mt.CLOSE, {
			...(closeBody(s, id, []) as { [k: string]: Json }),
			answers: [
				{ decision: id, version: 1, member: s.keyOf('Tomasz'), answer: 'object', note: 'recorded late' }
			]
		} as Json);
		const d = views(s, CLOSED + 2 * HOUR)[0]!;
		expect(d.answers.find((a) => a.member === s.keyOf('Tomasz'))).toBeUndefined();
		// A version amended after the meeting ended: the meeting could not have answered it.
		const s2 = new Scenario(T0, NAMES);
		const id2 = propose(s2);
		s2.write(
			'Maya',
			ENDED + 30_000,
			decision.AMEND,
			decision.amendBody(id2, { title: 'Later', outside: false })
		);
		s2.write('Maya', CLOSED, mt.CLOSE, closeBody(s2, id2, [['Zoë', 'consent', 2]]));
		expect(views(s2, CLOSED + HOUR)[0]!.answers.some((a) => a.recordedBy)).toBe(false);
	});

	it('folds the same in any delivery order', () => {
		const s = new Scenario(T0, NAMES);
		const id = propose(s);
		s.write('Tomasz', CLOSED + HOUR, decision.OBJECT, decision.objectionBody(id, 'on second thought', 1));
		s.write(
			'Maya',
			CLOSED,
			mt.CLOSE,
			closeBody(s, id, [
				['Zoë', 'consent'],
				['Ngọc', 'consent'],
				['Tomasz', 'consent']
			])
		);
		const want = JSON.stringify(views(s, CLOSED + 3 * DAY));
		fc.assert(
			fc.property(fc.shuffledSubarray(s.entries, { minLength: s.entries.length }), (order) => {
				expect(JSON.stringify(views(s, CLOSED + 3 * DAY, order))).toBe(want);
			}),
			{ numRuns: 20 }
		);
	});
});
