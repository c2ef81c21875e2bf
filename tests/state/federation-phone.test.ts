/**
 * What a person does with the federations a phone holds (state/federation-phone.ts): found from
 * a prepared draft with the circle's certificate, join, decide by consent among circles, withdraw
 * by the members' notice while the delegate does nothing, and "what changed since the last carry".
 * A write the federation's rules refuse throws its code and keeps nothing.
 */
import { describe, expect, it } from 'vitest';
import { RuleError } from '$lib/core/host/domain';
import { participants, proposalStatus, type FederationId } from '$lib/core/federation';
import type { EntryId } from '$lib/core/types';
import { FederationPhone } from '$lib/state/federation-phone';
import type { KeyValue } from '$lib/state/federation-docs';
import type { Person } from '../core/helpers';
import { bakery, certFor, exitBy, garden, T0, tools } from '../core/federation/helpers';

const DAY = 86_400_000;
const memory = (): KeyValue => {
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};
const writer = (p: Person) => ({ key: p.key, secretKey: p.secret });
const fixedRandom = (n: number) => new Uint8Array(n).fill(7);
const codeOf = (f: () => unknown): string => {
	try {
		f();
	} catch (e) {
		return (e as RuleError).rejection.code;
	}
	return 'no error';
};

describe('a phone that holds federations', () => {
	it('founds, joins, decides by consent, and a circle leaves by its members', () => {
		const g = garden();
		const t = tools();
		const b = bakery();
		const [ada] = g.members;
		const [maya] = t.members;
		const [ilse, kwame, lena] = b.members;
		const adaPhone = new FederationPhone(memory());
		const fed = adaPhone.draftFounding(
			ada!.key,
			{ purpose: 'Buy flour together', consentDays: 7, termDays: 28 },
			fixedRandom
		);
		expect(adaPhone.draft(fed)?.purpose).toBe('Buy flour together');
		// Another phone has no draft: it cannot found this federation.
		expect(
			codeOf(() =>
				new FederationPhone(memory()).found(
					certFor(fed, g, ada!),
					writer(ada!),
					{ name: 'V', circle: 'G', delegate: 'A' },
					T0
				)
			)
		).toBe('fed-genesis-unbound');
		adaPhone.found(
			certFor(fed, g, ada!),
			writer(ada!),
			{ name: 'Valley Food Alliance', circle: 'Garden', delegate: 'Ada' },
			T0
		);
		expect(adaPhone.docs.state(fed).genesis?.name).toBe('Valley Food Alliance');

		const mayaPhone = new FederationPhone(memory());
		const ilsePhone = new FederationPhone(memory());
		mayaPhone.docs.importFile(adaPhone.docs.exportFile(fed));
		mayaPhone.join(certFor(fed, t, maya!), writer(maya!), { circle: 'Tools', delegate: 'Maya' }, T0 + DAY);
		// Joining twice is refused with its code, and nothing is kept.
		const held = mayaPhone.docs.entries(fed).length;
		expect(
			codeOf(() =>
				mayaPhone.join(
					certFor(fed, t, maya!, { serial: 2 }),
					writer(maya!),
					{ circle: 'Tools', delegate: 'Maya' },
					T0 + DAY
				)
			)
		).toBe('fed-already-joined');
		expect(mayaPhone.docs.entries(fed)).toHaveLength(held);
		ilsePhone.docs.importFile(mayaPhone.docs.exportFile(fed));
		ilsePhone.join(certFor(fed, b, ilse!), writer(ilse!), { circle: 'Bakery', delegate: 'Ilse' }, T0 + DAY);
		adaPhone.docs.importFile(ilsePhone.docs.exportFile(fed));
		const s = adaPhone.docs.state(fed);
		expect(participants(s)).toHaveLength(3);
		const names = adaPhone.names(fed, s);
		expect(names.circles.get(b.id)).toBe('Bakery');
		expect(names.delegates.get(maya!.key)).toBe('Maya');

		// Ada proposes; an objection without a reason is refused; all three consent: in force.
		adaPhone.propose(
			fed,
			writer(ada!),
			{ circle: g.id, issue: 'bulk flour order', title: 'Order 2 t', text: '' },
			T0 + 2 * DAY
		);
		const pid = [...adaPhone.docs.state(fed).proposals.keys()][0]! as EntryId;
		expect(
			codeOf(() =>
				adaPhone.answer(
					fed,
					writer(ada!),
					{ proposal: pid, circle: g.id, answer: 'object', reason: ' ' },
					T0 + 2 * DAY
				)
			)
		).toBe('fed-object-reason');
		// Maya cannot answer for the bakery.
		mayaPhone.docs.importFile(adaPhone.docs.exportFile(fed));
		expect(
			codeOf(() =>
				mayaPhone.answer(
					fed,
					writer(maya!),
					{ proposal: pid, circle: b.id, answer: 'consent', reason: '' },
					T0 + 2 * DAY
				)
			)
		).toBe('fed-not-delegate');
		mayaPhone.answer(
			fed,
			writer(maya!),
			{ proposal: pid, circle: t.id, answer: 'consent', reason: '' },
			T0 + 2 * DAY
		);
		adaPhone.docs.importFile(mayaPhone.docs.exportFile(fed));
		adaPhone.answer(
			fed,
			writer(ada!),
			{ proposal: pid, circle: g.id, answer: 'consent', reason: '' },
			T0 + 2 * DAY
		);
		ilsePhone.docs.importFile(adaPhone.docs.exportFile(fed));
		ilsePhone.answer(
			fed,
			writer(ilse!),
			{ proposal: pid, circle: b.id, answer: 'aside', reason: '' },
			T0 + 2 * DAY
		);
		adaPhone.docs.importFile(ilsePhone.docs.exportFile(fed));
		const after = adaPhone.docs.state(fed);
		expect(proposalStatus(after, after.proposals.get(pid)!, T0 + 3 * DAY).kind).toBe('in-force');

		// What changed since Ada last carried to her circle: nothing carried yet, so everything.
		expect(adaPhone.lastCarried(g.id, fed)).toBeNull();
		expect(adaPhone.sinceCarry(g.id, fed).fresh).toBe(after.ids.size);
		adaPhone.noteCarried(g.id, fed, after);
		expect(adaPhone.sinceCarry(g.id, fed).fresh).toBe(0);

		// The bakery's members leave while Ilse does nothing: too few signatures are refused first.
		const kwamePhone = new FederationPhone(memory());
		kwamePhone.docs.importFile(adaPhone.docs.exportFile(fed));
		expect(
			codeOf(() => kwamePhone.withdraw(fed, writer(kwame!), b.id, exitBy(fed, b, [kwame!]), T0 + 4 * DAY))
		).toBe('fed-exit-quorum');
		kwamePhone.withdraw(fed, writer(kwame!), b.id, exitBy(fed, b, [kwame!, lena!]), T0 + 4 * DAY);
		for (const phone of [adaPhone, mayaPhone, ilsePhone])
			phone.docs.importFile(kwamePhone.docs.exportFile(fed));
		for (const phone of [adaPhone, mayaPhone, ilsePhone, kwamePhone]) {
			const st = phone.docs.state(fed as FederationId);
			expect(participants(st).map((p) => p.circle)).not.toContain(b.id);
			expect(st.circles.get(b.id)?.withdrawn?.by).toBe('members');
		}
		// Ilse, the delegate, can speak for the bakery no more.
		expect(codeOf(() => ilsePhone.withdraw(fed, writer(ilse!), b.id, null, T0 + 5 * DAY))).toBe(
			'fed-withdrawn'
		);
		expect(adaPhone.sinceCarry(g.id, fed).fresh).toBe(1);
	});

	it('refuses a founding draft that does not read', () => {
		const phone = new FederationPhone(memory());
		const [ada] = garden().members;
		expect(
			codeOf(() => phone.draftFounding(ada!.key, { purpose: ' ', consentDays: 7, termDays: 28 }, fixedRandom))
		).toBe('fed-body');
		expect(
			codeOf(() => phone.draftFounding(ada!.key, { purpose: 'x', consentDays: 0, termDays: 28 }, fixedRandom))
		).toBe('fed-body');
		expect(phone.docs.list()).toEqual([]);
	});
});
