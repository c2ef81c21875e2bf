import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	coordinators,
	foldFederation,
	levies,
	participants,
	proposalStatus,
	FED_ANSWER,
	FED_CERTIFY,
	FED_CONTRIBUTE,
	FED_GENESIS,
	FED_JOIN,
	FED_PROPOSE,
	FED_WITHDRAW,
	type FederationState
} from '$lib/core/federation';
import type { Entry } from '$lib/core/types';
import {
	bakery,
	certFor,
	circleOf,
	decisionBy,
	DAY,
	exitBy,
	FED_SEED,
	fedIdOf,
	garden,
	idOf,
	ISSUE,
	T0,
	tools,
	World
} from './helpers';

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

/** Three circles: the garden founds, tools and bakery join through their delegates. */
let base: ReturnType<typeof build> | null = null;
const founded = () => {
	base ??= build();
	return { ...base, w: base.w.clone() };
};
const build = () => {
	const g = garden();
	const t = tools();
	const b = bakery();
	const ada = g.members[0]!;
	const maya = t.members[0]!;
	const ilse = b.members[0]!;
	const fed = fedIdOf(ada);
	const w = new World(fed);
	w.write(ada, T0, FED_GENESIS, {
		name: 'Valley Food Alliance',
		purpose: 'Buy flour together',
		seed: FED_SEED,
		consentDays: 7,
		termDays: 28,
		cert: certFor(fed, g, ada)
	});
	w.write(maya, T0 + 1000, FED_JOIN, { cert: certFor(fed, t, maya) });
	w.write(ilse, T0 + 2000, FED_JOIN, { cert: certFor(fed, b, ilse) });
	return { g, t, b, ada, maya, ilse, fed, w };
};

const refusedCode = (s: FederationState, e: Entry) => s.refused.find((r) => r.id === idOf(e))?.rejection.code;

/** Everything a view shows, as plain data, for comparing folds. */
const summary = (s: FederationState, now: number) => ({
	genesis: s.genesis?.id ?? null,
	circles: [...s.circles.values()].sort((a, b) => (a.circle < b.circle ? -1 : 1)),
	participants: participants(s).map((p) => p.circle),
	proposals: [...s.proposals.values()]
		.sort((a, b) => (a.id < b.id ? -1 : 1))
		.map((p) => ({ ...p, status: proposalStatus(s, p, now) })),
	contributions: s.contributions,
	levies: levies(s, now),
	coordinators: coordinators(s, now),
	refused: [...s.refused].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
});

/** A copy of `xs` shuffled by a small seeded generator (the seed comes from fast-check). */
const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
	const out = [...xs];
	let x = (seed | 0) ^ 0x9e3779b9;
	for (let i = out.length - 1; i > 0; i--) {
		x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) ^ Math.imul(x ^ (x >>> 12), 0x297a2d39);
		const j = (x >>> 0) % (i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
};

describe('a federation is its own ledger of circles', () => {
	it('founds with its purpose and charter; circles join through their delegates’ certificates', () => {
		const { fed, w, g, t, b } = founded();
		const s = foldFederation(fed, w.entries);
		expect(s.genesis?.name).toBe('Valley Food Alliance');
		expect(s.genesis?.charter).toEqual({ consentDays: 7, termDays: 28 });
		expect(participants(s).map((p) => p.circle)).toEqual([g.id, t.id, b.id].sort());
		expect(s.refused).toEqual([]);
		expect(s.circles.get(t.id)?.roster).toEqual(t.roster);
	});

	it('a genesis not bound to its author and seed founds nothing', () => {
		const g = garden();
		const ada = g.members[0]!;
		const ben = g.members[1]!;
		const fed = fedIdOf(ada);
		const w = new World(fed);
		// Ben signs a genesis naming Ada's federation id.
		w.write(ben, T0, FED_GENESIS, {
			name: 'Rival',
			purpose: 'x',
			seed: FED_SEED,
			consentDays: 7,
			termDays: 28,
			cert: certFor(fed, g, ben)
		});
		const s = foldFederation(fed, w.entries);
		expect(s.genesis).toBeNull();
		expect(s.refused[0]?.rejection.code).toBe('fed-genesis-unbound');
	});

	it('a consent decision passes when every circle’s delegate consents or stands aside', () => {
		const { fed, w, g, t, b, ada, maya, ilse } = founded();
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, {
			circle: g.id,
			issue: ISSUE,
			title: 'Order 2 t of rye',
			text: 'From the mill at Hollin',
			levy: [
				{ circle: t.id, amount: 40 },
				{ circle: b.id, amount: 60 }
			]
		});
		w.write(ada, T0 + DAY + 1, FED_ANSWER, { proposal: idOf(p), circle: g.id, answer: 'consent' });
		w.write(maya, T0 + DAY + 2, FED_ANSWER, { proposal: idOf(p), circle: t.id, answer: 'consent' });
		let s = foldFederation(fed, w.entries);
		expect(proposalStatus(s, s.proposals.get(idOf(p))!, T0 + DAY + 3)).toEqual({
			kind: 'open',
			answered: 2,
			needed: 3
		});
		w.write(ilse, T0 + DAY + 3, FED_ANSWER, { proposal: idOf(p), circle: b.id, answer: 'aside' });
		s = foldFederation(fed, w.entries);
		expect(proposalStatus(s, s.proposals.get(idOf(p))!, T0 + DAY + 3)).toEqual({
			kind: 'in-force',
			since: T0 + DAY + 3,
			by: 'answers'
		});
		// The levy binds only the circle that consented: standing aside is not agreeing to pay.
		expect(levies(s, T0 + 2 * DAY)).toEqual([
			{ circle: t.id, amount: 40, proposal: idOf(p), since: T0 + DAY + 3 }
		]);
	});

	it('an objection blocks; silence past the deadline brings a proposal into force', () => {
		const { fed, w, g, t, ada, maya } = founded();
		const p1 = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'A' });
		const p2 = w.write(ada, T0 + DAY + 1, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'B' });
		w.write(maya, T0 + DAY + 2, FED_ANSWER, {
			proposal: idOf(p1),
			circle: t.id,
			answer: 'object',
			reason: 'too dear'
		});
		const s = foldFederation(fed, w.entries);
		const now = T0 + 9 * DAY;
		expect(proposalStatus(s, s.proposals.get(idOf(p1))!, now)).toEqual({ kind: 'lapsed' });
		expect(proposalStatus(s, s.proposals.get(idOf(p2))!, now)).toEqual({
			kind: 'in-force',
			since: T0 + 8 * DAY + 1,
			by: 'deadline'
		});
	});

	it('the coordinator is drawn among circles, each serving before any serves twice', () => {
		const { fed, w, g, t, b } = founded();
		const s = foldFederation(fed, w.entries);
		const terms = coordinators(s, T0 + 28 * 6 * DAY);
		expect(terms).toHaveLength(7);
		// Term 0 starts at the genesis, when only the garden had joined.
		expect(terms[0]!.circle).toBe(g.id);
		// Terms 1 and 2 go to the two circles that have not served; then a new round among all three.
		expect(new Set(terms.slice(0, 3).map((x) => x.circle))).toEqual(new Set([g.id, t.id, b.id]));
		expect(new Set(terms.slice(3, 6).map((x) => x.circle))).toEqual(new Set([g.id, t.id, b.id]));
		// Same on a second fold: every phone computes the same draw.
		expect(coordinators(foldFederation(fed, [...w.entries].reverse()), T0 + 28 * 6 * DAY)).toEqual(terms);
	});

	it('a newer certificate, signed by a majority of the recorded roster, names another delegate', () => {
		const { fed, w, t, maya } = founded();
		const ravi = t.members[1]!;
		w.write(ravi, T0 + DAY, FED_CERTIFY, { cert: certFor(fed, t, ravi, { serial: 2, rosterSeq: 12 }) });
		const s = foldFederation(fed, w.entries);
		expect(s.refused).toEqual([]);
		expect(s.circles.get(t.id)!.seats.map((x) => x.delegate)).toEqual([ravi.key]);
		// Maya, no longer the delegate for the issue, speaks for nobody.
		const c = w.write(maya, T0 + 2 * DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'van',
			amount: 1
		});
		expect(refusedCode(foldFederation(fed, w.entries), c)).toBe('fed-not-delegate');
	});
});

describe('attacks on certificates', () => {
	it('signatures of non-members carry no weight', () => {
		const { fed, w } = founded();
		const c = circleOf('seeds', ['Una', 'Vic', 'Wen']);
		const outsiders = circleOf('outsiders', ['Xan', 'Yas']).members;
		const una = c.members[0]!;
		// A roster of three, "signed" by two keys outside it.
		const e = w.write(una, T0 + DAY, FED_JOIN, { cert: certFor(fed, c, una, { signers: outsiders }) });
		const s = foldFederation(fed, w.entries);
		expect(refusedCode(s, e)).toBe('fed-cert-nonmember');
		expect(s.circles.has(c.id)).toBe(false);
	});

	it('a minority of the roster cannot mandate a delegate', () => {
		const { fed, w } = founded();
		const c = circleOf('seeds', ['Una', 'Vic', 'Wen', 'Xia']);
		const una = c.members[0]!;
		const e = w.write(una, T0 + DAY, FED_JOIN, {
			cert: certFor(fed, c, una, { signers: [una, c.members[1]!] })
		});
		expect(refusedCode(foldFederation(fed, w.entries), e)).toBe('fed-cert-quorum');
	});

	it('a signature over another mandate does not count (altered certificate)', () => {
		const { fed, w, t, maya } = founded();
		const ravi = t.members[1]!;
		const genuine = certFor(fed, t, ravi, { serial: 2, rosterSeq: 12 });
		const forged = { ...genuine, mandate: { ...genuine.mandate, issue: 'everything' } };
		const e = w.write(maya, T0 + DAY, FED_CERTIFY, { cert: forged });
		expect(refusedCode(foldFederation(fed, w.entries), e)).toBe('fed-cert-signature');
	});

	it('former members signing with an old roster cannot take the circle back', () => {
		const { fed, w, t, maya } = founded();
		// Tools removes Ravi and Ngoc and admits Pia and Quin: a new roster, certified by the old majority.
		const newer = circleOf('tools', ['Maya', 'Tomasz', 'Pia', 'Quin']);
		const tomasz = t.members[3]!;
		const cert2 = certFor(fed, t, maya, {
			serial: 2,
			rosterSeq: 20,
			roster: newer.roster,
			signers: [maya, tomasz, t.members[1]!]
		});
		w.write(maya, T0 + DAY, FED_CERTIFY, { cert: cert2 });
		const ravi = t.members[1]!;
		const ngoc = t.members[2]!;
		// Ravi and Ngoc with Tomasz's old signature... they sign a certificate on the old roster.
		const old = certFor(fed, t, ravi, { serial: 3, rosterSeq: 10, signers: [ravi, ngoc, tomasz] });
		const e = w.write(ravi, T0 + 2 * DAY, FED_CERTIFY, { cert: old });
		const s = foldFederation(fed, w.entries);
		expect(s.refused.filter((r) => r.id !== idOf(e))).toEqual([]);
		expect(refusedCode(s, e)).toBe('fed-cert-old-roster');
		// Even stating the newest roster point, their keys are not in the recorded roster.
		const sneaky = certFor(fed, t, ravi, { serial: 4, rosterSeq: 21, signers: [ravi, ngoc, tomasz] });
		const e2 = w.write(ravi, T0 + 3 * DAY, FED_CERTIFY, { cert: sneaky });
		expect(refusedCode(foldFederation(fed, w.entries), e2)).toBe('fed-cert-nonmember');
		expect(foldFederation(fed, w.entries).circles.get(t.id)!.seats[0]!.delegate).toBe(maya.key);
	});

	it('a replayed certificate (the same, or an older serial) is refused', () => {
		const { fed, w, t, maya } = founded();
		const ravi = t.members[1]!;
		const c2 = certFor(fed, t, ravi, { serial: 2, rosterSeq: 12 });
		w.write(ravi, T0 + DAY, FED_CERTIFY, { cert: c2 });
		const c3 = certFor(fed, t, maya, { serial: 3, rosterSeq: 12 });
		w.write(maya, T0 + 2 * DAY, FED_CERTIFY, { cert: c3 });
		// Ravi, recalled, carries his old certificate again to get his seat back.
		const e = w.write(ravi, T0 + 3 * DAY, FED_CERTIFY, { cert: c2 });
		const s = foldFederation(fed, w.entries);
		expect(refusedCode(s, e)).toBe('fed-cert-replayed');
		expect(s.circles.get(t.id)!.seats[0]!.delegate).toBe(maya.key);
	});

	it('a certificate for another federation does not join this one', () => {
		const { fed, w } = founded();
		const c = circleOf('seeds', ['Una', 'Vic', 'Wen']);
		const una = c.members[0]!;
		const elsewhere = fedIdOf(una);
		const e = w.write(una, T0 + DAY, FED_JOIN, { cert: certFor(elsewhere, c, una) });
		expect(refusedCode(foldFederation(fed, w.entries), e)).toBe('fed-cert-federation');
		// …and its carrier must be the delegate it names.
		const vic = c.members[1]!;
		const e2 = w.write(vic, T0 + DAY, FED_JOIN, { cert: certFor(fed, c, una) });
		expect(refusedCode(foldFederation(fed, w.entries), e2)).toBe('fed-cert-carrier');
	});
});

describe('a delegate speaks only to their issue, only within their mandate', () => {
	it('outside the issue, before its start or after its end: no effect', () => {
		const { fed, w, g, t, ada, maya } = founded();
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: 'solar panels', title: 'X' });
		expect(refusedCode(foldFederation(fed, w.entries), p)).toBe('fed-mandate-issue');
		const late = w.write(maya, T0 + 400 * DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'van',
			amount: 1
		});
		expect(refusedCode(foldFederation(fed, w.entries), late)).toBe('fed-mandate-window');
		// Speaking for a circle one is not a delegate of (stamped after her last: her chain goes forward).
		const other = w.write(maya, T0 + 401 * DAY, FED_CONTRIBUTE, {
			circle: g.id,
			issue: ISSUE,
			what: 'van',
			amount: 1
		});
		expect(refusedCode(foldFederation(fed, w.entries), other)).toBe('fed-not-delegate');
	});

	it('property: entries by delegates outside issue or window change nothing', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						who: fc.integer({ min: 0, max: 2 }),
						offIssue: fc.boolean(),
						dayOffset: fc.oneof(fc.integer({ min: 366, max: 900 }), fc.integer({ min: -30, max: -2 })),
						kind: fc.constantFrom('propose', 'contribute', 'answer')
					}),
					{ minLength: 1, maxLength: 12 }
				),
				(acts) => {
					const { fed, w, g, t, b, ada, maya, ilse } = founded();
					const p = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'Rye' });
					const before = summary(foldFederation(fed, w.entries), T0 + 2 * DAY);
					const delegates = [
						[ada, g],
						[maya, t],
						[ilse, b]
					] as const;
					let k = 0;
					for (const a of acts) {
						const [who, c] = delegates[a.who]!;
						const issue = a.offIssue ? 'another issue' : ISSUE;
						// Outside the window when on issue, inside the window when off issue.
						const at = a.offIssue ? T0 + DAY + 10 + k++ : T0 + a.dayOffset * DAY + k++;
						if (a.kind === 'propose') w.write(who, at, FED_PROPOSE, { circle: c.id, issue, title: 'Z' });
						else if (a.kind === 'contribute')
							w.write(who, at, FED_CONTRIBUTE, { circle: c.id, issue, what: 'x', amount: 5 });
						else if (!a.offIssue)
							w.write(who, at, FED_ANSWER, {
								proposal: idOf(p),
								circle: c.id,
								answer: 'object',
								reason: 'no'
							});
					}
					const after = summary(foldFederation(fed, w.entries), T0 + 2 * DAY);
					expect({ ...after, refused: [] }).toEqual({ ...before, refused: [] });
				}
			),
			{ numRuns: 20, ...SEED }
		);
	}, 240_000);
});

describe('withdrawal without penalty', () => {
	it('by the exit number of its own members while its delegate does nothing', () => {
		const { fed, w, b, t, maya } = founded();
		const [, kwame, lena] = b.members;
		const e = w.write(kwame!, T0 + DAY, FED_WITHDRAW, {
			circle: b.id,
			notice: exitBy(fed, b, [kwame!, lena!])
		});
		const s = foldFederation(fed, w.entries);
		expect(s.refused).toEqual([]);
		expect(s.circles.get(b.id)!.withdrawn).toEqual({ at: T0 + DAY, by: 'members', entry: idOf(e) });
		expect(participants(s).map((p) => p.circle)).not.toContain(b.id);
		// Anyone may carry the notice: here a delegate of another circle brings it in.
		const w2 = new World(fed);
		w2.entries.push(...w.entries.slice(0, 3));
		w2.write(maya, T0 + DAY, FED_WITHDRAW, { circle: b.id, notice: exitBy(fed, b, [kwame!, lena!]) });
		expect(participants(foldFederation(fed, w2.entries)).map((p) => p.circle)).not.toContain(b.id);
		expect(t).toBeTruthy();
	});

	it('fewer members than the exit number, or outsiders, cannot withdraw a circle', () => {
		const { fed, w, b, t } = founded();
		const kwame = b.members[1]!;
		const e = w.write(kwame, T0 + DAY, FED_WITHDRAW, { circle: b.id, notice: exitBy(fed, b, [kwame]) });
		expect(refusedCode(foldFederation(fed, w.entries), e)).toBe('fed-exit-quorum');
		const e2 = w.write(kwame, T0 + DAY + 1, FED_WITHDRAW, {
			circle: b.id,
			notice: exitBy(fed, b, t.members.slice(0, 2))
		});
		expect(refusedCode(foldFederation(fed, w.entries), e2)).toBe('fed-cert-nonmember');
		// A delegate cannot withdraw another circle.
		const e3 = w.write(t.members[0]!, T0 + DAY + 2, FED_WITHDRAW, { circle: b.id });
		expect(refusedCode(foldFederation(fed, w.entries), e3)).toBe('fed-not-delegate');
		expect(participants(foldFederation(fed, w.entries))).toHaveLength(3);
	});

	it('by its delegate', () => {
		const { fed, w, t, maya } = founded();
		w.write(maya, T0 + DAY, FED_WITHDRAW, { circle: t.id });
		expect(foldFederation(fed, w.entries).circles.get(t.id)!.withdrawn?.by).toBe('delegate');
	});

	it('a captured delegate’s acts the withdrawal did not see count for nothing, however dated', () => {
		const { fed, w, g, b, ada, ilse } = founded();
		const [, kwame, lena] = b.members;
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, {
			circle: g.id,
			issue: ISSUE,
			title: 'Bakery pays for the van',
			levy: [{ circle: b.id, amount: 500 }]
		});
		w.write(ada, T0 + DAY + 1, FED_ANSWER, { proposal: idOf(p), circle: g.id, answer: 'consent' });
		// The members withdraw, having seen the proposal but no consent from their delegate.
		const exit = w.write(kwame!, T0 + 2 * DAY, FED_WITHDRAW, {
			circle: b.id,
			notice: exitBy(fed, b, [kwame!, lena!])
		});
		// The captured delegate then consents, dated before the withdrawal, seeing only the proposal.
		const sneaky = w.write(
			ilse,
			T0 + DAY + 2,
			FED_ANSWER,
			{ proposal: idOf(p), circle: b.id, answer: 'consent' },
			[idOf(p)]
		);
		const s = foldFederation(fed, w.entries);
		expect(refusedCode(s, sneaky)).toBe('fed-after-withdrawal');
		expect(s.circles.get(b.id)!.withdrawn?.entry).toBe(idOf(exit));
		expect(levies(s, T0 + 30 * DAY).filter((l) => l.circle === b.id)).toEqual([]);
	});

	it('past contributions stay; nothing after can charge it', () => {
		const { fed, w, g, t, b, ada, maya, ilse } = founded();
		const gift = w.write(ilse, T0 + DAY, FED_CONTRIBUTE, {
			circle: b.id,
			issue: ISSUE,
			what: 'bread for the fair',
			amount: 30
		});
		w.write(ilse, T0 + 2 * DAY, FED_WITHDRAW, { circle: b.id });
		// A later proposal cannot levy a circle no longer taking part.
		const p = w.write(ada, T0 + 3 * DAY, FED_PROPOSE, {
			circle: g.id,
			issue: ISSUE,
			title: 'Fine the bakery',
			levy: [{ circle: b.id, amount: 100 }]
		});
		const late = w.write(ilse, T0 + 3 * DAY + 5, FED_ANSWER, {
			proposal: idOf(p),
			circle: b.id,
			answer: 'consent'
		});
		const s = foldFederation(fed, w.entries);
		expect(refusedCode(s, p)).toBe('fed-levy-not-participant');
		expect(refusedCode(s, late)).toBe('fed-no-proposal');
		expect(s.contributions.map((c) => c.id)).toEqual([idOf(gift)]);
		// The join comes back only as what it was: its record, withdrawn.
		const again = w.write(ilse, T0 + 4 * DAY, FED_JOIN, { cert: certFor(fed, b, ilse, { serial: 2 }) });
		expect(refusedCode(foldFederation(fed, w.entries), again)).toBe('fed-withdrawn');
		expect(maya && t).toBeTruthy();
	});

	it('a pending proposal no longer waits for a circle that left', () => {
		const { fed, w, g, t, b, ada, maya, ilse } = founded();
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'Rye' });
		w.write(ada, T0 + DAY + 1, FED_ANSWER, { proposal: idOf(p), circle: g.id, answer: 'consent' });
		w.write(maya, T0 + DAY + 2, FED_ANSWER, { proposal: idOf(p), circle: t.id, answer: 'consent' });
		w.write(ilse, T0 + DAY + 3, FED_WITHDRAW, { circle: b.id });
		const s = foldFederation(fed, w.entries);
		expect(proposalStatus(s, s.proposals.get(idOf(p))!, T0 + 2 * DAY)).toEqual({
			kind: 'in-force',
			since: T0 + DAY + 3,
			by: 'answers'
		});
	});

	it('a coordinator that withdraws is replaced at once; past terms stay', () => {
		const { fed, w, g, ada } = founded();
		const s0 = foldFederation(fed, w.entries);
		expect(coordinators(s0, T0 + DAY)[0]!.circle).toBe(g.id);
		w.write(ada, T0 + 2 * DAY, FED_WITHDRAW, { circle: g.id });
		const terms = coordinators(foldFederation(fed, w.entries), T0 + 3 * DAY);
		expect(terms[0]!.redrawn).toBe(true);
		expect(terms[0]!.circle).not.toBe(g.id);
		expect(terms[0]!.circle).not.toBeNull();
	});

	it('property: a withdrawal always takes effect and nothing undoes it', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 2 }),
				fc.boolean(),
				fc.array(
					fc.record({
						who: fc.integer({ min: 0, max: 2 }),
						kind: fc.constantFrom('join', 'certify', 'contribute', 'propose', 'withdraw'),
						day: fc.integer({ min: -5, max: 30 })
					}),
					{ maxLength: 10 }
				),
				fc.integer(),
				(leaver, byMembers, acts, order) => {
					const { fed, w, g, t, b } = founded();
					const cs = [g, t, b];
					const c = cs[leaver]!;
					if (byMembers) {
						const signers = c.members.slice(1, 1 + Math.floor(c.roster.length / 2) + 1);
						w.write(c.members[1]!, T0 + 10 * DAY, FED_WITHDRAW, {
							circle: c.id,
							notice: exitBy(fed, c, signers)
						});
					} else w.write(c.members[0]!, T0 + 10 * DAY, FED_WITHDRAW, { circle: c.id });
					let k = 0;
					for (const a of acts) {
						const who = cs[a.who]!;
						const d = who.members[0]!;
						const at = T0 + a.day * DAY + ++k;
						if (a.kind === 'join')
							w.write(d, at, FED_JOIN, { cert: certFor(fed, c, c.members[0]!, { serial: 5 + k }) });
						else if (a.kind === 'certify')
							w.write(c.members[0]!, at, FED_CERTIFY, {
								cert: certFor(fed, c, c.members[0]!, { serial: 5 + k, rosterSeq: 50 })
							});
						else if (a.kind === 'contribute')
							w.write(c.members[0]!, at, FED_CONTRIBUTE, {
								circle: c.id,
								issue: ISSUE,
								what: 'x',
								amount: 1
							});
						else if (a.kind === 'propose')
							w.write(d, at, FED_PROPOSE, {
								circle: who.id,
								issue: ISSUE,
								title: 'y',
								levy: [{ circle: c.id, amount: 9 }]
							});
						else w.write(d, at, FED_WITHDRAW, { circle: who.id });
					}
					const s = foldFederation(fed, shuffled(w.entries, order));
					expect(s.circles.get(c.id)!.withdrawn).not.toBeNull();
					expect(participants(s).map((p) => p.circle)).not.toContain(c.id);
					const wAt = s.circles.get(c.id)!.withdrawn!.at;
					for (const l of levies(s, T0 + 100 * DAY)) if (l.circle === c.id) expect(l.since).toBeLessThan(wAt);
				}
			),
			{ numRuns: 25, ...SEED }
		);
	}, 240_000);
});

describe('any delivery order gives the same federation', () => {
	it('property: participants, delegates, rotations and decisions (relayed or not) agree across orders', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						who: fc.integer({ min: 0, max: 2 }),
						kind: fc.constantFrom(
							'propose',
							'consent',
							'object',
							'aside',
							'contribute',
							'withdraw',
							'certify',
							'relay',
							'relay-by-member',
							'relay-forged'
						),
						day: fc.integer({ min: 0, max: 40 }),
						target: fc.nat()
					}),
					{ maxLength: 16 }
				),
				fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
				(acts, seeds) => {
					const { fed, w, g, t, b, ada, maya, ilse } = founded();
					const cs = [
						[ada, g],
						[maya, t],
						[ilse, b]
					] as const;
					const proposals: Entry[] = [];
					let k = 0;
					for (const a of acts) {
						const [d, c] = cs[a.who]!;
						const at = T0 + a.day * DAY + ++k;
						if (a.kind === 'propose')
							proposals.push(
								w.write(d, at, FED_PROPOSE, {
									circle: c.id,
									issue: ISSUE,
									title: `p${k}`,
									levy: [{ circle: cs[a.target % 3]![1].id, amount: 1 + (a.target % 50) }]
								})
							);
						else if (a.kind === 'contribute')
							w.write(d, at, FED_CONTRIBUTE, { circle: c.id, issue: ISSUE, what: 'x', amount: 2 });
						else if (a.kind === 'withdraw') w.write(d, at, FED_WITHDRAW, { circle: c.id });
						else if (a.kind === 'certify')
							w.write(c.members[1]!, at, FED_CERTIFY, {
								cert: certFor(fed, c, c.members[1]!, { serial: 1 + k, rosterSeq: 10 + k })
							});
						else if (a.kind.startsWith('relay') && proposals.length > 0) {
							// The relay rule: the circle's decision, signed by a majority of its members, carried
							// by its delegate or by another member; a forged one claims consent over an objection.
							const p = proposals[a.target % proposals.length]!;
							const answer = (['consent', 'aside', 'object'] as const)[a.target % 3]!;
							const reason = answer === 'object' ? 'too soon' : '';
							const decision =
								a.kind === 'relay-forged'
									? decisionBy(fed, c, idOf(p), 'object', 'no')
									: decisionBy(fed, c, idOf(p), answer, reason);
							w.write(a.kind === 'relay-by-member' ? c.members[2]! : d, at, FED_ANSWER, {
								proposal: idOf(p),
								circle: c.id,
								answer: a.kind === 'relay-forged' ? 'consent' : answer,
								reason: a.kind === 'relay-forged' ? '' : reason,
								decision
							});
						} else if (!a.kind.startsWith('relay') && proposals.length > 0) {
							const p = proposals[a.target % proposals.length]!;
							w.write(d, at, FED_ANSWER, {
								proposal: idOf(p),
								circle: c.id,
								answer: a.kind === 'consent' ? 'consent' : a.kind === 'aside' ? 'aside' : 'object',
								...(a.kind === 'object' ? { reason: 'not now' } : {})
							});
						}
					}
					const now = T0 + 60 * DAY;
					const reference = summary(foldFederation(fed, w.entries), now);
					for (const sd of seeds) {
						const order = shuffled(w.entries, sd);
						// Delivered twice over, too: a duplicate changes nothing.
						expect(summary(foldFederation(fed, [...order, ...order.slice(0, 3)]), now)).toEqual(reference);
					}
				}
			),
			{ numRuns: 25, ...SEED }
		);
	}, 240_000);
});
