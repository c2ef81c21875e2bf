/**
 * FramePort adapters: an RTCDataChannel (QR pairing, rooms) and an in-memory pair (tests,
 * and anything in one page). Every sync path runs channel-sync over one of these, so a
 * transport proves itself by passing the same tests.
 */
import { FRAME_MAX, type FramePort } from './chunk';

/** Above this many bytes waiting in the channel, the sender pauses until it drains. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;

/** The smallest view of an RTCDataChannel we rely on (simple-peer's channel is one too). */
export interface ChannelLike {
	binaryType: string;
	readyState: string;
	bufferedAmount: number;
	bufferedAmountLowThreshold: number;
	send(data: Uint8Array<ArrayBuffer>): void;
	close(): void;
	addEventListener(type: string, cb: (ev: Event) => void): void;
	removeEventListener(type: string, cb: (ev: Event) => void): void;
}

/** Wraps an open data channel. `onFrameSent` lets tests see every message's size. */
export const dataChannelPort = (dc: ChannelLike, onFrameSent?: (size: number) => void): FramePort => {
	dc.binaryType = 'arraybuffer';
	dc.bufferedAmountLowThreshold = LOW_WATER;
	const closeCbs = new Set<() => void>();
	let closed = false;
	const onClose = () => {
		if (closed) return;
		closed = true;
		closeCbs.forEach((cb) => cb());
	};
	dc.addEventListener('close', onClose);
	dc.addEventListener('error', onClose);
	return {
		send(frame) {
			if (frame.length > FRAME_MAX) throw new Error(`frame of ${frame.length} bytes is over the limit`); // i18n-ignore: a cause, never shown (the sync says what happened)
			if (dc.readyState !== 'open') throw new Error('the connection is closed'); // i18n-ignore: a cause, never shown (the sync says what happened)
			onFrameSent?.(frame.length);
			dc.send(frame as Uint8Array<ArrayBuffer>);
		},
		onMessage(cb) {
			const h = (ev: Event) => {
				const data = (ev as MessageEvent).data;
				if (data instanceof ArrayBuffer) cb(new Uint8Array(data));
				else if (ArrayBuffer.isView(data)) cb(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
			};
			dc.addEventListener('message', h);
			return () => dc.removeEventListener('message', h);
		},
		onClose(cb) {
			closeCbs.add(cb);
			return () => closeCbs.delete(cb);
		},
		close() {
			dc.close();
			onClose();
		},
		drain() {
			if (dc.bufferedAmount <= HIGH_WATER || dc.readyState !== 'open') return Promise.resolve();
			return new Promise((resolve) => {
				const done = () => {
					dc.removeEventListener('bufferedamountlow', done);
					dc.removeEventListener('close', done);
					resolve();
				};
				dc.addEventListener('bufferedamountlow', done);
				dc.addEventListener('close', done);
			});
		}
	};
};

export interface MemoryPortOptions {
	/** Delay in ms before each frame is delivered (random delays in tests); order is kept. */
	delay?: () => number;
	/** Called with each frame; return false to cut the connection right there (both ends close). */
	tap?: (frame: Uint8Array, from: 'a' | 'b') => boolean;
}

/** Two connected ports in memory. Delivery is ordered and asynchronous, like a data channel. */
export const memoryPortPair = (opts: MemoryPortOptions = {}): [FramePort, FramePort] => {
	type End = {
		receivers: Set<(f: Uint8Array) => void>;
		closers: Set<() => void>;
		tail: Promise<void>;
	};
	const ends: Record<'a' | 'b', End> = {
		a: { receivers: new Set(), closers: new Set(), tail: Promise.resolve() },
		b: { receivers: new Set(), closers: new Set(), tail: Promise.resolve() }
	};
	let closed = false;
	let closing = false;
	/** Like a data channel's close(): frames already sent are still delivered, then both ends close. */
	const closeGracefully = () => {
		if (closing || closed) return;
		closing = true;
		void Promise.all([ends.a.tail, ends.b.tail]).then(closeBoth);
	};
	const closeBoth = () => {
		if (closed) return;
		closed = true;
		ends.a.closers.forEach((cb) => cb());
		ends.b.closers.forEach((cb) => cb());
	};
	const make = (me: 'a' | 'b'): FramePort => {
		const other = ends[me === 'a' ? 'b' : 'a'];
		return {
			send(frame) {
				if (closed || closing) throw new Error('the connection is closed'); // i18n-ignore: a cause, never shown (the sync says what happened)
				const copy = frame.slice();
				const wait = opts.delay?.() ?? 0;
				other.tail = other.tail.then(
					() =>
						new Promise<void>((resolve) =>
							setTimeout(() => {
								if (!closed) {
									if (opts.tap && !opts.tap(copy, me)) closeBoth();
									else other.receivers.forEach((cb) => cb(copy));
								}
								resolve();
							}, wait)
						)
				);
			},
			onMessage(cb) {
				ends[me].receivers.add(cb);
				return () => ends[me].receivers.delete(cb);
			},
			onClose(cb) {
				ends[me].closers.add(cb);
				return () => ends[me].closers.delete(cb);
			},
			close: closeGracefully
		};
	};
	return [make('a'), make('b')];
};
