import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as rotation from '../../src/lib/core/rotation';
import { sha256Hex } from '../../src/lib/core/bytes';
import { days, type TermLength } from '../../src/lib/core/calendar';
import type { Role } from '../../src/lib/core/charter';
import type { MemberKey } from '../../src/lib/core/types';

const keysFor = (n: number, salt = 'm'): MemberKey[] =>
	Array.from({ length: n }, (_, i) => sha256Hex(`${salt}${i}`) as MemberKey).sort();

const role = (over: Partial<Role> = {}): Role => ({
	id: 'steward',
	name: 'Steward',
	duties: '',
	term: days(7) as TermLength,
	seats: 1,
	maxConsecutive: 2,
	cooldownTerms: 1,
	...over
});

/** Runs `terms` draws directly, returning the holders of each term. */
const run = (
	members: MemberKey[],
	terms: number,
	r: Role,
	seed: string,
	away: (k: number) => Map<MemberKey, 'benched' | 'absent'> = () => new Map(),
	onTerm?: (
		k: number,
		holders: MemberKey[],
		tallies: Map<MemberKey, rotation.Tally>,
		avail: MemberKey[]
	) => void
): MemberKey[][] => {
	const tallies = new Map<MemberKey, rotation.Tally>();
	const out: MemberKey[][] = [];
	for (let k = 0; k < terms; k++) {
		const unavailable = away(k);
		const res = rotation.draw({
			role: r,
			term: k,
			segment: 0,
			seed,
			roster: members,
			unavailable,
			tallies,
			seats: r.seats,
			earn: true
		});
		rotation.recordService(tallies, res.holders, k);
		out.push(res.holders);
		onTerm?.(
			k,
			res.holders,
			tallies,
			members.filter((m) => !unavailable.has(m))
		);
	}
	return out;
};

describe('rotation: largest entitlement deficit first', () => {
	it.each([6, 7, 8, 9, 10])(
		'1,000 terms with %i members and no benches: counts differ by at most one',
		(n) => {
			const members = keysFor(n);
			const served = new Map<MemberKey, number>();
			let cycleChecks = 0;
			run(
				members,
				1000,
				role({ maxConsecutive: 1, cooldownTerms: 0 }),
				sha256Hex(`seed${n}`),
				undefined,
				(k, holders) => {
					for (const h of holders) served.set(h, (served.get(h) ?? 0) + 1);
					const counts = members.map((m) => served.get(m) ?? 0);
					// At every term, and so at every cycle boundary, nobody is more than one turn ahead.
					expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
					if ((k + 1) % n === 0) {
						expect(new Set(counts).size).toBe(1); // a full cycle: everyone served equally
						cycleChecks++;
					}
				}
			);
			expect(cycleChecks).toBe(Math.floor(1000 / n));
		}
	);

	it(
		'with cooldowns, benches and absences: reports and bounds the worst |served − entitled|',
		{ timeout: 120_000 },
		() => {
			const report: string[] = [];
			for (const n of [6, 7, 8, 9, 10]) {
				const members = keysFor(n, `b${n}`);
				let worst = 0;
				const entitled = new Map<MemberKey, number>(); // in seats, exact rational via SCALE
				const served = new Map<MemberKey, number>();
				const seed = sha256Hex(`bench${n}`);
				// Member 0 benched 3 terms out of every 10; member 1 absent for 5 terms every 25.
				const away = (k: number) => {
					const m = new Map<MemberKey, 'benched' | 'absent'>();
					if (k % 10 < 3) m.set(members[0]!, 'benched');
					if (k % 25 < 5) m.set(members[1]!, 'absent');
					return m;
				};
				run(
					members,
					1000,
					role({ maxConsecutive: 1, cooldownTerms: 2 }),
					seed,
					away,
					(_k, holders, _t, avail) => {
						for (const m of avail) entitled.set(m, (entitled.get(m) ?? 0) + rotation.SCALE / avail.length);
						for (const h of holders) served.set(h, (served.get(h) ?? 0) + 1);
						for (const m of members)
							worst = Math.max(
								worst,
								Math.abs((served.get(m) ?? 0) - (entitled.get(m) ?? 0) / rotation.SCALE)
							);
					}
				);
				report.push(`${n} members: worst |served − entitled| = ${worst.toFixed(3)} seats`);
				expect(worst).toBeLessThan(2);
			}
			console.info(report.join('\n'));
		}
	);

	it(
		'never exceeds max consecutive terms, honours cooldowns, never seats a benched or absent member',
		{ timeout: 120_000 },
		() => {
			fc.assert(
				fc.property(
					fc.integer({ min: 1, max: 10 }),
					fc.integer({ min: 1, max: 3 }),
					fc.integer({ min: 0, max: 3 }),
					fc.integer({ min: 1, max: 2 }),
					fc.array(fc.tuple(fc.nat(60), fc.nat(9), fc.boolean()), { maxLength: 40 }),
					fc.string(),
					(n, maxConsecutive, cooldownTerms, seats, aways, seedText) => {
						const members = keysFor(n, seedText);
						const r = role({ maxConsecutive, cooldownTerms, seats });
						const away = (k: number) => {
							const m = new Map<MemberKey, 'benched' | 'absent'>();
							for (const [term, who, bench] of aways)
								if (term === k && who < n) m.set(members[who]!, bench ? 'benched' : 'absent');
							return m;
						};
						const holders = run(members, 60, r, sha256Hex(seedText), away);
						for (let k = 0; k < holders.length; k++) {
							const hs = holders[k]!;
							expect(new Set(hs).size).toBe(hs.length);
							expect(hs.length).toBeLessThanOrEqual(seats);
							for (const h of hs) {
								expect(away(k).has(h)).toBe(false);
								let run = 1;
								while (k - run >= 0 && holders[k - run]!.includes(h)) run++;
								expect(run).toBeLessThanOrEqual(maxConsecutive);
								// Cooldown: between two separate runs at least cooldownTerms terms off.
								const prevEnd = k - run;
								if (prevEnd >= 0 && !holders[prevEnd]!.includes(h)) {
									let j = prevEnd;
									while (j >= 0 && !holders[j]!.includes(h)) j--;
									if (j >= 0) expect(prevEnd - j).toBeGreaterThanOrEqual(cooldownTerms);
								}
							}
						}
					}
				),
				{ numRuns: 150 }
			);
		}
	);

	it('adding a member never reorders the others among themselves (tie-break is per member)', () => {
		const members = keysFor(8);
		const seed = sha256Hex('ties');
		const order = (ms: MemberKey[]) =>
			ms
				.map((m) => ({ m, t: rotation.tieKey(seed, 5, 'steward', m) }))
				.sort((a, b) => (a.t < b.t ? -1 : 1))
				.map((x) => x.m);
		const before = order(members);
		const newcomer = sha256Hex('newcomer') as MemberKey;
		const after = order([...members, newcomer].sort()).filter((m) => m !== newcomer);
		expect(after).toEqual(before);
	});

	it('the first cycle follows the seeded tie order, and a different seed gives a different order', () => {
		const members = keysFor(8);
		const a = run(members, 8, role(), sha256Hex('a')).flat();
		const b = run(members, 8, role(), sha256Hex('b')).flat();
		expect(new Set(a).size).toBe(8);
		expect(a).not.toEqual(b);
	});
});
