// The credit history's CSV: RFC 4180 quoting, parsed back to the same rows, formulas defused.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HEADER, historyRows, parseCsv, toCsv } from '$lib/ui/credit/csv';
import type { Transfer } from '$lib/core/credit';
import type { EntryId, MemberKey } from '$lib/core/types';

const t = (memo: string, amount = 150): Transfer => ({
	id: 'ab'.repeat(32) as EntryId,
	from: 'cd'.repeat(32) as MemberKey,
	to: 'ef'.repeat(32) as MemberKey,
	amount,
	memo,
	at: Date.UTC(2026, 0, 5, 9),
	request: null,
	status: 'counted',
	settledAt: null
});
const names = (k: string) => (k.startsWith('cd') ? 'Zoë' : 'Ngọc, "the baker"');

describe('credit CSV', () => {
	it('one row per payment, amounts in the unit, dates in UTC', () => {
		const rows = historyRows([t('Bike repair')], names, 2, 'hours');
		expect(rows).toEqual([
			[
				'2026-01-05T09:00:00.000Z',
				'Zoë',
				'Ngọc, "the baker"',
				'1.50',
				'hours',
				'Bike repair',
				'counted',
				'ab'.repeat(32)
			]
		]);
		expect(toCsv(rows).split('\r\n')[1]).toBe(
			`2026-01-05T09:00:00.000Z,Zoë,"Ngọc, ""the baker""",1.50,hours,Bike repair,counted,${'ab'.repeat(32)}`
		);
	});

	it('a memo that looks like a formula is defused', () => {
		expect(historyRows([t('=HYPERLINK("x")')], names, 2, 'hours')[0]![5]).toBe(`'=HYPERLINK("x")`);
	});

	it('any rows parse back to themselves', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 8, maxLength: 8 }), { maxLength: 6 }),
				(rows) => {
					expect(parseCsv(toCsv(rows))).toEqual([[...HEADER], ...rows]);
				}
			)
		);
	});
});
