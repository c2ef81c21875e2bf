/**
 * Clarifying questions, replies and reactions on a decision (docs/protocol/discussion.md): shown in
 * order, refused once the proposal is closed, and counted by nobody as consent. Attacks: an outsider's
 * question, a question on a decision in force, a reaction given twice, a question signed after the
 * deadline and dated before it.
 */
import { describe, expect, it } from 'vitest';
import * as decision from '$lib/core/decision';
import * as discussion from '$lib/core/discussion';
import { ACK } from '$lib/core/witness';
import { entryId } from '$lib/core/entry';
import type { Entry, EntryId } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';
import * as charterRules from '$lib/core/charter/domain';
import { defaultCharter, type CharterStatus } from '$lib/core/charter';
import * as mandateRules from '$lib/core/mandates/domain';
import type { Mandate } from '$lib/core/mandates';
import { charter as charterDomain, mandates as mandatesDomain } from '$lib/core/domains';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'];
const T0 = utc(2026, 3, 2, 9);

const threads = (s: Scenario, now: number, entries?: Entry[]) =>
	s.open(entries).view<discussion.DiscussionView>(discussion.discussion, now);
const decisions = (s: Scenario, now: number, entries?: Entry[]) =>
	s.open(entries).view<decision.DecisionView[]>(decision.decision, now);
const refused = (s: Scenario, now: number, entries?: Entry[]) =>
	s
		.open(entries)
		.state(now)
		.rejected.map((r) => r.code);

const proposal = (s: Scenario, deadline = T0 + 8 * DAY): EntryId =>
	s.id(
		s.write(
			'Maya',
			T0 + DAY,
			decision.PROPOSE,
			decision.proposeBody({ title: 'Buy a second ladder', outside: false, deadline })
		)
	);

describe('questions, replies and reactions on a proposal', () => {
	it('are shown in order, each question with its replies, and nobody counts them as consent', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposal(s);
		const q1 = s.id(s.write('Zoë', T0 + DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Which shop?')));
		const q2 = s.id(
			s.write('Ngọc', T0 + DAY + 2 * HOUR, discussion.ASK, discussion.askBody(id, 'Where to keep it?'))
		);
		s.write('Maya', T0 + DAY + 3 * HOUR, discussion.REPLY, discussion.replyBody(q1, 'The one on Oak Lane.'));
		s.write('Tomasz', T0 + DAY + 4 * HOUR, discussion.REPLY, discussion.replyBody(q2, 'In the shed.'));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + DAY + 5 * HOUR, discussion.REACT, discussion.reactBody(id, 'support'));
		const t = threads(s, T0 + 2 * DAY)[id]!;
		expect(t.questions.map((q) => [q.text, q.version, q.replies.map((r) => r.text)])).toEqual([
			['Which shop?', 1, ['The one on Oak Lane.']],
			['Where to keep it?', 1, ['In the shed.']]
		]);
		expect(t.reactions).toEqual([
			{ reaction: 'support', members: ['Zoë', 'Ngọc', 'Tomasz'].map((n) => s.keyOf(n)).sort() }
		]);
		// Counted by nobody as consent: only the proposer has answered.
		const d = decisions(s, T0 + 2 * DAY)[0]!;
		expect([d.answered, d.status]).toEqual([1, 'open']);
		expect(d.silent.length).toBe(3);
		expect(refused(s, T0 + 2 * DAY)).toEqual([]);
	});

	it('attack: the same reaction twice counts once (refused); a changed reaction replaces the first', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposal(s);
		s.write('Zoë', T0 + DAY + HOUR, discussion.REACT, discussion.reactBody(id, 'support'));
		s.write('Zoë', T0 + DAY + 2 * HOUR, discussion.REACT, discussion.reactBody(id, 'support'));
		expect(refused(s, T0 + 2 * DAY)).toEqual(['already-reacted']);
		expect(threads(s, T0 + 2 * DAY)[id]!.reactions).toEqual([
			{ reaction: 'support', members: [s.keyOf('Zoë')] }
		]);
		s.write('Zoë', T0 + DAY + 3 * HOUR, discussion.REACT, discussion.reactBody(id, 'concern'));
		expect(threads(s, T0 + 2 * DAY)[id]!.reactions).toEqual([
			{ reaction: 'concern', members: [s.keyOf('Zoë')] }
		]);
		// A modified app signing a reaction outside the set is refused by the decoder.
		s.write('Ngọc', T0 + DAY + 4 * HOUR, discussion.REACT, { proposal: id, reaction: '🔥' });
		expect(refused(s, T0 + 2 * DAY)).toEqual(['already-reacted', 'reaction-unknown']);
	});

	it('attack: a question, reply or reaction on a decision in force is refused', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposal(s);
		const q = s.id(s.write('Zoë', T0 + DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Which shop?')));
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + DAY + 2 * HOUR, decision.CONSENT, decision.answerBody(id, '', 1));
		expect(decisions(s, T0 + DAY + 3 * HOUR)[0]!.status).toBe('in-force');
		s.write('Tomasz', T0 + DAY + 4 * HOUR, discussion.ASK, discussion.askBody(id, 'Too late?'));
		s.write('Maya', T0 + DAY + 5 * HOUR, discussion.REPLY, discussion.replyBody(q, 'Oak Lane.'));
		s.write('Ngọc', T0 + DAY + 6 * HOUR, discussion.REACT, discussion.reactBody(id, 'thanks'));
		expect(refused(s, T0 + 2 * DAY)).toEqual(['proposal-closed', 'proposal-closed', 'proposal-closed']);
		expect(threads(s, T0 + 2 * DAY)[id]!.questions.map((x) => x.replies.length)).toEqual([0]);
	});

	it('closes at a deadline passed with no objection; stays open while an objection blocks it', () => {
		const s = new Scenario(T0, NAMES);
		const quiet = proposal(s, T0 + 3 * DAY);
		const blocked = s.id(
			s.write(
				'Zoë',
				T0 + DAY + HOUR,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Paint it red', outside: false, deadline: T0 + 3 * DAY })
			)
		);
		s.write('Tomasz', T0 + DAY + 2 * HOUR, decision.OBJECT, decision.objectionBody(blocked, 'Red fades', 1));
		// No decision entry after the deadline: the discussion domain judges it as the fold will.
		s.write('Ngọc', T0 + 4 * DAY, discussion.ASK, discussion.askBody(quiet, 'Still open?'));
		s.write('Ngọc', T0 + 4 * DAY + HOUR, discussion.ASK, discussion.askBody(blocked, 'What colour then?'));
		expect(refused(s, T0 + 5 * DAY)).toEqual(['proposal-closed']);
		expect(threads(s, T0 + 5 * DAY)[blocked]!.questions.length).toBe(1);
	});

	it('attack: a question about no decision, blank or too long, is refused', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposal(s);
		s.write('Zoë', T0 + DAY + HOUR, discussion.ASK, { proposal: 'ab'.repeat(32), text: 'Hm?' });
		s.write('Zoë', T0 + DAY + 2 * HOUR, discussion.ASK, { proposal: id, text: '   ' });
		s.write('Zoë', T0 + DAY + 3 * HOUR, discussion.ASK, { proposal: id, text: 'x'.repeat(1001) });
		s.write('Zoë', T0 + DAY + 4 * HOUR, discussion.REPLY, { question: 'cd'.repeat(32), text: 'Yes' });
		expect(refused(s, T0 + 2 * DAY)).toEqual([
			'no-such-proposal',
			'discussion-text',
			'discussion-text',
			'no-such-question'
		]);
		expect(() => discussion.askBody(id, ' ')).toThrow('discussion-text');
	});

	it('attack: a key that is no member asks: the ledger never hands it to the domain', () => {
		const s = new Scenario(T0, NAMES);
		const id = proposal(s);
		s.write('Outsider', T0 + DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Can I steer this?'));
		expect(threads(s, T0 + 2 * DAY)[id]).toBeUndefined();
	});

	it('attack: a question signed after the deadline and dated before it counts from when a member saw it: refused', () => {
		const s = new Scenario(T0, NAMES, undefined, { witnessing: true, acknowledge: true });
		const id = proposal(s, T0 + 3 * DAY);
		const NOW = T0 + 5 * DAY;
		// Zoë's last entry was her admission's acknowledgement; she dates a question a day before the
		// deadline and publishes it two days after; Maya's phone acknowledges it on arrival.
		const zoe = s.keyOf('Zoë');
		const mine = s.entries.filter((e) => e.author === zoe);
		const last = mine.at(-1);
		const forged: Entry = {
			v: 1,
			circle: s.circle,
			author: zoe,
			seq: (last?.seq ?? 0) + 1,
			prev: last ? entryId(last) : null,
			hlc: [T0 + 2 * DAY, 0],
			type: discussion.ASK,
			body: discussion.askBody(id, 'Dated before the deadline'),
			sig: '00'.repeat(64)
		};
		const ack = { ...s.draft('Maya', NOW, ACK, {}), seen: [entryId(forged)] } as Entry;
		const entries = [...s.entries, forged, ack];
		expect(s.open(entries).ledger.effectiveAt(entryId(forged))).toBe(NOW);
		expect(refused(s, NOW + HOUR, entries)).toEqual(['proposal-closed']);
		expect(threads(s, NOW + HOUR, entries)[id]).toBeUndefined();
		expect(decisions(s, NOW + HOUR, entries)[0]!.status).toBe('in-force');
	});
});

describe('questions and reactions on charter and mandate proposals (v2: the same machinery)', () => {
	it('a charter version takes questions and reactions while open, none once ratified; none counts as consent', () => {
		const s = new Scenario(T0, NAMES);
		const content = defaultCharter();
		content.thresholds.recall = 2;
		const id = s.id(
			s.write('Maya', T0 + DAY, charterRules.PROPOSE, charterRules.proposalBody(content, 'Recall needs two.'))
		);
		const q = s.id(s.write('Zoë', T0 + DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Why two?')));
		s.write('Maya', T0 + DAY + 2 * HOUR, discussion.REPLY, discussion.replyBody(q, 'We are few.'));
		s.write('Ngọc', T0 + DAY + 3 * HOUR, discussion.REACT, discussion.reactBody(id, 'concern'));
		const t = threads(s, T0 + 2 * DAY)[id]!;
		expect(t.questions.map((x) => [x.text, x.version, x.replies.map((r) => r.text)])).toEqual([
			['Why two?', 1, ['We are few.']]
		]);
		expect(t.reactions.map((r) => r.reaction)).toEqual(['concern']);
		const status = s.open().view<CharterStatus>(charterDomain, T0 + 2 * DAY);
		const p = status.proposals.find((x) => x.id === id)!;
		// Counted by nobody as consent: only the proposer has answered.
		expect([p.answered, p.status]).toEqual([1, 'open']);
		expect(refused(s, T0 + 2 * DAY)).toEqual([]);
		// Everyone consents and it is ratified: no more questions.
		for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
			s.write(n, T0 + 2 * DAY + HOUR, charterRules.CONSENT, { proposal: id });
		const ready = s
			.open()
			.view<CharterStatus>(charterDomain, T0 + 3 * DAY)
			.proposals.find((x) => x.id === id)!;
		s.write('Tomasz', T0 + 3 * DAY, charterRules.RATIFY, charterRules.ratifyBody(ready) as never);
		s.write('Zoë', T0 + 3 * DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Too late?'));
		expect(refused(s, T0 + 4 * DAY)).toContain('proposal-closed');
	});

	it('a mandate put to consent takes questions while proposed; a mandate without a round is no proposal', () => {
		const s = new Scenario(T0, NAMES);
		const id = s.id(
			s.write(
				'Maya',
				T0 + DAY,
				mandateRules.PROPOSE,
				mandateRules.proposeRoundBody('Oil the shed’s hinges', T0 + 30 * DAY)
			)
		);
		s.write('Zoë', T0 + DAY + HOUR, discussion.ASK, discussion.askBody(id, 'Which oil?'));
		s.write('Ngọc', T0 + DAY + HOUR, discussion.REACT, discussion.reactBody(id, 'support'));
		const t = threads(s, T0 + 2 * DAY)[id]!;
		expect(t.questions.map((x) => [x.text, x.version])).toEqual([['Which oil?', 1]]);
		const m = s
			.open()
			.view<Mandate[]>(mandatesDomain, T0 + 2 * DAY)
			.find((x) => x.id === id)!;
		expect(m.status).toBe('proposed');
		expect(refused(s, T0 + 2 * DAY)).toEqual([]);
		// A mandate drawn at once (no consent round) takes no question.
		const drawn = s.id(
			s.write('Maya', T0 + 2 * DAY, mandateRules.PROPOSE, mandateRules.proposeBody('Sweep', T0 + 20 * DAY))
		);
		s.write('Zoë', T0 + 2 * DAY + HOUR, discussion.ASK, discussion.askBody(drawn, 'When?'));
		expect(refused(s, T0 + 3 * DAY)).toContain('no-such-proposal');
	});
});
