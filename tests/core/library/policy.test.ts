/**
 * The library's borrow policy and its handover by code, told through the real ledger and domains
 * with members that hold real Ed25519 keys (the keeper signs a handover offer; the borrower's entry
 * carries it). Each rule comes with the member who cheats: a borrower who approves their own
 * reservation or forges the keeper's signature, a keeper who back-dates a handover into the
 * item's rest, a code scanned twice or carried to another circle, a payment code, garbage.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ed from '$lib/core/ed25519';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import * as lib from '$lib/core/library';
import { library } from '$lib/core/domains';
import { encodePayCode } from '$lib/core/credit';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '$lib/core/types';
import { DAY, HOUR, Scenario, utc } from '../scenario';

const T0 = utc(2026, 3, 2, 9);
const NAMES = ['Ama', 'Bo', 'Cyd', 'Dee'];

/** A scenario whose members hold real keys, so a keeper can sign a handover offer. */
class Signing extends Scenario {
	secretOf(name: string): Uint8Array {
		return sha256Bytes(utf8ToBytes(`lib-member:${name}`));
	}
	override keyOf(name: string): MemberKey {
		const k = bytesToHex(ed.publicKeyOf(this.secretOf(name))) as MemberKey;
		this.names.set(k, name);
		return k;
	}
	/** The code the keeper's phone shows (for `circle`, this one by default). */
	offer(
		keeper: string,
		item: EntryId,
		at: Millis,
		days: number,
		nonce: string,
		circle: string = this.circle,
		signer = keeper
	): lib.HandoverCode {
		const o = { item, lender: this.keyOf(keeper), at, due: at + days * DAY, nonce };
		const sig = bytesToHex(ed.sign(lib.offerBytes(circle, o), this.secretOf(signer)));
		return { circle: circle as CircleId, ...o, sig };
	}
}

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const nonce = (n: number) => n.toString(16).padStart(32, '0');
const viewOf = (s: Scenario, now: Millis) => s.open().view<lib.LibraryView>(library, now);
const codes = (s: Scenario, now: Millis) =>
	s
		.open()
		.state(now)
		.rejected.map((r) => r.code);

const drill = (s: Scenario, policy: Partial<lib.Policy> = {}, keeper: string | null = 'Ama') =>
	s.id(
		s.write(
			'Ama',
			T0 + HOUR,
			lib.ITEM,
			lib.itemBody({ name: 'Drill', category: 'Tools', keeper: keeper ? s.keyOf(keeper) : null, policy })
		)
	);

const handover = (s: Signing, borrower: string, at: Millis, code: lib.HandoverCode): Entry =>
	s.write(borrower, at, lib.HANDOVER, lib.handoverBody(code));

describe('a handover both phones confirm by scanning', () => {
	it('the keeper’s signed code and the borrower’s entry put the item out at the real handover time', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s);
		// Ama's phone shows the code at 10:00 for a handover at 9:40; Bo scans it at 10:01.
		const code = s.offer('Ama', item, T0 + DAY - 20 * 60_000, 7, nonce(1));
		const text = lib.encodeHandoverCode(code);
		const read = lib.readHandoverCode(text, s.circle, s.keyOf('Bo'));
		expect(read).toEqual({ ok: true, code });
		const e = handover(s, 'Bo', T0 + DAY + 60_000, code);
		const v = viewOf(s, T0 + DAY + HOUR);
		expect(codes(s, T0 + DAY + HOUR)).toEqual([]);
		expect(v.items[0]).toMatchObject({
			shown: 'out',
			loan: { id: s.id(e), lender: s.keyOf('Ama'), borrower: s.keyOf('Bo'), at: T0 + DAY - 20 * 60_000 }
		});
		// A week later it is overdue, in the due list.
		expect(lib.dueList(viewOf(s, T0 + 8 * DAY))).toHaveLength(1);
	});

	it('attack: a code scanned twice, a forged keeper signature, another circle’s code, a self-handover', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s);
		const code = s.offer('Ama', item, T0 + DAY, 7, nonce(2));
		const bo = handover(s, 'Bo', T0 + DAY + 60_000, code);
		s.write('Bo', T0 + 2 * DAY, lib.RETURN, lib.returnBody(s.id(bo), T0 + 2 * DAY));
		// Cyd photographed the code: once used, it lends no more.
		handover(s, 'Cyd', T0 + 2 * DAY + HOUR, code);
		// Cyd signs an offer in Ama's name with Cyd's own key.
		handover(
			s,
			'Cyd',
			T0 + 2 * DAY + 2 * HOUR,
			s.offer('Ama', item, T0 + 2 * DAY + HOUR, 7, nonce(3), s.circle, 'Cyd')
		);
		// A code Ama signed for another circle.
		const other = s.offer('Ama', item, T0 + 2 * DAY + HOUR, 7, nonce(4), 'ab'.repeat(16));
		handover(s, 'Cyd', T0 + 2 * DAY + 3 * HOUR, { ...other, circle: s.circle });
		// Ama "scans" her own code.
		handover(s, 'Ama', T0 + 2 * DAY + 4 * HOUR, s.offer('Ama', item, T0 + 2 * DAY + 4 * HOUR, 7, nonce(5)));
		// Bo's code from a keeper of nothing: Dee does not keep Ama's drill.
		handover(s, 'Bo', T0 + 2 * DAY + 5 * HOUR, s.offer('Dee', item, T0 + 2 * DAY + 5 * HOUR, 7, nonce(6)));
		expect(codes(s, T0 + 3 * DAY)).toEqual([
			'library-code-used',
			'handover-code-signature',
			'handover-code-signature',
			'library-self',
			'library-not-keeper'
		]);
		expect(viewOf(s, T0 + 3 * DAY).items[0]!.shown).toBe('available');
	});

	it('a wrong code gets a clear code and nothing else: garbage, a payment code, another circle’s, one’s own', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s);
		const code = s.offer('Ama', item, T0 + DAY, 7, nonce(7));
		const text = lib.encodeHandoverCode(code);
		const read = (t: string, me = 'Bo') => {
			const r = lib.readHandoverCode(t, s.circle, s.keyOf(me));
			return r.ok ? 'ok' : r.rejection.code;
		};
		expect(read('hello')).toBe('handover-code-not-one');
		expect(read(text.slice(0, -2))).toBe('handover-code-not-one');
		expect(read(`${text}:00`)).toBe('handover-code-not-one');
		expect(read(encodePayCode({ circle: s.circle, payee: s.keyOf('Ama'), amount: 100, memo: 'drill' }))).toBe(
			'handover-code-payment'
		);
		expect(read(text.replace(s.circle, 'ab'.repeat(16)))).toBe('handover-code-other-circle');
		expect(read(text, 'Ama')).toBe('handover-code-own');
		// A changed due date breaks the keeper's signature.
		expect(read(lib.encodeHandoverCode({ ...code, due: code.due + DAY }))).toBe('handover-code-signature');
		expect(read(text)).toBe('ok');
	});
});

describe('the borrow policy', () => {
	it('the charter’s library section sets a new item’s defaults, the needs-approval one too', () => {
		expect(
			lib.libraryRules({ library: { loanDays: 7, renewals: 0, approval: true, bufferDays: 2, holdDays: 5 } })
		).toEqual({
			holdDays: 5,
			policy: { loanDays: 7, renewals: 0, approval: true, bufferDays: 2 }
		});
		expect(lib.libraryRules({ library: { approval: 'yes', loanDays: 0 } }).policy).toEqual({
			loanDays: 14,
			renewals: 1,
			approval: false,
			bufferDays: 0
		});
	});

	it('attack: an item that needs approval goes out only on a hold its keeper approved; the borrower cannot approve their own', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s, { approval: true });
		// Bo walks off with a code before any reservation.
		handover(s, 'Bo', T0 + DAY, s.offer('Ama', item, T0 + DAY, 7, nonce(10)));
		const hold = s.id(s.write('Bo', T0 + DAY + HOUR, lib.RESERVE, lib.reserveBody(item)));
		s.write('Bo', T0 + DAY + 2 * HOUR, lib.APPROVE, lib.approveBody(hold)); // self-approval
		s.write('Cyd', T0 + DAY + 3 * HOUR, lib.APPROVE, lib.approveBody(hold)); // not the keeper
		handover(s, 'Bo', T0 + DAY + 4 * HOUR, s.offer('Ama', item, T0 + DAY + 4 * HOUR, 7, nonce(11)));
		expect(codes(s, T0 + 2 * DAY)).toEqual([
			'library-needs-approval',
			'library-self-approve',
			'library-not-keeper',
			'library-needs-approval'
		]);
		expect(viewOf(s, T0 + 2 * DAY).items[0]!.queue[0]).toMatchObject({
			holder: s.keyOf('Bo'),
			approved: false
		});
		s.write('Ama', T0 + 2 * DAY, lib.APPROVE, lib.approveBody(hold));
		s.write('Ama', T0 + 2 * DAY + 1, lib.APPROVE, lib.approveBody(hold)); // twice
		expect(viewOf(s, T0 + 2 * DAY + HOUR).items[0]!.queue[0]).toMatchObject({ approved: true });
		// The older two-entry handover (lend, then receive) is held to the same rule.
		const c = s.id(
			s.write(
				'Ama',
				T0 + 2 * DAY + HOUR,
				lib.LEND,
				lib.lendBody(item, s.keyOf('Cyd'), T0 + 2 * DAY + HOUR, 7)
			)
		);
		s.write('Cyd', T0 + 2 * DAY + 2 * HOUR, lib.RECEIVE, lib.receiveBody(c));
		handover(s, 'Bo', T0 + 2 * DAY + 3 * HOUR, s.offer('Ama', item, T0 + 2 * DAY + 3 * HOUR, 7, nonce(12)));
		expect(codes(s, T0 + 3 * DAY).slice(4)).toEqual(['library-approved', 'library-needs-approval']);
		const v = viewOf(s, T0 + 3 * DAY);
		expect(v.items[0]).toMatchObject({ shown: 'out', loan: { borrower: s.keyOf('Bo') } });
		// The approved hold was collected by the loan.
		expect(v.items[0]!.queue).toEqual([]);
	});

	it('a circle-kept item: any other member approves, never the holder', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s, { approval: true }, null);
		const hold = s.id(s.write('Bo', T0 + DAY, lib.RESERVE, lib.reserveBody(item)));
		s.write('Bo', T0 + DAY + 1, lib.APPROVE, lib.approveBody(hold));
		s.write('Dee', T0 + DAY + 2, lib.APPROVE, lib.approveBody(hold));
		handover(s, 'Bo', T0 + DAY + HOUR, s.offer('Cyd', item, T0 + DAY + HOUR, 7, nonce(20)));
		expect(codes(s, T0 + 2 * DAY)).toEqual(['library-self-approve']);
		expect(viewOf(s, T0 + 2 * DAY).items[0]!.loan).toMatchObject({
			borrower: s.keyOf('Bo'),
			lender: s.keyOf('Cyd')
		});
	});

	it('attack: buffer days: a handover back-dated into the item’s rest is refused; the hold’s ready date moves past it', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s, { bufferDays: 2 });
		const bo = handover(s, 'Bo', T0 + DAY, s.offer('Ama', item, T0 + DAY, 7, nonce(30)));
		s.write('Cyd', T0 + 2 * DAY, lib.RESERVE, lib.reserveBody(item));
		s.write('Bo', T0 + 4 * DAY, lib.RETURN, lib.returnBody(s.id(bo), T0 + 4 * DAY));
		let v = viewOf(s, T0 + 4 * DAY + HOUR);
		// Cyd's hold is ready when the rest ends, not at the return; it lapses holdDays after that.
		expect(v.items[0]).toMatchObject({ shown: 'available', restsUntil: T0 + 6 * DAY });
		expect(v.items[0]!.queue[0]).toMatchObject({ readyAt: T0 + 6 * DAY, lapsesAt: T0 + 9 * DAY });
		// On day 7 Ama's code says the handover was on day 5: inside the rest.
		handover(s, 'Cyd', T0 + 7 * DAY, s.offer('Ama', item, T0 + 5 * DAY, 7, nonce(31)));
		// The same by the older two entries.
		const l = s.id(
			s.write('Ama', T0 + 7 * DAY, lib.LEND, lib.lendBody(item, s.keyOf('Cyd'), T0 + 5 * DAY + HOUR, 7))
		);
		expect(codes(s, T0 + 8 * DAY)).toEqual(['library-buffer', 'library-buffer']);
		void l;
		// Dated after the rest, it counts.
		handover(s, 'Cyd', T0 + 7 * DAY + HOUR, s.offer('Ama', item, T0 + 6 * DAY, 7, nonce(32)));
		v = viewOf(s, T0 + 8 * DAY);
		expect(v.items[0]).toMatchObject({ shown: 'out', loan: { borrower: s.keyOf('Cyd'), at: T0 + 6 * DAY } });
	});

	it('attack: only the keeper changes an item’s policy; a bad policy is refused with a code', () => {
		const s = new Signing(T0, NAMES);
		const item = drill(s);
		s.write('Bo', T0 + DAY, lib.POLICY, lib.policyBody(item, { loanDays: 60 })); // not the keeper
		s.write('Ama', T0 + DAY + 1, lib.POLICY, lib.policyBody(item, { bufferDays: 2, approval: true }));
		expect(codes(s, T0 + 2 * DAY)).toEqual(['library-not-keeper']);
		expect(viewOf(s, T0 + 2 * DAY).items[0]!.policy).toEqual({
			loanDays: 14,
			renewals: 1,
			approval: true,
			bufferDays: 2
		});
		expect(() => lib.policyBody(item, { loanDays: 0 })).toThrow('library-policy');
		s.write('Ama', T0 + 3 * DAY, lib.POLICY, { item, policy: { renewals: -1 } });
		s.write('Ama', T0 + 3 * DAY + 1, lib.POLICY, { item });
		expect(codes(s, T0 + 4 * DAY)).toEqual(['library-not-keeper', 'library-policy', 'library-policy']);
	});
});

describe('properties', () => {
	it('handovers by code and returns in any order: one borrower at a time, never within the rest, the same everywhere', () => {
		const act = fc.record({
			kind: fc.constantFrom('handover', 'handover', 'return', 'reuse'),
			who: fc.nat(3),
			back: fc.nat(30),
			pick: fc.nat()
		});
		fc.assert(
			fc.property(
				fc.array(act, { minLength: 3, maxLength: 16 }),
				fc.nat(3),
				fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
				(acts, rest, keys) => {
					const s = new Signing(T0, NAMES);
					const item = drill(s, { bufferDays: rest, loanDays: 5 }, null);
					const codesSigned: lib.HandoverCode[] = [];
					const loans: Entry[] = [];
					let t = T0 + DAY;
					acts.forEach((a, n) => {
						t += 9 * HOUR;
						const borrower = NAMES[a.who]!;
						const keeper = NAMES[(a.who + 1) % 4]!;
						if (a.kind === 'handover') {
							const code = s.offer(keeper, item, t - a.back * HOUR, 3, nonce(100 + n));
							codesSigned.push(code);
							loans.push(handover(s, borrower, t, code));
						} else if (a.kind === 'reuse' && codesSigned.length) {
							handover(s, borrower, t, codesSigned[a.pick % codesSigned.length]!);
						} else if (a.kind === 'return' && loans.length) {
							const l = loans[a.pick % loans.length]!;
							s.write(l.author, t, lib.RETURN, lib.returnBody(s.id(l), t - a.back * HOUR));
						}
					});
					const end = t + DAY;
					const v = viewOf(s, end);
					const reference = JSON.stringify(v);
					const shuffled = s.entries
						.map((e, i) => ({ e, k: keys[i % keys.length]! + i }))
						.sort((x, y) => x.k - y.k)
						.map((x) => x.e);
					expect(JSON.stringify(s.open(shuffled).view<lib.LibraryView>(library, end))).toBe(reference);
					const out = v.loans.filter((l) => l.received !== null).sort((a, b) => a.at - b.at);
					for (let i = 1; i < out.length; i++) {
						const before = out[i - 1]!;
						// Never overlapping, and each begins after the one before came back and rested.
						expect(before.returnedAt).not.toBeNull();
						expect(out[i]!.at).toBeGreaterThanOrEqual(before.returnedAt! + rest * DAY);
					}
					expect(new Set(v.loans.map((l) => l.id)).size).toBe(v.loans.length);
				}
			),
			{ numRuns: 25, ...SEED }
		);
	}, 120_000);
});
