/**
 * A member's identity on this device: a display name and an Ed25519 key pair, kept in
 * the device store, plus a passphrase-encrypted backup file so that a lost phone does
 * not mean a lost member.
 *
 * Backup file (JSON, UTF-8), format `circulate-identity` version 1:
 *   { format, version, name, publicKey,            -- in clear, so the file says whose it is
 *     kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },   -- salt: 16 bytes, base64
 *     cipher: { name: 'AES-GCM', iv },               -- iv: 12 bytes, base64
 *     ciphertext }                                    -- base64 of AES-GCM(JSON {name, publicKey, secretKey(hex), created})
 * The clear header (everything but `ciphertext`, canonical JSON) is the AES-GCM
 * additional data, so editing the name or key in the file makes it fail to open.
 * PBKDF2-SHA256 at 600,000 iterations follows OWASP's 2023 guidance.
 */
import { bytesToHex, hexToBytes, isHex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import type { Json } from '$lib/core/canonical';
import { NAME_MAX } from '$lib/core/membership/genesis';
import { hasRefusedCharacter } from '$lib/core/membership/names';
import { reject } from '$lib/core/host/domain';
import { ruleText } from '$lib/messages';
import type { MemberKey, Millis } from '$lib/core/types';
import * as ed from './ed25519';
import { setAside, type DeviceStore } from './store';

export interface Identity {
	name: string;
	publicKey: MemberKey;
	/** The 32-byte Ed25519 seed. */
	secretKey: Uint8Array;
	created: Millis;
	/**
	 * When this phone restored the identity from a backup (absent when it was made here). Until
	 * it has synced a circle since then, it does not sign there (state/catch-up.svelte.ts).
	 */
	restoredAt?: Millis;
}

export const BACKUP_FORMAT = 'circulate-identity';
export const BACKUP_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
const SELF = 'self';

/** A backup could not be read or opened; the message says why and that nothing changed. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

export const checkName = (name: string): string | null => {
	if (!name.trim()) return ruleText({ code: 'name-missing' });
	if (name.trim().length > NAME_MAX) return ruleText({ code: 'name-too-long', params: { max: NAME_MAX } });
	// The circle's rule for names (core/membership/names.ts, T34): a name it would refuse in a
	// genesis or a join request is refused here, before it is kept.
	if (hasRefusedCharacter(name.trim())) return ruleText(reject('member-name-control'));
	return null;
};

/** A short, readable form of a key: the first 16 hex characters in groups of four. */
export const fingerprint = (key: string): string => (key.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ');

const readRecord = (raw: unknown): Identity | null => {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	if (typeof r.name !== 'string' || !isHex(r.publicKey, 32) || typeof r.created !== 'number') return null;
	if (!(r.secretKey instanceof Uint8Array) || r.secretKey.length !== 32) return null;
	if (ed.publicKeyOf(r.secretKey) !== r.publicKey) return null;
	const identity: Identity = {
		name: r.name,
		publicKey: r.publicKey as MemberKey,
		secretKey: r.secretKey,
		created: r.created
	};
	if (typeof r.restoredAt === 'number' && Number.isFinite(r.restoredAt)) identity.restoredAt = r.restoredAt;
	return identity;
};

export interface LoadedIdentity {
	identity: Identity | null;
	/** Set when a stored identity could not be read; it has been set aside, not deleted. */
	problem: string | null;
}

export const loadIdentity = async (store: DeviceStore, now: Millis): Promise<LoadedIdentity> => {
	const raw = await store.get('identity', SELF);
	if (raw === undefined) return { identity: null, problem: null };
	const identity = readRecord(raw);
	if (identity) return { identity, problem: null };
	await setAside(store, 'identity', SELF, raw, 'unreadable identity record', now); // i18n-ignore: a record's note
	await store.delete('identity', SELF);
	return {
		identity: null,
		problem: ruleText({ code: 'identity-unreadable' })
	};
};

const save = async (store: DeviceStore, id: Identity, now: Millis): Promise<void> => {
	const previous = await store.get('identity', SELF);
	if (previous !== undefined) await setAside(store, 'identity', SELF, previous, 'replaced', now);
	await store.put('identity', SELF, {
		name: id.name,
		publicKey: id.publicKey,
		secretKey: id.secretKey,
		created: id.created,
		...(id.restoredAt !== undefined ? { restoredAt: id.restoredAt } : {})
	});
};

export const createIdentity = async (store: DeviceStore, name: string, now: Millis): Promise<Identity> => {
	const problem = checkName(name);
	if (problem) throw new Error(problem);
	const pair = await ed.generateKeyPair();
	const identity: Identity = {
		name: name.trim(),
		publicKey: pair.publicKey,
		secretKey: pair.secretKey,
		created: now
	};
	await save(store, identity, now);
	return identity;
};

export const renameIdentity = async (
	store: DeviceStore,
	identity: Identity,
	name: string
): Promise<Identity> => {
	const problem = checkName(name);
	if (problem) throw new Error(problem);
	const next = { ...identity, name: name.trim() };
	await store.put('identity', SELF, next);
	return next;
};

/** `circulate-identity-<name>.json`, with the name made safe for every file system. */
export const backupFileName = (name: string): string =>
	`circulate-identity-${
		name
			.trim()
			.normalize('NFKD')
			.replace(/\p{M}+/gu, '')
			.replace(/[^\p{L}\p{N}_-]+/gu, '-')
			.replace(/^-+|-+$/g, '')
			.toLowerCase() || 'member'
	}.json`;

const b64 = (bytes: Uint8Array): string => {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
};
const unb64 = (text: string): Uint8Array => {
	const s = atob(text);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
};

interface Header {
	format: string;
	version: number;
	name: string;
	publicKey: string;
	kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
	cipher: { name: 'AES-GCM'; iv: string };
}

const deriveKey = async (passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> => {
	const subtle = globalThis.crypto.subtle;
	const base = await subtle.importKey(
		'raw',
		new TextEncoder().encode(passphrase.normalize('NFC')),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
};

export const PASSPHRASE_MIN = 8;
export const checkPassphrase = (passphrase: string): string | null =>
	passphrase.length < PASSPHRASE_MIN
		? ruleText({ code: 'passphrase-short', params: { min: PASSPHRASE_MIN } })
		: null;

/** The backup file's text. */
export const exportBackupText = async (identity: Identity, passphrase: string): Promise<string> => {
	const problem = checkPassphrase(passphrase);
	if (problem) throw new Error(problem);
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const header: Header = {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		name: identity.name,
		publicKey: identity.publicKey,
		kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: b64(salt) },
		cipher: { name: 'AES-GCM', iv: b64(iv) }
	};
	const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
	const secret = new TextEncoder().encode(
		JSON.stringify({
			name: identity.name,
			publicKey: identity.publicKey,
			secretKey: bytesToHex(identity.secretKey),
			created: identity.created
		})
	);
	const ciphertext = new Uint8Array(
		await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv, additionalData: canonical.encode(header as unknown as Json) as BufferSource },
			key,
			secret
		)
	);
	return JSON.stringify({ ...header, ciphertext: b64(ciphertext) }, null, '\t') + '\n';
};

/** The backup as a file to download (see backupFileName). */
export const exportBackup = async (identity: Identity, passphrase: string): Promise<Blob> =>
	new Blob([await exportBackupText(identity, passphrase)], { type: 'application/json' });

/** A backup that cannot be restored, worded in the member's language (rule_backup_* in outcomes.json). */
const refused = (code: string, params?: Record<string, string | number>): BackupError =>
	new BackupError(ruleText(params ? { code, params } : { code }));

/** Reads the clear part of a backup: whose it is. Throws BackupError for anything else. */
export const readBackupHeader = (text: string): Header & { ciphertext: string } => {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw refused('backup-cut-short');
	}
	const bad = (code: string, params?: Record<string, string | number>): never => {
		throw refused(code, params);
	};
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('backup-no-backup');
	const o = raw as Record<string, unknown>;
	if (o.format !== BACKUP_FORMAT) bad('backup-no-mark');
	if (typeof o.version !== 'number' || !Number.isSafeInteger(o.version)) bad('backup-no-version');
	if ((o.version as number) > BACKUP_VERSION) throw refused('backup-newer', { version: String(o.version) });
	if (o.version !== BACKUP_VERSION) bad('backup-unknown-version', { version: String(o.version) });
	const kdf = o.kdf as Record<string, unknown> | undefined;
	const cipher = o.cipher as Record<string, unknown> | undefined;
	if (
		typeof o.name !== 'string' ||
		!isHex(o.publicKey, 32) ||
		typeof kdf !== 'object' ||
		kdf === null ||
		kdf.name !== 'PBKDF2' ||
		kdf.hash !== 'SHA-256' ||
		!Number.isSafeInteger(kdf.iterations) ||
		(kdf.iterations as number) < 100_000 ||
		(kdf.iterations as number) > 10_000_000 ||
		typeof kdf.salt !== 'string' ||
		typeof cipher !== 'object' ||
		cipher === null ||
		cipher.name !== 'AES-GCM' ||
		typeof cipher.iv !== 'string' ||
		typeof o.ciphertext !== 'string'
	)
		bad('backup-fields');
	return raw as Header & { ciphertext: string };
};

/** Opens a backup with its passphrase. Throws BackupError; never touches the device. */
export const openBackup = async (text: string, passphrase: string): Promise<Identity> => {
	const file = readBackupHeader(text);
	const { ciphertext, ...header } = file;
	let salt: Uint8Array, iv: Uint8Array, sealed: Uint8Array;
	try {
		salt = unb64(header.kdf.salt);
		iv = unb64(header.cipher.iv);
		sealed = unb64(ciphertext);
	} catch {
		throw refused('backup-encoding');
	}
	const key = await deriveKey(passphrase, salt, header.kdf.iterations);
	let plain: Uint8Array;
	try {
		plain = new Uint8Array(
			await crypto.subtle.decrypt(
				{
					name: 'AES-GCM',
					iv: iv as BufferSource,
					additionalData: canonical.encode(header as unknown as Json) as BufferSource
				},
				key,
				sealed as BufferSource
			)
		);
	} catch {
		// AES-GCM cannot tell a wrong passphrase from an altered file; the wrong
		// passphrase is by far the likelier, so say that first.
		throw refused('backup-passphrase');
	}
	let inner: Record<string, unknown>;
	try {
		inner = JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>;
	} catch {
		throw refused('backup-contents');
	}
	if (!isHex(inner.secretKey, 32) || typeof inner.name !== 'string' || typeof inner.created !== 'number')
		throw refused('backup-contents');
	const secretKey = hexToBytes(inner.secretKey);
	const publicKey = ed.publicKeyOf(secretKey);
	if (publicKey !== header.publicKey || inner.publicKey !== header.publicKey)
		throw refused('backup-key-mismatch');
	return { name: inner.name, publicKey, secretKey, created: inner.created };
};

/**
 * Restores an identity from a backup file. Any identity already on this phone is set
 * aside (kept, not deleted) before the restored one takes its place.
 */
export const importBackup = async (
	store: DeviceStore,
	file: Blob | string,
	passphrase: string,
	now: Millis
): Promise<Identity> => {
	let text: string;
	try {
		text = typeof file === 'string' ? file : await file.text();
	} catch {
		throw refused('backup-unreadable-file');
	}
	const identity: Identity = { ...(await openBackup(text, passphrase)), restoredAt: now };
	await save(store, identity, now);
	return identity;
};
