/**
 * The circle's room (sync/room.ts) as a screen's state: the room and STUN servers the circle
 * chose, whether this phone is in the room, the phones it reached and how many servers answer.
 */
import { guardDoc } from '$lib/sync/circle-sync';
import { joinRoom, RoomError, type Room, type RoomPeer } from '$lib/sync/room';
import type { SyncDeps } from './pairing.svelte';
import type { SyncSettings } from './sync-settings.svelte';

export type { RoomPeer } from '$lib/sync/room';

export class CircleRoom {
	/** True while this phone is in the room. */
	joined = $state.raw(false);
	peers = $state.raw<RoomPeer[]>([]);
	/** How many of the circle's room servers this phone reaches now. */
	servers = $state.raw(0);
	error = $state.raw<string | null>(null);

	#room: Room | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

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

	setUrls(next: readonly string[]): void {
		this.settings.setSignaling(next);
	}

	setStun(next: readonly string[]): void {
		this.settings.setStun(next);
	}

	join(): void {
		this.error = null;
		const { doc, circle } = this.deps;
		guardDoc(doc);
		const stun = this.settings.stun;
		try {
			this.#room = joinRoom({
				doc,
				circle,
				secret: this.settings.ensureSecret(),
				signaling: this.settings.signaling,
				name: this.deps.myName(),
				iceServers: stun.length ? [{ urls: stun }] : [],
				onPeers: (p) => (this.peers = p),
				onSynced: (peer, summary) =>
					this.deps.onresult({
						at: Date.now(),
						via: 'room',
						peer: summary.peer.name,
						result: peer.detail,
						ok: true
					})
			});
			this.joined = true;
			this.#timer = setInterval(() => (this.servers = this.#room?.signalingConnected() ?? 0), 1000);
		} catch (err) {
			this.error =
				err instanceof RoomError ? err.message : `The room could not open: ${(err as Error).message}`;
		}
	}

	leave(): void {
		this.#room?.leave();
		this.#room = null;
		this.joined = false;
		this.peers = [];
		this.servers = 0;
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
}
