/**
 * The relay rule (issue 14, item 3): a circle decides its answer to a federation proposal in its
 * own ledger (`federation.decide`, each member's signature over the answer), and its delegate
 * relays that decision with the signatures; the federation checks them against the roster it
 * recorded for the circle. Attacks: a delegate who relays an answer their circle did not give
 * (the circle's signatures over another answer, too few of them, their own alone), who answers
 * on their own after the circle decided, and a captured delegate who will not relay at all.
 */
import { describe, expect, it } from 'vitest';
import * as ed from '$lib/core/ed25519';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { federation as domain } from '$lib/core/domains';
import {
	DECIDE,
	FED_ANSWER,
	FED_GENESIS,
	FED_JOIN,
	FED_PROPOSE,
	MANDATE,
	SIGN,
	answerBytes,
	foldFederation,
	mandateBody,
	proposalStatus,
	signMandate,
	type FederationLink,
	type FederationState
} from '$lib/core/federation';
import type { Entry, MemberKey } from '$lib/core/types';
import { DAY, Scenario } from '../scenario';
import { certFor, decisionBy, FED_SEED, fedIdOf, garden, idOf, ISSUE, tools, World } from './helpers';

const T0 = Date.UTC(2026, 2, 2, 9);

class Signing extends Scenario {
	secretOf(name: string): Uint8Array {
		return sha256Bytes(utf8ToBytes(`fed-member:${name}`));
	}
	override keyOf(name: string): MemberKey {
		const k = bytesToHex(ed.publicKeyOf(this.secretOf(name))) as MemberKey;
		this.names.set(k, name);
		return k;
	}
	person(name: string) {
		return { name, key: this.keyOf(name), secret: this.secretOf(name) };
	}
	signer(name: string) {
		return { key: this.keyOf(name), sign: (b: Uint8Array) => ed.sign(b, this.secretOf(name)) };
	}
}

const linksOf = (s: Scenario): FederationLink[] => s.open().view<FederationLink[]>(domain, T0 + 400 * DAY);
const codes = (s: Scenario) =>
	s
		.open()
		.state(T0 + 400 * DAY)
		.rejected.map((r) => r.code);
const refusedCode = (f: FederationState, e: Entry) => f.refused.find((r) => r.id === idOf(e))?.rejection.code;

/**
 * The bakery (Ilse, Kwame, Lena; Ilse its delegate) in a federation the garden founded, with a
 * proposal from the tools: the bakery's ledger and the federation's, as on the phones.
 */
const setup = () => {
	const g = garden();
	const t = tools();
	const ada = g.members[0]!;
	const maya = t.members[0]!;
	const fed = fedIdOf(ada);
	const s = new Signing(T0, ['Ilse', 'Kwame', 'Lena']);
	const m = s.write(
		'Ilse',
		T0 + DAY,
		MANDATE,
		mandateBody({
			federation: fed,
			name: 'Valley Food Alliance',
			issue: ISSUE,
			delegate: s.keyOf('Ilse'),
			from: T0 + DAY,
			until: T0 + 91 * DAY,
			serial: 1,
			exit: 2
		})
	);
	const cm = linksOf(s)[0]!.mandates[0]!;
	for (const [i, who] of ['Ilse', 'Kwame'].entries())
		s.write(who, T0 + DAY + 1 + i, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer(who)).sig
		});
	const cert = linksOf(s)[0]!.mandates[0]!.certificate!;
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
	w.write(s.person('Ilse'), T0 + 2 * DAY, FED_JOIN, { cert });
	const p = w.write(maya, T0 + 3 * DAY, FED_PROPOSE, {
		circle: t.id,
		issue: ISSUE,
		title: 'Order 200 kg of rye',
		text: '',
		levy: []
	});
	return { s, w, fed, p, bakery: s.circle, g, t, ada, maya };
};

/** A member's `federation.decide` in the circle's ledger, signed over the answer. */
const decide = (
	s: Signing,
	who: string,
	at: number,
	fed: string,
	proposal: string,
	answer: 'consent' | 'aside' | 'object',
	reason = ''
) =>
	s.write(who, at, DECIDE, {
		federation: fed,
		proposal,
		answer,
		reason,
		sig: bytesToHex(ed.sign(answerBytes(fed, s.circle, proposal, answer, reason), s.secretOf(who)))
	});

describe('a circle decides its answer in its own ledger; the delegate relays it', () => {
	it('a majority of the members’ signatures is the circle’s answer, relayed and checked', () => {
		const { s, w, fed, p, bakery } = setup();
		decide(s, 'Kwame', T0 + 4 * DAY, fed, idOf(p), 'object', 'the mill is closed in March');
		expect(linksOf(s)[0]!.decisions[0]!.decided).toBeNull();
		decide(s, 'Lena', T0 + 4 * DAY + 1, fed, idOf(p), 'object', 'the mill is closed in March');
		const d = linksOf(s)[0]!.decisions[0]!;
		expect(d.votes).toHaveLength(2);
		expect(d.decided).toMatchObject({ answer: 'object', reason: 'the mill is closed in March' });
		expect(codes(s)).toEqual([]);

		// Ilse relays it: the federation checks the signatures against the roster it recorded.
		w.write(s.person('Ilse'), T0 + 5 * DAY, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'object',
			reason: 'the mill is closed in March',
			decision: { sigs: d.decided!.sigs }
		});
		const f = foldFederation(fed, w.entries);
		expect(f.refused).toEqual([]);
		const a = f.proposals.get(idOf(p))!.answers[0]!;
		expect(a).toMatchObject({ circle: bakery, answer: 'object', decided: true, by: s.keyOf('Ilse') });
		expect(proposalStatus(f, f.proposals.get(idOf(p))!, T0 + 5 * DAY).kind).toBe('objected');
	});

	it('in the circle’s ledger: once per member and proposal, members of the roster only, a signature over the answer', () => {
		const { s, fed, p } = setup();
		decide(s, 'Kwame', T0 + 4 * DAY, fed, idOf(p), 'consent');
		decide(s, 'Kwame', T0 + 4 * DAY + 1, fed, idOf(p), 'object', 'changed my mind');
		s.write('Lena', T0 + 4 * DAY + 2, DECIDE, {
			federation: fed,
			proposal: idOf(p),
			answer: 'consent',
			reason: '',
			// Signed over another answer.
			sig: bytesToHex(ed.sign(answerBytes(fed, s.circle, idOf(p), 'aside', ''), s.secretOf('Lena')))
		});
		s.write('Lena', T0 + 4 * DAY + 3, DECIDE, {
			federation: fed,
			proposal: idOf(p),
			answer: 'object',
			reason: '',
			sig: '00'.repeat(64)
		});
		expect(codes(s)).toEqual(['fed-link-signed', 'fed-cert-signature', 'fed-decide-body']);
		expect(linksOf(s)[0]!.decisions[0]!.decided).toBeNull();
	});

	it('attack: a delegate relays an answer their circle did not give', () => {
		const { s, w, fed, p, bakery } = setup();
		decide(s, 'Kwame', T0 + 4 * DAY, fed, idOf(p), 'object', 'no');
		decide(s, 'Lena', T0 + 4 * DAY + 1, fed, idOf(p), 'object', 'no');
		const sigs = linksOf(s)[0]!.decisions[0]!.decided!.sigs;
		const ilse = s.person('Ilse');
		// The circle's signatures over "object", relayed as "consent".
		const swapped = w.write(ilse, T0 + 5 * DAY, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: '',
			decision: { sigs }
		});
		// Her own signature alone, as if it were the circle's.
		const alone = w.write(ilse, T0 + 5 * DAY + 1, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: '',
			decision: {
				sigs: [
					{
						key: ilse.key,
						sig: bytesToHex(ed.sign(answerBytes(fed, bakery, idOf(p), 'consent', ''), ilse.secret))
					}
				]
			}
		});
		// Signatures of another circle (the tools' majority) for the bakery.
		const foreign = w.write(ilse, T0 + 5 * DAY + 2, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: '',
			decision: decisionBy(fed, tools(), idOf(p), 'consent')
		});
		let f = foldFederation(fed, w.entries);
		expect(refusedCode(f, swapped)).toBe('fed-cert-signature');
		expect(refusedCode(f, alone)).toBe('fed-answer-quorum');
		expect(refusedCode(f, foreign)).toBe('fed-cert-nonmember');
		expect(f.proposals.get(idOf(p))!.answers).toEqual([]);

		// Kwame, not the delegate, carries the real decision; Ilse's own answer afterwards changes nothing.
		w.write(s.person('Kwame'), T0 + 5 * DAY + 3, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'object',
			reason: 'no',
			decision: { sigs }
		});
		const own = w.write(ilse, T0 + 5 * DAY + 4, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: ''
		});
		f = foldFederation(fed, w.entries);
		expect(refusedCode(f, own)).toBe('fed-answer-decided');
		expect(f.proposals.get(idOf(p))!.answers).toMatchObject([
			{ answer: 'object', decided: true, by: s.keyOf('Kwame') }
		]);
	});

	it('a delegate’s own answer counts until the circle’s decision arrives, which replaces it', () => {
		const { s, w, fed, p, bakery } = setup();
		w.write(s.person('Ilse'), T0 + 4 * DAY, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'aside',
			reason: ''
		});
		w.write(s.person('Lena'), T0 + 5 * DAY, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: '',
			decision: decisionBy(
				fed,
				{ id: bakery, members: [s.person('Kwame'), s.person('Lena')], roster: [] },
				idOf(p),
				'consent',
				'',
				[s.person('Kwame'), s.person('Lena')]
			)
		});
		const f = foldFederation(fed, w.entries);
		expect(f.refused).toEqual([]);
		expect(f.proposals.get(idOf(p))!.answers.map((a) => [a.answer, a.decided])).toEqual([
			['aside', false],
			['consent', true]
		]);
	});

	it('a member outside the recorded roster cannot carry even a real decision', () => {
		const { s, w, fed, p, bakery, ada } = setup();
		decide(s, 'Kwame', T0 + 4 * DAY, fed, idOf(p), 'consent');
		decide(s, 'Lena', T0 + 4 * DAY + 1, fed, idOf(p), 'consent');
		const sigs = linksOf(s)[0]!.decisions[0]!.decided!.sigs;
		const e = w.write(ada, T0 + 5 * DAY, FED_ANSWER, {
			proposal: idOf(p),
			circle: bakery,
			answer: 'consent',
			reason: '',
			decision: { sigs }
		});
		expect(refusedCode(foldFederation(fed, w.entries), e)).toBe('fed-not-delegate');
	});
});
