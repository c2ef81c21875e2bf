/**
 * Ed25519 on this device: WebCrypto where the browser has it (about 8x faster to
 * verify), @noble/curves otherwise. Keys are kept as their 32-byte seed so that an
 * identity backup can hold them, whichever path made them.
 *
 * Both paths must give the same verdict on every signature, or two devices could
 * disagree about the ledger. WebCrypto implementations differ from the strict rule on
 * edge cases (non-canonical points, small-order keys, cofactored vs cofactorless), so
 * verification pre-screens encodings and re-checks WebCrypto refusals; see `verify`
 * below and tests/device/ed25519.test.ts for the vectors.
 */
import * as ed from '$lib/core/ed25519';
import { bytesToHex } from '$lib/core/bytes';
import type { MemberKey } from '$lib/core/types';

export interface DeviceKeyPair {
	publicKey: MemberKey;
	/** The 32-byte private seed. Never leaves the device except in an encrypted backup. */
	secretKey: Uint8Array;
}

const PKCS8_PREFIX = new Uint8Array([
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
]);

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;

let webCryptoSupport: Promise<boolean> | undefined;
/** Whether this browser implements Ed25519 in WebCrypto (probed once). */
export const hasWebCryptoEd25519 = (): Promise<boolean> =>
	(webCryptoSupport ??= (async () => {
		try {
			const s = subtle();
			if (!s) return false;
			await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
			return true;
		} catch {
			return false;
		}
	})());

const randomBytes = (n: number): Uint8Array => {
	const out = new Uint8Array(n);
	globalThis.crypto.getRandomValues(out);
	return out;
};

export const generateKeyPair = async (): Promise<DeviceKeyPair> => {
	if (await hasWebCryptoEd25519()) {
		const pair = (await subtle()!.generateKey({ name: 'Ed25519' }, true, [
			'sign',
			'verify'
		])) as CryptoKeyPair;
		const pkcs8 = new Uint8Array(await subtle()!.exportKey('pkcs8', pair.privateKey));
		const secretKey = pkcs8.slice(pkcs8.length - 32);
		return { publicKey: bytesToHex(ed.publicKeyOf(secretKey)) as MemberKey, secretKey };
	}
	const secretKey = randomBytes(32);
	return { publicKey: bytesToHex(ed.publicKeyOf(secretKey)) as MemberKey, secretKey };
};

export const publicKeyOf = (secretKey: Uint8Array): MemberKey =>
	bytesToHex(ed.publicKeyOf(secretKey)) as MemberKey;

const importSecret = (secretKey: Uint8Array): Promise<CryptoKey> => {
	const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
	pkcs8.set(PKCS8_PREFIX);
	pkcs8.set(secretKey, PKCS8_PREFIX.length);
	return subtle()!.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
};

/** Ed25519 signatures are deterministic, so both paths produce the same bytes. */
export const sign = async (secretKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> => {
	if (await hasWebCryptoEd25519()) {
		const key = await importSecret(secretKey);
		return new Uint8Array(await subtle()!.sign({ name: 'Ed25519' }, key, message as BufferSource));
	}
	return ed.sign(message, secretKey);
};

// --- Verification -------------------------------------------------------------------
//
// The verdict must be the core's strict rule (src/lib/core/ed25519.ts: @noble/curves with
// zip215:false) on every input, or two devices could disagree about the ledger. WebCrypto
// (OpenSSL, BoringSSL) differs from it in three known ways, found with the 12 vectors of
// Chalkias et al., "Taming the many EdDSAs" (tests/device/vectors/eddsa-edge-cases.json):
//   1. it accepts small-order public keys (strict rejects them);
//   2. it accepts a non-canonical public key encoding (y >= p) (strict rejects it);
//   3. it checks the cofactorless equation [S]B = R + [k]A, stricter than the cofactored
//      [8][S]B = [8]R + [8][k]A of the strict rule, so it rejects some signatures with
//      a small-order component that strict accepts.
// So: (a) a cheap pre-screen rejects exactly what the strict rule rejects before any
// curve arithmetic (S >= L, non-canonical A or R, small-order A); (b) after it, a
// WebCrypto "valid" implies strict "valid" (the cofactorless equation implies the
// cofactored one); (c) a WebCrypto "invalid" is re-checked with the strict rule, which
// only costs time for invalid signatures, the rare case.

/** L, the order of the prime subgroup, little-endian. */
const L = [
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10
];

/** S < L, comparing 32 little-endian bytes from the most significant end. */
export const isCanonicalScalar = (s: Uint8Array): boolean => {
	for (let i = 31; i >= 0; i--) {
		if (s[i]! < L[i]!) return true;
		if (s[i]! > L[i]!) return false;
	}
	return false;
};

/**
 * A point encoding is canonical when y < p = 2^255 - 19 and it is not "x = 0 with the
 * sign bit set" (x = 0 only for y = 1 and y = p - 1). Whether y is on the curve at all
 * is left to the verifier: both paths reject such points.
 */
export const isCanonicalPoint = (b: Uint8Array): boolean => {
	// y >= p exactly when the low 255 bits are in [2^255 - 19, 2^255 - 1].
	let high = (b[31]! & 0x7f) === 0x7f;
	for (let i = 30; high && i >= 1; i--) high = b[i] === 0xff;
	if (high && b[0]! >= 0xed) return false;
	const sign = (b[31]! & 0x80) !== 0;
	if (!sign) return true;
	const yIsOne = b[0] === 1 && b.subarray(1, 31).every((x) => x === 0) && (b[31]! & 0x7f) === 0;
	let yIsPMinus1 = b[0] === 0xec && (b[31]! & 0x7f) === 0x7f;
	for (let i = 1; yIsPMinus1 && i <= 30; i++) yIsPMinus1 = b[i] === 0xff;
	return !yIsOne && !yIsPMinus1;
};

/**
 * The canonical encodings of the eight points of small order (the torsion subgroup):
 * the identity, the point of order 2, two of order 4 and four of order 8. Non-canonical
 * encodings of them are already refused by isCanonicalPoint.
 */
const SMALL_ORDER = [
	'0100000000000000000000000000000000000000000000000000000000000000',
	'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
	'0000000000000000000000000000000000000000000000000000000000000000',
	'0000000000000000000000000000000000000000000000000000000000000080',
	'26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
	'26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
	'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
	'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa'
];
const SMALL_ORDER_SET = new Set(SMALL_ORDER);
export const isSmallOrderEncoding = (b: Uint8Array): boolean => SMALL_ORDER_SET.has(bytesToHex(b));
export const smallOrderEncodings: readonly string[] = SMALL_ORDER;

/** The checks the strict rule makes on encodings alone, before any curve arithmetic. */
export const passesPrescreen = (signature: Uint8Array, publicKey: Uint8Array): boolean =>
	signature.length === 64 &&
	publicKey.length === 32 &&
	isCanonicalScalar(signature.subarray(32)) &&
	isCanonicalPoint(signature.subarray(0, 32)) &&
	isCanonicalPoint(publicKey) &&
	!isSmallOrderEncoding(publicKey);

const verifyKeys = new Map<string, Promise<CryptoKey | null>>();
const importVerifyKey = (publicKey: Uint8Array): Promise<CryptoKey | null> => {
	const hex = bytesToHex(publicKey);
	let key = verifyKeys.get(hex);
	if (!key) {
		if (verifyKeys.size >= 1024) verifyKeys.clear();
		key = subtle()!
			.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify'])
			.catch(() => null);
		verifyKeys.set(hex, key);
	}
	return key;
};

/** The strict verdict, via WebCrypto where it is available (see above for why they agree). */
export const verify = async (
	signature: Uint8Array,
	message: Uint8Array,
	publicKey: Uint8Array
): Promise<boolean> => {
	if (!passesPrescreen(signature, publicKey)) return false;
	if (await hasWebCryptoEd25519()) {
		const key = await importVerifyKey(publicKey);
		if (key) {
			let ok = false;
			try {
				ok = await subtle()!.verify(
					{ name: 'Ed25519' },
					key,
					signature as BufferSource,
					message as BufferSource
				);
			} catch {
				ok = false;
			}
			if (ok) return true;
		}
	}
	return ed.verify(signature, message, publicKey);
};

export interface SignedMessage {
	signature: Uint8Array;
	message: Uint8Array;
	publicKey: Uint8Array;
}

/** Verifies many signatures (a sync batch, an imported file); verdicts in input order. */
export const verifyMany = (items: readonly SignedMessage[]): Promise<boolean[]> =>
	Promise.all(items.map((it) => verify(it.signature, it.message, it.publicKey)));

/** The strict verdict without WebCrypto: the reference the fast path is tested against. */
export const verifyStrict = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean =>
	ed.verify(signature, message, publicKey);
