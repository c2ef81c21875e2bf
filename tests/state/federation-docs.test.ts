/**
 * The federation ledgers a delegate's phone holds (issue 14, item 3): three phones, each with
 * its own storage, found, join and withdraw by carrying files; every phone ends with the same
 * federation, and a captured delegate's consent that the members' phone never saw counts for nothing.
 */
import { describe, expect, it } from 'vitest';
import { FederationDocs, type KeyValue } from '$lib/state/federation-docs';
import {
	FED_ANSWER,
	FED_GENESIS,
	FED_JOIN,
	FED_PROPOSE,
	FED_WITHDRAW,
	levies,
	participants,
	type FederationId
} from '$lib/core/federation';
import type { Person } from '../core/helpers';
import {
	bakery,
	certFor,
	exitBy,
	FED_SEED,
	fedIdOf,
	garden,
	ISSUE,
	T0,
	tools
} from '../core/federation/helpers';

const DAY = 86_400_000;

const memory = (): KeyValue => {
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};
const writer = (p: Person) => ({ key: p.key, secretKey: p.secret });

describe('a delegate’s phone holds the federation beside its circle', () => {
	it('found, join and withdraw by carrying files; every phone ends the same', () => {
		const g = garden();
		const t = tools();
		const b = bakery();
		const [ada] = g.members;
		const [maya] = t.members;
		const [ilse, kwame, lena] = b.members;
		const fed: FederationId = fedIdOf(ada!);
		const adaPhone = new FederationDocs(memory());
		const mayaPhone = new FederationDocs(memory());
		const ilsePhone = new FederationDocs(memory());
		const kwamePhone = new FederationDocs(memory());

		adaPhone.write(
			fed,
			writer(ada!),
			FED_GENESIS,
			{
				name: 'Valley Food Alliance',
				purpose: 'Buy flour together',
				seed: FED_SEED,
				consentDays: 7,
				termDays: 28,
				cert: certFor(fed, g, ada!)
			},
			T0
		);
		expect(adaPhone.list()).toEqual([fed]);
		// Maya and Ilse each get the file, join on their own phone, and carry it back.
		for (const [phone, who, c] of [
			[mayaPhone, maya!, t],
			[ilsePhone, ilse!, b]
		] as const) {
			expect(phone.importFile(adaPhone.exportFile(fed))).toMatchObject({ federation: fed });
			phone.write(fed, writer(who), FED_JOIN, { cert: certFor(fed, c, who) }, T0 + DAY);
			expect(adaPhone.importFile(phone.exportFile(fed)).added).toBe(1);
		}
		expect(participants(adaPhone.state(fed))).toHaveLength(3);

		// A proposal levies the bakery; Ilse, captured, consents on her own phone and keeps it there.
		const p = adaPhone.write(
			fed,
			writer(ada!),
			FED_PROPOSE,
			{ circle: g.id, issue: ISSUE, title: 'Bakery pays for the van', levy: [{ circle: b.id, amount: 500 }] },
			T0 + 2 * DAY
		);
		ilsePhone.importFile(adaPhone.exportFile(fed));
		const pid = adaPhone.state(fed).proposals.keys().next().value!;
		expect(pid).toBeTruthy();
		ilsePhone.write(
			fed,
			writer(ilse!),
			FED_ANSWER,
			{ proposal: pid, circle: b.id, answer: 'consent' },
			T0 + 2 * DAY + 1
		);
		// Kwame, from Ada's file, carries the members' exit (Kwame and Lena, the exit number) in.
		kwamePhone.importFile(adaPhone.exportFile(fed));
		kwamePhone.write(
			fed,
			writer(kwame!),
			FED_WITHDRAW,
			{ circle: b.id, notice: exitBy(fed, b, [kwame!, lena!]) },
			T0 + 3 * DAY
		);
		// Everything reaches every phone, in whatever order.
		for (const from of [kwamePhone, ilsePhone, mayaPhone]) adaPhone.importFile(from.exportFile(fed));
		for (const to of [kwamePhone, ilsePhone, mayaPhone]) to.importFile(adaPhone.exportFile(fed));
		const states = [adaPhone, mayaPhone, ilsePhone, kwamePhone].map((ph) => ph.state(fed));
		for (const s of states) {
			expect(participants(s).map((x) => x.circle)).not.toContain(b.id);
			expect(s.circles.get(b.id)!.withdrawn?.by).toBe('members');
			expect(levies(s, T0 + 30 * DAY)).toEqual([]);
			expect([...s.ids].sort()).toEqual([...states[0]!.ids].sort());
		}
		expect(states[0]!.refused.map((r) => r.rejection.code)).toEqual(['fed-after-withdrawal']);
		expect(p).toBeTruthy();
	});

	it('a stamp after everything held, its own seq and prev', () => {
		const g = garden();
		const [ada, ben] = g.members;
		const fed = fedIdOf(ada!);
		const phone = new FederationDocs(memory());
		const e1 = phone.write(
			fed,
			writer(ada!),
			FED_GENESIS,
			{ name: 'F', purpose: 'P', seed: FED_SEED, consentDays: 7, termDays: 28, cert: certFor(fed, g, ada!) },
			T0 + 5000
		);
		// A phone whose clock is behind still stamps after what it holds.
		const e2 = phone.write(fed, writer(ben!), FED_WITHDRAW, { circle: g.id }, T0);
		expect(e2.hlc).toEqual([T0 + 5000, 1]);
		expect(e2.seq).toBe(1);
		expect(e2.seen).toHaveLength(1);
		const e3 = phone.write(fed, writer(ada!), FED_WITHDRAW, { circle: g.id }, T0 + 6000);
		expect(e3.seq).toBe(2);
		expect(e3.prev).not.toBeNull();
		expect(e1.seq).toBe(1);
	});
});
