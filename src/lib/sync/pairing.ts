/**
 * Pairing two phones in person, with no server and no internet: phone A shows an offer
 * code, phone B scans it and shows an answer code, A scans that, and a WebRTC data
 * channel opens over the shared Wi-Fi or one phone's hotspot. ICE is non-trickle (all
 * candidates are gathered before the code is shown) because the codes travel once.
 * No STUN or TURN server is configured: no third party learns that two phones met.
 */
import * as sdp from './sdp';
import { dataChannelPort, type ChannelLike } from './port';
import type { FramePort } from './chunk';
import { CodedError, worded } from './failure';

/** How long to wait for candidates before showing a code with what we have. */
const GATHER_TIMEOUT_MS = 4000;
/** How long the channel may take to open after both codes were scanned. */
const CONNECT_TIMEOUT_MS = 30000;

/** Pairing could not connect: a code the messages word (rule_pairing_*), with what to do next. */
export class PairingError extends CodedError {
	/** What to do about it, in the member's language (rule_<code>_advice). */
	get advice(): string {
		return worded({ code: `${this.rejection.code}-advice` });
	}
}

export interface PairingOptions {
	/** ICE servers: empty by default (LAN and hotspot only). */
	iceServers?: RTCIceServer[];
	/** Sees the size of every data-channel message sent (tests assert ≤ 16 KiB). */
	onFrameSent?: (size: number) => void;
}

export const webrtcAvailable = (): boolean => typeof RTCPeerConnection !== 'undefined';

const gathered = (pc: RTCPeerConnection): Promise<void> =>
	new Promise((resolve) => {
		if (pc.iceGatheringState === 'complete') return resolve();
		const done = () => {
			if (pc.iceGatheringState !== 'complete') return;
			pc.removeEventListener('icegatheringstatechange', done);
			clearTimeout(timer);
			resolve();
		};
		const timer = setTimeout(() => {
			pc.removeEventListener('icegatheringstatechange', done);
			resolve();
		}, GATHER_TIMEOUT_MS);
		pc.addEventListener('icegatheringstatechange', done);
	});

const opened = (pc: RTCPeerConnection, dc: Promise<RTCDataChannel>): Promise<RTCDataChannel> =>
	new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			pc.close();
			reject(new PairingError('pairing-unreachable'));
		}, CONNECT_TIMEOUT_MS);
		pc.addEventListener('connectionstatechange', () => {
			if (pc.connectionState === 'failed') {
				clearTimeout(timer);
				reject(new PairingError('pairing-failed'));
			}
		});
		void dc.then((ch) => {
			const ready = () => {
				clearTimeout(timer);
				resolve(ch);
			};
			if (ch.readyState === 'open') ready();
			else ch.addEventListener('open', ready, { once: true });
		});
	});

const noCandidates = () => new PairingError('pairing-no-network');

export interface Offering {
	/** The code to show as a QR (and as text). */
	code: string;
	/** Takes the answer code scanned from the other phone; resolves when the channel is open. */
	accept(answerCode: string): Promise<FramePort>;
	cancel(): void;
}

/** Phone A: make an offer code. */
export const startOffer = async (opts: PairingOptions = {}): Promise<Offering> => {
	const pc = new RTCPeerConnection({ iceServers: opts.iceServers ?? [] });
	const dc = pc.createDataChannel('circulate-sync', { ordered: true });
	await pc.setLocalDescription(await pc.createOffer());
	await gathered(pc);
	const local = pc.localDescription?.sdp ?? '';
	const code = sdp.encodeCode(local, 'offer');
	if (sdp.decodeCode(code, 'offer').candidates.length === 0) {
		pc.close();
		throw noCandidates();
	}
	return {
		code,
		async accept(answerCode) {
			const answer = sdp.decodeCode(answerCode, 'answer');
			await pc.setRemoteDescription({ type: 'answer', sdp: sdp.toSdp(answer) });
			const ch = await opened(pc, Promise.resolve(dc));
			return closingPort(pc, ch, opts);
		},
		cancel: () => pc.close()
	};
};

export interface Answering {
	code: string;
	/** Resolves when the other phone scanned our answer and the channel opened. */
	connected: Promise<FramePort>;
	cancel(): void;
}

/** Phone B: read the offer code, make the answer code. */
export const answerOffer = async (offerCode: string, opts: PairingOptions = {}): Promise<Answering> => {
	const offer = sdp.decodeCode(offerCode, 'offer');
	const pc = new RTCPeerConnection({ iceServers: opts.iceServers ?? [] });
	const dc = new Promise<RTCDataChannel>((resolve) =>
		pc.addEventListener('datachannel', (ev) => resolve(ev.channel), { once: true })
	);
	await pc.setRemoteDescription({ type: 'offer', sdp: sdp.toSdp(offer) });
	await pc.setLocalDescription(await pc.createAnswer());
	await gathered(pc);
	const code = sdp.encodeCode(pc.localDescription?.sdp ?? '', 'answer');
	if (sdp.decodeCode(code, 'answer').candidates.length === 0) {
		pc.close();
		throw noCandidates();
	}
	const connected = opened(pc, dc).then((ch) => closingPort(pc, ch, opts));
	connected.catch(() => {});
	return { code, connected, cancel: () => pc.close() };
};

/** A port whose close() also closes the peer connection. */
const closingPort = (pc: RTCPeerConnection, ch: RTCDataChannel, opts: PairingOptions): FramePort => {
	const port = dataChannelPort(ch as unknown as ChannelLike, opts.onFrameSent);
	pc.addEventListener('connectionstatechange', () => {
		if (
			pc.connectionState === 'failed' ||
			pc.connectionState === 'closed' ||
			pc.connectionState === 'disconnected'
		)
			ch.close();
	});
	return {
		...port,
		close() {
			port.close();
			setTimeout(() => pc.close(), 1000);
		}
	};
};
