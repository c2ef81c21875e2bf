/**
 * The one Ed25519 verification rule every device uses: strict RFC 8032 (cofactorless
 * equation, canonical S < L, canonical point encodings), as @noble/curves implements
 * with `zip215: false`. Devices must agree on which signatures are valid, or their
 * ledgers diverge; the WebCrypto adapter outside the core is tested to give the same
 * verdicts on the published edge cases (tests/device/vectors/eddsa-edge-cases.json).
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export const verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean => {
	if (signature.length !== 64 || publicKey.length !== 32) return false;
	try {
		return ed25519.verify(signature, message, publicKey, { zip215: false });
	} catch {
		return false;
	}
};

export const sign = (message: Uint8Array, secretKey: Uint8Array): Uint8Array =>
	ed25519.sign(message, secretKey);

export const publicKeyOf = (secretKey: Uint8Array): Uint8Array => ed25519.getPublicKey(secretKey);

/** A secret key from 32 bytes of seed material. The caller supplies the randomness. */
export const secretKeyFromSeed = (seed: Uint8Array): Uint8Array => {
	if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
	return seed.slice();
};
