/**
 * A join request: the would-be member's own signed statement "I, holder of this key,
 * ask to join this circle under this name". It travels by QR code (or a pasted code)
 * from the joiner's phone to any member's phone; the member's `member.admit` entry
 * embeds it whole, so everyone can check that the joiner really holds the key that is
 * being admitted (nobody can be admitted under a key they do not own, and nobody can
 * admit a key on someone else's behalf). Format: docs/PROTOCOL.md, "Join requests".
 */
import * as canonical from '../canonical';
import * as ed from '../ed25519';
import { bytesToHex, hexToBytes, isHex } from '../bytes';
import { refuse } from '../host/domain';
import { checkMemberName, normalizeText } from './names';

export { checkMemberName };
import type { CircleId, MemberKey, Millis, SignFn } from '../types';

export const JOIN_KIND = 'circulate/join-request';
export const JOIN_VERSION = 1;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A join request admits within this many days after its `time` (T18). */
export const JOIN_REQUEST_DAYS = 7;
/** ... and from at most this long before it: a joiner's clock may run a little ahead. */
export const JOIN_REQUEST_AHEAD_MS = DAY_MS;

/**
 * Whether a request may admit at `at` (the admission's stamp): null, or the code
 * `request-expired` with the window in days. A kept or photographed request cannot bring
 * anyone in weeks later without their asking again (threat-model.md, T18).
 */
export const requestTimeProblem = (
	r: Pick<UnsignedJoinRequest, 'time'>,
	at: Millis
): { code: 'request-expired'; params: { days: number } } | null =>
	at > r.time + JOIN_REQUEST_DAYS * DAY_MS || at < r.time - JOIN_REQUEST_AHEAD_MS
		? { code: 'request-expired', params: { days: JOIN_REQUEST_DAYS } }
		: null;

export interface UnsignedJoinRequest {
	[key: string]: string | number;
	v: number;
	kind: string;
	circle: CircleId;
	key: MemberKey;
	name: string;
	/** 16 random bytes in hex from the joiner's device: two requests never look alike. */
	nonce: string;
	/**
	 * The joiner's clock when asking. A request admits only near it (`requestTimeProblem`) and
	 * never someone who left or was removed after it (T18).
	 */
	time: Millis;
}

export interface JoinRequest extends UnsignedJoinRequest {
	/** Ed25519 signature by `key` over the canonical bytes of the request without `sig`. */
	sig: string;
}

/** Names are stored trimmed and in Unicode NFC, so "Zoë" typed two ways is one name. */
export const normalizeName = normalizeText;

export const createJoinRequest = (input: {
	circle: CircleId;
	key: MemberKey;
	name: string;
	nonce: string;
	now: Millis;
}): UnsignedJoinRequest => {
	const problem = checkMemberName(input.name);
	if (problem) refuse(problem.code, problem.params);
	if (!isHex(input.circle, 16)) refuse('invite-circle');
	if (!isHex(input.key, 32)) refuse('device-key');
	if (!isHex(input.nonce, 16)) refuse('request-nonce');
	return {
		v: JOIN_VERSION,
		kind: JOIN_KIND,
		circle: input.circle,
		key: input.key,
		name: normalizeName(input.name),
		nonce: input.nonce,
		time: input.now
	};
};

/** The bytes the joiner signs. The `kind` field keeps them from ever reading as an entry. */
export const joinSigningBytes = (r: UnsignedJoinRequest): Uint8Array =>
	canonical.encode({
		v: r.v,
		kind: r.kind,
		circle: r.circle,
		key: r.key,
		name: r.name,
		nonce: r.nonce,
		time: r.time
	});

export const signJoinRequest = async (r: UnsignedJoinRequest, sign: SignFn): Promise<JoinRequest> => ({
	...r,
	sig: bytesToHex(await sign(joinSigningBytes(r)))
});

/**
 * A request's every field, signature included, as one string: two requests with the same key
 * are the same bytes signed with the same signature, so they get the same verdict. (The
 * signature alone is no key: anyone can copy a valid signature onto a request they changed.)
 */
export const joinRequestKey = (r: JoinRequest): string =>
	JSON.stringify([r.v, r.kind, r.circle, r.key, r.name, r.nonce, r.time, r.sig]);

/**
 * Verdicts already reached, by `joinRequestKey`. A verdict on bytes never changes, so a circle
 * folded again (a late entry's refold, the same circle opened again) does not check its
 * admissions' signatures again: each is a few milliseconds. Bounded: emptied when full.
 */
const verdicts = new Map<string, boolean>();
const VERDICTS_MAX = 4096;

/** Strict RFC 8032 check that the request was signed by the key it names. */
export const verifyJoinRequest = (r: JoinRequest): boolean => {
	const k = joinRequestKey(r);
	let v = verdicts.get(k);
	if (v === undefined) {
		v = ed.verify(hexToBytes(r.sig), joinSigningBytes(r), hexToBytes(r.key));
		if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
		verdicts.set(k, v);
	}
	return v;
};

/**
 * Reads an untrusted value (a scanned QR code, an admit entry's body) into a join
 * request, or throws a RuleError whose code (join-…) says what is wrong. No signature check.
 */
export const decodeJoinRequest = (raw: unknown): JoinRequest => {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse('join-not-object');
	const o = raw as Record<string, unknown>;
	if (o.kind !== JOIN_KIND) refuse('join-kind');
	if (Object.keys(o).sort().join(',') !== 'circle,key,kind,name,nonce,sig,time,v') refuse('join-fields');
	if (o.v !== JOIN_VERSION) refuse('join-newer');
	if (!isHex(o.circle, 16)) refuse('join-circle');
	if (!isHex(o.key, 32)) refuse('join-key');
	if (typeof o.name !== 'string' || checkMemberName(o.name) !== null || o.name !== normalizeName(o.name))
		refuse('join-name');
	if (!isHex(o.nonce, 16)) refuse('join-nonce');
	if (!Number.isSafeInteger(o.time) || (o.time as number) < 0) refuse('join-time');
	if (!isHex(o.sig, 64)) refuse('join-unsigned');
	return {
		v: JOIN_VERSION,
		kind: JOIN_KIND,
		circle: o.circle as CircleId,
		key: o.key as MemberKey,
		name: o.name as string,
		nonce: o.nonce as string,
		time: o.time as number,
		sig: o.sig as string
	};
};
