/**
 * What a circle's sync keeps besides its entries.
 *
 * The circle's settings (room servers, STUN/TURN servers, the room secret) are signed entries of
 * the settings domain (core/settings, docs/protocol/settings.md), read through
 * state/sync-settings.svelte.ts. Before v2 they lived in the doc's `meta` map, which any peer
 * could overwrite (threat-model.md T20); nothing reads `meta` any more and nothing writes it.
 *
 * Device-local, in localStorage:
 * - the room servers a phone that is not (yet) a member typed for itself
 *   (`circulate-own-servers-<circle>`), used only while the circle's ledger has none;
 * - the secret a joining phone's invite carried (`circulate-invite-secret-<circle>`): its room
 *   until it is sealed a rotation of its own;
 * - the genesis its invite named (`circulate-invited-genesis-<circle>`);
 * - the sign-in this phone's member typed for each TURN server of the circle
 *   (`circulate-turn-logins-<circle>`): a TURN password is a secret, and the ledger may be
 *   published, so only the server's address is a signed setting;
 * - the sync log ("when did this phone last sync, with whom, what came in",
 *   `circulate-sync-log-<circle>`), newest first, at most 30.
 */
import * as Y from 'yjs';
import type { CircleId, EntryId, Millis } from '$lib/core/types';
import { entriesOf, readEntry } from './circle-doc';
import { installDeleteGuard } from './guard';
import { worded } from './failure';

// ---- a non-member phone's own room servers -----------------------------------------------

const serversKey = (circle: CircleId) => `circulate-own-servers-${circle}`;

/** Room and ICE servers a phone that is not (yet) a member typed for itself (device-local). */
export const readLocalServers = (circle: CircleId): { rooms: string[]; ice: string[] } => {
	const strings = (x: unknown): string[] =>
		Array.isArray(x) ? x.filter((u): u is string => typeof u === 'string') : [];
	try {
		const raw = JSON.parse(localStorage.getItem(serversKey(circle)) ?? 'null') as unknown;
		if (raw && typeof raw === 'object') {
			const r = raw as { rooms?: unknown; ice?: unknown };
			return { rooms: strings(r.rooms), ice: strings(r.ice) };
		}
	} catch {
		/* nothing kept */
	}
	return { rooms: [], ice: [] };
};

export const writeLocalServers = (circle: CircleId, servers: { rooms: string[]; ice: string[] }): void => {
	try {
		localStorage.setItem(serversKey(circle), JSON.stringify(servers));
	} catch {
		/* without storage the list lasts until the page closes */
	}
};

// ---- TURN sign-ins ----------------------------------------------------------------------

/** A TURN server's user name and password, as its operator gave them. */
export interface TurnLogin {
	username: string;
	credential: string;
}

const turnKey = (circle: CircleId) => `circulate-turn-logins-${circle}`;

/** The sign-ins this phone keeps for the circle's TURN servers, by server address. */
export const readTurnLogins = (circle: CircleId): Record<string, TurnLogin> => {
	const out: Record<string, TurnLogin> = {};
	try {
		const raw = JSON.parse(localStorage.getItem(turnKey(circle)) ?? 'null') as unknown;
		if (raw && typeof raw === 'object' && !Array.isArray(raw))
			for (const [url, v] of Object.entries(raw as Record<string, unknown>)) {
				const { username, credential } = (v ?? {}) as { username?: unknown; credential?: unknown };
				if (typeof username === 'string' && typeof credential === 'string')
					out[url] = { username, credential };
			}
	} catch {
		/* nothing kept */
	}
	return out;
};

/** Keeps `logins` on this device; returns false when the device cannot keep them. */
export const writeTurnLogins = (circle: CircleId, logins: Record<string, TurnLogin>): boolean => {
	try {
		localStorage.setItem(turnKey(circle), JSON.stringify(logins));
		return true;
	} catch {
		return false; // without storage the sign-in lasts until the page closes
	}
};

// ---- the invite's secret ---------------------------------------------------------------

const inviteSecretKey = (circle: CircleId) => `circulate-invite-secret-${circle}`;

/** The joining phone keeps the secret its invite carried, and when it learnt it. */
export const rememberInviteSecret = (circle: CircleId, secret: string, at: Millis): void => {
	if (!/^[0-9a-f]{64}$/.test(secret)) return;
	try {
		localStorage.setItem(inviteSecretKey(circle), JSON.stringify({ secret, at }));
	} catch {
		/* without storage the phone waits for a rotation sealed to it */
	}
};

/** The secret this phone's invite carried, if it joined by one. */
export const readInviteSecret = (circle: CircleId): { secret: string; at: Millis } | null => {
	try {
		const raw = JSON.parse(localStorage.getItem(inviteSecretKey(circle)) ?? 'null') as unknown;
		if (raw && typeof raw === 'object') {
			const { secret, at } = raw as { secret?: unknown; at?: unknown };
			if (typeof secret === 'string' && /^[0-9a-f]{64}$/.test(secret) && typeof at === 'number')
				return { secret, at };
		}
	} catch {
		/* nothing kept */
	}
	return null;
};

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
	via: 'in person' | 'room' | 'file' | 'camera';
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
 * A sentence when the genesis this phone's ledger accepted (`accepted`, from the circle's
 * state) is not the one its invite named; else null. Since v2 the ledger accepts only the
 * genesis bound to the circle id (core circleIdFor, threat-model.md T19), so a rival history
 * is refused there; this catches an invite that named another genesis than the circle's.
 */
export const checkGenesis = (circle: CircleId, accepted: EntryId | null): string | null => {
	let expected: string | null = null;
	try {
		expected = localStorage.getItem(inviteKey(circle));
	} catch {
		return null;
	}
	if (!expected || !accepted || accepted === expected) return null;
	return worded({ code: 'invite-history-mismatch' });
};
