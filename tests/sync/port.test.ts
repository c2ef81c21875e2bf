import { describe, expect, it } from 'vitest';
import { dataChannelPort, type ChannelLike } from '$lib/sync/port';
import { FRAME_MAX } from '$lib/sync/chunk';

/** A stand-in for RTCDataChannel with a send buffer we control. */
const fakeChannel = () => {
	const listeners = new Map<string, Set<(ev: Event) => void>>();
	const sent: Uint8Array[] = [];
	const ch: ChannelLike & { sent: Uint8Array[]; fire(type: string, ev?: Partial<MessageEvent>): void } = {
		binaryType: 'blob',
		readyState: 'open',
		bufferedAmount: 0,
		bufferedAmountLowThreshold: 0,
		sent,
		send(d) {
			sent.push(d);
			this.bufferedAmount += d.length;
		},
		close() {
			this.readyState = 'closed';
			this.fire('close');
		},
		addEventListener(t, cb) {
			if (!listeners.has(t)) listeners.set(t, new Set());
			listeners.get(t)!.add(cb);
		},
		removeEventListener(t, cb) {
			listeners.get(t)?.delete(cb);
		},
		fire(t, ev = {}) {
			listeners.get(t)?.forEach((cb) => cb(ev as Event));
		}
	};
	return ch;
};

describe('data channel port', () => {
	it('sends binary, refuses oversized frames, reads ArrayBuffers and reports close once', () => {
		const ch = fakeChannel();
		const sizes: number[] = [];
		const port = dataChannelPort(ch, (n) => sizes.push(n));
		expect(ch.binaryType).toBe('arraybuffer');
		port.send(new Uint8Array(10));
		expect(sizes).toEqual([10]);
		expect(() => port.send(new Uint8Array(FRAME_MAX + 1))).toThrow(/over the limit/);
		const got: number[] = [];
		port.onMessage((f) => got.push(f.length));
		ch.fire('message', { data: new ArrayBuffer(7) });
		expect(got).toEqual([7]);
		let closed = 0;
		port.onClose(() => closed++);
		ch.fire('error');
		ch.close();
		expect(closed).toBe(1);
		expect(() => port.send(new Uint8Array(1))).toThrow(/closed/);
	});

	it('drain() waits while more than 1 MiB is buffered, until bufferedamountlow', async () => {
		const ch = fakeChannel();
		const port = dataChannelPort(ch);
		await port.drain!();
		ch.bufferedAmount = 2 * 1024 * 1024;
		let resumed = false;
		const p = port.drain!().then(() => (resumed = true));
		await new Promise((r) => setTimeout(r, 10));
		expect(resumed).toBe(false);
		ch.bufferedAmount = 0;
		ch.fire('bufferedamountlow');
		await p;
		expect(resumed).toBe(true);
	});
});
