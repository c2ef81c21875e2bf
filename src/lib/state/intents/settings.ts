/**
 * The settings domain's intents: the circle's room servers and STUN/TURN servers, and the room
 * secret (a fresh one sealed to every active member, device/room-secret.ts). The rotation after
 * a departure is a duty (state/duties.ts): the first remaining member's phone that notices writes
 * it; rotations written at the same time by other phones are refused by the fold (first wins).
 * A member admitted after the current secret gets it sealed to them too (a share, also a duty).
 * The randomness is drawn here, outside the core: the secret and the ephemeral keys.
 */
import { hexToBytes } from '$lib/core/bytes';
import {
	ICE,
	REKEY,
	ROOMS,
	SHARE,
	boxFor,
	iceBody,
	rekeyBody,
	roomsBody,
	settings,
	shareBody,
	type SettingsView
} from '$lib/core/settings';
import type { EntryId, MemberKey } from '$lib/core/types';
import { openRoomSecret, sealRoomSecret } from '$lib/device/room-secret';
import type { Duty } from '../duties';
import type { Signer } from './signer';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

const viewOf = (s: Signer): SettingsView => s.session.book.view<SettingsView>(settings, s.now());

/** Sets the circle's room (signaling) servers. */
export const setRooms = (s: Signer, urls: readonly string[]): Promise<EntryId> =>
	s.sign(ROOMS, roomsBody(urls));

/** Sets the circle's STUN/TURN servers. */
export const setIce = (s: Signer, urls: readonly string[]): Promise<EntryId> => s.sign(ICE, iceBody(urls));

/** Writes a fresh room secret sealed to every member active now. */
export const rotateSecret = (s: Signer): Promise<EntryId> => {
	const { roster } = viewOf(s);
	const sealed = sealRoomSecret({
		circle: s.session.circle,
		secret: random(32),
		ephemeral: random(32),
		recipients: roster
	});
	return s.sign(REKEY, rekeyBody(sealed.epk, sealed.sealed));
};

/** The first room secret, written when the circle has none yet (before the first invite or room). */
export const ensureSecret = async (s: Signer): Promise<EntryId | null> =>
	viewOf(s).secret ? null : rotateSecret(s);

export const intents = { setRooms, setIce, ensureSecret };

/**
 * "Leaving or removal rotates the room secret": someone who may hold the current secret has
 * left or was removed, and no rotation has come after. Keyed by the current rotation, so one
 * phone writes at most one rotation for it.
 */
export const rekeyDuty: Duty<EntryId> = {
	name: 'rekey',
	due: (book, now) => {
		const v = book.view<SettingsView>(settings, now);
		return v.rekeyDue && v.secret ? [v.secret.id] : [];
	},
	key: (id) => id,
	perform: (s) => rotateSecret(s),
	batch: 1
};

/**
 * Seals the current secret, as this phone opens it, to members admitted after it (whose invite
 * may carry an older one). Writes nothing when this phone cannot open the current secret.
 */
export const shareSecret = async (s: Signer, members: readonly MemberKey[]): Promise<EntryId | null> => {
	const current = viewOf(s).secret;
	const id = s.identity();
	if (!current || !id || members.length === 0) return null;
	const mine = boxFor(current, id.publicKey);
	if (!mine) return null;
	const opened = openRoomSecret(
		s.session.circle,
		{ epk: mine.epk, sealed: { [id.publicKey]: mine.box } },
		id
	);
	if (!opened.ok) return null;
	const sealed = sealRoomSecret({
		circle: s.session.circle,
		secret: hexToBytes(opened.secret),
		ephemeral: random(32),
		recipients: members
	});
	return s.sign(SHARE, shareBody(current.id, sealed.epk, sealed.sealed));
};

/**
 * A member admitted after the current secret gets it sealed to them by the phone of whoever
 * admitted them (or by any member's phone once the admitter has gone), so an invite shown before
 * a rotation still leads to the circle's room.
 */
export const shareDuty: Duty<{ member: MemberKey; by: MemberKey | null }> = {
	name: 'share',
	due: (book, now) => book.view<SettingsView>(settings, now).unshared,
	key: (x) => x.member,
	perform: (s, x) => (x.by === null || x.by === s.me() ? shareSecret(s, [x.member]) : Promise.resolve(null)),
	batch: 8
};
