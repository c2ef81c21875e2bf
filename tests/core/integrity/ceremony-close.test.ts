/**
 * Threat model T5: committing after the reveals, by back-dating the commit. A member who has
 * written nothing since before the ceremony signs a `seed.commit` dated before the first reveal
 * (or before the close), after seeing every revealed value, then reveals a value of their
 * choosing: on v1 that commit counted, so they chose the new seed; and arriving after the
 * ceremony was recorded it un-completed it. Now a `seed.close` names the commitments it counts
 * before anyone reveals; reveals and the ceremony entry name that close.
 *
 * The bodies are written out by hand (no builders), so the same attacks run on v1's rules,
 * where `seed.close` is an unknown type and the `close` members are ignored.
 */
import { describe, expect, it } from 'vitest';
import { commitmentFor, nextSeed } from '$lib/core/seeds';
import { openCircle } from '../../../src/lib/core/circle';
import type { Json } from '../../../src/lib/core/canonical';
import type { Entry, MemberKey } from '../../../src/lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);
const AT = T0 + 8 * DAY;
const CID = 'ef'.repeat(8);
const HONEST = ['Maya', 'Zoë', 'Ngọc'];
const VALUES = ['11', '22', '33'].map((x) => x.repeat(32));
const DICE = '34';
/** Values the attacker may try once they have seen the others' (grinding). */
const CHOICES = ['44', '55', '66'].map((x) => x.repeat(32));

const byMember = <T extends { member: string }>(xs: T[]): T[] =>
	xs.slice().sort((a, b) => (a.member < b.member ? -1 : 1));

/** A dated entry by anyone, with its author's chain continued (so it can be back-dated). */
const forge = (s: Scenario, author: string, at: number, type: string, body: Json): Entry => {
	const e = { ...s.draft(author, at, type, body), hlc: [at, 0] as [number, number] };
	s.entries.push(e);
	s.ids.push(s.id(e));
	// Keep the author's chain: the next draft continues from this entry.
	(s as unknown as { chains: Map<string, { seq: number; prev: string }> }).chains.set(e.author, {
		seq: e.seq,
		prev: s.id(e)
	});
	return e;
};

interface Honest {
	s: Scenario;
	close: string;
	previous: string;
	/** The seed the honest ceremony brings. */
	seed: string;
	reveals: { member: MemberKey; value: string; dice: string }[];
}

/** Three honest phones commit, one closes, all three reveal naming it; `complete` writes the seed. */
const honest = (complete: boolean): Honest => {
	const s = new Scenario(T0, NAMES);
	const commitments = HONEST.map((n, i) => {
		const member = s.keyOf(n);
		const commitment = commitmentFor(CID, member, VALUES[i]!, DICE);
		s.write(n, AT + i, 'seed.commit', { ceremony: CID, commitment });
		return { member, commitment };
	});
	const close = s.id(
		s.write('Maya', AT + 10, 'seed.close', { ceremony: CID, commitments: byMember(commitments) })
	);
	HONEST.forEach((n, i) =>
		s.write(n, AT + 20 + i, 'seed.reveal', { ceremony: CID, close, value: VALUES[i]!, dice: DICE })
	);
	const reveals = byMember(HONEST.map((n, i) => ({ member: s.keyOf(n), value: VALUES[i]!, dice: DICE })));
	const seed = nextSeed(s.seed, reveals);
	if (complete) s.write('Zoë', AT + HOUR, 'seed.ceremony', { ceremony: CID, close, reveals, seed });
	return { s, close, previous: s.seed, seed, reveals };
};

/** The seed in force a day later, with the entries delivered one at a time in `order`. */
const seedAfter = (s: Scenario, order: readonly Entry[] = s.entries): string => {
	const c = openCircle(s.circle, { verifyJoin: () => true });
	const last = order.reduce((t, e) => Math.max(t, e.hlc[0]), 0);
	for (const entry of order) c.add([{ entry, sigValid: true }], last + 1);
	return c.state(AT + DAY).seeds.at(-1)!.seed;
};

/** Every order worth trying: as written, the attacker's entries first, reversed, interleaved. */
const orders = (s: Scenario, attack: readonly Entry[]): Entry[][] => {
	const rest = s.entries.filter((e) => !attack.includes(e));
	return [
		s.entries.slice(),
		[...rest.slice(0, NAMES.length), ...attack, ...rest.slice(NAMES.length)],
		[...rest, ...attack.slice().reverse()],
		s.entries.slice().reverse(),
		s.entries.filter((_, i) => i % 2 === 0).concat(s.entries.filter((_, i) => i % 2 === 1))
	];
};

/**
 * Kwame, silent since he joined, has seen every reveal. He signs a commit to `value` dated at
 * `commitAt` (before the first reveal, or before the close), reveals it naming `close` (the
 * honest one, or a back-dated close of his own), and writes a ceremony entry with every reveal.
 */
const lateCommit = (h: Honest, value: string, commitAt: number, ownClose: boolean): Entry[] => {
	const { s } = h;
	const kwame = s.keyOf('Kwame');
	const commitment = commitmentFor(CID, kwame, value, '');
	const attack = [forge(s, 'Kwame', commitAt, 'seed.commit', { ceremony: CID, commitment })];
	let close = h.close;
	if (ownClose) {
		const all = byMember([
			...HONEST.map((n, i) => ({
				member: s.keyOf(n),
				commitment: commitmentFor(CID, s.keyOf(n), VALUES[i]!, DICE)
			})),
			{ member: kwame, commitment }
		]);
		const own = forge(s, 'Kwame', commitAt + 1, 'seed.close', { ceremony: CID, commitments: all });
		attack.push(own);
		close = s.id(own);
	}
	attack.push(forge(s, 'Kwame', AT + 2 * HOUR, 'seed.reveal', { ceremony: CID, close, value, dice: '' }));
	const reveals = byMember([...h.reveals, { member: kwame, value, dice: '' }]);
	attack.push(
		forge(s, 'Kwame', AT + 2 * HOUR + 1, 'seed.ceremony', {
			ceremony: CID,
			close,
			reveals,
			seed: nextSeed(h.previous, reveals)
		})
	);
	return attack;
};

describe('T5: a commitment signed after the reveals counts for nothing', () => {
	it('back-dated before the first reveal or before the close, it chooses no seed, in any delivery order', () => {
		for (const commitAt of [AT + 15, AT + 5, AT - HOUR])
			for (const ownClose of [false, true])
				for (const complete of [false, true])
					for (const value of CHOICES) {
						const h = honest(complete);
						const attack = lateCommit(h, value, commitAt, ownClose);
						// With the honest completion the honest seed; without it, the previous seed or
						// (once anyone records it) the honest one: never one Kwame chose.
						const allowed = complete ? [h.seed] : [h.previous, h.seed];
						for (const order of orders(h.s, attack)) expect(allowed).toContain(seedAfter(h.s, order));
					}
	}, 120_000);

	it('arriving after the ceremony was recorded, it does not un-complete it (no veto after the fact)', () => {
		const h = honest(true);
		const kwame = h.s.keyOf('Kwame');
		const commitment = commitmentFor(CID, kwame, CHOICES[0]!, '');
		const late = forge(h.s, 'Kwame', AT + 15, 'seed.commit', { ceremony: CID, commitment });
		for (const order of orders(h.s, [late])) expect(seedAfter(h.s, order)).toBe(h.seed);
		// Without the late commit, the same seed: the ceremony is not affected at all.
		expect(seedAfter(honest(true).s)).toBe(h.seed);
		expect(h.seed).not.toBe(h.previous);
	});
});

describe('a lone member cannot close and complete a ceremony of their own', () => {
	/** Maya alone: commits (once or twice), closes counting herself, reveals, records a seed. */
	const alone = (names: string[], twice: boolean): { s: Scenario; seeds: Set<string> } => {
		const s = new Scenario(T0, names);
		const maya = s.keyOf('Maya');
		const values = twice ? [VALUES[0]!, VALUES[1]!] : [VALUES[0]!];
		const commitments = values.map((v, i) => {
			const commitment = commitmentFor(CID, maya, v, '');
			s.write('Maya', AT + i, 'seed.commit', { ceremony: CID, commitment });
			return { member: maya, commitment };
		});
		const close = s.id(s.write('Maya', AT + 10, 'seed.close', { ceremony: CID, commitments }));
		values.forEach((value, i) =>
			s.write('Maya', AT + 20 + i, 'seed.reveal', { ceremony: CID, close, value, dice: '' })
		);
		const seeds = new Set<string>();
		for (const v of values) {
			const reveals = [{ member: maya, value: v, dice: '' }];
			const seed = nextSeed(s.seed, reveals);
			seeds.add(seed);
			s.write('Maya', AT + HOUR, 'seed.ceremony', { ceremony: CID, close, reveals, seed });
		}
		return { s, seeds };
	};

	it('in a circle of six, or of two, one member’s ceremony leaves the seed as it was', () => {
		for (const names of [NAMES, ['Maya', 'Zoë']])
			for (const twice of [false, true]) {
				const { s } = alone(names, twice);
				const st = s.fold(AT + DAY);
				expect(st.seeds.at(-1)!.seed).toBe(s.seed);
				// Counting herself once is too few; counting herself twice is not allowed.
				expect(st.rejected.map((r) => r.code)).toContain(twice ? 'close-not-committed' : 'close-quorum');
			}
	});

	it('a close needs half the active members (rounded up), and at least two', () => {
		// Six members: three commitments close, two do not.
		for (const [count, closes] of [
			[2, false],
			[3, true]
		] as const) {
			const s = new Scenario(T0, NAMES);
			const commitments = NAMES.slice(0, count).map((n, i) => {
				const commitment = commitmentFor(CID, s.keyOf(n), VALUES[i]!, '');
				s.write(n, AT + i, 'seed.commit', { ceremony: CID, commitment });
				return { member: s.keyOf(n), commitment };
			});
			s.write('Maya', AT + 10, 'seed.close', { ceremony: CID, commitments: byMember(commitments) });
			const codes = s.fold(AT + DAY).rejected.map((r) => r.code);
			expect(codes.includes('close-quorum')).toBe(!closes);
		}
	});
});

describe('a conflicting close is a visible veto: the previous seed or one other, never a third', () => {
	it('Kwame commits and writes a second close; whatever he does after the reveals, two outcomes', () => {
		for (const kwameFirst of [false, true]) {
			const outcomes = new Set<string>();
			let previous = '';
			for (const reveal of ['none', 'honest', 'own', 'both'] as const) {
				const s = new Scenario(T0, NAMES);
				previous = s.seed;
				const kwame = s.keyOf('Kwame');
				const names = [...HONEST, 'Kwame'];
				const values = [...VALUES, CHOICES[0]!];
				const commitments = byMember(
					names.map((n, i) => {
						const commitment = commitmentFor(CID, s.keyOf(n), values[i]!, '');
						s.write(n, AT + i, 'seed.commit', { ceremony: CID, commitment });
						return { member: s.keyOf(n), commitment };
					})
				);
				// Two closes before any reveal: Maya's counts all four, Kwame's the other three.
				const closes = new Map<string, string>();
				const writeClose = (who: string, counted: typeof commitments) =>
					closes.set(
						who,
						s.id(s.write(who, AT + 10 + closes.size, 'seed.close', { ceremony: CID, commitments: counted }))
					);
				const mine = () =>
					writeClose(
						'Kwame',
						commitments.filter((c) => c.member !== kwame)
					);
				const maya = () => writeClose('Maya', commitments);
				for (const write of kwameFirst ? [mine, maya] : [maya, mine]) write();
				// Honest phones reveal once, to the first close that counts them.
				const first = [...closes.values()][0]!;
				HONEST.forEach((n, i) =>
					s.write(n, AT + 20 + i, 'seed.reveal', { ceremony: CID, close: first, value: VALUES[i]!, dice: '' })
				);
				// Kwame has seen their values: he reveals to Maya's close, his own, both, or neither.
				const targets = {
					none: [],
					honest: [closes.get('Maya')!],
					own: [closes.get('Kwame')!],
					both: [...closes.values()]
				}[reveal];
				for (const close of targets)
					s.write('Kwame', AT + 30, 'seed.reveal', { ceremony: CID, close, value: CHOICES[0]!, dice: '' });
				// Anyone records a seed under each close, from every set of reveals they know.
				const all = byMember(names.map((n, i) => ({ member: s.keyOf(n), value: values[i]!, dice: '' })));
				for (const close of closes.values())
					for (const reveals of [all, all.filter((r) => r.member !== kwame)])
						s.write('Zoë', AT + HOUR, 'seed.ceremony', {
							ceremony: CID,
							close,
							reveals,
							seed: nextSeed(s.seed, reveals)
						});
				outcomes.add(s.fold(AT + DAY).seeds.at(-1)!.seed);
			}
			// Who is counted was fixed before any value was known; after the reveals Kwame chooses
			// only between completing and not: the previous seed or one other.
			expect(outcomes.size).toBeLessThanOrEqual(2);
			if (!kwameFirst) expect(outcomes).toContain(previous);
		}
	});
});
