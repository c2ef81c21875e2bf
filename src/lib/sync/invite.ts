/**
 * Invites and join requests as QR codes. (Key fingerprints for comparing in person come
 * from device/identity.ts's fingerprint, so every screen shows the same one.)
 *
 * Invite (docs/PROTOCOL.md "Invites"): a link `<app origin>/join#CI1:<base32>`; the code
 * after '#' never reaches any server. The bytes are
 *   u8 version (1) | 16 circle id | 32 circle secret | 32 genesis entry id | UTF-8 circle name
 *   [ 0x00 | u8 members | UTF-8 inviter's name | 0x00 | UTF-8 commons ]
 * The secret names and encrypts the circle's rooms; the genesis id lets the joining
 * phone check that the history it receives is the circle it was invited to. The bracketed
 * tail (optional) lets the join page say who invites you to what before anything is synced:
 * a name never holds a control character (core/membership/names.ts), so the NUL ends it.
 *
 * Join request code: `CJ1:<base32>` of
 *   u8 version (1) | 16 circle | 32 key | 16 nonce | u64 time (ms, big-endian) | 64 sig | UTF-8 name
 * carrying exactly the fields of core/join.ts's JoinRequest.
 */
import { JOIN_KIND, JOIN_VERSION, decodeJoinRequest, type JoinRequest } from '$lib/core/membership/join';
import type { CircleId, EntryId } from '$lib/core/types';
import { base32Decode, base32Encode } from './sdp';
import { CodedError } from './failure';

export interface Invite {
	circle: CircleId;
	/** 32 bytes, 64 hex characters. */
	secret: string;
	genesis: EntryId;
	name: string;
	/** Who showed the invite, what the circle stewards and how many members it had then. */
	from?: string;
	commons?: string;
	members?: number;
}

/** The commons is cut to this many UTF-8 bytes in an invite, so the QR code stays easy to scan. */
export const INVITE_COMMONS_MAX = 80;

const cutUtf8 = (text: string, max: number): Uint8Array => {
	const enc = new TextEncoder();
	let t = text;
	while (enc.encode(t).length > max) t = [...t].slice(0, -2).join('') + '…';
	return enc.encode(t);
};

/** An invite or join request that does not read: a code (`invite-*`, `join-code-*`), worded by src/lib/messages. */
export class InviteError extends CodedError {}

const INVITE_PREFIX = 'CI1:';
const JOIN_PREFIX = 'CJ1:';

const hexToArr = (h: string): number[] => (h.match(/../g) ?? []).map((x) => parseInt(x, 16));
const arrToHex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n * 2}}$`);

export const encodeInvite = (i: Invite): string => {
	if (!HEX(16).test(i.circle) || !HEX(32).test(i.secret) || !HEX(32).test(i.genesis))
		throw new InviteError('invite-incomplete');
	const enc = new TextEncoder();
	const name = enc.encode(i.name);
	const tail =
		i.from !== undefined
			? [
					0,
					Math.min(255, Math.max(0, i.members ?? 0)),
					...enc.encode(i.from),
					0,
					...cutUtf8(i.commons ?? '', INVITE_COMMONS_MAX)
				]
			: [];
	return (
		INVITE_PREFIX +
		base32Encode(
			Uint8Array.from([
				1,
				...hexToArr(i.circle),
				...hexToArr(i.secret),
				...hexToArr(i.genesis),
				...name,
				...tail
			])
		)
	);
};

/** The link shown with the QR code; the code rides in the fragment, which browsers never send. */
export const inviteLink = (origin: string, i: Invite): string =>
	`${origin.replace(/\/$/, '')}/join#${encodeInvite(i)}`;

/** Reads an invite from a scanned QR code, a pasted link or a bare code. */
export const parseInvite = (text: string): Invite => {
	let t = text.trim();
	const hash = t.indexOf('#');
	if (hash >= 0) t = t.slice(hash + 1);
	t = decodeURIComponent(t).replace(/\s+/g, '');
	if (!t.toUpperCase().startsWith(INVITE_PREFIX)) {
		if (/^CI\d+:/i.test(t)) throw new InviteError('invite-newer');
		throw new InviteError('invite-not-one');
	}
	let b: Uint8Array;
	try {
		b = base32Decode(t.slice(INVITE_PREFIX.length));
	} catch {
		throw new InviteError('invite-unreadable');
	}
	if (b[0] !== 1 || b.length < 81) throw new InviteError('invite-unreadable');
	const rest = b.subarray(81);
	const cut = rest.indexOf(0);
	const invite: Invite = {
		circle: arrToHex(b.subarray(1, 17)) as CircleId,
		secret: arrToHex(b.subarray(17, 49)),
		genesis: arrToHex(b.subarray(49, 81)) as EntryId,
		name: ''
	};
	try {
		const utf8 = new TextDecoder('utf-8', { fatal: true });
		invite.name = utf8.decode(cut < 0 ? rest : rest.subarray(0, cut));
		if (cut >= 0 && rest.length > cut + 1) {
			const extra = rest.subarray(cut + 2);
			const end = extra.indexOf(0);
			invite.members = rest[cut + 1]!;
			invite.from = utf8.decode(end < 0 ? extra : extra.subarray(0, end));
			invite.commons = end < 0 ? '' : utf8.decode(extra.subarray(end + 1));
		}
	} catch {
		throw new InviteError('invite-unreadable');
	}
	return invite;
};

export const encodeJoinRequest = (r: JoinRequest): string => {
	const time = new Uint8Array(8);
	new DataView(time.buffer).setBigUint64(0, BigInt(r.time));
	const name = new TextEncoder().encode(r.name);
	return (
		JOIN_PREFIX +
		base32Encode(
			Uint8Array.from([
				1,
				...hexToArr(r.circle),
				...hexToArr(r.key),
				...hexToArr(r.nonce),
				...time,
				...hexToArr(r.sig),
				...name
			])
		)
	);
};

/** Reads a scanned join request; the signature is checked by membership.admit. */
export const parseJoinRequest = (text: string): JoinRequest => {
	const t = text.replace(/\s+/g, '').toUpperCase();
	if (!t.startsWith(JOIN_PREFIX)) {
		if (t.startsWith(INVITE_PREFIX) || t.includes('/JOIN#')) throw new InviteError('join-code-is-invite');
		throw new InviteError('join-code-not-one');
	}
	let b: Uint8Array;
	try {
		b = base32Decode(t.slice(JOIN_PREFIX.length));
	} catch {
		throw new InviteError('join-code-unreadable');
	}
	if (b[0] !== 1 || b.length < 137) throw new InviteError('join-code-unreadable');
	let name: string;
	try {
		name = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(137));
	} catch {
		throw new InviteError('join-code-unreadable');
	}
	const time = Number(new DataView(b.buffer, b.byteOffset + 65, 8).getBigUint64(0));
	// What decodeJoinRequest throws is a RuleError: its code is worded where it is shown.
	return decodeJoinRequest({
		v: JOIN_VERSION,
		kind: JOIN_KIND,
		circle: arrToHex(b.subarray(1, 17)),
		key: arrToHex(b.subarray(17, 49)),
		nonce: arrToHex(b.subarray(49, 65)),
		time,
		sig: arrToHex(b.subarray(73, 137)),
		name
	});
};
