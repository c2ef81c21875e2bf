/**
 * Rooms: members with internet find each other through the circle's own signaling
 * servers (y-webrtc's protocol) and sync over WebRTC data channels.
 *
 * - Never y-webrtc's default signaling server (a public one): the circle's list is always
 *   passed, and with an empty list we do not connect at all and say so.
 * - The room name reaches the signaling server in clear, so it is a hash of the secret:
 *   hex SHA-256("circulate-room/v1" + secret). The secret itself is the room password:
 *   y-webrtc encrypts all signaling with a key derived from it (PBKDF2 + AES-GCM), so a
 *   device without the secret cannot even start a connection, let alone read the doc.
 * - y-webrtc sends a whole Yjs state as one data-channel message, and messages over
 *   256 KiB fail silently (y-webrtc#20); it does not chunk. So y-webrtc gets an empty
 *   carrier doc and does only what it is good at (finding peers, signaling, opening the
 *   connections), while the circle's doc is synced by channel-sync over each
 *   connection, in frames of at most 16 KiB, with a clear end or failure per peer.
 */
import * as Y from 'yjs';
import { WebrtcProvider } from 'y-webrtc';
import { sha256Hex } from '$lib/core/bytes';
import type { CircleId } from '$lib/core/types';
import { MAGIC, type FramePort } from './chunk';
import { describeSummary, syncOverPort, type FederationExchange, type SyncSummary } from './channel-sync';
import { CodedError, worded } from './failure';

export const ROOM_PREFIX = 'circulate-room/v1';

export const roomName = (secret: string): string => sha256Hex(ROOM_PREFIX + secret);

/** A room that cannot open: a code the messages word (rule_room_*). */
export class RoomError extends CodedError {}

/** Checks a signaling URL a person typed; returns a sentence, or null when fine. */
export const checkSignalingUrl = (url: string): string | null => {
	let u: URL;
	try {
		u = new URL(url.trim());
	} catch {
		return worded({ code: 'room-url-not-address' });
	}
	if (u.protocol !== 'wss:' && u.protocol !== 'ws:') return worded({ code: 'room-url-scheme' });
	return null;
};

export interface RoomPeer {
	id: string;
	/** The member's display name, once their phone introduced itself. */
	name: string | null;
	state: 'connecting' | 'syncing' | 'in sync' | 'failed';
	/** "in sync — 3 new entries" or what went wrong. */
	detail: string;
}

export interface RoomOptions {
	doc: Y.Doc;
	circle: CircleId;
	secret: string;
	/** The circle's own signaling servers; empty means: do not connect. */
	signaling: readonly string[];
	/** This device's display name, shown to the others. */
	name: string;
	iceServers?: RTCIceServer[];
	onPeers?: (peers: RoomPeer[]) => void;
	/** A first sync with a peer finished (and what arrived is checked, when `settled` is given). */
	onSynced?: (peer: RoomPeer, summary: SyncSummary) => void;
	/**
	 * The ledger as a count of entries checked, and when all that reached the doc is checked and
	 * shown. "In sync" waits for it,
	 * as pairing does: what arrived is checked in a worker, in slices, and a phone closed between
	 * the last frame and the end of checking would lose nothing but would have said too much.
	 */
	checking?: {
		/** Entries checked so far (shown, set aside or waiting), for "checking 300 of 2,000 entries". */
		count(): number;
		onChange(cb: () => void): () => void;
		settled(): Promise<void>;
	};
	/** Sees every data-channel message size (tests assert ≤ 16 KiB). */
	onFrameSent?: (size: number) => void;
	/** The federation ledgers exchanged with each peer after the circle's sync. */
	federations?: FederationExchange;
}

export interface Room {
	readonly name: string;
	peers(): RoomPeer[];
	/** How many of the circle's signaling servers this device reaches now. */
	signalingConnected(): number;
	leave(): void;
}

/** The parts of simple-peer (y-webrtc's peer) we use. */
interface SimplePeer {
	connected: boolean;
	_channel?: RTCDataChannel;
	send(data: Uint8Array): void;
	on(ev: string, cb: (...args: unknown[]) => void): void;
	once(ev: string, cb: (...args: unknown[]) => void): void;
	removeAllListeners(ev: string): void;
	destroy(): void;
}

const HIGH_WATER = 1024 * 1024;
/**
 * A connection still not open after this long is given up, so y-webrtc announces again and
 * both phones start a fresh one. ICE on a busy phone can stall half-way (seen on a loaded
 * two-core CI machine); without this the room would show "connecting…" until someone left.
 */
export const CONNECT_PATIENCE_MS = 15_000;

const toBytes = (d: unknown): Uint8Array | null =>
	d instanceof Uint8Array ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : null;

/**
 * A FramePort over a simple-peer connection. It takes over the peer's 'data' events at
 * once (before the channel opens) so y-webrtc never tries to read our frames, and keeps
 * early frames until channel-sync listens.
 */
export const simplePeerPort = (peer: SimplePeer, onFrameSent?: (n: number) => void): FramePort => {
	const early: Uint8Array[] = [];
	let receiver: ((f: Uint8Array) => void) | null = null;
	const closers = new Set<() => void>();
	let closed = false;
	peer.removeAllListeners('data');
	peer.on('data', (d) => {
		const f = toBytes(d);
		// y-webrtc still sends its own (carrier doc) messages on connect; they are not frames.
		if (!f || f[0] !== MAGIC) return;
		if (receiver) receiver(f);
		else early.push(f);
	});
	const onClose = () => {
		if (closed) return;
		closed = true;
		closers.forEach((cb) => cb());
	};
	peer.on('close', onClose);
	peer.on('error', onClose);
	return {
		send(frame) {
			if (closed) throw new Error('the connection is closed'); // i18n-ignore: a cause
			onFrameSent?.(frame.length);
			peer.send(frame);
		},
		onMessage(cb) {
			receiver = cb;
			early.splice(0).forEach(cb);
			return () => {
				receiver = null;
			};
		},
		onClose(cb) {
			closers.add(cb);
			return () => closers.delete(cb);
		},
		close() {
			peer.destroy();
			onClose();
		},
		drain() {
			const ch = peer._channel;
			if (!ch || ch.readyState !== 'open' || ch.bufferedAmount <= HIGH_WATER) return Promise.resolve();
			return new Promise((resolve) => {
				const done = () => {
					ch.removeEventListener('bufferedamountlow', done);
					ch.removeEventListener('close', done);
					resolve();
				};
				ch.addEventListener('bufferedamountlow', done);
				ch.addEventListener('close', done);
			});
		}
	};
};

/** The parts of lib0's websocket client (y-webrtc's signaling connection) we touch. */
interface SignalingConn {
	connected: boolean;
	ws: { readyState: number } | null;
	send(message: unknown): void;
}

interface ProviderInternals {
	room: { webrtcConns: Map<string, { peer: SimplePeer }> } | null;
	signalingConns: SignalingConn[];
}

const guarded = new WeakSet<SignalingConn>();
/**
 * lib0's client sends on its socket until the socket's close event, also while it is closing
 * (its own reconnect after 30 s of silence, a room left while a peer's goodbye is announced);
 * the browser drops such a message and logs "WebSocket is already in CLOSING or CLOSED state"
 * as an error. The message is lost either way, so it is dropped here, quietly.
 */
const guardSends = (conn: SignalingConn): void => {
	if (guarded.has(conn)) return;
	guarded.add(conn);
	const send = conn.send.bind(conn);
	conn.send = (message) => {
		if (conn.ws?.readyState === 1) send(message);
	};
};

export const joinRoom = (opts: RoomOptions): Room => {
	const urls = opts.signaling.map((u) => u.trim()).filter((u) => u.length > 0);
	if (urls.length === 0) throw new RoomError('room-no-servers');
	for (const u of urls) {
		const problem = checkSignalingUrl(u);
		if (problem) throw new RoomError('room-url-problem', { url: u, problem });
	}
	const name = roomName(opts.secret);
	// y-webrtc only finds peers and opens connections; it never sees the circle's doc.
	const carrier = new Y.Doc();
	const provider = new WebrtcProvider(name, carrier, {
		signaling: urls,
		password: opts.secret,
		// Tabs of the same browser connect over WebRTC too, so they stay consistent.
		filterBcConns: false,
		peerOpts: { config: { iceServers: opts.iceServers ?? [] } }
	});
	const internals = provider as unknown as ProviderInternals;
	internals.signalingConns.forEach(guardSends);
	const peers = new Map<string, RoomPeer>();
	const syncs = new Map<string, { close(): void }>();
	const wrapped = new WeakSet<SimplePeer>();
	// Copies, so that views holding the previous list see a change.
	const emit = () => opts.onPeers?.([...peers.values()].map((p) => ({ ...p })));

	const attach = (id: string, peer: SimplePeer) => {
		if (wrapped.has(peer)) return;
		wrapped.add(peer);
		const port = simplePeerPort(peer, opts.onFrameSent);
		const info: RoomPeer = {
			id,
			name: null,
			state: 'connecting',
			detail: worded({ code: 'room-connecting' })
		};
		peers.set(id, info);
		emit();
		const start = () => {
			info.state = 'syncing';
			info.detail = worded({ code: 'room-syncing' });
			emit();
			const checking = opts.checking;
			const base = checking?.count() ?? 0;
			let expected = 0;
			let settling = false;
			const showChecked = () => {
				if (!checking || expected === 0) return;
				const n = Math.min(expected, Math.max(0, checking.count() - base));
				info.detail = worded({
					code: settling ? 'room-checking-count' : 'room-receiving-count',
					params: { count: n, total: expected }
				});
				emit();
			};
			const unwatch = checking?.onChange(showChecked);
			const s = syncOverPort(port, {
				doc: opts.doc,
				hello: { circle: opts.circle, name: opts.name },
				federations: opts.federations,
				onProgress: (p) => {
					if (p.direction !== 'in' || p.total < 64 * 1024 || expected > 0) return;
					info.detail = worded({
						code: 'room-receiving-percent',
						params: { percent: Math.floor((100 * p.done) / p.total) }
					});
					emit();
				},
				onPlan: (p) => {
					expected = p.entries;
				}
			});
			syncs.set(id, s);
			s.done
				.then(async (summary) => {
					info.name = summary.peer.name;
					if (checking) {
						settling = true;
						info.detail = worded({ code: 'room-checking' });
						showChecked();
						await checking.settled().finally(() => unwatch?.());
					}
					return summary;
				})
				.then(
					(summary) => {
						info.state = 'in sync'; // i18n-ignore: a state, worded by the room panel
						info.detail = describeSummary(summary);
						emit();
						opts.onSynced?.(info, summary);
					},
					(err: Error) => {
						unwatch?.();
						info.name = s.peer()?.name ?? info.name;
						info.state = 'failed';
						info.detail = err.message;
						emit();
					}
				);
		};
		let patience: ReturnType<typeof setTimeout> | undefined;
		if (peer.connected) start();
		else {
			peer.once('connect', () => {
				clearTimeout(patience);
				start();
			});
			patience = setTimeout(() => {
				if (!peer.connected) peer.destroy();
			}, CONNECT_PATIENCE_MS);
		}
		port.onClose(() => {
			clearTimeout(patience);
			syncs.delete(id);
			peers.delete(id);
			emit();
		});
	};

	const scan = () => {
		internals.room?.webrtcConns.forEach((conn, id) => attach(id, conn.peer));
	};
	provider.on('peers', scan);
	provider.on('status', scan);

	return {
		name,
		peers: () => [...peers.values()].map((p) => ({ ...p })),
		signalingConnected: () => internals.signalingConns.filter((c) => c.connected).length,
		leave() {
			syncs.forEach((s) => s.close());
			syncs.clear();
			peers.clear();
			provider.destroy();
			carrier.destroy();
			emit();
		}
	};
};
