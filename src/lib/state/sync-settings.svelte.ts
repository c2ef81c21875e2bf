/**
 * A circle's sync settings as reactive reads, all from the settings domain's view (signed
 * entries by members, core/settings): the room servers, the STUN/TURN servers, and the room
 * secret this phone can open. Nothing here reads the document's `meta` map, which any peer can
 * write (threat-model.md T20); values an older version left there are ignored.
 *
 * The room secret is the newest rotation sealed to this phone's member that opens with its key
 * (device/room-secret.ts). A phone that joined by invite and is not yet in any rotation uses the
 * secret its invite carried (kept on this device, sync/circle-sync.ts), unless a rotation it can
 * open is newer. A member who left or was removed has no box in the rotation that followed, so
 * their phone keeps the old secret and finds only the old, empty room (T22).
 *
 * Reading never writes. The first secret is written by the `ensureSecret` intent, which a screen
 * calls from an event handler or an effect, never from a `$derived` or the template.
 */
import {
	ICE_URL,
	ROOM_URL,
	boxFor,
	iceBody,
	roomsBody,
	settings as settingsDomain,
	type Rotation,
	type SettingsView
} from '$lib/core/settings';
import { reject, type Rejection } from '$lib/core/host/domain';
import type { CircleId } from '$lib/core/types';
import { openRoomSecret } from '$lib/device/room-secret';
import {
	readInviteSecret,
	readLocalServers,
	readTurnLogins,
	writeLocalServers,
	writeTurnLogins
} from '$lib/sync/circle-sync';
import { icePlan, isTurn, type IcePlan, type TurnLogin } from './ice-servers';
import { ruleText } from '$lib/messages';
import { createSubscriber } from 'svelte/reactivity';
import type { CircleView } from './circle.svelte';

/** Checks a room server address a person typed; returns a sentence, or null when fine. */
export const checkSignalingUrl = (url: string): string | null =>
	ROOM_URL.test(url.trim()) ? null : ruleText({ code: 'settings-room-url', params: { url: url.trim() } });

/** Checks a STUN or TURN address a person typed; returns a sentence, or null when fine. */
export const checkStunUrl = (url: string): string | null =>
	ICE_URL.test(url.trim()) ? null : ruleText({ code: 'settings-ice-url', params: { url: url.trim() } });

export class SyncSettings {
	/** Opened rotations by entry id (this member's key never changes while the page is open). */
	// A cache, not state: nothing renders from the map itself.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #opened = new Map<string, string | null>();

	readonly #subscribe: () => void;

	constructor(readonly view: CircleView) {
		this.#local = readLocalServers(view.session.circle);
		this.#logins = readTurnLogins(view.session.circle);
		// Its own subscription to the ledger, not a shared domain view: this object outlives the
		// screen that first reads it (Sync, then Invite), and the settings do not change with time.
		this.#subscribe = createSubscriber((update) => view.session.onChange(update));
	}

	/** The settings view as the ledger says it now (reactive: re-read when the ledger changes). */
	#value(): SettingsView {
		this.#subscribe();
		return this.view.session.book.view<SettingsView>(settingsDomain, Date.now());
	}

	get circle(): CircleId {
		return this.view.session.circle;
	}

	/**
	 * Servers a phone that is not (or not yet) a member typed for itself: a phone that joined by
	 * invite has no entries until its first sync, so it cannot write a setting, yet it needs a room
	 * server to sync through the room. Kept on this device only; the circle's own list, once the
	 * ledger has one, is used instead.
	 */
	#local = $state.raw<{ rooms: string[]; ice: string[] }>({ rooms: [], ice: [] });

	/** The circle's room (signaling) servers (this phone's own until a member has set the circle's). */
	get signaling(): string[] {
		const v = this.#value();
		return v.roomsSet ? v.rooms : this.#local.rooms;
	}

	/** The STUN/TURN servers the circle chose for rooms across networks. */
	get stun(): string[] {
		const v = this.#value();
		return v.iceSet ? v.ice : this.#local.ice;
	}

	/** The sign-ins this phone keeps for TURN servers (never in the ledger: ice-servers.ts). */
	#logins = $state.raw<Record<string, TurnLogin>>({});

	/** The sign-in this phone keeps for a TURN server, if any. */
	loginFor(url: string): TurnLogin | null {
		return this.#logins[url] ?? null;
	}

	/**
	 * Keeps a TURN server's sign-in on this phone (both empty: forgets it). Returns false when the
	 * device could not keep it: it then lasts until the page closes.
	 */
	setLogin(url: string, login: TurnLogin): boolean {
		const next = { ...this.#logins };
		const username = login.username.trim();
		if (username || login.credential) next[url] = { username, credential: login.credential };
		else delete next[url];
		this.#logins = next;
		return writeTurnLogins(this.circle, next);
	}

	/** What the room's connections are given: STUN servers, and TURN servers this phone can sign in to. */
	get ice(): IcePlan {
		return icePlan(this.stun, this.#logins);
	}

	/** The circle's TURN servers (each needs a sign-in on every phone that is to use it). */
	get turn(): string[] {
		return this.stun.filter(isTurn);
	}

	/** The rotations that counted, oldest first (the last is the circle's current secret). */
	get rotations(): readonly Rotation[] {
		return this.#value().rotations;
	}

	/** The room secret this phone uses, or null when it has none (no rotation yet, no invite). */
	get secret(): string | null {
		return this.secretAt(this.rotations);
	}

	/**
	 * Why this phone cannot open the circle's current secret, or null when it can (or there is
	 * none yet): `secret-box-not-yours` for a member who left or was removed before it (or a phone
	 * not yet admitted: it uses its invite's), `secret-box-tampered` when its box does not open.
	 */
	get problem(): Rejection | null {
		const current = this.rotations.at(-1);
		const id = this.view.signer.identity();
		if (!current || !id) return null;
		if (this.#open(current)) return null;
		return boxFor(current, id.publicKey) ? reject('secret-box-tampered') : reject('secret-box-not-yours');
	}

	/** The newest secret this phone can open among `rotations`, or its invite's when that is newer. */
	secretAt(rotations: readonly Rotation[]): string | null {
		const invite = readInviteSecret(this.circle);
		for (let i = rotations.length - 1; i >= 0; i--) {
			const r = rotations[i]!;
			if (invite && invite.at >= r.at) break;
			const s = this.#open(r);
			if (s) return s;
		}
		return invite?.secret ?? null;
	}

	#open(r: Rotation): string | null {
		const id = this.view.signer.identity();
		if (!id) return null;
		const box = boxFor(r, id.publicKey);
		// Keyed by the box too: a share may give this member a box for a rotation it had none in.
		const key = `${id.publicKey}:${r.id}:${box?.box ?? ''}`;
		if (!this.#opened.has(key)) {
			const o = box
				? openRoomSecret(this.circle, { epk: box.epk, sealed: { [id.publicKey]: box.box } }, id)
				: null;
			this.#opened.set(key, o?.ok ? o.secret : null);
		}
		return this.#opened.get(key)!;
	}

	/** The secret as the ledger says it now (not reactive: for callbacks outside a screen's reads). */
	currentSecret(): string | null {
		return this.secretAt(this.view.session.book.view<SettingsView>(settingsDomain, Date.now()).rotations);
	}

	/** Writes the circle's first room secret if it has none (a member's phone, from an event or effect). */
	ensureSecret(): Promise<string | null> {
		this.#ensuring ??= (async () => {
			const v = this.view.session.book.view<SettingsView>(settingsDomain, Date.now());
			if (!v.secret && this.view.signer.isMember()) await this.view.intents.settings.ensureSecret();
			return this.currentSecret();
		})().finally(() => (this.#ensuring = null));
		return this.#ensuring;
	}

	#ensuring: Promise<string | null> | null = null;

	/** A member writes the circle's list (a signed entry); another phone keeps its own (see `#local`). */
	async setSignaling(urls: readonly string[]): Promise<unknown> {
		if (this.view.signer.isMember()) return this.view.intents.settings.setRooms(urls);
		const { urls: rooms } = roomsBody(urls);
		this.#local = { ...this.#local, rooms };
		writeLocalServers(this.circle, this.#local);
		return null;
	}

	async setStun(urls: readonly string[]): Promise<unknown> {
		if (this.view.signer.isMember()) return this.view.intents.settings.setIce(urls);
		const { urls: ice } = iceBody(urls);
		this.#local = { ...this.#local, ice };
		writeLocalServers(this.circle, this.#local);
		return null;
	}
}

const all = new WeakMap<CircleView, SyncSettings>();

/** One settings view per open circle, shared by every screen. */
export const syncSettingsFor = (view: CircleView): SyncSettings => {
	let s = all.get(view);
	if (!s) {
		s = new SyncSettings(view);
		all.set(view, s);
	}
	return s;
};
