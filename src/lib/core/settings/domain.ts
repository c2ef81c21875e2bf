/**
 * The settings domain: the circle's room servers, ICE servers and room secret as signed
 * entries by members (settings.ts says the rules; docs/protocol/settings.md). Three entry types:
 *
 *   settings.rooms {urls}          by any active member; the last in total order wins
 *   settings.ice {urls}            by any active member; the last in total order wins
 *   settings.rekey {epk, sealed}   by any active member, when a rotation is due
 *   settings.share {rotation, epk, sealed}   the current secret, sealed to members admitted after it
 */
import { isHex } from '../bytes';
import { isActiveAt, memberSpans, rosterAt, spanAround, type MembershipView } from '../membership/view';
import { membership } from '../membership/domain';
import { ADMIT } from '../membership/fold';
import { bad, isObject, kind, ok, refuse, reject, type Domain } from '../host/domain';
import {
	ICE_URL,
	ROOM_URL,
	SettingsBook,
	boxFor,
	checkUrls,
	isBox,
	type Rotation,
	type ServerList
} from './settings';
import type { EntryId, MemberKey, Millis } from '../types';

export const ROOMS = 'settings.rooms';
export const ICE = 'settings.ice';
export const REKEY = 'settings.rekey';
export const SHARE = 'settings.share';

export type UrlsBody = { urls: string[] };
export type RekeyBody = { epk: string; sealed: { [member: string]: string } };
export type ShareBody = RekeyBody & { rotation: EntryId };

/** At most this many boxes in one rotation (the largest circle the app expects, with room to spare). */
export const SEALED_MAX = 1000;

const decodeUrls = (pattern: RegExp, code: string) => (b: { [key: string]: unknown }) => {
	const problem = checkUrls(b.urls, pattern, code);
	return problem
		? bad<UrlsBody>(problem.code, problem.params)
		: ok<UrlsBody>({ urls: (b.urls as string[]).slice() });
};

export const decodeRekey = (b: { [key: string]: unknown }) => {
	if (!isHex(b.epk, 32)) return bad<RekeyBody>('rekey-epk');
	if (!isObject(b.sealed)) return bad<RekeyBody>('rekey-sealed');
	const keys = Object.keys(b.sealed);
	if (keys.length === 0 || keys.length > SEALED_MAX) return bad<RekeyBody>('rekey-sealed');
	for (const k of keys) if (!isHex(k, 32) || !isBox(b.sealed[k])) return bad<RekeyBody>('rekey-box');
	return ok<RekeyBody>({ epk: b.epk, sealed: { ...(b.sealed as { [member: string]: string }) } });
};

export const decodeShare = (b: { [key: string]: unknown }) => {
	if (!isHex(b.rotation, 32)) return bad<ShareBody>('share-rotation');
	const d = decodeRekey(b);
	return d.ok
		? ok<ShareBody>({ ...d.body, rotation: b.rotation as EntryId })
		: bad<ShareBody>(d.rejection.code);
};

/**
 * Whether a rotation is due at instant t: no secret yet, or someone who may hold the current
 * secret has stopped being a member since it was written (in (current.at, t]). That is anyone
 * it was sealed to, and anyone admitted after it, who learnt it from their invite.
 */
export const rotationDue = (current: Rotation | null, members: MembershipView, t: Millis): boolean => {
	if (current === null) return true;
	for (const s of memberSpans(members))
		if (s.until !== null && s.until > current.at && s.until <= t) return true;
	return false;
};

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
	a.length === b.length && a.every((x, i) => x === b[i]);

export interface SettingsView {
	/** The circle's room (signaling) servers; empty until a member sets some. */
	rooms: string[];
	/** The circle's STUN/TURN servers. */
	ice: string[];
	roomsSet: ServerList | null;
	iceSet: ServerList | null;
	/** The current room secret's rotation (its boxes), or null before the first. */
	secret: Rotation | null;
	/** Every rotation that counted, oldest first. */
	rotations: readonly Rotation[];
	/** A rotation is due now: someone who may hold the current secret has left or was removed since. */
	rekeyDue: boolean;
	/** The active members now, in key-byte order: whom a rotation written now is sealed to. */
	roster: MemberKey[];
	/**
	 * Active members with no box for the current secret (admitted after it), each with the member
	 * whose phone shares it with them: their admitter, or anyone if the admitter is no longer active.
	 */
	unshared: { member: MemberKey; by: MemberKey | null }[];
}

export const settings: Domain<SettingsBook, SettingsView> = {
	name: 'settings',
	version: 1,
	reads: [membership],
	observes: [ADMIT],
	observe: (book, entry) => {
		const member = (entry.body as { member?: unknown }).member;
		if (typeof member === 'string') book.admittedBy.set(member as MemberKey, entry.author);
	},
	init: () => new SettingsBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: ROOMS,
			decode: decodeUrls(ROOM_URL, 'settings-room-url'),
			apply: (book, e) => {
				book.rooms = { urls: e.body.urls, id: e.id, author: e.author, at: e.at };
				return null;
			}
		}),
		kind({
			type: ICE,
			decode: decodeUrls(ICE_URL, 'settings-ice-url'),
			apply: (book, e) => {
				book.ice = { urls: e.body.urls, id: e.id, author: e.author, at: e.at };
				return null;
			}
		}),
		kind({
			type: REKEY,
			decode: decodeRekey,
			apply: (book, e, ctx) => {
				if (!rotationDue(book.current, ctx.members, e.at)) return reject('rekey-not-due');
				const roster = rosterAt(ctx.members, e.at);
				const recipients = Object.keys(e.body.sealed).sort() as MemberKey[];
				if (!sameList(roster, recipients))
					return reject('rekey-recipients', { members: roster.length, sealed: recipients.length });
				book.rotations.push({
					id: e.id,
					author: e.author,
					at: e.at,
					epk: e.body.epk,
					sealed: e.body.sealed,
					recipients,
					shared: {}
				});
				return null;
			}
		}),
		kind({
			type: SHARE,
			decode: decodeShare,
			apply: (book, e, ctx) => {
				const current = book.current;
				if (!current || current.id !== e.body.rotation) return reject('share-not-current');
				for (const m of Object.keys(e.body.sealed) as MemberKey[])
					if (!isActiveAt(ctx.members.members.get(m), e.at) || boxFor(current, m))
						return reject('share-not-needed');
				const shared = { ...current.shared };
				for (const [m, box] of Object.entries(e.body.sealed)) shared[m] = { id: e.id, epk: e.body.epk, box };
				// A new object: checkpoints share the old one.
				book.rotations[book.rotations.length - 1] = { ...current, shared };
				return null;
			}
		})
	],
	view: (book, now, ctx) => {
		const roster = rosterAt(ctx.members, now);
		const value: SettingsView = {
			rooms: book.rooms?.urls.slice() ?? [],
			ice: book.ice?.urls.slice() ?? [],
			roomsSet: book.rooms,
			iceSet: book.ice,
			secret: book.current,
			rotations: book.rotations.slice(),
			rekeyDue: book.current !== null && rotationDue(book.current, ctx.members, now),
			roster,
			unshared: book.current
				? roster
						.filter((m) => !boxFor(book.current!, m))
						.map((member) => {
							const by = book.admittedBy.get(member) ?? null;
							return { member, by: by && isActiveAt(ctx.members.members.get(by), now) ? by : null };
						})
				: []
		};
		return { value, ...spanAround(ctx.members, now, []) };
	}
};

// ---- builders: what a phone writes (throw a RuleError with the code) -------------------

const urlsBody = (urls: readonly string[], pattern: RegExp, code: string): UrlsBody => {
	const list = [...new Set(urls.map((u) => u.trim()).filter(Boolean))];
	const problem = checkUrls(list, pattern, code);
	if (problem) refuse(problem.code, { ...problem.params, url: list[problem.params?.index ?? 0] ?? '' });
	return { urls: list };
};

export const roomsBody = (urls: readonly string[]): UrlsBody => urlsBody(urls, ROOM_URL, 'settings-room-url');
export const iceBody = (urls: readonly string[]): UrlsBody => urlsBody(urls, ICE_URL, 'settings-ice-url');

/** A share's body: the current secret sealed to newcomers (device/room-secret.ts seals them). */
export const shareBody = (
	rotation: EntryId,
	epk: string,
	sealed: { [member: string]: string }
): ShareBody => {
	const d = decodeShare({ rotation, epk, sealed });
	if (!d.ok) refuse(d.rejection.code, d.rejection.params);
	return (d as { ok: true; body: ShareBody }).body;
};

/** A rotation's body from boxes already sealed (device/room-secret.ts seals them). */
export const rekeyBody = (epk: string, sealed: { [member: string]: string }): RekeyBody => {
	const d = decodeRekey({ epk, sealed });
	if (!d.ok) refuse(d.rejection.code, d.rejection.params);
	return (d as { ok: true; body: RekeyBody }).body;
};
