/** Federations in tests: circles of named people, certificates, and delegates' phones writing entries. */
import * as ed from '$lib/core/ed25519';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { entryId, signingBytes } from '$lib/core/entry';
import {
	answerBytes,
	certificate,
	createMandate,
	exitNotice,
	federationEntry,
	federationIdFor,
	signExit,
	signMandate,
	type Certificate,
	type FederationId,
	type MemberSigner
} from '$lib/core/federation';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Json } from '$lib/core/canonical';
import { person, T0, type Person } from '../helpers';

export { T0 };
export const DAY = 86_400_000;
export const YEAR = 365 * DAY;
export const FED_SEED = bytesToHex(sha256Bytes(utf8ToBytes('federation-seed')));

export const signer = (p: Person): MemberSigner => ({ key: p.key, sign: (b) => ed.sign(b, p.secret) });

export interface TestCircle {
	id: CircleId;
	members: Person[];
	roster: MemberKey[];
}

export const circleOf = (name: string, names: readonly string[]): TestCircle => {
	const members = names.map((n) => person(n, name));
	return {
		id: bytesToHex(sha256Bytes(utf8ToBytes(`circle:${name}`))).slice(0, 32) as CircleId,
		members,
		roster: members.map((m) => m.key).sort()
	};
};

export const garden = () => circleOf('garden', ['Ada', 'Ben', 'Cai', 'Dee', 'Eli']);
export const tools = () => circleOf('tools', ['Maya', 'Ravi', 'Ngoc', 'Tomasz']);
export const bakery = () => circleOf('bakery', ['Ilse', 'Kwame', 'Lena']);

export const ISSUE = 'bulk flour order';

/** A certificate signed by `signers` (default: a majority of the circle, the first ones). */
const certCache = new Map<string, Certificate>();

export const certFor = (
	fed: string,
	c: TestCircle,
	delegate: Person,
	opts: {
		issue?: string;
		from?: Millis;
		until?: Millis;
		serial?: number;
		rosterSeq?: number;
		roster?: readonly string[];
		signers?: readonly Person[];
		exit?: number;
	} = {}
): Certificate => {
	const cacheKey = JSON.stringify([fed, c.id, delegate.key, opts, opts.signers?.map((p) => p.key)]);
	const cached = certCache.get(cacheKey);
	if (cached) return cached;
	const roster = opts.roster ?? c.roster;
	const m = createMandate({
		federation: fed,
		circle: c.id,
		delegate: delegate.key,
		issue: opts.issue ?? ISSUE,
		from: opts.from ?? T0 - DAY,
		until: opts.until ?? T0 + YEAR,
		roster,
		rosterSeq: opts.rosterSeq ?? 10,
		serial: opts.serial ?? 1,
		...(opts.exit !== undefined ? { exit: opts.exit } : {})
	});
	const signers = opts.signers ?? c.members.slice(0, Math.floor(roster.length / 2) + 1);
	const cert = certificate(
		m,
		signers.map((s) => signMandate(m, signer(s)))
	);
	certCache.set(cacheKey, cert);
	return cert;
};

/** A circle's decided answer to a proposal: the signatures of `signers` (default: a majority). */
export const decisionBy = (
	fed: string,
	c: TestCircle,
	proposal: string,
	answer: 'consent' | 'aside' | 'object',
	reason = '',
	signers: readonly Person[] = c.members.slice(0, Math.floor(c.roster.length / 2) + 1)
): { sigs: { key: string; sig: string }[] } => ({
	sigs: signers
		.map((p) => ({
			key: p.key as string,
			sig: bytesToHex(ed.sign(answerBytes(fed, c.id, proposal, answer, reason), p.secret))
		}))
		.sort((a, b) => (a.key < b.key ? -1 : 1))
});

export const exitBy = (fed: string, c: TestCircle, signers: readonly Person[]) =>
	exitNotice(
		fed,
		c.id,
		signers.map((s) => signExit(fed, c.id, signer(s)))
	);

/** The federation id founded by `founder` with the test seed. */
export const fedIdOf = (founder: Person): FederationId => federationIdFor(founder.key, FED_SEED);

/**
 * A little world of phones writing to one federation: each author's seq and prev are kept,
 * and every entry sees the heads of everything written so far (`see` limits it to some ids).
 */
export class World {
	readonly entries: Entry[] = [];
	private last = new Map<string, { seq: number; id: EntryId }>();
	constructor(readonly fed: FederationId) {}

	/** Another phone's world starting from this one's entries (signing is slow: tests share a start). */
	clone(): World {
		const w = new World(this.fed);
		w.entries.push(...this.entries);
		for (const [k, v] of this.last) w.last.set(k, v);
		return w;
	}

	write(
		author: Person,
		at: Millis,
		type: string,
		body: { [k: string]: Json },
		see?: readonly EntryId[]
	): Entry {
		const prev = this.last.get(author.key);
		const seen = see ?? this.heads(author);
		const u = federationEntry({
			federation: this.fed,
			author: author.key,
			seq: (prev?.seq ?? 0) + 1,
			prev: prev?.id ?? null,
			at,
			type,
			body,
			seen
		});
		const e: Entry = { ...u, sig: bytesToHex(ed.sign(signingBytes(u), author.secret)) };
		this.entries.push(e);
		this.last.set(author.key, { seq: u.seq, id: entryId(e) });
		return e;
	}

	/** The newest entry of every other author (at most eight). */
	heads(except: Person): EntryId[] {
		return [...this.last.entries()]
			.filter(([k]) => k !== except.key)
			.map(([, v]) => v.id)
			.sort()
			.slice(-8);
	}
}

export const idOf = (e: Entry): EntryId => entryId(e);

export type { Person };
export { person };
