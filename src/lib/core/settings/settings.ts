/**
 * The circle's settings (docs/protocol/settings.md): the room servers, the ICE (STUN/TURN)
 * servers, and the room secret, sealed to each active member. Before v2 these lived in the
 * circle document's unsigned `meta` map, which any peer could overwrite (threat-model.md
 * T20); the secret never changed, so an ex-member kept finding and reading the room (T22).
 *
 * - `settings.rooms {urls}` and `settings.ice {urls}` by any active member: the last in the
 *   ledger's total order wins.
 * - `settings.share {rotation, epk, sealed}` by any active member: the current secret sealed to
 *   members admitted after it (whose invite may predate it); counts for members with no box yet.
 * - `settings.rekey {epk, sealed}` by any active member: a fresh room secret, sealed to every
 *   member active at its instant (exactly them), each box opened only with that member's key.
 *   It counts only when a rotation is due: no secret yet, or someone the current secret was
 *   sealed to is no longer active. The first one in the total order after a departure wins;
 *   later ones are refused (`rekey-not-due`). The core never opens a box: it decides which
 *   rotation is current and keeps its boxes (sealing and opening live in device/room-secret.ts).
 */
import { isHex } from '../bytes';
import type { EntryId, MemberKey, Millis } from '../types';

/** At most this many servers in a list; each address at most this many characters. */
export const URLS_MAX = 8;
export const URL_MAX = 256;
/** A sealed box: the 32-byte secret and a 16-byte tag. */
export const BOX_BYTES = 48;

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])`;
const PORT = String.raw`(?::[0-9]{1,5})?`;
/** A room (signaling) server: ws:// or wss://, a host, an optional port and path; no spaces, no user info. */
export const ROOM_URL = new RegExp(String.raw`^wss?://${HOST}${PORT}(?:/[!-~]*)?$`);
/** An ICE server: stun:, turn: or turns:, a host, an optional port and (TURN) query. */
export const ICE_URL = new RegExp(
	String.raw`^(?:stun|turn|turns):${HOST}${PORT}(?:\?transport=(?:udp|tcp))?$`
);

export interface ServerList {
	urls: string[];
	/** The entry that set it, and when. */
	id: EntryId;
	author: MemberKey;
	at: Millis;
}

export interface Rotation {
	id: EntryId;
	author: MemberKey;
	at: Millis;
	/** The ephemeral X25519 public key of this rotation (hex). */
	epk: string;
	/** Member key → their sealed box (hex), for exactly the members active at `at`. */
	sealed: Readonly<Record<string, string>>;
	/** The members it was sealed to, in key-byte order. */
	recipients: readonly MemberKey[];
	/**
	 * The same secret sealed later to members admitted after it (`settings.share`, by whoever
	 * admitted them): member key → the share's entry, ephemeral key and box.
	 */
	shared: Readonly<Record<string, { id: EntryId; epk: string; box: string }>>;
}

/** The box and ephemeral key that seal `rotation`'s secret to `member`, if any. */
export const boxFor = (rotation: Rotation, member: MemberKey): { epk: string; box: string } | null => {
	const own = Object.prototype.hasOwnProperty.call(rotation.sealed, member)
		? rotation.sealed[member]
		: undefined;
	if (own !== undefined) return { epk: rotation.epk, box: own };
	const s = Object.prototype.hasOwnProperty.call(rotation.shared, member)
		? rotation.shared[member]
		: undefined;
	return s ? { epk: s.epk, box: s.box } : null;
};

/** Checks a list of server addresses; returns a rejection code with its index, or null. */
export const checkUrls = (
	urls: unknown,
	pattern: RegExp,
	code: string
): { code: string; params?: { index: number; max?: number } } | null => {
	if (!Array.isArray(urls)) return { code: 'settings-urls' };
	if (urls.length > URLS_MAX)
		return { code: 'settings-urls-many', params: { index: URLS_MAX, max: URLS_MAX } };
	const seen = new Set<string>();
	for (let i = 0; i < urls.length; i++) {
		const u: unknown = urls[i];
		if (typeof u !== 'string' || u.length > URL_MAX || !pattern.test(u))
			return { code, params: { index: i } };
		if (seen.has(u)) return { code: 'settings-url-repeated', params: { index: i } };
		seen.add(u);
	}
	return null;
};

export const isBox = (x: unknown): x is string => isHex(x, BOX_BYTES);

export class SettingsBook {
	rooms: ServerList | null = null;
	ice: ServerList | null = null;
	/** Every rotation that counted, oldest first; the last is the current secret. */
	rotations: Rotation[] = [];
	/** Who admitted each member last (observed `member.admit`): the one to share the secret with them. */
	admittedBy = new Map<MemberKey, MemberKey>();

	clone(): SettingsBook {
		const c = new SettingsBook();
		c.rooms = this.rooms;
		c.ice = this.ice;
		c.rotations = this.rotations.slice();
		c.admittedBy = new Map(this.admittedBy);
		return c;
	}

	get current(): Rotation | null {
		return this.rotations[this.rotations.length - 1] ?? null;
	}
}
