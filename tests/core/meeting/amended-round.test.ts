/**
 * A consent round on the shared phone that led to an amendment (issue 10, item 2): the close
 * carries the answers to both versions — the objection that led to the amendment stays in the
 * signed record — and the decision domain counts only the current version's. Attack: answers
 * recorded for a version amended after the meeting ended do not count.
 */
import { describe, expect, it } from 'vitest';
import * as decision from '$lib/core/decision';
import * as mt from '$lib/core/meeting';
import type { RecordedAnswer } from '$lib/core/meeting';
import { isoUtc } from '$lib/core/calendar';
import type { EntryId, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'];
const T0 = utc(2026, 3, 2, 9);
const ENDED = T0 + DAY + 3 * HOUR;
const CLOSED = ENDED + 60_000;

const close = (s: Scenario, id: EntryId, answers: [string, RecordedAnswer['answer'], number, string?][]) =>
	mt.closeBody({
		date: isoUtc(ENDED).slice(0, 10),
		started: ENDED - HOUR,
		ended: ENDED,
		talkMs: new Map(NAMES.map((n) => [s.keyOf(n), 60_000])),
		severalMs: 0,
		silenceMs: 0,
		items: [],
		decisions: [],
		minutes: '',
		round: [],
		victories: [],
		closer: s.keyOf('Maya'),
		answers: answers.map(([n, answer, version, note = '']) => ({
			decision: id,
			version,
			member: s.keyOf(n),
			answer,
			note
		}))
	});

const view = (s: Scenario, now: Millis) => s.open().view<decision.DecisionView[]>(decision.decision, now)[0]!;
const codes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);

describe('an amended proposal in a meeting’s consent round', () => {
	it('keeps both versions’ answers in the close and counts only the current one', () => {
		const s = new Scenario(T0, NAMES);
		const p = s.write(
			'Maya',
			T0 + DAY,
			decision.PROPOSE,
			decision.proposeBody({ title: 'Two ladders', outside: false })
		);
		const id = s.id(p);
		s.write(
			'Maya',
			ENDED - 30 * 60_000,
			decision.AMEND,
			decision.amendBody(id, { title: 'Borrow a ladder', outside: false })
		);
		const b = close(s, id, [
			['Zoë', 'object', 1, 'We rarely need two'],
			['Ngọc', 'consent', 1],
			['Zoë', 'consent', 2],
			['Ngọc', 'consent', 2],
			['Tomasz', 'stand-aside', 2]
		]);
		expect(b.answers.map((a) => a.version)).toEqual([1, 1, 2, 2, 2]);
		s.write('Maya', CLOSED, mt.CLOSE, b);
		expect(codes(s, CLOSED + HOUR)).toEqual([]);
		const d = view(s, CLOSED + HOUR);
		expect([d.version, d.title, d.answered, d.total, d.objections.length]).toEqual([
			2,
			'Borrow a ladder',
			4,
			4,
			0
		]);
		expect(d.windowEndsAt).toBe(CLOSED + decision.RECORDED_GRACE_MS);
		expect(view(s, CLOSED + decision.RECORDED_GRACE_MS).status).toBe('in-force');
	});

	it('attack: answers to a version amended after the meeting ended do not count', () => {
		const s = new Scenario(T0, NAMES);
		const id = s.id(
			s.write(
				'Maya',
				T0 + DAY,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Two ladders', outside: false })
			)
		);
		s.write(
			'Maya',
			ENDED + 10_000,
			decision.AMEND,
			decision.amendBody(id, { title: 'Three ladders', outside: true })
		);
		s.write(
			'Maya',
			CLOSED,
			mt.CLOSE,
			close(s, id, [
				['Zoë', 'consent', 2],
				['Ngọc', 'consent', 2],
				['Tomasz', 'consent', 2]
			])
		);
		const d = view(s, CLOSED + HOUR);
		expect([d.version, d.answered]).toEqual([2, 1]);
		expect(d.status).toBe('open');
	});
});
