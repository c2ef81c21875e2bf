import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 as noble } from '@noble/curves/ed25519.js';
import * as device from '$lib/device/ed25519';
import * as core from '$lib/core/ed25519';
import { bytesToHex, hexToBytes } from '$lib/core/bytes';
import rfc8032 from './vectors/rfc8032.json';
import edge from './vectors/eddsa-edge-cases.json';

describe('RFC 8032 §7.1 test vectors', () => {
	it.each(rfc8032.vectors)('$name', async (v) => {
		const secret = hexToBytes(v.secret);
		const msg = hexToBytes(v.msg);
		expect(bytesToHex(core.publicKeyOf(secret))).toBe(v.pub);
		expect(bytesToHex(core.sign(msg, secret))).toBe(v.sig);
		expect(bytesToHex(await device.sign(secret, msg))).toBe(v.sig);
		expect(core.verify(hexToBytes(v.sig), msg, hexToBytes(v.pub))).toBe(true);
		expect(await device.verify(hexToBytes(v.sig), msg, hexToBytes(v.pub))).toBe(true);
		const bad = hexToBytes(v.sig);
		bad[5]! ^= 1;
		expect(await device.verify(bad, msg, hexToBytes(v.pub))).toBe(false);
	});

	it('includes the 1023-byte message of TEST 1024', () => {
		expect(rfc8032.vectors.map((v) => v.msg.length / 2)).toEqual([0, 1, 2, 1023, 64]);
	});
});

describe('"Taming the many EdDSAs" edge cases: one verdict on every path', () => {
	it('this runtime has WebCrypto Ed25519 (so the fast path is really tested)', async () => {
		expect(await device.hasWebCryptoEd25519()).toBe(true);
	});

	it.each(edge.cases)('case $case: $description', async (c) => {
		const [sig, msg, pub] = [hexToBytes(c.sig), hexToBytes(c.msg), hexToBytes(c.pub)];
		expect(core.verify(sig, msg, pub)).toBe(c.strict);
		expect(device.verifyStrict(sig, msg, pub)).toBe(c.strict);
		expect(await device.verify(sig, msg, pub)).toBe(c.strict);
		expect(await device.verifyMany([{ signature: sig, message: msg, publicKey: pub }])).toEqual([c.strict]);
	});

	it('has all twelve vectors', () => {
		expect(edge.cases.map((c) => c.case)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
	});
});

describe('the pre-screen matches the strict rule on encodings', () => {
	it('lists exactly the eight small-order points, canonically encoded', () => {
		const points = device.smallOrderEncodings.map((h) => noble.Point.fromHex(h));
		for (const [i, p] of points.entries()) {
			expect(p.isSmallOrder()).toBe(true);
			expect(bytesToHex(p.toBytes())).toBe(device.smallOrderEncodings[i]);
		}
		expect(new Set(device.smallOrderEncodings).size).toBe(8);
	});

	it('S = L and S = L - 1', () => {
		const l = noble.Point.Fn.ORDER;
		const le = (n: bigint) => hexToBytes(n.toString(16).padStart(64, '0')).reverse();
		expect(device.isCanonicalScalar(le(l))).toBe(false);
		expect(device.isCanonicalScalar(le(l - 1n))).toBe(true);
		expect(device.isCanonicalScalar(le(l + 1n))).toBe(false);
		expect(device.isCanonicalScalar(le(0n))).toBe(true);
	});

	it('agrees with noble on which 32-byte strings are canonical point encodings', () => {
		const p = 2n ** 255n - 19n;
		const le = (n: bigint) => hexToBytes(n.toString(16).padStart(64, '0')).reverse();
		const withSign = (b: Uint8Array) => {
			const c = b.slice();
			c[31]! |= 0x80;
			return c;
		};
		const strictDecodes = (b: Uint8Array) => {
			try {
				noble.Point.fromBytes(b, false);
				return true;
			} catch {
				return false;
			}
		};
		const laxDecodes = (b: Uint8Array) => {
			try {
				noble.Point.fromBytes(b, true);
				return true;
			} catch {
				return false;
			}
		};
		// Every encoding noble can decode leniently is canonical for us iff strict noble decodes it.
		const special = [0n, 1n, 2n, p - 2n, p - 1n, p, p + 1n, p + 18n, 2n ** 255n - 1n].map(le);
		for (const b of [...special, ...special.map(withSign)])
			if (laxDecodes(b))
				expect([bytesToHex(b), device.isCanonicalPoint(b)]).toEqual([bytesToHex(b), strictDecodes(b)]);
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
				if (laxDecodes(b)) expect(device.isCanonicalPoint(b)).toBe(strictDecodes(b));
			}),
			{ numRuns: 300 }
		);
	});
});

describe('device keys', () => {
	it('signs and verifies with generated keys; WebCrypto and noble agree on tampering', async () => {
		const pair = await device.generateKeyPair();
		const msg = new TextEncoder().encode('Zoë borrows the drill');
		const sig = await device.sign(pair.secretKey, msg);
		const pub = hexToBytes(pair.publicKey);
		expect(bytesToHex(sig)).toBe(bytesToHex(core.sign(msg, pair.secretKey)));
		const items = [];
		for (let i = 0; i < 64; i++) {
			const s = sig.slice();
			if (i > 0) s[i % 64]! ^= 1 << (i % 8);
			items.push({ signature: s, message: msg, publicKey: pub });
		}
		const fast = await device.verifyMany(items);
		expect(fast).toEqual(items.map((it) => core.verify(it.signature, it.message, it.publicKey)));
		expect(fast[0]).toBe(true);
		expect(fast.slice(1).every((v) => !v)).toBe(true);
	});

	it('gives the strict verdict on non-canonical S (S + L) from a real signature', async () => {
		const secret = hexToBytes(rfc8032.vectors[1]!.secret);
		const msg = hexToBytes('72');
		const sig = core.sign(msg, secret);
		const s = BigInt('0x' + bytesToHex(sig.slice(32).reverse())) + noble.Point.Fn.ORDER;
		const forged = new Uint8Array(64);
		forged.set(sig.slice(0, 32));
		forged.set(hexToBytes(s.toString(16).padStart(64, '0')).reverse(), 32);
		const pub = core.publicKeyOf(secret);
		expect(core.verify(forged, msg, pub)).toBe(false);
		expect(await device.verify(forged, msg, pub)).toBe(false);
	});
});
