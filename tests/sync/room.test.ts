import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from '$lib/core/bytes';
import type { CircleId } from '$lib/core/types';
import { encodeFrames } from '$lib/sync/chunk';
import * as room from '$lib/sync/room';

const base = { doc: new Y.Doc(), circle: 'ab'.repeat(16) as CircleId, secret: '11'.repeat(32), name: 'Ana' };

describe('rooms', () => {
	it('name the room by a hash of the secret, never the secret', () => {
		const n = room.roomName(base.secret);
		expect(n).toBe(sha256Hex('circulate-room/v1' + base.secret));
		expect(n).not.toContain(base.secret);
		expect(room.roomName('22'.repeat(32))).not.toBe(n);
	});

	it('do not connect anywhere without the circle’s own signaling servers', () => {
		expect(() => room.joinRoom({ ...base, signaling: [] })).toThrow(/no room servers yet/);
		expect(() => room.joinRoom({ ...base, signaling: ['  '] })).toThrow(room.RoomError);
		expect(() => room.joinRoom({ ...base, signaling: ['https://example.org'] })).toThrow(/wss:\/\//);
		expect(room.checkSignalingUrl('wss://signal.example.org')).toBeNull();
		expect(room.checkSignalingUrl('ws://127.0.0.1:4444')).toBeNull();
		expect(room.checkSignalingUrl('signal.example.org')).toMatch(/full address/);
	});

	it('the simple-peer port keeps early frames, ignores y-webrtc’s own messages and reports close', () => {
		const emitter = new EventEmitter();
		const sent: Uint8Array[] = [];
		const peer = Object.assign(emitter, {
			connected: false,
			send: (d: Uint8Array) => void sent.push(d),
			destroy: () => void emitter.emit('close')
		});
		const yWebrtcSaw: unknown[] = [];
		peer.on('data', (d) => yWebrtcSaw.push(d));
		const port = room.simplePeerPort(peer);
		const [f1, f2] = encodeFrames(1, new Uint8Array(20_000));
		peer.emit('data', new Uint8Array([0, 0, 1])); // a y-webrtc sync message: not ours
		peer.emit('data', f1);
		const got: Uint8Array[] = [];
		port.onMessage((f) => got.push(f));
		peer.emit('data', f2);
		expect(got).toEqual([f1, f2]);
		expect(yWebrtcSaw).toEqual([]);
		let closed = 0;
		port.onClose(() => closed++);
		port.send(f1!);
		expect(sent).toEqual([f1]);
		port.close();
		expect(closed).toBe(1);
	});
});
