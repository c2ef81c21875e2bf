/**
 * The circle's side of a federation, through the real ledger and domains: a mandate proposed in
 * the circle's own ledger becomes a certificate once a majority of its roster signed it; the
 * federation's ledger accepts that certificate; the members' exit signatures become a notice that
 * takes the circle out while its delegate does nothing; a carry is recorded.
 */
import { describe, expect, it } from 'vitest';
import * as ed from '$lib/core/ed25519';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { federation as domain } from '$lib/core/domains';
import {
	CARRY,
	EXIT,
	FED_GENESIS,
	FED_JOIN,
	FED_WITHDRAW,
	MANDATE,
	SIGN,
	foldFederation,
	mandateBody,
	participants,
	signExit,
	signMandate,
	type FederationLink
} from '$lib/core/federation';
import type { MemberKey } from '$lib/core/types';
import { DAY, Scenario } from '../scenario';
import { certFor, FED_SEED, fedIdOf, garden, World } from './helpers';

const T0 = Date.UTC(2026, 2, 2, 9);

/** A scenario whose members hold real Ed25519 keys, so they can sign mandates and exits. */
class Signing extends Scenario {
	secretOf(name: string): Uint8Array {
		return sha256Bytes(utf8ToBytes(`fed-member:${name}`));
	}
	override keyOf(name: string): MemberKey {
		const k = bytesToHex(ed.publicKeyOf(this.secretOf(name))) as MemberKey;
		this.names.set(k, name);
		return k;
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

describe('a circle joins a federation by a decision in its own ledger', () => {
	it('a mandate, signed by a majority, is a certificate the federation accepts; an exit by members takes it out', () => {
		const g = garden();
		const ada = g.members[0]!;
		const fed = fedIdOf(ada);
		const s = new Signing(T0, ['Ilse', 'Kwame', 'Lena']);
		const m = s.write(
			'Ilse',
			T0 + DAY,
			MANDATE,
			mandateBody({
				federation: fed,
				name: 'Valley Food Alliance',
				issue: 'bulk flour order',
				delegate: s.keyOf('Ilse'),
				from: T0 + DAY,
				until: T0 + 91 * DAY,
				serial: 1,
				exit: 2
			})
		);
		let [link] = linksOf(s);
		const cm = link!.mandates[0]!;
		expect(cm.mandate.roster).toEqual([s.keyOf('Ilse'), s.keyOf('Kwame'), s.keyOf('Lena')].sort());
		expect(cm.certificate).toBeNull();
		s.write('Ilse', T0 + DAY + 1, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer('Ilse')).sig
		});
		expect(linksOf(s)[0]!.mandates[0]!.certificate).toBeNull();
		s.write('Kwame', T0 + DAY + 2, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer('Kwame')).sig
		});
		[link] = linksOf(s);
		const cert = link!.mandates[0]!.certificate!;
		expect(cert.sigs).toHaveLength(2);

		// The federation: the garden founds it, the bakery's delegate carries the certificate in.
		const w = new World(fed);
		w.write(ada, T0, FED_GENESIS, {
			name: 'Valley Food Alliance',
			purpose: 'Buy flour together',
			seed: FED_SEED,
			consentDays: 7,
			termDays: 28,
			cert: certFor(fed, g, ada)
		});
		const ilse = { name: 'Ilse', key: s.keyOf('Ilse'), secret: s.secretOf('Ilse') };
		w.write(ilse, T0 + 2 * DAY, FED_JOIN, { cert });
		let f = foldFederation(fed, w.entries);
		expect(f.refused).toEqual([]);
		expect(participants(f).map((p) => p.circle)).toContain(s.circle);

		// Ilse stops answering. Kwame and Lena sign the exit in the circle's ledger: 2, the exit number.
		s.write('Kwame', T0 + 20 * DAY, EXIT, {
			federation: fed,
			sig: signExit(fed, s.circle, s.signer('Kwame')).sig
		});
		expect(linksOf(s)[0]!.exit).toBeNull();
		s.write('Lena', T0 + 20 * DAY + 1, EXIT, {
			federation: fed,
			sig: signExit(fed, s.circle, s.signer('Lena')).sig
		});
		const notice = linksOf(s)[0]!.exit!;
		expect(notice.sigs).toHaveLength(2);
		const kwame = { name: 'Kwame', key: s.keyOf('Kwame'), secret: s.secretOf('Kwame') };
		w.write(kwame, T0 + 21 * DAY, FED_WITHDRAW, { circle: s.circle, notice });
		f = foldFederation(fed, w.entries);
		expect(f.circles.get(s.circle)!.withdrawn?.by).toBe('members');
		expect(participants(f).map((p) => p.circle)).not.toContain(s.circle);

		// Back home, the carry is recorded.
		s.write('Kwame', T0 + 22 * DAY, CARRY, {
			federation: fed,
			entries: 3,
			fresh: 1,
			digest: 'ab'.repeat(32)
		});
		expect(linksOf(s)[0]!.carries).toMatchObject([{ by: s.keyOf('Kwame'), entries: 3, fresh: 1 }]);
		expect(codes(s)).toEqual([]);
	});

	it('attacks: a signature by someone who joined after the roster, a forged signature, signing twice', () => {
		const fed = fedIdOf(garden().members[0]!);
		const s = new Signing(T0, ['Ilse', 'Kwame', 'Lena']);
		const m = s.write(
			'Ilse',
			T0 + DAY,
			MANDATE,
			mandateBody({
				federation: fed,
				name: 'Alliance',
				issue: 'flour',
				delegate: s.keyOf('Ilse'),
				from: T0 + DAY,
				until: T0 + 30 * DAY,
				serial: 1,
				exit: 2
			})
		);
		const cm = linksOf(s)[0]!.mandates[0]!;
		s.join('Mo', T0 + 2 * DAY);
		s.write('Mo', T0 + 3 * DAY, SIGN, { mandate: s.id(m), sig: signMandate(cm.mandate, s.signer('Mo')).sig });
		// Kwame's entry carrying Lena's signature: not his own.
		s.write('Kwame', T0 + 3 * DAY + 1, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer('Lena')).sig
		});
		s.write('Lena', T0 + 3 * DAY + 2, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer('Lena')).sig
		});
		s.write('Lena', T0 + 3 * DAY + 3, SIGN, {
			mandate: s.id(m),
			sig: signMandate(cm.mandate, s.signer('Lena')).sig
		});
		// A delegate who is not a member, and an exit number above a majority.
		s.write('Ilse', T0 + 4 * DAY, MANDATE, {
			...mandateBody({
				federation: fed,
				name: 'Alliance',
				issue: 'flour',
				delegate: 'ee'.repeat(32),
				from: T0 + 4 * DAY,
				until: T0 + 30 * DAY,
				serial: 2,
				exit: 2
			})
		});
		s.write('Ilse', T0 + 4 * DAY + 1, MANDATE, {
			...mandateBody({
				federation: fed,
				name: 'Alliance',
				issue: 'flour',
				delegate: s.keyOf('Ilse'),
				from: T0 + 4 * DAY,
				until: T0 + 30 * DAY,
				serial: 2,
				exit: 4
			})
		});
		expect(codes(s)).toEqual([
			'fed-cert-nonmember',
			'fed-cert-signature',
			'fed-link-signed',
			'fed-cert-delegate',
			'fed-cert-exit'
		]);
		expect(linksOf(s)[0]!.mandates[0]!.certificate).toBeNull();
	});
});
