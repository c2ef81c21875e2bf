import { describe, expect, it } from 'vitest';
import * as qr from '$lib/sync/qr';
import { encodeInvite, inviteLink } from '$lib/sync/invite';
import type { CircleId, EntryId } from '$lib/core/types';

const invite = {
	circle: '0123456789abcdef0123456789abcdef' as CircleId,
	secret: 'ab'.repeat(32),
	genesis: 'cd'.repeat(32) as EntryId,
	name: 'Jardín Zoë'
};

describe('QR codes', () => {
	const texts = [
		'CO1:' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(8),
		encodeInvite(invite),
		inviteLink('http://127.0.0.1:4173', invite),
		'paste me — ünïcode'
	];
	for (const t of texts) {
		it(`encodes and reads back ${t.slice(0, 24)}…`, () => {
			expect(qr.decodePixels(qr.qrPixels(t, 4))).toBe(t);
		});
	}

	it('keeps a 260-character pairing code at a camera-friendly size (alphanumeric mode)', () => {
		const n = qr.qrModules('CO1:' + 'A2'.repeat(128)).length;
		expect(n).toBeLessThanOrEqual(57); // version 10 or less
	});

	it('draws one SVG path in module units with a quiet zone', () => {
		const { size, path } = qr.qrPath('HELLO');
		expect(size).toBe(21 + 2 * qr.QUIET);
		expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
	});
});
