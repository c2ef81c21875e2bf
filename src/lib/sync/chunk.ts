/**
 * Framing of large messages over a data channel. A first full sync of a circle with
 * years of history is one Yjs update of several megabytes; data channels drop or
 * refuse messages above an implementation limit (y-webrtc#20: over 256 KiB they fail
 * silently), and 16 KiB is safe everywhere. So every message is cut into frames of at
 * most FRAME_MAX bytes, header included, and put back together on the other side with
 * a length and CRC-32 check: it arrives whole or the receiver says it did not.
 *
 * Frame layout (all integers big-endian), see docs/PROTOCOL.md "Sync channel":
 *   0      u8   magic 0xC1
 *   1      u8   frame format version (1)
 *   2..5   u32  message id (per sender, counts up)
 *   6..9   u32  frame index, from 0
 *   10..13 u32  frame count
 *   14..17 u32  total message length in bytes
 *   18..21 u32  CRC-32 (IEEE) of the whole message
 *   22..   payload, at most FRAME_MAX - 22 bytes; every frame but the last is full
 */

export const FRAME_MAX = 16 * 1024;
export const HEADER = 22;
export const PAYLOAD_MAX = FRAME_MAX - HEADER;
export const MAGIC = 0xc1;
const VERSION = 1;
/** Refuse to assemble anything bigger: a bogus header must not make us allocate gigabytes. */
export const MESSAGE_MAX = 256 * 1024 * 1024;

/** A transport that moves frames (each ≤ FRAME_MAX bytes), in order, reliably while it is open. */
export interface FramePort {
	send(frame: Uint8Array): void;
	/** Registers the receiver of incoming frames; returns an unsubscribe function. */
	onMessage(cb: (frame: Uint8Array) => void): () => void;
	/** Registers a callback for the port closing (either side, or the network going away). */
	onClose(cb: () => void): () => void;
	close(): void;
	/** Resolves when the transport's send buffer has room again (backpressure). */
	drain?(): Promise<void>;
}

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

export const crc32 = (data: Uint8Array): number => {
	let c = 0xffffffff;
	for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
};

/** Cuts one message into frames. Pure; the sender below adds ordering and backpressure. */
export const encodeFrames = (id: number, message: Uint8Array): Uint8Array[] => {
	if (message.length > MESSAGE_MAX) throw new Error(`message of ${message.length} bytes is too large`); // i18n-ignore: a cause, never shown (the sync says what happened)
	const count = Math.max(1, Math.ceil(message.length / PAYLOAD_MAX));
	const crc = crc32(message);
	const frames: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const part = message.subarray(i * PAYLOAD_MAX, Math.min(message.length, (i + 1) * PAYLOAD_MAX));
		const f = new Uint8Array(HEADER + part.length);
		const v = new DataView(f.buffer);
		f[0] = MAGIC;
		f[1] = VERSION;
		v.setUint32(2, id >>> 0);
		v.setUint32(6, i);
		v.setUint32(10, count);
		v.setUint32(14, message.length);
		v.setUint32(18, crc);
		f.set(part, HEADER);
		frames.push(f);
	}
	return frames;
};

export interface Progress {
	/** Bytes of the current message done so far. */
	done: number;
	total: number;
}

/**
 * Sends whole messages as frames, one message after another (so the order of messages
 * is kept), waiting on the port's drain() between frames when it offers one.
 */
export const createSender = (port: Pick<FramePort, 'send' | 'drain'>) => {
	let nextId = 1;
	let queue: Promise<void> = Promise.resolve();
	let failed: unknown = null;
	const send = (message: Uint8Array, onProgress?: (p: Progress) => void): Promise<void> => {
		const id = nextId++;
		const run = async () => {
			if (failed) throw failed;
			const frames = encodeFrames(id, message);
			let done = 0;
			for (const f of frames) {
				if (port.drain) await port.drain();
				port.send(f);
				done += f.length - HEADER;
				onProgress?.({ done, total: message.length });
			}
		};
		const p = queue.then(run);
		queue = p.catch((e) => {
			failed = e;
		});
		return p;
	};
	return { send };
};

export class FrameError extends Error {}

interface Partial {
	count: number;
	length: number;
	crc: number;
	next: number;
	buf: Uint8Array;
}

/**
 * Puts frames back into messages. Frames of one message must arrive in order (data
 * channels are ordered); a gap, a duplicate or a bad checksum is an error, reported
 * through onError, and the broken message is dropped: it is never delivered half.
 */
export const createAssembler = (handlers: {
	onMessage: (message: Uint8Array) => void;
	onProgress?: (p: Progress & { id: number }) => void;
	onError?: (e: FrameError) => void;
}) => {
	const partials = new Map<number, Partial>();
	const fail = (msg: string, id?: number) => {
		if (id !== undefined) partials.delete(id);
		handlers.onError?.(new FrameError(msg));
	};
	const push = (frame: Uint8Array): void => {
		if (frame.length < HEADER || frame.length > FRAME_MAX) return fail(`bad frame size ${frame.length}`); // i18n-ignore: a cause, never shown (the sync says what happened)
		if (frame[0] !== MAGIC) return fail('not a Circulate frame'); // i18n-ignore: a cause, never shown (the sync says what happened)
		if (frame[1] !== VERSION) return fail(`frame version ${frame[1]} is not supported`); // i18n-ignore: a cause, never shown (the sync says what happened)
		const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
		const id = v.getUint32(2);
		const index = v.getUint32(6);
		const count = v.getUint32(10);
		const length = v.getUint32(14);
		const crc = v.getUint32(18);
		if (length > MESSAGE_MAX || count !== Math.max(1, Math.ceil(length / PAYLOAD_MAX)))
			return fail('inconsistent frame header', id); // i18n-ignore: a cause, never shown (the sync says what happened)
		let p = partials.get(id);
		if (index === 0) {
			if (p) return fail(`message ${id} started twice`, id); // i18n-ignore: a cause, never shown (the sync says what happened)
			p = { count, length, crc, next: 0, buf: new Uint8Array(length) };
			partials.set(id, p);
		}
		if (!p) return fail(`frame ${index} of message ${id} arrived without its start`); // i18n-ignore: a cause, never shown (the sync says what happened)
		if (p.count !== count || p.length !== length || p.crc !== crc) return fail('frame header changed', id); // i18n-ignore: a cause, never shown (the sync says what happened)
		if (index !== p.next) return fail(`frame ${index} of message ${id} arrived out of order`, id); // i18n-ignore: a cause, never shown (the sync says what happened)
		const payload = frame.subarray(HEADER);
		const offset = index * PAYLOAD_MAX;
		const expected = index === count - 1 ? length - offset : PAYLOAD_MAX;
		if (payload.length !== expected) return fail(`frame ${index} of message ${id} has the wrong size`, id); // i18n-ignore: a cause, never shown (the sync says what happened)
		p.buf.set(payload, offset);
		p.next++;
		handlers.onProgress?.({ id, done: offset + payload.length, total: length });
		if (p.next === count) {
			partials.delete(id);
			if (crc32(p.buf) !== crc) return fail(`message ${id} failed its checksum`); // i18n-ignore: a cause, never shown (the sync says what happened)
			handlers.onMessage(p.buf);
		}
	};
	return {
		push,
		/** Drops half-received messages (the connection went away). */
		reset: () => partials.clear(),
		get pending() {
			return partials.size;
		}
	};
};
