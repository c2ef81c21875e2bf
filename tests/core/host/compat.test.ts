/**
 * Forward compatibility (issue 7, item 4): an "older" phone — the same app without one domain —
 * and the full app read the same ledger, including that domain's entries, an entry type
 * nobody knows yet, and a charter section of a domain neither has. They agree on the ledger
 * (same accepted entries, same head) and on every domain they share; the older phone lists
 * what it does not understand instead of refusing it.
 */
import { describe, expect, it } from 'vitest';
import { demoCircle, signerFor } from '$lib/core/demo';
import { openCircle, type Circle } from '$lib/core/circle';
import { createRegistry, RegistryError } from '$lib/core/host/registry';
import {
	DOMAINS,
	charter,
	discussion,
	mandates,
	membership,
	reset,
	rotation,
	seeds
} from '$lib/core/domains';
import { draft } from '$lib/core/membership/fold';
import { bytesToHex } from '$lib/core/bytes';
import { signingBytes } from '$lib/core/entry';
import * as charterRules from '$lib/core/charter';
import type { AnyDomain } from '$lib/core/host/domain';
import type { Json } from '$lib/core/canonical';
import type { Entry } from '$lib/core/types';

const demo = demoCircle('compat', { days: 120 });

/** The demo, then: a charter with an economy section ratified by everyone, and a type from the future. */
const story = (): Entry[] => {
	const c = openCircle(demo.circle);
	const entries = [...demo.entries];
	c.add(
		entries.map((entry) => ({ entry, sigValid: true })),
		demo.end
	);
	let t = demo.end;
	const write = (who: (typeof demo.keys)[number], type: string, body: Json): Entry => {
		t += 60_000;
		const u = draft(c.ledger.nextFor(who.key, t), type, body);
		const e = { ...u, sig: bytesToHex(signerFor(who.secretKey)(signingBytes(u))) } as Entry;
		entries.push(e);
		c.add([{ entry: e, sigValid: true }], t);
		return e;
	};
	const members = demo.keys.filter((k) => c.ledger.state().roster.includes(k.key));
	const content = {
		...charterRules.defaultCharter(),
		economy: { unit: 'hours', floor: -20, ceiling: 40, futureField: { nested: ['kept'] } }
	};
	write(members[0]!, charterRules.PROPOSE, charterRules.proposalBody(content, 'with an economy'));
	const pid = c.ledger.acceptedIdList[c.ledger.acceptedIdList.length - 1]!;
	for (const m of members.slice(1)) write(m, charterRules.CONSENT, charterRules.consentBody(pid));
	const proposal = c.state(t).charter.proposals.find((x) => x.id === pid)!;
	expect(proposal.canRatify).toBe(true);
	write(members[1]!, charterRules.RATIFY, charterRules.ratifyBody(proposal) as unknown as Json);
	write(members[2]!, 'garden.harvest', { crop: 'beans', kilos: 3, notes: { by: 'hand' } });
	return entries;
};

// An older phone without the mandates domain (nor the discussion domain, which reads it since v2).
const older = createRegistry(DOMAINS.filter((d) => d !== mandates && d !== discussion) as AnyDomain[]);
const SHARED = [membership, charter, reset, seeds, rotation] as AnyDomain[];

const read = (entries: Entry[], options = {}): Circle => {
	const c = openCircle(demo.circle, options);
	c.add(
		entries.map((entry) => ({ entry, sigValid: true })),
		Math.max(...entries.map((e) => e.hlc[0])) + 1
	);
	return c;
};

describe('an older phone and a newer one', () => {
	const entries = story();
	const now = Math.max(...entries.map((e) => e.hlc[0])) + 3_600_000;
	const full = read(entries);
	const old = read(entries, { registry: older });

	it('accept the same entries and compute the same ledger hash', () => {
		expect(old.ledger.accepted.length).toBe(entries.length);
		expect(full.ledger.accepted.length).toBe(entries.length);
		expect(old.ledger.head()).toBe(full.ledger.head());
		expect(old.ledger.quarantine).toEqual([]);
	});

	it('agree on every domain they share, at several instants', () => {
		for (const t of [demo.end - 40 * 86_400_000, demo.end, now, now + 90 * 86_400_000])
			for (const d of SHARED)
				expect(JSON.stringify(old.view(d, t)), `${d.name} at ${new Date(t).toISOString()}`).toBe(
					JSON.stringify(full.view(d, t))
				);
	});

	it('keep the unknown charter section, hashed with the rest, and both put the new version in force', () => {
		const c = full.view<charterRules.CharterStatus>(charter, now);
		expect(c.version?.content.economy).toEqual({
			unit: 'hours',
			floor: -20,
			ceiling: 40,
			futureField: { nested: ['kept'] }
		});
		expect(old.view<charterRules.CharterStatus>(charter, now).version?.hash).toBe(c.version?.hash);
	});

	it('list what they do not understand, with no effect: the older phone the mandates, both the new type', () => {
		const types = (c: Circle) => [...new Set(c.host.unknown.map((u) => u.type))].sort();
		expect(types(full)).toContain('garden.harvest');
		expect(full.state(now).unknownTypes).toContainEqual({ type: 'garden.harvest', count: 1 });
		expect(types(full)).not.toContain('mandate.propose');
		expect(types(old)).toEqual(expect.arrayContaining(['garden.harvest', 'mandate.propose']));
		expect(full.host.rejected.length).toBe(old.host.rejected.filter((r) => r.domain !== 'mandates').length);
	});
});

describe('the registry refuses', () => {
	it('an entry type claimed by two domains', () => {
		const copy = { ...mandates, name: 'mandates-again' } as AnyDomain;
		expect(() => createRegistry([...DOMAINS, copy] as AnyDomain[])).toThrow(RegistryError);
		expect(() => createRegistry([...DOMAINS, copy] as AnyDomain[])).toThrow(/mandate.propose/);
	});
	it('a domain registered twice, or one reading a domain listed after it', () => {
		expect(() => createRegistry([...DOMAINS, rotation] as AnyDomain[])).toThrow(/twice/);
		const early = DOMAINS.filter((d) => d !== charter) as AnyDomain[];
		expect(() => createRegistry(early)).toThrow(/reads "charter"/);
	});
	it('a domain observing a type no earlier domain owns', () => {
		const spy = { ...seeds, name: 'spy', kinds: [], observes: ['nothing.here'] } as AnyDomain;
		expect(() => createRegistry([...DOMAINS, spy] as AnyDomain[])).toThrow(/observes/);
	});
});
