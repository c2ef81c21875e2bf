/**
 * Threat model T17: nobody removes or recalls anyone alone. The removal and recall thresholds
 * are the charter's, capped by the members who can sign so that a small circle can still act,
 * but never below two. (On v1 the cap went down to one: in a circle of two either member
 * removed the other, and the member who was not the holder recalled a mandate alone.)
 */
import { describe, expect, it } from 'vitest';
import * as mandate from '$lib/core/mandates';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const T0 = utc(2025, 3, 3, 9);

/** The active members' names, as the ledger folds them. */
const roster = (s: Scenario) =>
	s
		.open()
		.ledger.state()
		.roster.map((k) => s.names.get(k));

describe('nobody removes anyone alone', () => {
	it('in a circle of two, neither member removes the other', () => {
		const s = new Scenario(T0, ['Maya', 'Zoë']);
		s.write('Maya', T0 + DAY, 'member.remove.propose', {
			member: s.keyOf('Zoë'),
			reason: 'I want the tools'
		});
		expect(roster(s)).toContain('Zoë');
		expect(s.open().ledger.state().removals[0]!.needed).toBe(2);
	});

	it('in a circle of three, it takes both others', () => {
		const s = new Scenario(T0, ['Maya', 'Zoë', 'Ngọc']);
		const p = s.write('Maya', T0 + DAY, 'member.remove.propose', { member: s.keyOf('Zoë'), reason: 'gone' });
		expect(roster(s)).toContain('Zoë');
		s.write('Ngọc', T0 + 2 * DAY, 'member.remove.second', { proposal: s.id(p) });
		expect(roster(s)).not.toContain('Zoë');
	});
});

describe('nobody recalls a mandate alone', () => {
	it.each([
		[2, 2, false],
		[3, 2, true],
		[4, 3, true]
	])('%i members, recall threshold 3: %i votes needed (recallable: %s)', (n, needed, recallable) => {
		const names = ['Maya', 'Zoë', 'Ngọc', 'Tomasz'].slice(0, n);
		const s = new Scenario(T0, names);
		const m = s.write('Maya', T0 + DAY, mandate.PROPOSE, mandate.proposeBody('Fix the gate', T0 + 30 * DAY));
		const open = s.fold(T0 + DAY + HOUR).mandates[0]!;
		expect(open.recallNeeded).toBe(needed);
		for (const [i, v] of names.filter((x) => s.keyOf(x) !== open.holder).entries())
			s.write(v, T0 + 2 * DAY + i, mandate.RECALL_VOTE, mandate.recallVoteBody(s.id(m), 'no'));
		expect(s.fold(T0 + 3 * DAY).mandates[0]!.status).toBe(recallable ? 'recalled' : 'open');
	});
});
