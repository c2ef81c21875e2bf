/**
 * A delegate's certificate (issue 14, item 1): a single-issue mandate from a circle to one of
 * its members, signed by the circle's own members, that any other circle can check without the
 * circle's history. It names the roster it speaks for (the circle's member keys as of a stated
 * point of its ledger, `rosterSeq`), carries the signatures of at least a majority of that
 * roster, and is bound to one federation, one circle, one delegate, one issue and a window of
 * time. The federation ledger records each circle's roster when it joins; a later certificate
 * must be signed by a majority of the roster the federation last recorded (a chain, as a
 * key-rotation chain), so former members, an old roster or a replayed certificate carry no weight.
 *
 * A withdrawal notice is the same kind of object: the circle's members sign "this circle leaves
 * this federation", and the charter's number of them (the `exit` the circle stated when it
 * joined) is enough, whatever its delegate does.
 *
 * Pure: no clock; every check returns a code (the UI words it), never a sentence.
 */
import * as canonical from '../canonical';
import * as ed from '../ed25519';
import { bytesToHex, hexToBytes, isHex, sha256Hex } from '../bytes';
import type { Json } from '../canonical';
import { reject, refuse, type Rejection } from '../host/domain';
import type { CircleId, MemberKey, Millis } from '../types';

/** A federation's id: 16 bytes hex, like a circle's (federationIdFor). */
export type FederationId = string & { readonly __federationId: true };

/** The tag of the federation id's construction. */
export const FEDERATION_ID_TAG = 'circulate/federation/v1:';
export const CERT_TAG = 'circulate/fed-cert/v1';
export const EXIT_TAG = 'circulate/fed-exit/v1';
export const ANSWER_TAG = 'circulate/fed-answer/v1';

/** The most members a roster names (a circle is 6–10 people; room for a large one). */
export const ROSTER_MAX = 64;
export const ISSUE_MAX = 80;

/**
 * The id of the federation founded by delegate `founder` with seed `seed` (both 32 bytes hex):
 * the first 16 bytes of SHA-256(UTF-8(tag) || founder || seed), as a circle's id is made.
 */
export const federationIdFor = (founder: MemberKey, seed: string): FederationId => {
	if (!isHex(founder, 32)) refuse('fed-founder-key');
	if (!isHex(seed, 32)) refuse('fed-seed');
	return sha256Hex(`${FEDERATION_ID_TAG}${founder}${seed}`).slice(0, 32) as FederationId;
};

/** What the circle's members sign when they mandate a delegate. */
export interface Mandate {
	[key: string]: Json;
	federation: string;
	circle: string;
	/** The member who carries it. */
	delegate: string;
	/** The single issue the delegate may speak to, e.g. "bulk flour order". */
	issue: string;
	/** The window in which the delegate's entries count: [from, until). */
	from: number;
	until: number;
	/** The circle's member keys, sorted, as of `rosterSeq`. */
	roster: string[];
	/** A number that grows with the circle's membership (its ledger's count of entries at that point). */
	rosterSeq: number;
	/** How many of the circle's own members may withdraw it without the delegate (its charter's number). */
	exit: number;
	/** Counts this circle's certificates for this federation from 1; a lower one is a replay. */
	serial: number;
}

export interface Signature {
	[key: string]: string;
	key: string;
	sig: string;
}

export interface Certificate {
	[key: string]: Json;
	mandate: Mandate;
	/** Signatures by members of the roster, sorted by key, one per key. */
	sigs: Signature[];
}

/** What the members sign to take their circle out of a federation. */
export interface ExitNotice {
	[key: string]: Json;
	federation: string;
	circle: string;
	sigs: Signature[];
}

export const mandateBytes = (m: Mandate): Uint8Array => canonical.encode([CERT_TAG, m]);
export const exitBytes = (federation: string, circle: string): Uint8Array =>
	canonical.encode([EXIT_TAG, federation, circle]);

/**
 * What a member signs when their circle decides its answer to a federation proposal (in the
 * circle's own ledger, `federation.decide`): the federation, the circle, the proposal, the answer
 * and its reason. A majority of the roster's signatures over these bytes is the circle's answer,
 * which its delegate relays and the federation checks without the circle's history.
 */
export const answerBytes = (
	federation: string,
	circle: string,
	proposal: string,
	answer: string,
	reason: string
): Uint8Array => canonical.encode([ANSWER_TAG, federation, circle, proposal, answer, reason]);

/** The circle's decided answer as relayed: the members' signatures over answerBytes. */
export interface CircleDecision {
	[key: string]: Json;
	sigs: Signature[];
}

/**
 * Checks a relayed answer's proof: a majority of `recorded` (the roster the federation last
 * recorded for the circle) signed exactly this answer. A signature by a key outside the roster or
 * over other bytes (another answer, reason, proposal, circle or federation) fails the whole proof.
 */
export const verifyDecision = (
	decision: unknown,
	bytes: { federation: string; circle: string; proposal: string; answer: string; reason: string },
	recorded: readonly string[],
	verdicts?: Verdicts
): Rejection | null => {
	const d = decision as Partial<CircleDecision> | null;
	if (
		typeof d !== 'object' ||
		d === null ||
		Array.isArray(d) ||
		Object.keys(d).join(',') !== 'sigs' ||
		!isSigs(d.sigs)
	)
		return reject('fed-answer-shape');
	const b = answerBytes(bytes.federation, bytes.circle, bytes.proposal, bytes.answer, bytes.reason);
	const memo = verdicts ? { verdicts, tag: `answer:${sha256Hex(b)}` } : undefined;
	const signers = countSigners(d.sigs, recorded, b, memo);
	if (typeof signers !== 'number') return signers;
	const need = majority(recorded.length);
	if (signers < need) return reject('fed-answer-quorum', { have: signers, need });
	return null;
};

/** A certificate's id: what the federation ledger remembers so it is never counted twice. */
export const certificateId = (c: Certificate): string => sha256Hex(canonical.encode([CERT_TAG, c.mandate]));

const isKeyList = (x: unknown): x is string[] =>
	Array.isArray(x) &&
	x.length >= 1 &&
	x.length <= ROSTER_MAX &&
	x.every((k, i) => isHex(k, 32) && (i === 0 || (x[i - 1] as string) < k));

const isInt = (x: unknown, min = 0): x is number => Number.isSafeInteger(x) && (x as number) >= min;

const isSigs = (x: unknown): x is Signature[] =>
	Array.isArray(x) &&
	x.length >= 1 &&
	x.length <= ROSTER_MAX &&
	x.every(
		(s, i) =>
			typeof s === 'object' &&
			s !== null &&
			Object.keys(s).sort().join(',') === 'key,sig' &&
			isHex((s as Signature).key, 32) &&
			isHex((s as Signature).sig, 64) &&
			(i === 0 || (x[i - 1] as Signature).key < (s as Signature).key)
	);

/** Reads an untrusted value as a certificate, or says what is wrong with its shape. */
export const decodeCertificate = (
	raw: unknown
): { ok: true; cert: Certificate } | { ok: false; rejection: Rejection } => {
	const bad = (code: string) => ({ ok: false as const, rejection: reject(code) });
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('fed-cert-shape');
	const c = raw as Record<string, unknown>;
	if (Object.keys(c).sort().join(',') !== 'mandate,sigs') return bad('fed-cert-shape');
	const m = c.mandate as Record<string, unknown>;
	if (typeof m !== 'object' || m === null || Array.isArray(m)) return bad('fed-cert-shape');
	if (
		Object.keys(m).sort().join(',') !==
		'circle,delegate,exit,federation,from,issue,roster,rosterSeq,serial,until'
	)
		return bad('fed-cert-shape');
	if (!isHex(m.federation, 16) || !isHex(m.circle, 16) || !isHex(m.delegate, 32))
		return bad('fed-cert-shape');
	if (typeof m.issue !== 'string' || !m.issue.trim() || m.issue.length > ISSUE_MAX)
		return bad('fed-cert-issue');
	if (!isInt(m.from) || !isInt(m.until) || m.until <= m.from) return bad('fed-cert-window');
	if (!isKeyList(m.roster)) return bad('fed-cert-roster');
	if (!m.roster.includes(m.delegate as string)) return bad('fed-cert-delegate');
	if (!isInt(m.rosterSeq, 1) || !isInt(m.serial, 1)) return bad('fed-cert-shape');
	if (!isInt(m.exit, 1) || m.exit > Math.floor(m.roster.length / 2) + 1) return bad('fed-cert-exit');
	if (!isSigs(c.sigs)) return bad('fed-cert-sigs');
	return { ok: true, cert: raw as Certificate };
};

export const majority = (n: number): number => Math.floor(n / 2) + 1;

/**
 * Counts the signatures over `bytes` by distinct keys of `roster` (sorted keys, each once).
 * A signature by a key outside the roster, or one that does not verify, makes the whole
 * set invalid: a certificate that carries a forgery is not partly true.
 */
const countSigners = (
	sigs: readonly Signature[],
	roster: readonly string[],
	bytes: Uint8Array,
	memo?: { verdicts: Verdicts; tag: string }
): number | Rejection => {
	const members = new Set(roster);
	for (const s of sigs) {
		if (!members.has(s.key)) return reject('fed-cert-nonmember', { key: s.key });
		if (!verifyOnce(memo, s, bytes)) return reject('fed-cert-signature', { key: s.key });
	}
	return sigs.length;
};

/**
 * Signature verdicts a phone keeps between folds of a federation (a verdict on bytes never
 * changes): keyed by what fixes the bytes signed (a certificate's id, an exit's federation and
 * circle, an entry's id, which hashes the whole signed entry), the key and the signature, so a
 * signature copied onto other bytes never finds a verdict. Optional: a fold without it checks
 * every signature, as every fold did before; with it, a refold checks only what is new.
 */
export type Verdicts = Map<string, boolean>;

const verifyOnce = (
	memo: { verdicts: Verdicts; tag: string } | undefined,
	s: Signature,
	bytes: Uint8Array
): boolean => {
	const k = memo ? `${memo.tag}:${s.key}:${s.sig}` : '';
	const known = memo?.verdicts.get(k);
	if (known !== undefined) return known;
	const ok = ed.verify(hexToBytes(s.sig), bytes, hexToBytes(s.key));
	memo?.verdicts.set(k, ok);
	return ok;
};

/**
 * Checks a certificate for `federation`: its shape, every signature, and that a majority of
 * the roster that counts signed it — `recorded`, the roster the federation last recorded for
 * this circle, or, at a circle's first join (nothing recorded), the roster it states.
 */
export const verifyCertificate = (
	cert: Certificate,
	federation: string,
	recorded: readonly string[] | null,
	verdicts?: Verdicts
): Rejection | null => {
	const d = decodeCertificate(cert);
	if (!d.ok) return d.rejection;
	const m = cert.mandate;
	if (m.federation !== federation) return reject('fed-cert-federation');
	const bytes = mandateBytes(m);
	const memo = verdicts ? { verdicts, tag: `cert:${sha256Hex(bytes)}` } : undefined;
	const signers = countSigners(cert.sigs, recorded ?? m.roster, bytes, memo);
	if (typeof signers !== 'number') return signers;
	const need = majority((recorded ?? m.roster).length);
	if (signers < need) return reject('fed-cert-quorum', { have: signers, need });
	return null;
};

/** Checks an exit notice against the roster and `exit` the federation recorded for the circle. */
export const verifyExit = (
	notice: ExitNotice,
	federation: string,
	circle: string,
	recorded: readonly string[],
	exit: number,
	verdicts?: Verdicts
): Rejection | null => {
	if (
		typeof notice !== 'object' ||
		notice === null ||
		Object.keys(notice).sort().join(',') !== 'circle,federation,sigs' ||
		!isSigs(notice.sigs)
	)
		return reject('fed-exit-shape');
	if (notice.federation !== federation || notice.circle !== circle) return reject('fed-exit-circle');
	const memo = verdicts ? { verdicts, tag: `exit:${federation}:${circle}` } : undefined;
	const signers = countSigners(notice.sigs, recorded, exitBytes(federation, circle), memo);
	if (typeof signers !== 'number') return signers;
	if (signers < exit) return reject('fed-exit-quorum', { have: signers, need: exit });
	return null;
};

/** Signs as one member; `secret` stays with the caller (a phone signs with its own key). */
export type MemberSigner = { key: MemberKey; sign: (bytes: Uint8Array) => Uint8Array };

const sortSigs = (sigs: Signature[]): Signature[] =>
	sigs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** Builds a mandate, checking what a builder can (the UI shows the code before the tap). */
export const createMandate = (input: {
	federation: FederationId | string;
	circle: CircleId | string;
	delegate: MemberKey | string;
	issue: string;
	from: Millis;
	until: Millis;
	roster: readonly string[];
	rosterSeq: number;
	exit?: number;
	serial: number;
}): Mandate => {
	const roster = [...new Set(input.roster)].sort();
	const issue = input.issue.trim();
	const m: Mandate = {
		federation: input.federation,
		circle: input.circle,
		delegate: input.delegate,
		issue,
		from: input.from,
		until: input.until,
		roster,
		rosterSeq: input.rosterSeq,
		exit: input.exit ?? majority(roster.length),
		serial: input.serial
	};
	const d = decodeCertificate({ mandate: m, sigs: [{ key: '0'.repeat(64), sig: '0'.repeat(128) }] });
	if (!d.ok) refuse(d.rejection.code);
	return m;
};

/** One member's signature on a mandate (what each phone adds when its member consents). */
export const signMandate = (m: Mandate, signer: MemberSigner): Signature => ({
	key: signer.key,
	sig: bytesToHex(signer.sign(mandateBytes(m)))
});

export const signExit = (federation: string, circle: string, signer: MemberSigner): Signature => ({
	key: signer.key,
	sig: bytesToHex(signer.sign(exitBytes(federation, circle)))
});

/** Gathers signatures into a certificate (one per key, sorted). */
export const certificate = (m: Mandate, sigs: readonly Signature[]): Certificate => {
	const byKey = new Map(sigs.map((s) => [s.key, s]));
	return { mandate: m, sigs: sortSigs([...byKey.values()]) };
};

export const exitNotice = (federation: string, circle: string, sigs: readonly Signature[]): ExitNotice => {
	const byKey = new Map(sigs.map((s) => [s.key, s]));
	return { federation, circle, sigs: sortSigs([...byKey.values()]) };
};
