/**
 * Sealing the circle's room secret to each member, and opening this member's copy
 * (docs/protocol/settings.md "Sealed boxes"). The settings domain decides which rotation is
 * current and keeps its boxes; the keys and the randomness stay here, outside the core.
 *
 * For a rotation with ephemeral X25519 key pair (e, E) and a recipient with Ed25519 public key
 * A (X25519 public key X = toMontgomery(A)):
 *
 *   shared = X25519(e, X)                      (the recipient computes X25519(x, E))
 *   key    = HKDF-SHA256(ikm = shared, salt = "circulate-room-secret/v1", info = E ‖ X, 32 bytes)
 *   box    = XChaCha20-Poly1305(key, nonce = 24 zero bytes, aad = "circulate-room-secret/v1" ‖ circle ‖ A)
 *            .encrypt(secret)                   (32 + 16 bytes)
 *
 * Each key encrypts exactly one message (a fresh ephemeral key per rotation, one key per
 * recipient), so a fixed nonce is safe. The AAD binds a box to its circle and its recipient: a
 * box moved to another member or circle does not open.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '$lib/core/bytes';
import type { CircleId, MemberKey } from '$lib/core/types';

export const ROOM_SECRET_INFO = 'circulate-room-secret/v1';
const LABEL = new TextEncoder().encode(ROOM_SECRET_INFO);
const NONCE = new Uint8Array(24);

const concat = (...parts: Uint8Array[]): Uint8Array => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let i = 0;
	for (const p of parts) {
		out.set(p, i);
		i += p.length;
	}
	return out;
};

const boxKey = (shared: Uint8Array, epk: Uint8Array, recipientX: Uint8Array): Uint8Array =>
	hkdf(sha256, shared, LABEL, concat(epk, recipientX), 32);

const aad = (circle: CircleId, member: MemberKey): Uint8Array =>
	concat(LABEL, hexToBytes(circle), hexToBytes(member));

export interface SealInput {
	circle: CircleId;
	/** The new room secret: 32 random bytes (the caller draws them). */
	secret: Uint8Array;
	/** A fresh X25519 secret key for this rotation only: 32 random bytes (the caller draws them). */
	ephemeral: Uint8Array;
	/** The members to seal it to (Ed25519 public keys, hex). */
	recipients: readonly MemberKey[];
}

/** Seals `secret` to each recipient: the body of a `settings.rekey` entry. */
export const sealRoomSecret = (input: SealInput): { epk: string; sealed: { [member: string]: string } } => {
	if (input.secret.length !== 32 || input.ephemeral.length !== 32)
		throw new Error('The room secret and the ephemeral key are 32 bytes each.'); // i18n-ignore: a bug
	const epk = x25519.getPublicKey(input.ephemeral);
	const sealed: { [member: string]: string } = {};
	for (const member of input.recipients) {
		const x = ed25519.utils.toMontgomery(hexToBytes(member));
		const key = boxKey(x25519.getSharedSecret(input.ephemeral, x), epk, x);
		sealed[member] = bytesToHex(
			xchacha20poly1305(key, NONCE, aad(input.circle, member)).encrypt(input.secret)
		);
	}
	return { epk: bytesToHex(epk), sealed };
};

export type Opened =
	{ ok: true; secret: string } | { ok: false; code: 'secret-box-not-yours' | 'secret-box-tampered' };

/**
 * Opens this member's copy of a rotation's secret with their Ed25519 seed. `secret-box-not-yours`:
 * the rotation has no box for this key (a member who left or was removed before it);
 * `secret-box-tampered`: the box, the ephemeral key, the circle or the key does not match.
 */
export const openRoomSecret = (
	circle: CircleId,
	rotation: { epk: string; sealed: Readonly<Record<string, string>> },
	me: { publicKey: MemberKey; secretKey: Uint8Array }
): Opened => {
	const box = Object.prototype.hasOwnProperty.call(rotation.sealed, me.publicKey)
		? rotation.sealed[me.publicKey]
		: undefined;
	if (box === undefined) return { ok: false, code: 'secret-box-not-yours' };
	try {
		const epk = hexToBytes(rotation.epk);
		const x = ed25519.utils.toMontgomery(hexToBytes(me.publicKey));
		const shared = x25519.getSharedSecret(ed25519.utils.toMontgomerySecret(me.secretKey), epk);
		const key = boxKey(shared, epk, x);
		const secret = xchacha20poly1305(key, NONCE, aad(circle, me.publicKey)).decrypt(hexToBytes(box));
		if (secret.length !== 32) return { ok: false, code: 'secret-box-tampered' };
		return { ok: true, secret: bytesToHex(secret) };
	} catch {
		return { ok: false, code: 'secret-box-tampered' };
	}
};
