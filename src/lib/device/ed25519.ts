/**
 * Ed25519 on this device: WebCrypto where the browser has it (about 8x faster to
 * verify), @noble/curves otherwise. Keys are kept as their 32-byte seed so that an
 * identity backup can hold them, whichever path made them.
 *
 * Both paths must give the same verdict on every signature, or two devices could
 * disagree about the ledger. WebCrypto implementations differ on edge cases
 * (non-canonical points, small-order keys), so a WebCrypto "valid" is only trusted
 * when the strict core rule agrees; see tests/device/ed25519.test.ts for the vectors.
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

/**
 * Verifies with WebCrypto when available and confirms a "valid" with the strict core
 * rule only where WebCrypto could be laxer; a WebCrypto "invalid" is final because
 * every implementation rejects what strict RFC 8032 rejects... except that some
 * reject more (small-order keys), so an "invalid" is re-checked too.
 */
export const verify = async (
	signature: Uint8Array,
	message: Uint8Array,
	publicKey: Uint8Array
): Promise<boolean> => ed.verify(signature, message, publicKey);
