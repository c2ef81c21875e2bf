/**
 * The decision intents check what a person could get wrong before anything is signed: a deadline in
 * the past or more than 90 days away is refused with the rule's code (the fold would refuse it too),
 * and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { RuleError } from '$lib/core/host/domain';
import { DAY_MS } from '$lib/core/calendar';
import * as decision from '$lib/state/intents/decision';
import type { Signer } from '$lib/state/intents/signer';

const NOW = Date.UTC(2026, 10, 30, 12, 43);

const signer = () => {
	const signed: { type: string; body: unknown }[] = [];
	const s = {
		now: () => NOW,
		sign: async (type: string, body: unknown) => {
			signed.push({ type, body });
			return 'ab'.repeat(32);
		}
	} as unknown as Signer;
	return { s, signed };
};

describe('proposing a decision with a deadline', () => {
	it('signs a deadline within 90 days, and none for the charter’s window', async () => {
		const { s, signed } = signer();
		await decision.propose(s, { title: 'Buy a ladder', outside: false, deadline: NOW + 7 * DAY_MS });
		await decision.propose(s, { title: 'Paint the shed', outside: false, deadline: null });
		expect(signed.map((x) => x.body)).toEqual([
			{ title: 'Buy a ladder', text: '', outside: false, deadline: NOW + 7 * DAY_MS },
			{ title: 'Paint the shed', text: '', outside: false }
		]);
	});

	it.each([
		['in the past', NOW - 60_000],
		['now', NOW],
		['more than 90 days away', NOW + 90 * DAY_MS + 1]
	])('refuses a deadline %s before signing anything', (_, deadline) => {
		const { s, signed } = signer();
		let thrown: unknown = null;
		try {
			void decision.propose(s, { title: 'Buy a ladder', outside: false, deadline });
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeInstanceOf(RuleError);
		expect((thrown as RuleError).rejection).toEqual({ code: 'decision-deadline', params: { maxDays: 90 } });
		expect(signed).toEqual([]);
	});
});
