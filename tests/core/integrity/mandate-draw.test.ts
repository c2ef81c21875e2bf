/**
 * Threat model T3: nobody steers who is drawn for a mandate. The proposer pads their log, varies
 * the task's text or the instant within the same stretch: the delegate stays the same, because
 * nothing the proposer controls goes into the draw. (On v1 the draw read the proposer's seq, so
 * padding the log with a few entries picked another delegate.)
 */
import { describe, expect, it } from 'vitest';
import * as mandate from '$lib/core/mandates';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame', 'İlkay'];
const T0 = utc(2025, 3, 3, 9);

const holderWith = (padding: number, task: string, minute: number) => {
	const s = new Scenario(T0, NAMES);
	// Padding: entries of a type this version does not know, accepted and without effect.
	for (let i = 0; i < padding; i++) s.write('Tomasz', T0 + DAY + i * 1000, 'note.post', { text: `pad ${i}` });
	s.write(
		'Tomasz',
		T0 + 2 * DAY + minute * 60_000,
		mandate.PROPOSE,
		mandate.proposeBody(task, T0 + 20 * DAY)
	);
	return s.fold(T0 + 2 * DAY + HOUR).mandates[0]!.holder;
};

describe('a mandate draw nobody steers', () => {
	it('the same delegate however long the proposer’s log, whatever the text, whenever in the hour', () => {
		const honest = holderWith(0, 'Fix the gate', 0);
		expect(honest).not.toBeNull();
		for (let pad = 1; pad <= 8; pad++) expect(holderWith(pad, 'Fix the gate', 0)).toBe(honest);
		for (const task of ['Fix the gate!', 'fix the gate', 'Fix  the gate', 'Mend the gate'])
			expect(holderWith(0, task, 0)).toBe(honest);
		for (const minute of [1, 7, 30, 59])
			expect(holderWith(0, 'Fix the gate', minute)).toBe(holderWith(0, 'Fix the gate', 0));
	});

	it('power circulates: seven mandates in a circle of seven go to seven different people, never the proposer', () => {
		const s = new Scenario(T0, NAMES);
		NAMES.forEach((n, i) =>
			s.write(n, T0 + DAY + i * HOUR, mandate.PROPOSE, mandate.proposeBody(`Task ${i}`, T0 + 30 * DAY))
		);
		const ms = s.fold(T0 + 2 * DAY).mandates;
		expect(new Set(ms.map((m) => m.holder)).size).toBe(7);
		for (const m of ms) expect(m.holder).not.toBe(m.proposer);
	});
});
