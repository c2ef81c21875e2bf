/**
 * A payee's code (core/credit/pay-code.ts): what the payee's phone shows and the payer's phone
 * reads back; decoding is total, and a code for another circle, or one's own, fills in nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePayCode, encodePayCode, readPayCode, type PayCode } from '$lib/core/credit';
import type { CircleId, MemberKey } from '$lib/core/types';

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const circle = 'ab'.repeat(16) as CircleId;
const payee = 'cd'.repeat(32) as MemberKey;

describe('payment codes', () => {
	it('read back what they say, memos with colons, percent signs and any script included (property)', () => {
		fc.assert(
			fc.property(
				fc.option(fc.integer({ min: 1, max: 1_000_000_000 }), { nil: null }),
				fc.string({ maxLength: 280, unit: 'grapheme' }),
				(amount, memo) => {
					const c: PayCode = { circle, payee, amount, memo };
					expect(decodePayCode(encodePayCode(c))).toEqual({ ok: true, code: c });
				}
			),
			{ numRuns: 300, ...SEED }
		);
	});

	it('decoding any text gives a code or a rejection, never a throw (property)', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.string().map((s) => `CP1:${s}`)
				),
				(text) => {
					const d = decodePayCode(text);
					expect(typeof d.ok).toBe('boolean');
				}
			),
			{ numRuns: 500, ...SEED }
		);
	});

	it('refuses what is not one, an unreadable amount, another circle’s code and one’s own', () => {
		const good = encodePayCode({ circle, payee, amount: 150, memo: 'Bike repair' });
		expect(decodePayCode('CI1:abc')).toMatchObject({ ok: false, rejection: { code: 'pay-code-not-one' } });
		expect(decodePayCode(good.replace(':150:', ':1.5:'))).toMatchObject({
			rejection: { code: 'pay-code-amount' }
		});
		expect(decodePayCode(good.replace(':150:', ':0:'))).toMatchObject({
			rejection: { code: 'pay-code-amount' }
		});
		expect(decodePayCode(good + ':x')).toMatchObject({ rejection: { code: 'pay-code-not-one' } });
		expect(decodePayCode(good.replace('Bike', '%E0%A4%A'))).toMatchObject({
			rejection: { code: 'pay-code-not-one' }
		});
		expect(readPayCode(good, 'ef'.repeat(16) as CircleId, null)).toMatchObject({
			rejection: { code: 'pay-code-other-circle' }
		});
		expect(readPayCode(good, circle, payee)).toMatchObject({ rejection: { code: 'pay-code-self' } });
		expect(readPayCode(`  ${good}\n`, circle, null)).toMatchObject({ ok: true, code: { amount: 150 } });
	});
});
