/**
 * Charter proposals through the one consent machinery (src/lib/core/consent.ts): consent with a
 * note, stand aside, object with a reason, amend (a new round), and coming into force from the
 * fold itself — with nobody recording a ratification. Attack tests for each rule beside it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as charter from '../../../src/lib/core/charter';
import { openCircle } from '../../../src/lib/core/circle';
import { DAY, HOUR, Scenario, utc } from '../scenario';
import type { Entry } from '../../../src/lib/core/types';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'];
const T0 = utc(2026, 3, 2, 9);

const withRecall = (n: number) => {
	const c = charter.defaultCharter();
	c.thresholds.recall = n;
	return c;
};

describe('a charter proposal comes into force from the fold', () => {
	it('at the last consent, with nobody recording it; a stand-aside counts as an answer; notes are kept', () => {
		const s = new Scenario(T0, NAMES);
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1')));
		s.write('Zoë', T0 + DAY + HOUR, charter.CONSENT, charter.consentBody(pid, 'good for us'));
		s.write('Ngọc', T0 + DAY + 2 * HOUR, charter.STAND_ASIDE, charter.standAsideBody(pid, 'away in May'));
		let st = s.fold(T0 + DAY + 2 * HOUR);
		const open = st.charter.proposals[0]!;
		expect(open.status).toBe('open');
		expect([open.answered, open.total]).toEqual([3, 4]);
		expect(open.silent).toEqual([s.keyOf('Tomasz')]);
		expect(open.notes.map((n) => n.note).sort()).toEqual(['away in May', 'good for us']);
		expect(st.charter.state).toBe('default');
		s.write('Tomasz', T0 + DAY + 3 * HOUR, charter.CONSENT, charter.consentBody(pid));
		st = s.fold(T0 + DAY + 3 * HOUR);
		expect(st.charter.state).toBe('in-force');
		expect(st.charter.inForce.thresholds.recall).toBe(2);
		expect(st.charter.version).toMatchObject({
			version: 1,
			ratifiedAt: T0 + DAY + 3 * HOUR,
			ratifiedBy: s.keyOf('Maya'),
			recordedBy: null,
			how: 'answered'
		});
		// The duty's record: credited to the proposer, whoever's phone writes it.
		expect(st.charter.proposals[0]!.canRatify).toBe(true);
		s.write('Ngọc', T0 + DAY + 4 * HOUR, charter.RATIFY, charter.ratifyBody(st.charter.proposals[0]!));
		st = s.fold(T0 + DAY + 5 * HOUR);
		expect(st.charter.version).toMatchObject({ ratifiedBy: s.keyOf('Maya'), recordedBy: s.keyOf('Ngọc') });
		expect(st.charter.version!.ratifiedAt).toBe(T0 + DAY + 3 * HOUR);
		expect(st.charter.proposals[0]!.canRatify).toBe(false);
	});

	it('at the window’s end when no objection stands, read by other rules in between without any entry', () => {
		const s = new Scenario(T0, NAMES);
		s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1'));
		const c = s.open();
		const book = c.host.book(charter.charter);
		expect(book.contentAt(T0 + 8 * DAY - 1).thresholds.recall).toBe(3);
		expect(book.contentAt(T0 + 8 * DAY).thresholds.recall).toBe(2);
		const st = s.fold(T0 + 9 * DAY);
		expect(st.charter.version).toMatchObject({ ratifiedAt: T0 + 8 * DAY, how: 'window' });
	});

	it('an objection blocks past the window; the objector’s later consent lets it pass at that instant', () => {
		const s = new Scenario(T0, NAMES);
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1')));
		s.write('Tomasz', T0 + 2 * DAY, charter.OBJECT, charter.objectionBody(pid, 'too few for a recall'));
		expect(s.fold(T0 + 20 * DAY).charter.state).toBe('default');
		expect(s.fold(T0 + 20 * DAY).charter.proposals[0]!.waitingFor?.code).toBe('objections');
		s.write('Tomasz', T0 + 21 * DAY, charter.CONSENT, charter.consentBody(pid));
		const st = s.fold(T0 + 21 * DAY);
		expect(st.charter.version).toMatchObject({ ratifiedAt: T0 + 21 * DAY, how: 'answered' });
	});

	it('attack: a ratification while an objection stands, before the window ends, is refused', () => {
		const s = new Scenario(T0, NAMES);
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1')));
		s.write('Tomasz', T0 + DAY + HOUR, charter.OBJECT, charter.objectionBody(pid, 'no'));
		const p = s.fold(T0 + DAY + HOUR).charter.proposals[0]!;
		s.write('Maya', T0 + 2 * DAY, charter.RATIFY, charter.ratifyBody(p));
		s.write('Maya', T0 + 10 * DAY, charter.RATIFY, charter.ratifyBody(p));
		const st = s.fold(T0 + 11 * DAY);
		expect(st.rejected.map((r) => [r.type, r.code])).toEqual([
			['charter.ratify', 'objections'],
			['charter.ratify', 'objections']
		]);
		expect(st.charter.state).toBe('default');
	});

	it('attack: two phones recording the same coming-into-force at once converge, in either order', () => {
		const s = new Scenario(T0, NAMES);
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1')));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + DAY + HOUR, charter.CONSENT, charter.consentBody(pid));
		const p = s.fold(T0 + 2 * DAY).charter.proposals[0]!;
		s.write('Zoë', T0 + 2 * DAY, charter.RATIFY, charter.ratifyBody(p));
		s.write('Ngọc', T0 + 2 * DAY, charter.RATIFY, charter.ratifyBody(p));
		const all = s.entries.slice();
		const a = s.open(all).state(T0 + 3 * DAY);
		const b = s.open([...all].reverse()).state(T0 + 3 * DAY);
		expect(a.rejected).toEqual([]);
		expect(a.charter).toEqual(b.charter);
		expect(a.charter.versions).toHaveLength(1);
		expect(a.charter.version!.ratifiedBy).toBe(s.keyOf('Maya'));
	});
});

describe('amending integrates an objection', () => {
	it('a new version opens a new round: answers to the old one do not count; the history is kept', () => {
		const s = new Scenario(T0, NAMES);
		const v1 = charter.proposalBody(withRecall(2), 'v1');
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, v1));
		s.write('Zoë', T0 + DAY + HOUR, charter.CONSENT, charter.consentBody(pid, '', v1.hash));
		s.write('Tomasz', T0 + DAY + HOUR, charter.OBJECT, charter.objectionBody(pid, 'two is too few', v1.hash));
		const v2 = charter.amendBody(pid, withRecall(3), 'v1, amended');
		s.write('Maya', T0 + 2 * DAY, charter.AMEND, v2);
		let st = s.fold(T0 + 2 * DAY);
		let p = st.charter.proposals[0]!;
		expect(p.version).toBe(2);
		expect(p.history.map((h) => h.n)).toEqual([1, 2]);
		expect(p.objections).toEqual([]);
		expect(p.consented).toEqual([s.keyOf('Maya')]); // Zoë's consent was to version 1
		expect(p.windowEndsAt).toBe(T0 + 2 * DAY + 7 * DAY);
		// A consent to version 1 arriving after the amendment is refused (it does not count for 2).
		s.write('Ngọc', T0 + 2 * DAY + HOUR, charter.CONSENT, charter.consentBody(pid, '', v1.hash));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + 3 * DAY, charter.CONSENT, charter.consentBody(pid, '', v2.hash));
		st = s.fold(T0 + 3 * DAY + HOUR);
		expect(st.rejected.map((r) => r.code)).toEqual(['answer-outdated']);
		p = st.charter.proposals[0]!;
		expect(p.status).toBe('ratified');
		expect(st.charter.version).toMatchObject({ amendments: 2, how: 'answered' });
		expect(st.charter.version!.ratifiedAt).toBeGreaterThanOrEqual(T0 + 3 * DAY);
		expect(st.charter.inForce.thresholds.recall).toBe(3);
	});

	it('attack: nobody but the proposer amends a proposal', () => {
		const s = new Scenario(T0, NAMES);
		const pid = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(withRecall(2), 'v1')));
		s.write('Tomasz', T0 + DAY + HOUR, charter.AMEND, charter.amendBody(pid, withRecall(9), 'mine now'));
		const st = s.fold(T0 + 2 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['amend-not-proposer']);
		expect(st.charter.proposals[0]!.version).toBe(1);
	});
});

describe('any delivery order gives the same charter', () => {
	it('property: proposals, answers, amendments and records in any order fold to the same state', () => {
		const s = new Scenario(T0, NAMES);
		const v1 = charter.proposalBody(withRecall(2), 'a');
		const a = s.id(s.write('Maya', T0 + DAY, charter.PROPOSE, v1));
		const b = s.id(
			s.write('Zoë', T0 + DAY + HOUR, charter.PROPOSE, charter.proposalBody(withRecall(4), 'b'))
		);
		s.write('Tomasz', T0 + 2 * DAY, charter.OBJECT, charter.objectionBody(a, 'no', v1.hash));
		const v2 = charter.amendBody(a, withRecall(5), 'a2');
		s.write('Maya', T0 + 3 * DAY, charter.AMEND, v2);
		s.write('Tomasz', T0 + 3 * DAY + HOUR, charter.STAND_ASIDE, charter.standAsideBody(a, 'fine', v2.hash));
		s.write('Ngọc', T0 + 4 * DAY, charter.CONSENT, charter.consentBody(b));
		s.write('Tomasz', T0 + 4 * DAY, charter.OBJECT, charter.objectionBody(b, 'no'));
		s.write('Ngọc', T0 + 12 * DAY, charter.CONSENT, charter.consentBody(a));
		s.write('Zoë', T0 + 12 * DAY, charter.CONSENT, charter.consentBody(a));
		const all: Entry[] = s.entries.slice();
		const reference = s.open(all).state(T0 + 30 * DAY);
		expect(reference.charter.versions.length).toBeGreaterThan(0);
		fc.assert(
			fc.property(
				fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
				fc.integer({ min: 1, max: 5 }),
				(order, chunks) => {
					const c = openCircle(s.circle, { verifyJoin: () => true });
					const size = Math.ceil(order.length / chunks);
					for (let i = 0; i < order.length; i += size)
						c.add(
							order.slice(i, i + size).map((entry) => ({ entry, sigValid: true })),
							T0 + 30 * DAY
						);
					const st = c.state(T0 + 30 * DAY);
					expect(st.charter).toEqual(reference.charter);
				}
			),
			{ numRuns: 40 }
		);
	});
});
