/**
 * The scorecard's tables as files: CSV parses back to the same rows (commas, quotes, line breaks,
 * non-ASCII names and formula-like text included), JSON to the same objects.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '$lib/ui/credit/csv';
import { csvOf, defuse, jsonOf, slugOf, type Table } from '$lib/ui/economy/tables';

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

describe('economy tables as files', () => {
	it('CSV parses back to the same rows, and JSON to the same objects (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(fc.string(), fc.constantFrom('a,b', 'say "hi"', 'two\r\nlines', 'Ngọc', '=SUM(A1)')),
					{
						minLength: 1,
						maxLength: 5
					}
				),
				fc.array(fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 5, maxLength: 5 }), {
					maxLength: 8
				}),
				(header, raw) => {
					const h = header.map((x, i) => `${i}:${x}`);
					const rows = raw.map((r) => h.map((_, i) => r[i % r.length]!));
					const t: Table = { name: 't', header: h, rows };
					const back = parseCsv(csvOf(t));
					expect(back).toEqual([h, ...rows.map((r) => r.map(String))]);
					expect(JSON.parse(jsonOf(t))).toEqual(
						rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])))
					);
				}
			),
			{ numRuns: 200, ...SEED }
		);
	});

	it('defuses what a spreadsheet would run, and names files after the circle', () => {
		expect(['=1+1', '+1', '-1', '@x', 'fine'].map(defuse)).toEqual(["'=1+1", "'+1", "'-1", "'@x", 'fine']);
		expect(slugOf('Elm St Tools')).toBe('elm-st-tools');
		expect(slugOf('Ngọc’s garden')).toBe('ngoc-s-garden');
		expect(slugOf('!!!')).toBe('circle');
	});
});
