/**
 * The federation ledger's integrity rows (threat-model.md, "Federations"): a delegate's log is an
 * author chain as in a circle's ledger, and a fork of it is listed, never chosen.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ed from '$lib/core/ed25519';
import { bytesToHex } from '$lib/core/bytes';
import { entryId, signingBytes } from '$lib/core/entry';
import {
	federationEntry,
	foldFederation,
	participants,
	proposalStatus,
	FED_ANSWER,
	FED_CONTRIBUTE,
	FED_GENESIS,
	FED_JOIN,
	FED_CERTIFY,
	FED_PROPOSE,
	FED_TEMPLATE,
	type FederationState,
	foldMemo
} from '$lib/core/federation';
import { hashTemplate } from '$lib/core/protocols/template';
import type { Json } from '$lib/core/canonical';
import type { Entry, Millis } from '$lib/core/types';
import { bakery, certFor, DAY, FED_SEED, fedIdOf, garden, idOf, ISSUE, T0, tools, World } from './helpers';
import type { Person } from '../helpers';

const SEED = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const founded = () => {
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

/** An entry signed by `author` with the seq and prev it states (a modified app, or a restored phone). */
const raw = (
	fed: string,
	author: Person,
	seq: number,
	prev: Entry | null,
	at: Millis,
	type: string,
	body: { [k: string]: Json }
): Entry => {
	const u = federationEntry({
		federation: fed,
		author: author.key,
		seq,
		prev: prev ? idOf(prev) : null,
		at,
		type,
		body
	});
	return { ...u, sig: bytesToHex(ed.sign(signingBytes(u), author.secret)) };
};

const code = (s: FederationState, e: Entry) => s.refused.find((r) => r.id === idOf(e))?.rejection.code;

describe('a delegate’s log in the federation is an author chain', () => {
	it('an entry that does not link to its author’s previous entry counts for nothing', () => {
		const { fed, w, t, maya } = founded();
		const joined = w.entries[1]!; // Maya's join, her seq 1
		// A second seq 1 with a prev, a seq 3 over seq 1, a seq 2 naming another author's entry.
		const a = raw(fed, maya, 1, joined, T0 + DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'a',
			amount: 1
		});
		const b = raw(fed, maya, 3, joined, T0 + DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'b',
			amount: 1
		});
		const c = raw(fed, maya, 2, w.entries[0]!, T0 + DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'c',
			amount: 1
		});
		const s = foldFederation(fed, [...w.entries, a, b, c]);
		// A seq 1 with a prev does not even read as an entry (entry.ts); the others never link.
		expect([code(s, b), code(s, c)]).toEqual(['fed-chain-broken', 'fed-chain-broken']);
		expect(s.ids.has(idOf(a))).toBe(false);
		expect(s.contributions).toEqual([]);
	});

	it('a delegate cannot date an entry before their own previous one (their mandate had ended since)', () => {
		const { fed, w, t, maya } = founded();
		// Maya's mandate runs to T0 + 365 days. Long after, she signs an entry dated inside it,
		// chained after her entry of day 400: her own log shows it was written later.
		const late = w.write(maya, T0 + 400 * DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'x',
			amount: 1
		});
		const back = raw(fed, maya, late.seq + 1, late, T0 + 10 * DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'back-dated',
			amount: 500
		});
		const s = foldFederation(fed, [...w.entries, back]);
		expect(code(s, back)).toBe('fed-chain-broken');
		expect(s.contributions).toEqual([]);
	});

	it('an entry whose previous one was withheld waits, and counts once it arrives', () => {
		const { fed, w, g, t, ada, maya } = founded();
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'Rye' });
		const first = w.write(maya, T0 + DAY + 1, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'van',
			amount: 1
		});
		const answer = w.write(maya, T0 + DAY + 2, FED_ANSWER, {
			proposal: idOf(p),
			circle: t.id,
			answer: 'consent'
		});
		const held = w.entries.filter((e) => e !== first);
		const s = foldFederation(fed, held);
		expect(code(s, answer)).toBe('fed-chain-pending');
		expect(s.proposals.get(idOf(p))!.answers).toEqual([]);
		const all = foldFederation(fed, [first, ...held]);
		expect(code(all, answer)).toBeUndefined();
		expect(all.proposals.get(idOf(p))!.answers.map((a) => a.circle)).toEqual([t.id]);
	});
});

describe('a forked log in the federation ledger is listed, as in a circle', () => {
	/** Maya answers; her phone, restored from a backup taken before, signs another entry with that seq. */
	const forked = () => {
		const f = founded();
		const { fed, w, g, t, ada, maya } = f;
		const p = w.write(ada, T0 + DAY, FED_PROPOSE, { circle: g.id, issue: ISSUE, title: 'Rye' });
		const joined = w.entries[1]!;
		const consent = w.write(maya, T0 + DAY + 10, FED_ANSWER, {
			proposal: idOf(p),
			circle: t.id,
			answer: 'consent'
		});
		const object = raw(fed, maya, 2, joined, T0 + DAY + 20, FED_ANSWER, {
			proposal: idOf(p),
			circle: t.id,
			answer: 'object',
			reason: 'too dear'
		});
		return { ...f, p, consent, object, all: [...w.entries, object] };
	};

	it('a delegate’s phone restored from a backup signs two entries with one seq: both stand, the fork is evidence', () => {
		const { fed, maya, p, t, consent, object, all } = forked();
		const s = foldFederation(fed, all);
		expect(s.forks).toEqual([{ author: maya.key, seq: 2, ids: [idOf(consent), idOf(object)].sort() }]);
		// Both branches link (neither is chosen); the circle has one answer, its latest.
		expect(code(s, consent)).toBeUndefined();
		expect(code(s, object)).toBeUndefined();
		expect(proposalStatus(s, s.proposals.get(idOf(p))!, T0 + 2 * DAY)).toEqual({
			kind: 'objected',
			by: [t.id]
		});
		expect(participants(s).length).toBe(3);
	});

	it('property: the forks listed and the state do not depend on delivery order', () => {
		const { fed, all } = forked();
		const base = foldFederation(fed, all);
		fc.assert(
			fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
				const s = foldFederation(fed, order);
				expect(s.forks).toEqual(base.forks);
				expect([...s.proposals.values()]).toEqual([...base.proposals.values()]);
				expect(new Set(s.refused.map((r) => r.id))).toEqual(new Set(base.refused.map((r) => r.id)));
			}),
			{ numRuns: 30, ...SEED }
		);
	});

	it('an honest phone never extends a fork: the next entry goes on from the last in order', () => {
		const { fed, maya, t, all } = forked();
		const s = foldFederation(fed, all);
		// Two branches at seq 2: an entry at seq 3 over either one links.
		const tip = all.filter((e) => e.author === maya.key).sort((a, b) => b.hlc[0] - a.hlc[0])[0]!;
		const next = raw(fed, maya, 3, tip, T0 + 2 * DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'v',
			amount: 1
		});
		const s2 = foldFederation(fed, [...all, next]);
		expect(code(s2, next)).toBeUndefined();
		expect(s2.forks).toEqual(s.forks);
		expect(entryId(next)).toBe(idOf(next));
	});
});

describe('signature verdicts kept between folds', () => {
	it('a signature copied onto other bytes finds no verdict: the entry and the certificate are checked', () => {
		const { fed, w, t, maya } = founded();
		const verdicts = foldMemo();
		const gift = w.write(maya, T0 + DAY, FED_CONTRIBUTE, {
			circle: t.id,
			issue: ISSUE,
			what: 'van',
			amount: 1
		});
		expect(foldFederation(fed, w.entries, verdicts).contributions).toHaveLength(1);
		// The same signature on a bigger gift: another id, so no verdict is found for it.
		const forged = { ...gift, body: { ...(gift.body as object), amount: 1000 } } as Entry;
		const s = foldFederation(fed, [...w.entries.filter((e) => e !== gift), forged], verdicts);
		expect(s.contributions).toEqual([]);
		// A certificate widened after it was signed: its signatures are over other bytes.
		const ravi = t.members[1]!;
		const cert = certFor(fed, t, ravi, { serial: 2, rosterSeq: 12 });
		const ok = w.clone();
		ok.write(ravi, T0 + 2 * DAY, FED_CERTIFY, { cert });
		expect(foldFederation(fed, ok.entries, verdicts).refused).toEqual([]);
		const wide = { ...cert, mandate: { ...cert.mandate, issue: 'everything' } };
		const bad = w.clone();
		const e = bad.write(ravi, T0 + 2 * DAY, FED_CERTIFY, { cert: wide });
		expect(code(foldFederation(fed, bad.entries, verdicts), e)).toBe('fed-cert-signature');
	});
});

describe('protocols published into the federation', () => {
	const template = (parent: string | null, days: number) => ({
		v: 1,
		kind: 'practice',
		name: 'Rounds of consent',
		text: 'A facilitator drawn by lot; a review every season.',
		params: [{ key: 'consentWindowDays', type: 'number', default: days, min: 1, max: 30 }],
		parent
	});

	it('a delegate publishes for their circle; a fork names a parent the federation holds', () => {
		const { fed, w, g, t, ada, maya } = founded();
		const original = template(null, 7);
		w.write(ada, T0 + DAY, FED_TEMPLATE, { template: original, published: true });
		const fork = template(hashTemplate(original as never), 5);
		w.write(maya, T0 + 2 * DAY, FED_TEMPLATE, { template: fork, published: true });
		const s = foldFederation(fed, w.entries);
		expect(s.refused).toEqual([]);
		expect([...s.templates.values()].map((x) => [x.circle, x.template.parent])).toEqual([
			[g.id, null],
			[t.id, hashTemplate(original as never)]
		]);
	});

	it('a forged parent, or someone who is no delegate, records nothing', () => {
		const { fed, w, g } = founded();
		const ben = g.members[1]!; // a member of the garden, not its delegate
		const stranger = w.write(ben, T0 + DAY, FED_TEMPLATE, { template: template(null, 7), published: true });
		const orphan = w.write(g.members[0]!, T0 + DAY, FED_TEMPLATE, {
			template: template('ab'.repeat(32), 5),
			published: true
		});
		const s = foldFederation(fed, w.entries);
		expect(code(s, stranger)).toBe('fed-not-delegate');
		expect(code(s, orphan)).toBe('template-parent-unknown');
		expect(s.templates.size).toBe(0);
	});
});
