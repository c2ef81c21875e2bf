/**
 * The circle's room (sync/room.ts) as a screen's state: the room and STUN/TURN servers the circle
 * chose (signed settings entries, sync-settings.svelte.ts), whether this phone is in the room,
 * the phones it reached and how many servers answer.
 *
 * The room is named by the room secret this phone can open. When that secret changes while the
 * phone is in the room (a member left or was removed, and a rotation sealed to this phone's
 * member arrived), the phone joins the new room at once and leaves the old one 20 seconds later,
 * so the rotation reaches the other members still in the old room before it goes. If two remaining
 * phones each wrote a rotation (neither had the other's yet), each moves to its own new room; in the
 * old room they still meet, exchange both, and both move on to the one that counts (the first).
 */
import { guardDoc } from '$lib/sync/circle-sync';
import { joinRoom, roomName, RoomError, type Room, type RoomPeer } from '$lib/sync/room';
import { errorText, ruleText } from '$lib/messages';
import type { TurnLogin } from './ice-servers';
import type { SyncDeps } from './pairing.svelte';
import type { SyncSettings } from './sync-settings.svelte';

export type { RoomPeer } from '$lib/sync/room';

/** How long the old room stays open after the secret rotated. */
export const OLD_ROOM_GRACE_MS = 20_000;

export class CircleRoom {
	/** True while this phone is in the room. */
	joined = $state.raw(false);
	peers = $state.raw<RoomPeer[]>([]);
	/** How many of the circle's room servers this phone reaches now. */
	servers = $state.raw(0);
	error = $state.raw<string | null>(null);
	/** The room's name (a hash of the secret) while in it: it changes when the secret rotates. */
	roomName = $state.raw<string | null>(null);

	#room: Room | null = null;
	#secret: string | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#offChange: (() => void) | null = null;
	// Old rooms still open for a while after a rotation (not state: nothing renders them).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #retiring = new Map<ReturnType<typeof setTimeout>, Room>();

	constructor(
		private readonly deps: SyncDeps,
		readonly settings: SyncSettings
	) {}

	/** The circle's room servers. */
	get urls(): string[] {
		return this.settings.signaling;
	}

	get stun(): string[] {
		return this.settings.stun;
	}

	/** The circle's TURN servers, each with the sign-in this phone keeps for it (null: none). */
	get turn(): { url: string; login: TurnLogin | null }[] {
		return this.settings.turn.map((url) => ({ url, login: this.settings.loginFor(url) }));
	}

	/** Keeps a TURN server's sign-in on this phone; used from the next time the room opens. */
	setLogin(url: string, login: TurnLogin): void {
		this.error = null;
		if (!this.settings.setLogin(url, login)) this.error = ruleText({ code: 'turn-login-not-kept' });
	}

	/** Why this phone cannot open the circle's current room secret, as a sentence; null when it can. */
	get secretProblem(): string | null {
		const p = this.settings.problem;
		return p ? ruleText(p) : null;
	}

	setUrls(next: readonly string[]): void {
		this.error = null;
		this.settings.setSignaling(next).catch((err: unknown) => (this.error = errorText(err)));
	}

	setStun(next: readonly string[]): void {
		this.error = null;
		this.settings.setStun(next).catch((err: unknown) => (this.error = errorText(err)));
	}

	async join(): Promise<void> {
		this.error = null;
		let secret: string | null;
		try {
			secret = await this.settings.ensureSecret();
		} catch (err) {
			this.error = errorText(err);
			return;
		}
		if (!secret) {
			this.error = ruleText({ code: 'room-no-secret' });
			return;
		}
		guardDoc(this.deps.doc);
		const room = this.#open(secret);
		if (!room) return;
		this.#room = room;
		this.joined = true;
		this.#timer = setInterval(() => (this.servers = this.#room?.signalingConnected() ?? 0), 1000);
		this.#offChange = this.settings.view.session.onChange(() => this.#follow());
	}

	/** The secret rotated while in the room: join the new room, leave the old one shortly after. */
	#follow(): void {
		if (!this.joined) return;
		const next = this.settings.currentSecret();
		if (!next || next === this.#secret) return;
		const old = this.#room;
		// Back to a room this phone is still leaving (two rotations crossed, and the one that counts
		// is the room it came from): keep that one. Opening it again would throw, since a document
		// can be in a room of one name only once.
		const room = this.#reclaim(next) ?? this.#open(next);
		if (!room) return;
		this.#room = room;
		this.peers = room.peers();
		if (!old) return;
		const t = setTimeout(() => {
			this.#retiring.delete(t);
			old.leave();
		}, OLD_ROOM_GRACE_MS);
		this.#retiring.set(t, old);
	}

	/** The room of `secret` if it is one being left; it stays, and is no longer left. */
	#reclaim(secret: string): Room | null {
		const name = roomName(secret);
		for (const [t, r] of this.#retiring)
			if (r.name === name) {
				clearTimeout(t);
				this.#retiring.delete(t);
				this.#secret = secret;
				this.roomName = r.name;
				return r;
			}
		return null;
	}

	#open(secret: string): Room | null {
		const { doc, circle } = this.deps;
		let room: Room | null = null;
		try {
			room = joinRoom({
				doc,
				circle,
				secret,
				signaling: this.settings.signaling,
				name: this.deps.myName(),
				iceServers: this.settings.ice.servers,
				onPeers: (p) => {
					if (room !== null && this.#room === room) this.peers = p;
				},
				checking: this.deps.checking,
				federations: this.deps.federations,
				onSynced: (peer, summary) =>
					this.deps.onresult({
						at: Date.now(),
						via: 'room',
						peer: summary.peer.name,
						result: peer.detail,
						ok: true
					})
			});
			this.#secret = secret;
			this.roomName = room.name;
			return room;
		} catch (err) {
			this.error =
				err instanceof RoomError
					? err.message
					: ruleText({ code: 'room-could-not-open', params: { why: (err as Error).message } });
			return null;
		}
	}

	leave(): void {
		this.#offChange?.();
		this.#offChange = null;
		for (const [t, old] of this.#retiring) {
			clearTimeout(t);
			old.leave();
		}
		this.#retiring.clear();
		this.#room?.leave();
		this.#room = null;
		this.#secret = null;
		this.roomName = null;
		this.joined = false;
		this.peers = [];
		this.servers = 0;
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
}
