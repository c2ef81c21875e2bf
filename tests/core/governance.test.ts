import { describe, expect, it } from 'vitest';
import * as governance from '../../src/lib/core/rotation';
import * as charter from '../../src/lib/core/charter';
import * as ceremony from '../../src/lib/core/seeds';
import * as mandate from '../../src/lib/core/mandates';
import * as seal from '../../src/lib/core/rotation';
import { sha256Hex } from '../../src/lib/core/bytes';
import { DAY, HOUR, Scenario, utc } from './scenario';

const NAMES = ['Maya', 'Zoë', 'Ngọc', 'Tomasz', 'Aïcha', 'Kwame'];
const T0 = utc(2025, 3, 3, 9);

describe('charter lifecycle', () => {
	it('is the default until ratified; ratifies on full consent; expires but stays in force', () => {
		const s = new Scenario(T0, NAMES);
		expect(s.fold(T0 + DAY).charter.state).toBe('default');
		const c = charter.defaultCharter();
		c.validityDays = 30;
		const p = s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(c, 'v1'));
		const pid = s.id(p);
		for (const n of NAMES.slice(1, 5)) s.write(n, T0 + DAY + HOUR, charter.CONSENT, charter.consentBody(pid));
		let st = s.fold(T0 + DAY + 2 * HOUR);
		const view = st.charter.proposals[0]!;
		expect(view.canRatify).toBe(false);
		expect(view.silent.map((k) => s.names.get(k))).toEqual(['Kwame'].filter(Boolean));
		s.write('Kwame', T0 + DAY + 3 * HOUR, charter.CONSENT, charter.consentBody(pid));
		st = s.fold(T0 + DAY + 4 * HOUR);
		expect(st.charter.proposals[0]!.canRatify).toBe(true);
		s.write('Zoë', T0 + DAY + 4 * HOUR, charter.RATIFY, charter.ratifyBody(st.charter.proposals[0]!));
		st = s.fold(T0 + 2 * DAY);
		expect(st.charter.state).toBe('in-force');
		expect(st.charter.version?.version).toBe(1);
		st = s.fold(T0 + 40 * DAY);
		expect(st.charter.state).toBe('expired');
		expect(st.charter.version?.version).toBe(1); // expired, but it stays in force
		expect(st.charter.inForce.validityDays).toBe(30);
	});

	it('ratifies by silence after the window; an objection blocks until withdrawn; a premature ratify has no effect', () => {
		const s = new Scenario(T0, NAMES);
		const c = charter.defaultCharter();
		c.thresholds.recall = 4;
		const p = s.write('Ngọc', T0 + DAY, charter.PROPOSE, charter.proposalBody(c, 'v1'));
		const pid = s.id(p);
		s.write('Tomasz', T0 + 2 * DAY, charter.OBJECT, charter.objectionBody(pid, 'too strict'));
		const body = charter.ratifyBody({ ...s.fold(T0 + 2 * DAY).charter.proposals[0]! });
		s.write('Maya', T0 + 3 * DAY, charter.RATIFY, body); // too early: objection and window
		expect(s.fold(T0 + 9 * DAY).charter.proposals[0]!.waitingFor?.code).toBe('objections');
		s.write('Tomasz', T0 + 9 * DAY, charter.CONSENT, charter.consentBody(pid));
		const st = s.fold(T0 + 9 * DAY);
		expect(st.charter.proposals[0]!.canRatify).toBe(true);
		expect(st.rejected.map((r) => r.type)).toEqual(['charter.ratify']);
		s.write('Maya', T0 + 9 * DAY + HOUR, charter.RATIFY, body);
		const done = s.fold(T0 + 10 * DAY);
		// In force from the answer that withdrew the last objection (after the window): the fold's own
		// doing; the ratify entry only records it.
		expect(done.charter.version?.ratifiedAt).toBe(T0 + 9 * DAY);
		expect(done.charter.version?.ratifiedBy).toBe(s.keyOf('Ngọc'));
		expect(done.charter.version?.recordedBy).toBe(s.keyOf('Maya'));
		expect(done.charter.inForce.thresholds.recall).toBe(4);
	});

	it('diffs two versions field by field, roles by id', () => {
		const a = charter.defaultCharter();
		const b = charter.defaultCharter();
		b.roles = [b.roles[2]!, b.roles[0]!, { ...b.roles[1]!, maxConsecutive: 3 }];
		b.thresholds.recall = 4;
		b.roles.push({ ...b.roles[1]!, id: 'gardener', name: 'Gardener' });
		const changes = charter.diff({ content: a, text: 'x' }, { content: b, text: 'y' });
		expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
			'added roles.gardener.cooldownTerms',
			'added roles.gardener.duties',
			'added roles.gardener.id',
			'added roles.gardener.maxConsecutive',
			'added roles.gardener.name',
			'added roles.gardener.seats',
			'added roles.gardener.term.count',
			'added roles.gardener.term.unit',
			'changed roles.steward.maxConsecutive',
			'changed text',
			'changed thresholds.recall'
		]);
	});

	it('checks content and says what is wrong, as a code', () => {
		const c = charter.defaultCharter() as unknown as Record<string, unknown>;
		expect(charter.checkContent(c)).toBeNull();
		expect(charter.checkContent({ ...c, validityDays: 2.5 })?.code).toBe('validity');
		expect(charter.checkContent({ ...c, roles: [{ id: 'X' }] })?.code).toBe('role-id');
		// Another domain's section is kept and never makes the charter invalid.
		expect(charter.checkContent({ ...c, economy: { unit: 'hours' }, later: 7 })).toBeNull();
	});
});

describe('reset', () => {
	it('shows 1 of 3, 2 of 3 with who called, then dissolves roles and mandates, reseeds, restarts counts', () => {
		const s = new Scenario(T0, NAMES);
		const m = s.write(
			'Maya',
			T0 + 10 * DAY,
			mandate.PROPOSE,
			mandate.proposeBody('Fix the gate', T0 + 90 * DAY)
		);
		s.write('Zoë', T0 + 60 * DAY, 'reset.call', { reason: 'stuck' });
		let st = s.fold(T0 + 60 * DAY + HOUR);
		expect([st.reset.count, st.reset.needed]).toEqual([1, 3]);
		s.write('Ngọc', T0 + 62 * DAY, 'reset.call', { reason: 'stuck' });
		st = s.fold(T0 + 62 * DAY + HOUR);
		expect([st.reset.count, st.reset.needed]).toEqual([2, 3]);
		expect(st.reset.callers.map((c) => s.names.get(c.member))).toEqual(['Zoë', 'Ngọc']);
		// Zoë's call falls out of the 7-day window before Tomasz calls: still 2 of 3.
		s.write('Tomasz', T0 + 68 * DAY, 'reset.call', { reason: 'stuck' });
		st = s.fold(T0 + 68 * DAY + HOUR);
		expect([st.reset.count, st.reset.needed]).toEqual([2, 3]);
		const before = st.roles.filter((r) => r.current).map((r) => r.current!.holders);
		s.write('Kwame', T0 + 68 * DAY + 2 * HOUR, 'reset.call', { reason: 'stuck' });
		st = s.fold(T0 + 68 * DAY + 3 * HOUR);
		expect(st.reset.history).toHaveLength(1);
		expect(st.reset.count).toBe(0);
		expect(st.seeds.at(-1)!.source).toBe('reset');
		expect(st.mandates.find((x) => x.id === s.id(m))!.status).toBe('dissolved');
		for (const r of st.roles) {
			expect(r.current!.began).toBe('reset');
			expect(r.current!.cycle).toBe(1);
			expect(r.service.every((x) => x.served <= 1)).toBe(true);
		}
		const ended = st.history.filter((h) => h.ended === 'reset');
		expect(ended.length).toBe(3);
		expect(before.length).toBe(3); // every role has holders from the founding, the audit pair too
	});
});

describe('ceremony', () => {
	it('reseeds from previous seed and the reveals with their dice; refuses a reveal that does not match', () => {
		const s = new Scenario(T0, NAMES);
		const cid = 'ab'.repeat(8);
		const vals = ['11', '22', '33'].map((x) => x.repeat(32));
		const who = ['Maya', 'Zoë', 'Ngọc'];
		// Real dice rolled at the table before anyone commits, typed into Maya's phone.
		const dice = ['6621', '', ''];
		const commitments = who.map((n, i) => {
			const b = ceremony.commitBody(cid, s.keyOf(n), vals[i]!, dice[i]!);
			s.write(n, T0 + 8 * DAY + i, ceremony.COMMIT, b);
			return { member: s.keyOf(n), commitment: b.commitment };
		});
		// Everyone at the table has committed: Maya closes the commitments, then all reveal.
		const close = s.id(
			s.write('Maya', T0 + 8 * DAY + 5, ceremony.CLOSE, ceremony.closeBody(cid, commitments))
		);
		s.write('Ngọc', T0 + 8 * DAY + 10, ceremony.REVEAL, ceremony.revealBody(cid, close, '44'.repeat(32), ''));
		who.forEach((n, i) =>
			s.write(n, T0 + 8 * DAY + 20 + i, ceremony.REVEAL, ceremony.revealBody(cid, close, vals[i]!, dice[i]!))
		);
		let st = s.fold(T0 + 8 * DAY + HOUR);
		expect(st.rejected.map((r) => r.code)).toEqual(['reveal-mismatch']);
		const k = st.ceremonies[0]!.closes[0]!;
		expect(k.ready).toBe(true);
		const body = ceremony.ceremonyBody(cid, close, s.seed, k.reveals);
		expect(body.seed).toBe(ceremony.nextSeed(s.seed, [...k.reveals].reverse()));
		s.write('Maya', T0 + 8 * DAY + HOUR, ceremony.CEREMONY, body);
		st = s.fold(T0 + 9 * DAY);
		expect(st.seeds.map((x) => x.source)).toEqual(['genesis', 'ceremony']);
		expect(st.seeds[1]!.seed).toBe(body.seed);
		expect(st.seeds[1]!.dice).toBe('6621');
		// The new seed applies to terms frozen after it: this week's facilitator keeps the old seed.
		const fac = st.roles.find((r) => r.role.id === 'facilitator')!;
		expect(fac.current!.seed).toBe(s.seed);
		expect(fac.next!.seed).toBe(body.seed);
	});
});

describe('mandates', () => {
	it('draws a holder who is never the proposer, ends when done, at sunset, or by recall', () => {
		const s = new Scenario(T0, NAMES);
		const ids = NAMES.map((n, i) =>
			s.write(n, T0 + DAY + i * HOUR, mandate.PROPOSE, mandate.proposeBody(`Task ${i}`, T0 + 30 * DAY))
		);
		let st = s.fold(T0 + 2 * DAY);
		for (const m of st.mandates) {
			expect(m.holder).not.toBeNull();
			expect(m.holder).not.toBe(m.proposer);
			expect(m.eligible).not.toContain(m.proposer);
			expect(mandate.drawHolder(m.seed, m.round, m.eligible, new Map(m.served))).toBe(m.holder);
		}
		// Power does not pool: with six mandates among six members, nobody holds two.
		expect(new Set(st.mandates.map((m) => m.holder)).size).toBe(6);
		const first = st.mandates[0]!;
		s.write(first.holder!, T0 + 3 * DAY, mandate.DONE, mandate.doneBody(first.id));
		const second = st.mandates[1]!;
		const voters = NAMES.map((n) => s.keyOf(n))
			.filter((k) => k !== second.holder)
			.slice(0, 3);
		s.write(second.holder!, T0 + 3 * DAY, mandate.RECALL_VOTE, mandate.recallVoteBody(second.id, 'me?'));
		voters.forEach((v, i) =>
			s.write(v, T0 + 4 * DAY + i, mandate.RECALL_VOTE, mandate.recallVoteBody(second.id, 'silent'))
		);
		st = s.fold(T0 + 31 * DAY);
		expect(st.mandates.map((m) => m.status)).toEqual([
			'done',
			'recalled',
			'sunset',
			'sunset',
			'sunset',
			'sunset'
		]);
		expect(st.rejected.map((r) => r.code)).toContain('own-recall');
		expect(ids).toHaveLength(6);
	});
});

describe('rotation in the fold', () => {
	it('steps down: the rest of the term is drawn and the handoff is recorded', () => {
		const s = new Scenario(T0, NAMES);
		let st = s.fold(T0 + 40 * DAY);
		const steward = st.roles.find((r) => r.role.id === 'steward')!.current!;
		s.write(
			steward.holders[0]!,
			T0 + 40 * DAY,
			governance.STEPDOWN,
			governance.stepdownBody('steward', steward.term, 'new job')
		);
		st = s.fold(T0 + 41 * DAY);
		const now = st.roles.find((r) => r.role.id === 'steward')!.current!;
		expect(now.segment).toBe(1);
		expect(now.began).toBe('stepdown');
		expect(now.holders).not.toContain(steward.holders[0]);
		expect(st.handoffs).toEqual([
			expect.objectContaining({ role: 'steward', from: steward.holders[0], to: now.holders, note: 'new job' })
		]);
		// A step-down by someone who does not hold the role changes nothing.
		const outsider = NAMES.find(
			(n) => !now.holders.includes(s.keyOf(n)) && !steward.holders.includes(s.keyOf(n))
		)!;
		s.write(
			outsider,
			T0 + 42 * DAY,
			governance.STEPDOWN,
			governance.stepdownBody('steward', now.term, 'not mine')
		);
		expect(s.fold(T0 + 43 * DAY).handoffs).toHaveLength(1);
	});

	it('a bench keeps a member from facilitating until it ends; entries after the freeze point apply from the next term', () => {
		const s = new Scenario(T0, NAMES);
		let st = s.fold(T0 + 20 * DAY);
		const fac = st.roles.find((r) => r.role.id === 'facilitator')!;
		const next = fac.next!;
		const who = next.holders[0]!;
		// Benched after the next term's freeze point (proposed, then supported by two more: the
		// charter's threshold of three): too late for that term.
		const [by, ...seconds] = NAMES.filter((x) => s.keyOf(x) !== who).slice(0, 3);
		const proposal = s.write(
			by!,
			next.freezeAt + HOUR,
			governance.BENCH,
			governance.benchBody(who, 'facilitator', next.start + 60 * DAY, 'least heard')
		);
		for (const x of seconds)
			s.write(x, next.freezeAt + HOUR, governance.BENCH_SECOND, governance.benchSecondBody(s.id(proposal)));
		st = s.fold(next.start + HOUR);
		const hs = st.history.filter((h) => h.role === 'facilitator');
		expect(hs.find((h) => h.term === next.term)!.holders).toEqual([who]);
		for (const h of hs.filter((h) => h.freezeAt > next.freezeAt + HOUR)) expect(h.holders).not.toContain(who);
		const later = s
			.fold(next.start + 50 * DAY)
			.history.filter((h) => h.role === 'facilitator' && h.start > next.start);
		expect(later.length).toBeGreaterThan(5);
		for (const h of later) expect(h.holders).not.toContain(who);
	});

	it('seals record, never choose: a matching seal verifies; a forged one (any id) seats nobody and is flagged', () => {
		const s = new Scenario(T0, NAMES);
		let st = s.fold(T0 + 8 * DAY);
		const due = st.seals.due;
		expect(due.length).toBeGreaterThan(0);
		for (const body of due) s.write('Maya', T0 + 8 * DAY, seal.SEAL, body);
		st = s.fold(T0 + 8 * DAY + HOUR);
		expect(st.seals.due).toEqual([]);
		expect(st.history.filter((h) => h.seal).every((h) => seal.verify(h) === 'matches')).toBe(true);
		// Attack (threat model T1): a member seals next week's facilitator for someone else, eligible,
		// before the honest seal, and grinds ids so the forged one has the lower id half the time.
		const fac = st.roles.find((r) => r.role.id === 'facilitator')!;
		const nextTerm = fac.next!;
		const other = nextTerm.draw.ranking[1]!.member;
		const forged = { ...seal.sealBody(nextTerm), holders: [other] };
		s.write('Zoë', nextTerm.start + HOUR, seal.SEAL, forged);
		st = s.fold(nextTerm.start + 2 * HOUR);
		let h = st.history.find((x) => x.role === 'facilitator' && x.start === nextTerm.start)!;
		expect(h.holders).toEqual(nextTerm.computed);
		expect(seal.verify(h)).toBe('flagged');
		expect(h.seal!.why).toBe('holders-differ');
		// The stretch is still due: an honest phone writes the matching seal, and it is the one shown.
		expect(st.seals.due.map((b) => b.start)).toContain(nextTerm.start);
		s.write('Ngọc', nextTerm.start + HOUR, seal.SEAL, seal.sealBody(nextTerm));
		h = s
			.fold(nextTerm.start + 2 * HOUR)
			.history.find((x) => x.role === 'facilitator' && x.start === nextTerm.start)!;
		expect(h.holders).toEqual(nextTerm.computed);
		expect(seal.verify(h)).toBe('matches');
		// A seal naming a stranger seats nobody either.
		const t2 = s.fold(nextTerm.start + 2 * HOUR).roles.find((r) => r.role.id === 'facilitator')!.next!;
		s.write('Zoë', t2.start + HOUR, seal.SEAL, { ...seal.sealBody(t2), holders: [sha256Hex('stranger')] });
		const h2 = s
			.fold(t2.start + 2 * HOUR)
			.history.find((x) => x.role === 'facilitator' && x.start === t2.start)!;
		expect(h2.holders).toEqual(t2.computed);
		expect(h2.seal!.verdict).toBe('flagged');
	});

	it('a seal speaks for the stretch of time it names, not for a term number', () => {
		const s = new Scenario(T0, NAMES);
		const st = s.fold(T0 + 8 * DAY);
		const body = st.seals.due.find((b) => b.role === 'facilitator')!;
		// The same term number, a different stretch (as after a reset in another partition).
		s.write('Zoë', T0 + 8 * DAY, seal.SEAL, { ...body, start: body.start + HOUR, holders: [s.keyOf('Zoë')] });
		const h = s
			.fold(T0 + 8 * DAY + HOUR)
			.history.find((x) => x.role === 'facilitator' && x.start === body.start)!;
		expect(h.seal).toBeNull();
		expect(h.holders).toEqual(body.holders);
	});

	it('incremental updates equal a full fold', { timeout: 120_000 }, () => {
		const s = new Scenario(T0, NAMES);
		const inc = s.open();
		let fed = inc.ledger.accepted.length;
		for (let d = 1; d < 60; d++) {
			s.write(NAMES[d % 6]!, T0 + d * DAY, mandate.PROPOSE, mandate.proposeBody(`t${d}`, T0 + (d + 5) * DAY));
			if (d % 9 === 0) s.write(NAMES[(d + 1) % 6]!, T0 + d * DAY + HOUR, 'reset.call', { reason: '' });
			inc.add(
				s.entries.slice(fed).map((entry) => ({ entry, sigValid: true })),
				T0 + d * DAY + 2 * HOUR
			);
			fed = s.entries.length;
			expect(JSON.stringify(inc.state(T0 + d * DAY + 2 * HOUR))).toBe(
				JSON.stringify(s.fold(T0 + d * DAY + 2 * HOUR))
			);
		}
	});
});

describe('mandate properties', () => {
	it(
		'a proposer never holds their own mandate, whoever proposes, whenever, however many',
		{ timeout: 120_000 },
		async () => {
			const fc = (await import('fast-check')).default;
			fc.assert(
				fc.property(
					fc.integer({ min: 2, max: 9 }),
					fc.array(fc.tuple(fc.nat(8), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 60 })), {
						minLength: 1,
						maxLength: 25
					}),
					fc.string(),
					(n, props, seedText) => {
						const names = [
							'Maya',
							'Zoë',
							'Ngọc',
							'Tomasz',
							'Aïcha',
							'Kwame',
							'İlkay',
							'Sione',
							'Rahel'
						].slice(0, n);
						const s = new Scenario(T0, names, sha256Hex(seedText));
						let t = T0 + HOUR;
						for (const [who, gapH, sunsetD] of props) {
							t += gapH * HOUR;
							s.write(names[who % n]!, t, mandate.PROPOSE, mandate.proposeBody('task', t + sunsetD * DAY));
						}
						const st = s.fold(t + HOUR);
						expect(st.mandates).toHaveLength(props.length);
						for (const m of st.mandates) {
							expect(m.holder).not.toBe(m.proposer);
							expect(m.holder).not.toBeNull();
						}
					}
				),
				{ numRuns: 60 }
			);
		}
	);
});

describe('removal threshold from the charter', () => {
	it('uses thresholds.removal of the charter in force, capped by the other active members', () => {
		const s = new Scenario(T0, NAMES);
		const needed = (t: number) => {
			// A removal proposal read through the real ledger: how many supporters it needs.
			const c = s.open([...s.entries, propose(t)]);
			return c.ledger.state().removals[0]!.needed;
		};
		const propose = (t: number) =>
			s.draft('Maya', t, 'member.remove.propose', { member: s.keyOf('Kwame'), reason: 'probe' });
		expect(needed(T0 + DAY)).toBe(4);
		const c = charter.defaultCharter();
		c.thresholds.removal = 9;
		const p = s.write('Maya', T0 + DAY, charter.PROPOSE, charter.proposalBody(c, ''));
		for (const n of NAMES.slice(1))
			s.write(n, T0 + DAY + HOUR, charter.CONSENT, charter.consentBody(s.id(p)));
		s.write(
			'Zoë',
			T0 + DAY + 2 * HOUR,
			charter.RATIFY,
			charter.ratifyBody(s.fold(T0 + DAY + 2 * HOUR).charter.proposals[0]!)
		);
		expect(needed(T0 + 2 * DAY)).toBe(5);
	});
});

describe('a holder who leaves', () => {
	it('hands the rest of the term to the next in line; it is not on the handoffs wall', () => {
		const s = new Scenario(T0, NAMES);
		const st = s.fold(T0 + 40 * DAY);
		const steward = st.roles.find((r) => r.role.id === 'steward')!.current!;
		const name = s.names.get(steward.holders[0]!)!;
		s.leave(name, T0 + 40 * DAY);
		const after = s.fold(T0 + 41 * DAY);
		const now = after.roles.find((r) => r.role.id === 'steward')!.current!;
		expect(now.began).toBe('left');
		expect(now.holders).toHaveLength(1);
		expect(now.holders).not.toContain(steward.holders[0]);
		expect(after.handoffs).toEqual([]);
		for (const h of after.history.filter((x) => x.start > T0 + 40 * DAY))
			expect(h.holders).not.toContain(steward.holders[0]);
	});
});

describe('now, next and rituals', () => {
	it('the next term is provisional until its freeze point; rituals come from the charter', () => {
		const s = new Scenario(T0, NAMES);
		const fac = (t: number) => s.fold(t).roles.find((r) => r.role.id === 'facilitator')!;
		const monday = utc(2025, 3, 17);
		expect(fac(monday - 2 * DAY).next!.provisional).toBe(true);
		expect(fac(monday - HOUR).next!.provisional).toBe(false);
		expect(fac(monday - HOUR).next!.freezeAt).toBe(monday - DAY);
		expect(fac(monday).current!.start).toBe(monday);
		const st = s.fold(utc(2025, 3, 20));
		expect(st.rituals.nextMeeting).toBe(utc(2025, 3, 24));
		expect(st.rituals.nextPairAudit).toBe(utc(2025, 6, 3));
		expect(st.rituals.nextMentorshipInversion).toBe(utc(2026, 3, 3));
		// The newest apprentice the most senior: Kwame (newest) mentors Maya (founder).
		expect(st.rituals.inversionPairs.map(([a, b]) => `${s.names.get(a)}→${s.names.get(b)}`)).toEqual([
			'Kwame→Maya',
			'Aïcha→Zoë',
			'Tomasz→Ngọc'
		]);
	});
});
