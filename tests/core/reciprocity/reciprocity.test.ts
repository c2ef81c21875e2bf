/**
 * The reciprocity mirror, through the real ledger: who may record what, the receiver's word,
 * loans counted from the library, each kind in its own unit, and the early warnings. Attacks by a
 * member with a modified app sit beside each rule. Signals are pinned by golden vectors
 * (signals.golden.json; regenerate only on purpose: UPDATE_VECTORS=1), and are the same for the
 * same entries in any order. A failing property prints its seed; replay with FC_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as rc from '$lib/core/reciprocity';
import * as lib from '$lib/core/library';
import { reciprocity } from '$lib/core/domains';
import * as random from '$lib/core/random';
import type { Entry, MemberKey, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee', 'Eli'];
const T0 = utc(2025, 3, 3, 9);
const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const viewOf = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries): rc.ReciprocityView =>
	s.open(entries).view<rc.ReciprocityView>(reciprocity, now);
const codes = (s: Scenario, now: Millis, entries: readonly Entry[] = s.entries) =>
	s
		.open(entries)
		.state(now)
		.rejected.map((r) => r.code);
const mirror = (v: rc.ReciprocityView, key: MemberKey) => v.members.find((m) => m.key === key)!;

const give = (
	s: Scenario,
	author: string,
	at: Millis,
	giver: string,
	receiver: string | null,
	kind: rc.RecordedKind = 'hours',
	amount = 60,
	on = at
) =>
	s.write(
		author,
		at,
		rc.RECORD,
		rc.recordBody({ kind, amount, giver: s.keyOf(giver), receiver: receiver ? s.keyOf(receiver) : null, on })
	);

describe('reciprocity', () => {
	it('a receiver’s record counts at once; a giver’s waits for the receiver’s word', () => {
		const s = new Scenario(T0, NAMES);
		give(s, 'Bo', T0 + DAY, 'Ama', 'Bo', 'hours', 90);
		const claim = give(s, 'Ama', T0 + DAY, 'Ama', 'Cyd', 'meals', 2);
		let v = viewOf(s, T0 + 2 * DAY);
		expect(mirror(v, s.keyOf('Ama')).given).toMatchObject({ hours: 90, meals: 0 });
		expect(mirror(v, s.keyOf('Bo')).received.hours).toBe(90);
		expect(v.pending.map((c) => c.id)).toEqual([s.id(claim)]);
		s.write('Cyd', T0 + 3 * DAY, rc.CONFIRM, rc.confirmBody(s.id(claim)));
		v = viewOf(s, T0 + 3 * DAY + 1);
		expect(mirror(v, s.keyOf('Ama')).given).toMatchObject({ hours: 90, meals: 2 });
		expect(mirror(v, s.keyOf('Ama')).givenActs).toBe(2);
		expect(v.pending).toEqual([]);
	});

	it('attack: nobody raises their own giving alone (self-confirm, a third party, a record between others)', () => {
		const s = new Scenario(T0, NAMES);
		const claim = give(s, 'Ama', T0 + DAY, 'Ama', 'Bo', 'hours', 600);
		s.write('Ama', T0 + DAY + 1, rc.CONFIRM, rc.confirmBody(s.id(claim))); // the giver confirms
		s.write('Cyd', T0 + DAY + 2, rc.CONFIRM, rc.confirmBody(s.id(claim))); // not the receiver
		give(s, 'Cyd', T0 + DAY + 3, 'Ama', 'Bo'); // Cyd writes what Ama gave Bo
		const toCircle = give(s, 'Ama', T0 + DAY + 4, 'Ama', null, 'care', 120);
		s.write('Ama', T0 + DAY + 5, rc.CONFIRM, rc.confirmBody(s.id(toCircle))); // own, to the circle
		expect(codes(s, T0 + 2 * DAY)).toEqual([
			'reciprocity-not-receiver',
			'reciprocity-not-receiver',
			'reciprocity-not-party',
			'reciprocity-not-receiver'
		]);
		expect(mirror(viewOf(s, T0 + 2 * DAY), s.keyOf('Ama')).givenActs).toBe(0);
		// Anyone else in the circle may vouch for a gift to the whole circle; once.
		s.write('Dee', T0 + DAY + 6, rc.CONFIRM, rc.confirmBody(s.id(toCircle)));
		s.write('Eli', T0 + DAY + 7, rc.CONFIRM, rc.confirmBody(s.id(toCircle)));
		expect(codes(s, T0 + 2 * DAY).slice(4)).toEqual(['reciprocity-confirmed']);
		expect(mirror(viewOf(s, T0 + 2 * DAY), s.keyOf('Ama')).given.care).toBe(120);
	});

	it('attack: dating, kinds and amounts a modified app could write are refused with a code', () => {
		const s = new Scenario(T0, NAMES);
		const at = T0 + 100 * DAY;
		const raw = (body: object) => s.write('Bo', at, rc.RECORD, body as never);
		const base = {
			kind: 'hours',
			amount: 60,
			giver: s.keyOf('Ama'),
			receiver: s.keyOf('Bo'),
			on: at,
			note: ''
		};
		raw({ ...base, on: at + HOUR }); // dated after it takes effect
		raw({ ...base, on: at - 61 * DAY }); // too far back
		raw({ ...base, kind: 'tools' }); // loans count from the library only
		raw({ ...base, amount: 0 });
		raw({ ...base, amount: 7 * 24 * 60 + 1 });
		raw({ ...base, giver: s.keyOf('Bo') }); // to oneself
		raw({ ...base, giver: s.keyOf('Zed') }); // not a member
		expect(codes(s, at + DAY)).toEqual([
			'reciprocity-date',
			'reciprocity-date',
			'reciprocity-tools-from-library',
			'reciprocity-amount',
			'reciprocity-amount',
			'reciprocity-self',
			'reciprocity-member'
		]);
		expect(() => rc.recordBody({ ...base, kind: 'meals', amount: 101 } as never)).toThrow(
			'reciprocity-amount'
		);
	});

	it('loans count as tools on their own: the keeper gave, the borrower received, each kind in its own unit', () => {
		const s = new Scenario(T0, NAMES);
		const item = s.id(
			s.write(
				'Ama',
				T0 + HOUR,
				lib.ITEM,
				lib.itemBody({ name: 'Drill', category: 'Tools', keeper: s.keyOf('Ama') })
			)
		);
		const lend = s.write('Ama', T0 + DAY, lib.LEND, lib.lendBody(item, s.keyOf('Bo'), T0 + DAY, 7));
		let v = viewOf(s, T0 + 2 * DAY);
		expect(mirror(v, s.keyOf('Ama')).given.tools).toBe(0); // not handed over until Bo confirms
		s.write('Bo', T0 + DAY + 60_000, lib.RECEIVE, lib.receiveBody(s.id(lend)));
		give(s, 'Ama', T0 + 2 * DAY, 'Bo', 'Ama', 'hours', 45);
		v = viewOf(s, T0 + 3 * DAY);
		expect(mirror(v, s.keyOf('Ama'))).toMatchObject({
			given: { tools: 1, hours: 0 },
			received: { hours: 45, tools: 0 },
			givenActs: 1,
			receivedActs: 1
		});
		expect(v.recent.map((c) => c.kind)).toEqual(['hours', 'tools']);
	});

	it('warns: mostly giving, mostly receiving, quiet, one person carries (share above 2/n)', () => {
		const s = new Scenario(T0, NAMES);
		// Ama helps everyone, every few days; Bo receives the most; Eli does nothing at all.
		for (let i = 0; i < 14; i++) {
			const to = ['Bo', 'Cyd', 'Dee'][i % 3]!;
			give(s, to, T0 + (1 + 3 * i) * DAY, 'Ama', to);
		}
		for (let d = 2; d <= 40; d += 10) give(s, 'Bo', T0 + d * DAY, 'Cyd', 'Bo');
		const v = viewOf(s, T0 + 41 * DAY);
		const by = (code: string) => v.signals.filter((x) => x.code === code).map((x) => s.names.get(x.member));
		expect(by('mostly-giving')).toEqual(['Ama']);
		expect(by('carries')).toEqual(['Ama']);
		expect(by('mostly-receiving').sort()).toEqual(['Bo', 'Dee']);
		expect(by('quiet')).toEqual(['Eli']);
		expect(v.signals.find((x) => x.code === 'quiet')!.params.days).toBe(41);
		// A newcomer is not quiet before the quiet days have passed since joining.
		s.join('Fay', T0 + 30 * DAY);
		expect(viewOf(s, T0 + 41 * DAY).signals.some((x) => s.names.get(x.member) === 'Fay')).toBe(false);
	});

	it('the Gini trend has twelve months, null where nobody gave', () => {
		const s = new Scenario(T0, NAMES);
		give(s, 'Bo', T0 + DAY, 'Ama', 'Bo');
		const v = viewOf(s, T0 + 2 * DAY);
		expect(v.gini).toHaveLength(12);
		expect(v.gini.at(-1)).toEqual({ month: '2025-03', permille: 800, acts: 1 });
		expect(v.gini[0]!.permille).toBeNull();
		expect(rc.giniPermille([1, 1, 1])).toBe(0);
		expect(rc.giniPermille([0, 0, 3])).toBe(666);
	});

	it('any delivery order gives the same mirror and the same warnings (property)', () => {
		const s = new Scenario(T0, NAMES);
		const r = random.stream('00'.repeat(32), ['reciprocity-test']);
		for (let i = 0; i < 40; i++) {
			const g = NAMES[r.below(5)]!;
			const others = NAMES.filter((n) => n !== g);
			const to = others[r.below(4)]!;
			const byGiver = r.below(2) === 0;
			const e = give(
				s,
				byGiver ? g : to,
				T0 + (i + 1) * 2 * HOUR,
				g,
				to,
				rc.RECORDED_KINDS[r.below(4)]!,
				1 + r.below(9)
			);
			if (byGiver && r.below(2) === 0)
				s.write(to, T0 + (i + 1) * 2 * HOUR + 60_000, rc.CONFIRM, rc.confirmBody(s.id(e)));
		}
		const now = T0 + 5 * DAY;
		const want = JSON.stringify(viewOf(s, now));
		fc.assert(
			fc.property(fc.shuffledSubarray([...s.entries], { minLength: s.entries.length }), (order) => {
				expect(JSON.stringify(viewOf(s, now, order))).toBe(want);
			}),
			{ numRuns: 25, ...SEED }
		);
	});
});

/** Golden vectors: acts → signals, from the pure function every phone runs. */
const FILE = new URL('./signals.golden.json', import.meta.url);
const buildVectors = () => {
	const key = (i: number) => (i.toString(16).padStart(2, '0') + 'ab'.repeat(31)) as MemberKey;
	const now = utc(2025, 6, 1, 12);
	const cases = [];
	for (let c = 0; c < 8; c++) {
		const r = random.stream('11'.repeat(32), ['reciprocity-golden', String(c)]);
		const n = 3 + r.below(8);
		const members = Array.from({ length: n }, (_, i) => ({
			key: key(i),
			since: now - (20 + r.below(120)) * DAY
		}));
		const acts: rc.Act[] = [];
		const count = r.below(60);
		const heavy = r.below(n);
		for (let i = 0; i < count; i++) {
			const giver = r.below(3) === 0 ? heavy : r.below(n);
			const receiver = r.below(8) === 0 ? null : (giver + 1 + r.below(n - 1)) % n;
			acts.push({
				giver: key(giver),
				receiver: receiver === null ? null : key(receiver),
				on: now - r.below(120 * 24) * HOUR
			});
		}
		const rules = { ...rc.DEFAULT_RULES, windowDays: [30, 60, 90][c % 3]!, quietDays: [14, 28][c % 2]! };
		cases.push({ now, rules, members, acts, signals: rc.signals(acts, { members }, now, rules) });
	}
	return {
		about:
			'Reciprocity signals (src/lib/core/reciprocity/signals.ts). Regenerate only on purpose: UPDATE_VECTORS=1.',
		cases
	};
};

describe('golden signals', () => {
	if (process.env.UPDATE_VECTORS === '1' || !existsSync(FILE))
		writeFileSync(FILE, JSON.stringify(buildVectors(), null, '\t') + '\n');
	const golden = JSON.parse(readFileSync(FILE, 'utf8'));

	it('every phone computes these signals from these acts', () => {
		for (const c of golden.cases)
			expect(rc.signals(c.acts, { members: c.members }, c.now, c.rules)).toEqual(c.signals);
		expect(buildVectors()).toEqual(golden);
	});

	it('cover every warning', () => {
		const seen = new Set(golden.cases.flatMap((c: { signals: rc.Signal[] }) => c.signals.map((x) => x.code)));
		expect([...seen].sort()).toEqual(['carries', 'mostly-giving', 'mostly-receiving', 'quiet']);
	});
});
