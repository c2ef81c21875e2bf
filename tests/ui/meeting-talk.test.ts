/** Talk time and shares as the Meeting screen words them (ui/meeting/talk.ts), table-driven. */
import { describe, expect, it } from 'vitest';
import { clockText, passOverWhy, percent, sharesOf } from '$lib/ui/meeting/talk';

describe('talk time in words', () => {
	it.each([
		[0, '0:00'],
		[999, '0:00'],
		[61_000, '1:01'],
		[3_599_000, '59:59'],
		[3_723_000, '1:02:03']
	])('%i ms reads %s', (ms, text) => expect(clockText(ms)).toBe(text));

	it('shares of a closed meeting are of the members’ talk, and sum to one', () => {
		const rows = sharesOf(['a', 'b', 'c'], [300, 100, 0]);
		expect(rows.map((r) => [r.member, r.ms, percent(r.share)])).toEqual([
			['a', 300_000, '75%'],
			['b', 100_000, '25%'],
			['c', 0, '0%']
		]);
		expect(sharesOf(['a'], [0])[0]!.share).toBe(0);
	});

	it('says why someone is passed over', () => {
		expect(passOverWhy({ reason: 'talk-share', meetings: 2, namedBy: 0 })).toBe(
			'held at least twice an equal share of the talk in 2 of the last 3 meetings'
		);
		expect(passOverWhy({ reason: 'least-heard', meetings: 0, namedBy: 3 })).toContain('named by 3 members');
	});
});
