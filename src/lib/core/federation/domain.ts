/**
 * The federation domain in a circle's own ledger (issue 14, items 1–3): how a circle decides to
 * take part in a federation, mandates its delegate, leaves, and records what its delegate carried.
 * The federation's own ledger is another document (fold.ts); this domain is the circle's side of it.
 * docs/protocol/federation.md.
 *
 *   federation.mandate {federation, name, issue, delegate, from, until, serial, exit}
 *                                         any member proposes a delegate's mandate (to join, or anew)
 *   federation.sign    {mandate, sig}     a member signs that mandate: the circle's decision is
 *                                         a majority of its members' signatures, in its own ledger
 *   federation.exit    {federation, sig}  a member signs "we leave": the mandate's exit number of
 *                                         them takes the circle out whatever its delegate does
 *   federation.carry   {federation, entries, fresh, digest}
 *                                         the delegate records what they carried back, and when
 *   federation.decide  {federation, proposal, answer, reason, sig}
 *                                         a member signs the circle's answer to a federation
 *                                         proposal; a majority of the roster on one answer is the
 *                                         circle's decision, which its delegate relays with their
 *                                         signatures and the federation checks (the relay rule)
 *
 * A mandate states the circle's roster as of its own instant (its active members, sorted) and that
 * instant (`rosterSeq`), so the certificate it becomes can be checked by other circles without
 * this circle's history (certificate.ts). Every phone assembles the same certificate from the
 * signatures in the ledger: nobody holds it alone.
 *
 * Reads: membership only.
 */
import { hexToBytes, isHex } from '../bytes';
import * as ed from '../ed25519';
import { membership } from '../membership/domain';
import { rosterAt } from '../membership/view';
import { ALWAYS, bad, kind, ok, reject, type Decoded, type Domain } from '../host/domain';
import type { EntryId, MemberKey, Millis } from '../types';
import {
	ISSUE_MAX,
	answerBytes,
	certificate,
	exitBytes,
	exitNotice,
	majority,
	mandateBytes,
	type Certificate,
	type ExitNotice,
	type Mandate,
	type Signature
} from './certificate';

export const MANDATE = 'federation.mandate';
export const SIGN = 'federation.sign';
export const EXIT = 'federation.exit';
export const CARRY = 'federation.carry';
export const DECIDE = 'federation.decide';
/** The longest reason a circle gives with its answer (as the federation's own answers). */
export const REASON_MAX = 280;

export const NAME_MAX = 120;
/** The longest mandate a circle gives: a year and a day (power evaporates). */
export const MANDATE_MAX_DAYS = 366;
const DAY = 86_400_000;

export interface MandateBody {
	[key: string]: string | number;
	federation: string;
	name: string;
	issue: string;
	delegate: string;
	from: number;
	until: number;
	serial: number;
	exit: number;
}

export interface CircleMandate {
	id: EntryId;
	proposer: MemberKey;
	name: string;
	mandate: Mandate;
	sigs: Signature[];
	/** Ready to carry: a majority of the roster signed. */
	certificate: Certificate | null;
}

/** One member's signed answer to a federation proposal, in the circle's ledger. */
export interface DecideVote {
	key: string;
	sig: string;
	answer: 'consent' | 'aside' | 'object';
	reason: string;
	at: Millis;
}

/** The circle's decision on one federation proposal: the members' votes, and the answer once a majority agree. */
export interface CircleDecisionBook {
	proposal: string;
	votes: DecideVote[];
	/** The answer a majority of the roster signed (the first to reach it), with their signatures. */
	decided: { answer: 'consent' | 'aside' | 'object'; reason: string; sigs: Signature[] } | null;
}

export interface FederationLink {
	federation: string;
	name: string;
	mandates: CircleMandate[];
	/** Members' exit signatures. */
	exits: Signature[];
	/** The exit number the latest mandate states. */
	exitNeed: number;
	/** The roster the latest mandate states (the exit signers must be in it). */
	roster: string[];
	/** An exit notice, once enough members signed. */
	exit: ExitNotice | null;
	carries: { at: Millis; by: MemberKey; entries: number; fresh: number; digest: string }[];
	/** The circle's answers to the federation's proposals, decided here first (federation.decide). */
	decisions: CircleDecisionBook[];
}

export interface FederationBook {
	links: Map<string, FederationLink>;
	mandates: Map<EntryId, CircleMandate>;
}

const text = (x: unknown, max: number): string | null =>
	typeof x === 'string' && x.trim().length > 0 && x.trim().length <= max ? x.trim() : null;
const int = (x: unknown, min = 0): number | null =>
	Number.isSafeInteger(x) && (x as number) >= min ? (x as number) : null;

const linkOf = (book: FederationBook, federation: string, name: string): FederationLink => {
	let l = book.links.get(federation);
	if (!l) {
		l = {
			federation,
			name,
			mandates: [],
			exits: [],
			exitNeed: 0,
			roster: [],
			exit: null,
			carries: [],
			decisions: []
		};
		book.links.set(federation, l);
	}
	return l;
};

const sortSigs = (s: Signature[]) => s.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

export const mandateBody = (b: MandateBody): MandateBody => ({
	...b,
	name: b.name.trim(),
	issue: b.issue.trim()
});

export const federation: Domain<FederationBook, FederationLink[]> = {
	name: 'federation',
	version: 2,
	reads: [membership],
	init: () => ({ links: new Map(), mandates: new Map() }),
	clone: (book) => {
		const mandates = new Map(
			[...book.mandates].map(([k, m]) => [k, { ...m, sigs: m.sigs.slice() }] as const)
		);
		// Keys in init's order: the laws compare books as JSON, and a clone must read like the original.
		return {
			links: new Map(
				[...book.links].map(
					([k, l]) =>
						[
							k,
							{
								...l,
								mandates: l.mandates.map((m) => mandates.get(m.id)!),
								exits: l.exits.slice(),
								carries: l.carries.slice(),
								decisions: l.decisions.map((d) => ({
									...d,
									votes: d.votes.slice(),
									decided: d.decided ? { ...d.decided, sigs: d.decided.sigs.slice() } : null
								}))
							}
						] as const
				)
			),
			mandates
		};
	},
	kinds: [
		kind({
			type: MANDATE,
			decode: (b): Decoded<MandateBody> => {
				if (!isHex(b.federation, 16)) return bad('fed-link-federation');
				const name = text(b.name, NAME_MAX);
				if (!name) return bad('fed-link-name', { max: NAME_MAX });
				const issue = text(b.issue, ISSUE_MAX);
				if (!issue) return bad('fed-cert-issue', { max: ISSUE_MAX });
				if (!isHex(b.delegate, 32)) return bad('fed-cert-delegate');
				const from = int(b.from);
				const until = int(b.until);
				if (from === null || until === null || until <= from || until - from > MANDATE_MAX_DAYS * DAY)
					return bad('fed-cert-window', { max: MANDATE_MAX_DAYS });
				const serial = int(b.serial, 1);
				const exit = int(b.exit, 1);
				if (serial === null || exit === null) return bad('fed-link-numbers');
				return ok({ federation: b.federation, name, issue, delegate: b.delegate, from, until, serial, exit });
			},
			apply: (book, e, ctx) => {
				// The roster as of the entry's effective instant (every member admitted before it in the
				// ledger's order), but `rosterSeq` from the entry's own clock: the instant a phone folds an
				// entry at moves while it waits for witnesses (and differs between phones until then),
				// and the mandate's bytes, which members sign, must be the same on every phone at once.
				const roster = rosterAt(ctx.members, e.at);
				const t = e.entry.hlc[0];
				if (!roster.includes(e.body.delegate as MemberKey)) return reject('fed-cert-delegate');
				if (e.body.exit > majority(roster.length))
					return reject('fed-cert-exit', { max: majority(roster.length) });
				const m: Mandate = {
					federation: e.body.federation,
					circle: ctx.circle,
					delegate: e.body.delegate,
					issue: e.body.issue,
					from: e.body.from,
					until: e.body.until,
					roster: [...roster],
					rosterSeq: Math.max(1, t),
					exit: e.body.exit,
					serial: e.body.serial
				};
				const cm: CircleMandate = {
					id: e.id,
					proposer: e.author,
					name: e.body.name,
					mandate: m,
					sigs: [],
					certificate: null
				};
				book.mandates.set(e.id, cm);
				const l = linkOf(book, e.body.federation, e.body.name);
				l.mandates.push(cm);
				l.exitNeed = m.exit;
				l.roster = [...roster];
				return null;
			}
		}),
		kind({
			type: SIGN,
			decode: (b): Decoded<{ mandate: EntryId; sig: string }> =>
				isHex(b.mandate, 32) && isHex(b.sig, 64)
					? ok({ mandate: b.mandate as EntryId, sig: b.sig })
					: bad('fed-link-sign'),
			apply: (book, e) => {
				const cm = book.mandates.get(e.body.mandate);
				if (!cm) return reject('fed-link-unknown');
				if (!cm.mandate.roster.includes(e.author)) return reject('fed-cert-nonmember', { key: e.author });
				if (cm.sigs.some((s) => s.key === e.author)) return reject('fed-link-signed');
				if (!ed.verify(hexToBytes(e.body.sig), mandateBytes(cm.mandate), hexToBytes(e.author)))
					return reject('fed-cert-signature', { key: e.author });
				cm.sigs = sortSigs([...cm.sigs, { key: e.author, sig: e.body.sig }]);
				if (cm.sigs.length >= majority(cm.mandate.roster.length))
					cm.certificate = certificate(cm.mandate, cm.sigs);
				return null;
			}
		}),
		kind({
			type: EXIT,
			decode: (b): Decoded<{ federation: string; sig: string }> =>
				isHex(b.federation, 16) && isHex(b.sig, 64)
					? ok({ federation: b.federation, sig: b.sig })
					: bad('fed-link-sign'),
			apply: (book, e, ctx) => {
				const l = book.links.get(e.body.federation);
				if (!l) return reject('fed-link-unknown');
				if (l.exits.some((s) => s.key === e.author)) return reject('fed-link-signed');
				if (!ed.verify(hexToBytes(e.body.sig), exitBytes(l.federation, ctx.circle), hexToBytes(e.author)))
					return reject('fed-cert-signature', { key: e.author });
				l.exits = sortSigs([...l.exits, { key: e.author, sig: e.body.sig }]);
				const counted = l.exits.filter((s) => l.roster.includes(s.key));
				if (counted.length >= l.exitNeed) l.exit = exitNotice(l.federation, ctx.circle, counted);
				return null;
			}
		}),
		kind({
			type: CARRY,
			decode: (b): Decoded<{ federation: string; entries: number; fresh: number; digest: string }> => {
				const entries = int(b.entries);
				const fresh = int(b.fresh);
				if (
					!isHex(b.federation, 16) ||
					entries === null ||
					fresh === null ||
					fresh > entries ||
					!isHex(b.digest, 32)
				)
					return bad('fed-link-carry');
				return ok({ federation: b.federation, entries, fresh, digest: b.digest });
			},
			apply: (book, e) => {
				const l = book.links.get(e.body.federation);
				if (!l) return reject('fed-link-unknown');
				l.carries.push({
					at: e.at,
					by: e.author,
					entries: e.body.entries,
					fresh: e.body.fresh,
					digest: e.body.digest
				});
				return null;
			}
		}),
		kind({
			type: DECIDE,
			decode: (
				b
			): Decoded<{
				federation: string;
				proposal: string;
				answer: 'consent' | 'aside' | 'object';
				reason: string;
				sig: string;
			}> => {
				const answer = b.answer;
				const reason = b.reason ?? '';
				if (
					!isHex(b.federation, 16) ||
					!isHex(b.proposal, 32) ||
					(answer !== 'consent' && answer !== 'aside' && answer !== 'object') ||
					typeof reason !== 'string' ||
					reason.length > REASON_MAX ||
					(answer === 'object' && !reason.trim())
				)
					return bad('fed-decide-body', { max: REASON_MAX });
				if (!isHex(b.sig, 64)) return bad('fed-link-sign');
				return ok({ federation: b.federation, proposal: b.proposal, answer, reason, sig: b.sig });
			},
			apply: (book, e, ctx) => {
				const l = book.links.get(e.body.federation);
				if (!l) return reject('fed-link-unknown');
				if (!l.roster.includes(e.author)) return reject('fed-cert-nonmember', { key: e.author });
				let d = l.decisions.find((x) => x.proposal === e.body.proposal);
				// Once per member and proposal: a circle's decision, once a majority agree, does not move.
				if (d?.votes.some((x) => x.key === e.author)) return reject('fed-link-signed');
				const { federation: fed, proposal, answer, reason, sig } = e.body;
				if (
					!ed.verify(
						hexToBytes(sig),
						answerBytes(fed, ctx.circle, proposal, answer, reason),
						hexToBytes(e.author)
					)
				)
					return reject('fed-cert-signature', { key: e.author });
				if (!d) {
					d = { proposal, votes: [], decided: null };
					l.decisions.push(d);
				}
				d.votes.push({ key: e.author, sig, answer, reason, at: e.at });
				if (!d.decided) {
					const same = d.votes.filter((x) => x.answer === answer && x.reason === reason);
					if (same.length >= majority(l.roster.length))
						d.decided = {
							answer,
							reason,
							sigs: sortSigs(same.map((x) => ({ key: x.key, sig: x.sig })))
						};
				}
				return null;
			}
		})
	],
	view: (book) => ({
		value: [...book.links.values()].sort((a, b) => (a.federation < b.federation ? -1 : 1)),
		...ALWAYS
	})
};
