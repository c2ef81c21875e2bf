/**
 * Circle-wide sync settings and this device's sync log.
 *
 * The circle secret (32 random bytes, hex) and the circle's signaling URLs live in the
 * doc's `meta` map (keys `secret`, `signaling`): every member needs the same values, and
 * only people who already hold the secret (from an invite) ever receive the doc. They
 * are sync settings, never inputs to a rule. If two members create a secret before they
 * first sync, Yjs keeps one of them on every device; rooms use it from then on.
 *
 * The sync log ("when did this phone last sync, with whom, what came in") is
 * device-local: localStorage key `circulate-sync-log-<circle>`, newest first, at most 30.
 */
import * as Y from 'yjs';
import { bytesToHex } from '$lib/core/bytes';
import type { CircleId, EntryId, Millis } from '$lib/core/types';
import { entriesOf, metaOf, readEntry } from './circle-doc';
import { installDeleteGuard } from './guard';

export const SECRET = 'secret';
export const SIGNALING = 'signaling';
/** STUN servers the circle chose for rooms across networks (none by default). */
export const STUN = 'stun';

export const readSecret = (doc: Y.Doc): string | null => {
	const s = metaOf(doc).get(SECRET);
	return typeof s === 'string' && /^[0-9a-f]{64}$/.test(s) ? s : null;
};

/** The circle secret, created on first use (by any member's device). */
export const ensureSecret = (doc: Y.Doc): string => {
	const existing = readSecret(doc);
	if (existing) return existing;
	const secret = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
	metaOf(doc).set(SECRET, secret);
	return secret;
};

/** Sets the secret a joining phone learned from its invite (before the first sync). */
export const adoptSecret = (doc: Y.Doc, secret: string): void => {
	if (!readSecret(doc)) metaOf(doc).set(SECRET, secret);
};

export const readSignaling = (doc: Y.Doc): string[] => {
	const raw = metaOf(doc).get(SIGNALING);
	return Array.isArray(raw) ? raw.filter((u): u is string => typeof u === 'string') : [];
};

export const writeSignaling = (doc: Y.Doc, urls: readonly string[]): void => {
	metaOf(doc).set(SIGNALING, [...new Set(urls.map((u) => u.trim()).filter(Boolean))]);
};

export const readStun = (doc: Y.Doc): string[] => {
	const raw = metaOf(doc).get(STUN);
	return Array.isArray(raw)
		? raw.filter((u): u is string => typeof u === 'string' && /^stuns?:/.test(u))
		: [];
};

export const writeStun = (doc: Y.Doc, urls: readonly string[]): void => {
	metaOf(doc).set(STUN, [...new Set(urls.map((u) => u.trim()).filter(Boolean))]);
};

/** Checks a STUN address a person typed; returns a sentence, or null when fine. */
export const checkStunUrl = (url: string): string | null =>
	/^stuns?:[^\s/]+(:\d+)?$/.test(url.trim()) ? null : 'A STUN address looks like stun:stun.example.org:3478.';

/**
 * The id of a genesis entry the doc holds (a first entry of type `circle.genesis` that reads
 * under its key), when it has one. Values that are not text or not entries are skipped: any
 * peer can store anything under `entries`.
 */
export const findGenesis = (doc: Y.Doc): EntryId | null => {
	for (const [id, value] of entriesOf(doc).entries() as IterableIterator<[string, unknown]>) {
		if (typeof value !== 'string' || !value.includes('"type":"circle.genesis"')) continue;
		const read = readEntry(id, value);
		if (read.ok && read.entry.seq === 1 && read.entry.type === 'circle.genesis') return id as EntryId;
	}
	return null;
};

const guarded = new WeakSet<Y.Doc>();
/** Every sync path calls this first: remote deletions of entries are put back. */
export const guardDoc = (doc: Y.Doc): void => {
	if (guarded.has(doc)) return;
	guarded.add(doc);
	installDeleteGuard(doc);
};

// ---- the sync log -------------------------------------------------------------------

export interface SyncLogItem {
	at: Millis;
	via: 'in person' | 'room' | 'file';
	/** Who: the other phone's name, or the file's name. */
	peer: string;
	/** "in sync — 3 new entries", or what failed. */
	result: string;
	ok: boolean;
}

const logKey = (circle: CircleId) => `circulate-sync-log-${circle}`;
const LOG_MAX = 30;

export const readLog = (circle: CircleId): SyncLogItem[] => {
	try {
		const raw = JSON.parse(localStorage.getItem(logKey(circle)) ?? '[]') as unknown;
		return Array.isArray(raw) ? (raw as SyncLogItem[]).filter((x) => typeof x?.at === 'number') : [];
	} catch {
		return [];
	}
};

export const addLog = (circle: CircleId, item: SyncLogItem): SyncLogItem[] => {
	const next = [item, ...readLog(circle)].slice(0, LOG_MAX);
	try {
		localStorage.setItem(logKey(circle), JSON.stringify(next));
	} catch {
		/* a full or disabled storage only loses the log */
	}
	return next;
};

// ---- the invite's genesis ------------------------------------------------------------

const inviteKey = (circle: CircleId) => `circulate-invited-genesis-${circle}`;

/** The joining phone remembers which genesis its invite named. */
export const rememberInvite = (circle: CircleId, genesis: EntryId): void => {
	try {
		localStorage.setItem(inviteKey(circle), genesis);
	} catch {
		/* without storage the check below is skipped */
	}
};

/**
 * A sentence when the history this phone received does not start with the genesis its
 * invite named (someone passed off another history under this circle's id); else null.
 */
export const checkGenesis = (circle: CircleId, doc: Y.Doc): string | null => {
	let expected: string | null = null;
	try {
		expected = localStorage.getItem(inviteKey(circle));
	} catch {
		return null;
	}
	const found = findGenesis(doc);
	if (!expected || !found || found === expected) return null;
	return 'The history this phone received does not start with the circle your invite named. Do not rely on it: ask the member who invited you to check the invite, and pair with them directly.';
};
