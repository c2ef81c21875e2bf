/**
 * `npm run bench`, the economy's rows (issue 9): a full fold of the 100k-entry demo circle, whose
 * entries are mostly economy (payments, loans, contributions, scorecard records), beside the ledger
 * alone in the same run; and opening each economy screen's view (Credit, Library, Reciprocity,
 * Scorecard) on the 20k-entry demo, beside the Now screen's view (rotation) in the same run. A view
 * is timed the first time it is asked for, on a circle folded just before (nothing cached).
 * Measurements, never pass/fail: a miss prints MISS.
 */
import { it } from 'vitest';
import { cachedDemo } from './demo-cache';
import { Ledger } from '../../src/lib/core/ledger';
import { openCircle } from '../../src/lib/core/circle';
import { entryId } from '../../src/lib/core/entry';
import { credit, library, reciprocity, rotation, scorecard } from '../../src/lib/core/domains';
import type { AnyDomain } from '../../src/lib/core/host/domain';
import type { Arrival } from '../../src/lib/core/ledger';
import type { DemoCircle } from '../../src/lib/core/demo';
import { inFoldOrder } from '../../src/lib/core/order';
import { FOLD_SLICE } from '../../src/lib/state/circle-session';

const rows: string[] = [];
const report = (what: string, value: string, target: string, ok: boolean, baseline = '') =>
	rows.push(
		`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(46)} ${value.padStart(12)}   ${target ? `target ${target}` : ''}${baseline ? `   ${baseline}` : ''}`
	);
const time = (f: () => unknown): number => {
	const t0 = performance.now();
	f();
	return performance.now() - t0;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const RUNS = Number(process.env.CIRCULATE_BENCH_RUNS ?? 3);
const ECONOMY = /^(credit|library|reciprocity|scorecard)\./;

const arrivals = (demo: DemoCircle): Arrival[] =>
	demo.entries.map((entry) => ({ entry, sigValid: true, id: JSON.parse(JSON.stringify(entryId(entry))) }));

it('economy: a full fold of the 100k-entry circle, mostly economy', () => {
	const demo = cachedDemo('bench', 100_000);
	const now = demo.end + 60_000;
	const device = arrivals(demo);
	const share = demo.entries.filter((e) => ECONOMY.test(e.type)).length / demo.entries.length;
	const folds: number[] = [];
	const ledgers: number[] = [];
	for (let r = 0; r < RUNS; r++) {
		const ledger = new Ledger(demo.circle);
		ledgers.push(time(() => (ledger.add(device, now), ledger.state())));
		const circle = openCircle(demo.circle, { trustDecoded: true });
		folds.push(time(() => (circle.add(device, now), circle.state(now))));
	}
	const fold = Math.min(...folds);
	report(
		`full fold, ${device.length} entries, ${Math.round(share * 100)}% economy`,
		ms(fold),
		'< 300 ms',
		fold < 300,
		`ledger alone, same run: ${ms(Math.min(...ledgers))}`
	);
}, 1_800_000);

it('economy: opening each economy screen’s view on the 20k-entry demo', () => {
	const demo = cachedDemo('bench', 20_000);
	const now = demo.end + 60_000;
	const device = arrivals(demo);
	const screens: [string, AnyDomain][] = [
		['Credit', credit],
		['Library', library],
		['Reciprocity', reciprocity],
		['Scorecard', scorecard]
	];
	const best = new Map<string, number>();
	let baseline = Infinity;
	for (let r = 0; r < RUNS; r++) {
		for (const [name, domain] of [['Now (rotation)', rotation] as [string, AnyDomain], ...screens]) {
			const circle = openCircle(demo.circle, { trustDecoded: true });
			circle.add(device, now);
			const t = time(() => circle.view(domain, now));
			if (domain === rotation) baseline = Math.min(baseline, t);
			else best.set(name, Math.min(best.get(name) ?? Infinity, t));
		}
	}
	for (const [name] of screens) {
		const t = best.get(name)!;
		report(
			`open ${name} on ${device.length} entries (view)`,
			ms(t),
			'< 200 ms',
			t < 200,
			`Now's view, same run: ${ms(baseline)}`
		);
	}
}, 1_800_000);

it('start-up: the 20k-entry demo folded in slices (state/circle-session.ts), beside one add', () => {
	const demo = cachedDemo('bench', 20_000);
	const now = demo.end + 60_000;
	const device = arrivals(demo);
	const firsts: number[] = [];
	const longest: number[] = [];
	const totals: number[] = [];
	const ones: number[] = [];
	for (let r = 0; r < RUNS; r++) {
		const one = openCircle(demo.circle, { trustDecoded: true });
		ones.push(time(() => (one.add(device, now), one.ledger.state())));
		const c = openCircle(demo.circle, { trustDecoded: true });
		const slices: number[] = [];
		totals.push(
			time(() => {
				const ordered = inFoldOrder(device);
				for (let i = 0; i < ordered.length; i += FOLD_SLICE)
					slices.push(time(() => (c.add(ordered.slice(i, i + FOLD_SLICE), now), c.ledger.state())));
			})
		);
		if (c.ledger.head() !== one.ledger.head()) throw new Error('the sliced fold gave another head');
		firsts.push(slices[0]!);
		longest.push(Math.max(...slices));
	}
	const one = Math.min(...ones);
	report(
		`start-up: first of ${Math.ceil(device.length / FOLD_SLICE)} slices (name, progress)`,
		ms(Math.min(...firsts)),
		'(info)',
		true,
		`one add of all ${device.length}, same run: ${ms(one)}`
	);
	report(
		'start-up: longest slice (the page waits this)',
		ms(Math.min(...longest)),
		'< 200 ms',
		Math.min(...longest) < 200
	);
	report(
		'start-up: every slice, sorted first',
		ms(Math.min(...totals)),
		'(info)',
		true,
		`${((Math.min(...totals) / one - 1) * 100).toFixed(0)}% over one add`
	);
}, 1_800_000);

it('prints the economy report', () => {
	console.log(['', 'Economy benchmarks (best of runs):', ...rows, ''].join('\n'));
});
