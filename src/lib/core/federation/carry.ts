/**
 * Delegates carry the documents (issue 14, item 3). A delegate's phone holds the federation's
 * ledger beside their circle's; it travels as a file (the same paths as a circle's file: carried
 * by hand, or sent over whatever sync the phones share) and merges by entry id, so carrying it
 * twice, or in both directions, changes nothing. Back at their circle the delegate records the
 * carry in the circle's ledger (`federation.carry`: how many entries, how many new since the last
 * carry, and a digest of the ids), and the circle's phones show what changed since then.
 *
 * Pure: the file is read from untrusted text into entries, never trusted further than the fold.
 */
import { sha256Hex } from '../bytes';
import { decodeEntry, encodeEntry, entryId, verifySignature } from '../entry';
import { reject, RuleError } from '../host/domain';
import type { Entry, EntryId } from '../types';
import { FEDERATION_TYPES, validEntries, type FederationState } from './fold';
import type { FederationId } from './certificate';

export const FILE_KIND = 'circulate-federation';
export const FILE_VERSION = 1;
/** The largest federation file a phone reads (characters). */
export const FILE_MAX = 16 * 1024 * 1024;

export interface FederationFile {
	kind: typeof FILE_KIND;
	v: number;
	federation: string;
	entries: Entry[];
}

/** The file a delegate carries: every entry of the federation this phone holds, in fold order. */
export const federationFileText = (
	federation: FederationId | string,
	entries: readonly unknown[]
): string => {
	const valid = validEntries(federation, entries).map((v) => v.entry);
	for (const e of valid) encodeEntry(e); // size check
	const file: FederationFile = { kind: FILE_KIND, v: FILE_VERSION, federation, entries: valid };
	return JSON.stringify(file);
};

/**
 * Reads a carried file's envelope: its federation id and its entries as they stand (each one is
 * checked by takeCarried, the same checks as entries a phone sends over a sync channel). Throws a RuleError with a code when the file
 * is not a federation file at all.
 */
export const readFederationFile = (text: string): { federation: FederationId; entries: unknown[] } => {
	if (text.length > FILE_MAX) throw new RuleError(reject('fed-file-large', { max: FILE_MAX }));
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw new RuleError(reject('fed-file-corrupt'));
	}
	const o = raw as Partial<FederationFile> | null;
	if (!o || typeof o !== 'object' || o.kind !== FILE_KIND || !Array.isArray(o.entries))
		throw new RuleError(reject('fed-file-kind'));
	if (o.v !== FILE_VERSION) throw new RuleError(reject('fed-file-version'));
	if (typeof o.federation !== 'string' || !/^[0-9a-f]{32}$/.test(o.federation))
		throw new RuleError(reject('fed-file-kind'));
	// Each entry is checked by takeCarried, which sets aside what does not read, belong or verify.
	return { federation: o.federation as FederationId, entries: o.entries as unknown[] };
};

/** Merges what a phone holds with what was carried in: one copy of each entry, by id. */
export const mergeEntries = (
	held: readonly Entry[],
	carried: readonly Entry[]
): { entries: Entry[]; added: number } => {
	const ids = new Set(held.map((e) => entryId(e)));
	const out = [...held];
	let added = 0;
	for (const e of carried) {
		const id = entryId(e);
		if (ids.has(id)) continue;
		ids.add(id);
		out.push(e);
		added++;
	}
	return { entries: out, added };
};

/** Why a carried entry was set aside before anything was kept (federation.json words each). */
export type AsideCode = 'fed-carry-unreadable' | 'fed-carry-foreign' | 'fed-carry-signature';

export interface Taken {
	/** What the phone holds now: what it held, then each new entry that passed, once. */
	entries: Entry[];
	added: number;
	/** Entries set aside, with the reason (the id when the entry read far enough to have one). */
	aside: { id: string | null; code: AsideCode }[];
}

/**
 * Takes entries carried in for `federation` (a file, or a phone over a sync channel: the same
 * checks for both): each must read as a signed entry (`fed-carry-unreadable`), belong to this
 * federation and be a federation entry type (`fed-carry-foreign`), and carry a signature that
 * verifies (`fed-carry-signature`); anything else is set aside with its reason and never kept.
 * What passes is merged by id with what the phone holds (nothing held is ever dropped); what it
 * means is the fold's to judge (an entry a delegate had no standing to sign is kept and refused
 * there, as evidence, like any).
 */
export const takeCarried = (
	federation: FederationId | string,
	held: readonly Entry[],
	carried: readonly unknown[]
): Taken => {
	const aside: Taken['aside'] = [];
	const ok: Entry[] = [];
	// An entry already held is the same bytes (its id hashes the whole signed entry): not checked again.
	const have = new Set(held.map((e) => entryId(e)));
	for (const r of carried) {
		let e: Entry;
		try {
			e = decodeEntry(r);
		} catch {
			aside.push({ id: null, code: 'fed-carry-unreadable' });
			continue;
		}
		const id = entryId(e);
		if (have.has(id)) continue;
		if (e.circle !== federation || !(FEDERATION_TYPES as readonly string[]).includes(e.type)) {
			aside.push({ id, code: 'fed-carry-foreign' });
			continue;
		}
		if (!verifySignature(e)) {
			aside.push({ id, code: 'fed-carry-signature' });
			continue;
		}
		ok.push(e);
	}
	const merged = mergeEntries(held, ok);
	return { entries: merged.entries, added: merged.added, aside };
};

/** The digest of a set of entry ids (sorted, one per line): what a carry records. */
export const idsDigest = (ids: Iterable<string>): string => sha256Hex([...ids].sort().join('\n'));

/**
 * What a carry records, and "what changed since the last carry": the entries the federation's
 * ledger holds now, those not among `before` (the ids held at the last carry), and the digest.
 */
export const carrySummary = (
	state: FederationState,
	before: ReadonlySet<string>
): { entries: number; fresh: number; digest: string; changed: EntryId[] } => {
	const changed = [...state.ids].filter((id) => !before.has(id)).sort() as EntryId[];
	return { entries: state.ids.size, fresh: changed.length, digest: idsDigest(state.ids), changed };
};
