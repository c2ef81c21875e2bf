/**
 * A drawn delegate hands a mandate back (issue 13, item 5; protocol v2, docs/protocol/mandates.md):
 * redrawn from the first draw's seed, round and counts among the members it was drawn among, less
 * the proposer (never among them) and everyone who handed it back. The attacks: someone else
 * handing it back, handing it back twice, handing it back to steer who comes next.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as mandate from '../../src/lib/core/mandates';
import { sha256Hex } from '../../src/lib/core/bytes';
import type { MemberKey } from '../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from './scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

/** A circle of `names` where Maya proposes one mandate a day after founding. */
const circle = (names = NAMES, seed = 'hand-back') => {
	const s = new Scenario(T0, names, sha256Hex(seed));
	const p = s.write('Maya', T0 + DAY, mandate.PROPOSE, mandate.proposeBody('Fix the gate', T0 + 30 * DAY));
	const id = s.id(p);
	const get = (t: number) => s.fold(t).mandates.find((m) => m.id === id)!;
	return { s, id, get };
};

/** The order the first draw fixed: each next delegate is the draw among the rest. */
const fixedOrder = (m: mandate.Mandate): MemberKey[] => {
	const out: MemberKey[] = [];
	let rest = m.eligible.slice();
	for (;;) {
		const next = mandate.drawHolder(m.seed, m.round, rest, new Map(m.served));
		if (!next) return out;
		out.push(next);
		rest = rest.filter((k) => k !== next);
	}
};

describe('handing a mandate back', () => {
	it('redraws at once among the rest, never the proposer, and records who handed it back and why', () => {
		const { s, id, get } = circle();
		const first = get(T0 + DAY + HOUR);
		expect(first.status).toBe('open');
		const order = fixedOrder(first);
		expect(order[0]).toBe(first.holder);
		s.write(first.holder!, T0 + 2 * DAY, mandate.HAND_BACK, mandate.handBackBody(id, '  Away all month.  '));
		const after = get(T0 + 2 * DAY + HOUR);
		expect(after.status).toBe('open');
		expect(after.holder).toBe(order[1]);
		expect(after.holder).not.toBe(first.proposer);
		expect(after.handedBack).toEqual([{ member: first.holder, at: T0 + 2 * DAY, reason: 'Away all month.' }]);
		expect(s.fold(T0 + 2 * DAY + HOUR).rejected).toEqual([]);
	});

	it('ends unfilled when everyone it could go to has handed it back; the proposer never holds it', () => {
		const { s, id, get } = circle(['Maya', 'Zoë', 'Ngọc']);
		let t = T0 + 2 * DAY;
		for (let i = 0; i < 2; i++) {
			const m = get(t);
			expect(m.holder).not.toBe(m.proposer);
			s.write(m.holder!, (t += HOUR), mandate.HAND_BACK, mandate.handBackBody(id, ''));
		}
		const end = get(t + HOUR);
		expect(end.status).toBe('unfilled');
		expect(end.holder).toBeNull();
		expect(end.endedAt).toBe(t);
		expect(end.handedBack).toHaveLength(2);
	});

	it('attack: nobody but the holder can hand it back (the proposer, another member)', () => {
		const { s, id, get } = circle();
		const m = get(T0 + DAY + HOUR);
		const other = NAMES.map((n) => s.keyOf(n)).find((k) => k !== m.holder && k !== m.proposer)!;
		s.write(m.proposer, T0 + 2 * DAY, mandate.HAND_BACK, mandate.handBackBody(id, 'not mine to give'));
		s.write(other, T0 + 2 * DAY + 1, mandate.HAND_BACK, mandate.handBackBody(id, 'I would rather'));
		const st = s.fold(T0 + 3 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['not-the-holder', 'not-the-holder']);
		expect(get(T0 + 3 * DAY).holder).toBe(m.holder);
		expect(get(T0 + 3 * DAY).handedBack).toEqual([]);
	});

	it('attack: handing it back twice does nothing the second time', () => {
		const { s, id, get } = circle();
		const m = get(T0 + DAY + HOUR);
		s.write(m.holder!, T0 + 2 * DAY, mandate.HAND_BACK, mandate.handBackBody(id, 'once'));
		const next = get(T0 + 2 * DAY + HOUR).holder;
		s.write(m.holder!, T0 + 2 * DAY + HOUR, mandate.HAND_BACK, mandate.handBackBody(id, 'twice'));
		const st = s.fold(T0 + 3 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['not-the-holder']);
		expect(get(T0 + 3 * DAY).holder).toBe(next);
		expect(get(T0 + 3 * DAY).handedBack).toHaveLength(1);
	});

	it('attack: an ended mandate cannot be handed back (done, then handed back)', () => {
		const { s, id, get } = circle();
		const m = get(T0 + DAY + HOUR);
		s.write(m.holder!, T0 + 2 * DAY, mandate.DONE, mandate.doneBody(id));
		s.write(m.holder!, T0 + 2 * DAY + HOUR, mandate.HAND_BACK, mandate.handBackBody(id, 'after all'));
		const st = s.fold(T0 + 3 * DAY);
		expect(st.rejected.map((r) => r.code)).toEqual(['mandate-ended']);
		expect(get(T0 + 3 * DAY).status).toBe('done');
	});

	it('attack: handing back cannot steer the redraw — whenever and whyever, the next is the next in the order fixed at the proposal', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 3, max: 6 }),
				fc.string(),
				fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.string({ maxLength: 20 })), {
					minLength: 1,
					maxLength: 6
				}),
				(n, seedText, backs) => {
					const { s, id, get } = circle(NAMES.slice(0, n), seedText);
					let t = T0 + DAY + HOUR;
					const order = fixedOrder(get(t));
					const holders: (MemberKey | null)[] = [get(t).holder];
					for (const [gapH, why] of backs) {
						const m = get(t);
						if (m.status !== 'open') break;
						t += gapH * HOUR;
						if (t >= m.sunset) break;
						s.write(m.holder!, t, mandate.HAND_BACK, mandate.handBackBody(id, why));
						holders.push(get(t + 1).holder);
					}
					const drawn = holders.filter((h): h is MemberKey => h !== null);
					expect(drawn).toEqual(order.slice(0, drawn.length));
					expect(drawn).not.toContain(s.keyOf('Maya'));
					expect(new Set(drawn).size).toBe(drawn.length);
				}
			),
			{ numRuns: 60 }
		);
	});
});
