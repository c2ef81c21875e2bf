/**
 * The federation ledgers a delegate's phone holds beside its circles (issue 14, item 3): each one
 * is a list of signed entries, kept in the phone's storage under its federation id, merged by id
 * when a file comes in, and written to by this phone's member key (its own seq and prev, a clock
 * stamp after everything it holds, and the heads it has seen). What the entries mean is the core's
 * fold (core/federation); this module only keeps, writes and carries them.
 */
import * as ed from '$lib/core/ed25519';
import * as hlc from '$lib/core/hlc';
import { bytesToHex } from '$lib/core/bytes';
import { entryId, signingBytes } from '$lib/core/entry';
import { RuleError, type Rejection } from '$lib/core/host/domain';
import type { Json } from '$lib/core/canonical';
import {
	federationEntry,
	federationFileText,
	foldFederation,
	readFederationFile,
	takeCarried,
	validEntries,
	type FederationId,
	type FederationState,
	type Taken
} from '$lib/core/federation';
import type { Entry, EntryId, Hlc, MemberKey, Millis } from '$lib/core/types';

/** Where a phone keeps things: localStorage in the app, a Map in tests. */
export interface KeyValue {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

export const PREFIX = 'circulate:federation:';
const LIST = `${PREFIX}list`;

export interface Writer {
	key: MemberKey;
	secretKey: Uint8Array;
}

export class FederationDocs {
	constructor(private readonly store: KeyValue) {}

	/** The federations held on this phone. */
	list(): FederationId[] {
		try {
			const raw = JSON.parse(this.store.getItem(LIST) ?? '[]') as unknown;
			return Array.isArray(raw)
				? raw.filter((x): x is FederationId => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x))
				: [];
		} catch {
			return [];
		}
	}

	/** The entries held for `federation` (those that read and are signed; the fold judges the rest). */
	entries(federation: FederationId): Entry[] {
		try {
			const raw = JSON.parse(this.store.getItem(PREFIX + federation) ?? '[]') as unknown;
			return Array.isArray(raw) ? validEntries(federation, raw).map((v) => v.entry) : [];
		} catch {
			return [];
		}
	}

	state(federation: FederationId): FederationState {
		return foldFederation(federation, this.entries(federation));
	}

	private save(federation: FederationId, entries: readonly Entry[]): void {
		this.store.setItem(PREFIX + federation, JSON.stringify(entries));
		const list = this.list();
		if (!list.includes(federation)) this.store.setItem(LIST, JSON.stringify([...list, federation].sort()));
	}

	/**
	 * Takes in a carried file; returns its federation, how many entries were new here and those set
	 * aside with their reason (takeCarried: the same checks as a sync channel's).
	 */
	importFile(text: string): { federation: FederationId; added: number; aside: Taken['aside'] } {
		const { federation, entries } = readFederationFile(text);
		const r = takeCarried(federation, this.entries(federation), entries);
		this.save(federation, r.entries);
		return { federation, added: r.added, aside: r.aside };
	}

	/** Takes entries carried in for `federation` (a file or another phone): see takeCarried. */
	take(federation: FederationId, carried: readonly unknown[]): Taken {
		const r = takeCarried(federation, this.entries(federation), carried);
		if (r.added > 0 || this.list().includes(federation)) this.save(federation, r.entries);
		return r;
	}

	/** The entries held for `federation` whose ids are not in `ids` (what another phone lacks). */
	lacking(federation: FederationId, ids: ReadonlySet<string>): Entry[] {
		return this.entries(federation).filter((e) => !ids.has(entryId(e)));
	}

	/** The file a delegate carries. */
	exportFile(federation: FederationId): string {
		return federationFileText(federation, this.entries(federation));
	}

	/**
	 * Signs and keeps one entry as `writer`: its next seq after its own latest, a stamp after every
	 * stamp held (hlc.tick), and the newest entry of each other author as `seen` (at most eight).
	 * With `check`, the entry is kept only if `check(held + entry)` finds nothing to refuse; its
	 * rejection is thrown as a RuleError otherwise, and nothing is written.
	 */
	write(
		federation: FederationId,
		writer: Writer,
		type: string,
		body: { [key: string]: Json },
		now: Millis,
		check?: (entries: Entry[]) => Rejection | null
	): Entry {
		const held = this.entries(federation);
		let last: Hlc | null = null;
		const newest = new Map<string, Entry>();
		for (const e of held) {
			if (!last || hlc.compare(e.hlc, last) > 0) last = e.hlc;
			const n = newest.get(e.author);
			if (!n || e.seq > n.seq) newest.set(e.author, e);
		}
		const mine = newest.get(writer.key);
		const seen = [...newest.entries()]
			.filter(([k]) => k !== writer.key)
			.map(([, e]) => e)
			.sort((a, b) => hlc.compare(b.hlc, a.hlc))
			.slice(0, 8)
			.map((e) => entryId(e));
		const stamp = hlc.tick(last, now);
		const u = federationEntry({
			federation,
			author: writer.key,
			seq: (mine?.seq ?? 0) + 1,
			prev: mine ? (entryId(mine) as EntryId) : null,
			at: stamp[0],
			counter: stamp[1],
			type,
			body,
			seen
		});
		const e: Entry = { ...u, sig: bytesToHex(ed.sign(signingBytes(u), writer.secretKey)) };
		const problem = check?.([...held, e]) ?? null;
		if (problem) throw new RuleError(problem);
		this.save(federation, [...held, e]);
		return e;
	}
}
