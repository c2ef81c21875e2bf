import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as demo from '../../src/lib/core/demo';
import { openCircle, replay, type Circle } from '../../src/lib/core/circle';
import { verifySignature } from '../../src/lib/core/entry';
import { isFounding } from '../../src/lib/core/rotation/seal';
import type { Entry } from '../../src/lib/core/types';
import { library } from '../../src/lib/core/domains';
import type { LibraryView } from '../../src/lib/core/library/view';

const circleA = demo.demoCircle('alpha');
// Keyed by signature: the ledger may hand back its own copies of entries.
const verdicts = new Map(circleA.entries.map((e) => [e.sig, verifySignature(e)]));

const ledgerOf = (entries: readonly Entry[], now: number) => {
	const l = openCircle(circleA.circle);
	l.add(
		entries.map((entry) => ({ entry, sigValid: verdicts.get(entry.sig) ?? verifySignature(entry) })),
		now
	);
	return l;
};
const govOf = (l: Circle, now: number) => l.state(now);

describe('demo circle', () => {
	it('is deterministic from its seed and differs across seeds', { timeout: 60_000 }, () => {
		const again = demo.demoCircle('alpha');
		expect(again.entries.map((e) => e.sig)).toEqual(circleA.entries.map((e) => e.sig));
		expect(demo.demoCircle('beta', { days: 40 }).circle).not.toBe(circleA.circle);
	});

	it("every entry is signed by its author's own key and the ledger accepts them all", () => {
		expect([...verdicts.values()].every(Boolean)).toBe(true);
		const l = ledgerOf(circleA.entries, circleA.end);
		expect(l.ledger.quarantine).toEqual([]);
		expect(l.ledger.accepted).toHaveLength(circleA.entries.length);
		expect(new Set(circleA.entries.map((e) => e.author)).size).toBe(8);
		const names = [...l.ledger.state().members.values()].map((m) => m.name);
		expect(names).toEqual(expect.arrayContaining(['Zoë', 'Ngọc', 'İlkay']));
	});

	it('holds a year of governance: charter re-ratified, a ceremony, a reset, a handoff, every seal verified', () => {
		const l = ledgerOf(circleA.entries, circleA.end);
		const st = govOf(l, circleA.end);
		expect(st.charter.versions).toHaveLength(2);
		expect(st.charter.state).toBe('in-force');
		expect(st.seeds.map((s) => s.source)).toEqual(['genesis', 'ceremony', 'reset']);
		expect(st.reset.history).toHaveLength(1);
		expect(st.handoffs).toHaveLength(1);
		expect(st.mandates.map((m) => m.status)).toEqual(
			expect.arrayContaining(['done', 'recalled', 'sunset', 'dissolved'])
		);
		for (const m of st.mandates) expect(m.holder).not.toBe(m.proposer);
		expect(st.benches).toHaveLength(1);
		expect(st.absences).toHaveLength(1);
		expect(st.rejected).toEqual([]);
		expect(st.seals.flagged).toEqual([]);
		expect(st.seals.due).toEqual([]);
		// Every stretch but the founding one (the founder alone: nothing to seal, rotation.md).
		const sealed = st.history.filter((h) => h.start <= circleA.end && !isFounding(h));
		expect(sealed.every((h) => h.seal?.verdict === 'matches')).toBe(true);
		const bench = st.benches[0]!;
		for (const h of st.history.filter(
			(x) => x.role === 'facilitator' && x.freezeAt >= bench.at && x.start < bench.until
		))
			expect(h.holders).not.toContain(bench.member);
		// The same state from a fresh replay of the accepted entries.
		expect(JSON.stringify(replay(circleA.circle, circleA.entries, circleA.end).state(circleA.end))).toBe(
			JSON.stringify(st)
		);
	});

	it('identical governance whatever the delivery order and however entries are split across 2–5 devices', () => {
		const reference = JSON.stringify(govOf(ledgerOf(circleA.entries, circleA.end), circleA.end));
		const n = circleA.entries.length;
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 5 }),
				fc.array(fc.nat(), { minLength: n, maxLength: n }),
				fc.array(fc.nat(), { minLength: n, maxLength: n }),
				fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
				(devices, order, homes, syncOrder) => {
					const shuffled = circleA.entries
						.map((e, i) => ({ e, k: order[i]! }))
						.sort((a, b) => a.k - b.k)
						.map((x) => x.e);
					const ledgers = Array.from({ length: devices }, () => openCircle(circleA.circle));
					// Each entry starts on one device, delivered in small batches in the shuffled order.
					const batches: Entry[][] = ledgers.map(() => []);
					shuffled.forEach((e, i) => batches[homes[i]! % devices]!.push(e));
					batches.forEach((b, d) => {
						for (let i = 0; i < b.length; i += 7)
							ledgers[d]!.add(
								b.slice(i, i + 7).map((entry) => ({ entry, sigValid: verdicts.get(entry.sig)! })),
								circleA.end
							);
					});
					// Devices sync pairwise in a random order, then everyone meets everyone once.
					const meet = (a: Circle, b: Circle) => {
						// Everything each has seen travels (the Y.Map holds quarantined entries too).
						const seen = (l: Circle) => [
							...l.ledger.accepted,
							...l.ledger.pending,
							...l.ledger.quarantine.flatMap((q) => (q.entry ? [q.entry] : []))
						];
						const all = [...seen(a), ...seen(b)];
						for (const l of [a, b])
							l.add(
								all.map((entry) => ({ entry, sigValid: verdicts.get(entry.sig)! })),
								circleA.end
							);
					};
					for (const s of syncOrder) meet(ledgers[s % devices]!, ledgers[(s >> 3) % devices]!);
					for (let i = 0; i < devices; i++) for (let j = 0; j < devices; j++) meet(ledgers[i]!, ledgers[j]!);
					for (const l of ledgers) {
						const got = JSON.stringify(govOf(l, circleA.end));
						if (got !== reference && process.env.DEBUG_DIFF) {
							let i = 0;
							while (got[i] === reference[i]) i++;
							console.log(
								l.ledger.accepted.length,
								l.ledger.quarantine.length,
								l.ledger.pending.length,
								got.slice(i - 300, i + 200),
								'\n----\n',
								reference.slice(i - 300, i + 200)
							);
						}
						expect(got).toBe(reference);
					}
				}
			),
			{ numRuns: 10, endOnFailure: true }
		);
	}, 300_000);

	it('has a shed of some forty tools, most lent through the year, some brought back late', () => {
		const l = ledgerOf(circleA.entries, circleA.end);
		const shed = l.view<LibraryView>(library, circleA.end);
		expect(shed.items).toHaveLength(40);
		expect(new Set(shed.items.map((i) => i.category)).size).toBeGreaterThanOrEqual(8);
		const lent = new Set(shed.loans.map((loan) => loan.item));
		expect(lent.size).toBeGreaterThanOrEqual(30);
		const late = shed.loans.filter((loan) => loan.returnedAt !== null && loan.returnedAt > loan.due);
		expect(late.length).toBeGreaterThan(5);
		expect(late.length).toBeLessThan(shed.loans.length / 2);
	});

	it('pads to a large ledger on request', () => {
		const big = demo.demoCircle('gamma', { entries: 3000, days: 120 });
		expect(big.entries.length).toBeGreaterThanOrEqual(3000);
		const l = replay(big.circle, big.entries, big.end);
		const st = l.state(big.end);
		expect(st.rejected).toEqual([]);
		expect(st.mandates.filter((m) => m.status === 'done').length).toBeGreaterThan(60);
		expect(big.entries.filter((e) => e.type === 'credit.transfer').length).toBeGreaterThan(2000);
		expect(l.ledger.quarantine).toEqual([]);
	}, 120_000);
});

describe('demo signer', () => {
	it('signs byte-identically to noble ed25519.sign', async () => {
		const { sign } = await import('../../src/lib/core/ed25519');
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 32, maxLength: 32 }),
				fc.uint8Array({ maxLength: 300 }),
				(sk, msg) => {
					expect(demo.signerFor(sk)(msg)).toEqual(sign(msg, sk));
				}
			),
			{ numRuns: 60 }
		);
	});
});
