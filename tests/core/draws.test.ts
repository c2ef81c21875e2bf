/**
 * Golden draws: a small circle's rotation, mandates and a reset, recorded as names and
 * UTC instants in tests/core/vectors/draws.json. Any change to the rules, the random
 * stream or the calendar changes a line here and fails the test; regenerate only on
 * purpose with UPDATE_VECTORS=1 and explain the change in the commit.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as governance from '../../src/lib/core/rotation/domain';
import * as mandate from '../../src/lib/core/mandates/domain';
import * as random from '../../src/lib/core/random';
import * as charter from '../../src/lib/core/charter/domain';
import { defaultCharter } from '../../src/lib/core/charter/content';
import { isoUtc, localCivil } from '../../src/lib/core/calendar';
import { sha256Hex } from '../../src/lib/core/bytes';
import { DAY, HOUR, Scenario, utc } from './scenario';

const FILE = new URL('./vectors/draws.json', import.meta.url);

const build = () => {
	const s = new Scenario(
		utc(2025, 3, 3, 9),
		['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame', 'İlkay'],
		sha256Hex('draws/v1')
	);
	const name = (k: string) => s.names.get(k as never) ?? k;
	// A bench from facilitation (proposed by Maya, supported by Zoë and Tomasz: the default
	// threshold of three), a step-down, a reset by three, mandates.
	const bench = s.write(
		'Maya',
		utc(2025, 3, 20, 18),
		governance.BENCH,
		governance.benchBody(s.keyOf('Ngọc'), 'facilitator', utc(2025, 4, 20), 'held the floor')
	);
	for (const n of ['Zoë', 'Tomasz'])
		s.write(n, utc(2025, 3, 20, 18), governance.BENCH_SECOND, governance.benchSecondBody(s.id(bench)));
	for (let i = 0; i < 6; i++)
		s.write(
			['Zoë', 'Kwame', 'İlkay', 'Maya', 'Ngọc', 'Aïcha'][i]!,
			utc(2025, 4, 1 + i, 12),
			mandate.PROPOSE,
			mandate.proposeBody(`Task ${i}`, utc(2025, 5, 30))
		);
	const mid = s.fold(utc(2025, 4, 10, 12));
	const steward = mid.roles.find((r) => r.role.id === 'steward')!.current!;
	s.write(
		steward.holders[0]!,
		utc(2025, 4, 10, 12),
		governance.STEPDOWN,
		governance.stepdownBody('steward', steward.term, 'moving away')
	);
	for (const [i, n] of ['Tomasz', 'Aïcha', 'Zoë'].entries())
		s.write(n, utc(2025, 5, 14, 10 + i), 'reset.call', { reason: 'test' });
	const st = s.fold(utc(2025, 7, 1));
	const rotation = st.history.map((h) => ({
		role: h.role,
		term: h.term,
		segment: h.segment,
		cycle: h.cycle,
		start: isoUtc(h.start),
		freezeAt: isoUtc(h.freezeAt),
		began: h.began,
		holders: h.holders.map(name)
	}));
	const mandates = st.mandates.map((m) => ({
		task: m.task,
		proposer: name(m.proposer),
		holder: m.holder ? name(m.holder) : null,
		status: m.status
	}));
	// A lottery whose first sample is rejected: the first word of this domain is ≥ 3·2^30.
	let term = 0;
	while (random.stream(s.seed, ['rot/v1', String(term), 'lottery']).nextU32() < 3 * 2 ** 30) term++;
	const rejected = {
		seed: s.seed,
		domain: ['rot/v1', String(term), 'lottery'],
		n: 3 * 2 ** 30,
		value: random.stream(s.seed, ['rot/v1', String(term), 'lottery']).below(3 * 2 ** 30)
	};
	return {
		about: 'Golden draws (tests/core/draws.test.ts). Regenerate only on purpose: UPDATE_VECTORS=1.',
		seed: s.seed,
		members: [...s.members.values()].map((m) => ({ name: m.name, key: m.key })),
		resets: st.reset.history.map((r) => ({
			at: isoUtc(r.at),
			seed: r.seed,
			callers: r.calls.map((c) => name(c.member))
		})),
		rotation,
		mandates,
		handoffs: st.handoffs.map((h) => ({
			role: h.role,
			from: name(h.from),
			to: h.to.map(name),
			at: isoUtc(h.at)
		})),
		rejectedFirstSample: rejected,
		localTime: [buildOffset(13 * 60 + 45), buildOffset(-(9 * 60 + 30))]
	};
};

/** An instant as the circle's own clock shows it: "2025-03-10 00:00 +13:45". */
const circleTime = (t: number, off: number): string => {
	const c = localCivil(t, off);
	const p = (n: number) => String(n).padStart(2, '0');
	const o = Math.abs(off);
	return `${c.y}-${p(c.m)}-${p(c.d)} ${p(Math.floor(c.minutes / 60))}:${p(c.minutes % 60)} ${off < 0 ? '-' : '+'}${p(Math.floor(o / 60))}:${p(o % 60)}`;
};

/**
 * A circle far from UTC (protocol v2: the charter's `utcOffsetMinutes`): founded at 09:00 UTC
 * on Monday 3 March 2025 under the default charter (UTC), it ratifies the offset and a meeting
 * on Thursdays at 19:30 an hour later. The founding term runs on the UTC grid; every boundary
 * from the first whose freeze point comes after the ratification is the circle's own midnight.
 */
const buildOffset = (off: number) => {
	const s = new Scenario(utc(2025, 3, 3, 9), ['Maya', 'Zoë', 'Ngọc', 'Tomasz'], sha256Hex(`local/${off}`));
	const name = (k: string) => s.names.get(k as never) ?? k;
	const content = {
		...defaultCharter(),
		utcOffsetMinutes: off,
		rituals: { ...defaultCharter().rituals, meetingWeekday: 4, meetingMinutes: 19 * 60 + 30 }
	};
	s.write('Maya', utc(2025, 3, 3, 10), charter.PROPOSE, charter.proposalBody(content, 'Our time.'));
	for (const n of ['Zoë', 'Ngọc', 'Tomasz'])
		s.write(n, utc(2025, 3, 3, 10, 5), charter.CONSENT, charter.consentBody(s.id(s.entries[4]!)));
	const proposal = s.fold(utc(2025, 3, 3, 10, 10)).charter.proposals[0]!;
	s.write('Maya', utc(2025, 3, 3, 10, 10), charter.RATIFY, charter.ratifyBody(proposal));
	const st = s.fold(utc(2025, 5, 20));
	return {
		offset: off,
		rotation: st.history.map((h) => ({
			role: h.role,
			term: h.term,
			start: isoUtc(h.start),
			circleTime: circleTime(h.start, off),
			freezeAt: isoUtc(h.freezeAt),
			holders: h.holders.map(name)
		})),
		nextMeeting: circleTime(st.rituals.nextMeeting, off),
		nextPairAudit: circleTime(st.rituals.nextPairAudit, off)
	};
};

describe('golden draws', () => {
	if (process.env.UPDATE_VECTORS === '1' || !existsSync(FILE))
		writeFileSync(FILE, JSON.stringify(build(), null, '\t') + '\n');
	const golden = JSON.parse(readFileSync(FILE, 'utf8'));

	it('match draws.json exactly', () => {
		expect(build()).toEqual(golden);
	});

	it('cover a non-ASCII name, a reset, a step-down, and a term boundary in a daylight-saving week', () => {
		const v = build();
		expect(v.rotation.some((r) => r.holders.some((n) => /[^\x20-\x7e]/.test(n)))).toBe(true);
		expect(v.resets).toHaveLength(1);
		expect(v.rotation.filter((r) => r.began === 'reset')).toHaveLength(3);
		expect(v.handoffs).toHaveLength(1);
		// The EU switched to summer time on Sunday 2025-03-30, the US on 2025-03-09,
		// Chatham back on 2025-04-06: the weekly boundaries stay on UTC midnight.
		const fac = v.rotation.filter((r) => r.role === 'facilitator').map((r) => r.start);
		expect(fac).toEqual(
			expect.arrayContaining([
				'2025-03-10T00:00:00.000Z',
				'2025-03-31T00:00:00.000Z',
				'2025-04-07T00:00:00.000Z'
			])
		);
		expect(
			v.rotation
				.filter((r) => r.role === 'facilitator' && r.start >= '2025-03-24' && r.start < '2025-04-21')
				.every((r) => !r.holders.includes('Ngọc'))
		).toBe(true);
		expect(v.mandates.every((m) => m.holder !== m.proposer)).toBe(true);
		const s = random.stream(v.rejectedFirstSample.seed, v.rejectedFirstSample.domain);
		expect(s.nextU32()).toBeGreaterThanOrEqual(v.rejectedFirstSample.n);
	});

	it('turn over at the circle’s own midnight once its offset is ratified (+13:45 and −09:30)', () => {
		for (const v of build().localTime) {
			const fac = v.rotation.filter((r) => r.role === 'facilitator');
			// The founding term starts at the founding, drawn at once; the next ends on the UTC grid
			// moved to the circle's nearest midnight; every later one starts at its midnight too.
			expect(fac[0]!.start).toBe('2025-03-03T09:00:00.000Z');
			expect(fac[0]!.holders).toEqual(['Maya']);
			for (const r of fac.slice(1)) expect(r.circleTime).toMatch(/ 00:00 [+-]/);
			expect(v.nextMeeting).toMatch(/ 19:30 [+-]/);
		}
		const [east, west] = build().localTime;
		expect(east!.rotation.find((r) => r.role === 'facilitator' && r.term === 1)!.start).toBe(
			'2025-03-10T10:15:00.000Z'
		);
		expect(west!.rotation.find((r) => r.role === 'facilitator' && r.term === 1)!.start).toBe(
			'2025-03-10T09:30:00.000Z'
		);
	});

	it('the first term of a new cycle after a reset uses the reset seed', () => {
		const v = build();
		const first = v.rotation.find((r) => r.began === 'reset')!;
		expect(first.freezeAt).toBe(v.resets[0]!.at);
		expect(first.cycle).toBe(1);
	});
});

void DAY;
void HOUR;
