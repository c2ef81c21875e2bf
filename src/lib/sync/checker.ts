/**
 * Reading and verifying entries that arrive (a sync's slices, an import, a first load without
 * remembered verdicts) off the page's thread, in a module worker (check-worker.ts), so the
 * screen stays responsive while thousands are checked (issue 12, item 1). Batches under
 * WORKER_MIN, and browsers without module workers, are checked on the page by the same
 * functions: the verdicts are the same either way (tests/sync/checker.test.ts).
 */
import type { Rejection } from '$lib/core/host/domain';
import type { Entry, EntryId } from '$lib/core/types';
import type { UnreadableEntry, StoredEntry } from './circle-doc';
import { bytesToHex, sha256Hex } from '$lib/core/bytes';
import { readEntry } from './stored-entry';
import * as verdicts from './verdicts';

/**
 * A request to the worker: `n` numbers the answer. With `hashOnly`, it only says for each item
 * whether the text's SHA-256 is the id (`boolean[]`): for texts this device has verified before.
 */
export interface CheckRequest {
	n: number;
	items: [id: string, text: string][];
	hashOnly?: boolean;
}
/** `[1, signature valid]` for an entry that reads, `[0, why]` for a value that does not. */
export type CheckResult = [1, boolean] | [0, Rejection];

/** Fewer unknown entries than this are checked on the page (a worker round trip costs more). */
export const WORKER_MIN = 16;
/** Entries per message to the worker: small enough that each answer is folded promptly. */
const WORKER_BATCH = 500;

/**
 * How many checking workers: one per core up to four (a phone's cores check a first sync's
 * batches side by side; each batch goes to the next worker in turn).
 */
const POOL = Math.max(
	1,
	Math.min(4, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2)
);

let pool: Worker[] | null | undefined;
let turn = 0;
let asked = 0;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const waiting = new Map<number, { resolve: (r: any) => void; reject: (e: unknown) => void }>();

const startPool = (): Worker[] | null => {
	if (typeof Worker === 'undefined') return null;
	const workers: Worker[] = [];
	try {
		for (let i = 0; i < POOL; i++) {
			const w = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' });
			w.onmessage = (event: MessageEvent<{ n: number; results: unknown }>) => {
				const p = waiting.get(event.data.n);
				waiting.delete(event.data.n);
				p?.resolve(event.data.results);
			};
			w.onerror = (event) => {
				// A worker that cannot start (or broke): check on the page from now on.
				event.preventDefault();
				for (const x of workers) x.terminate();
				pool = null;
				for (const p of waiting.values()) p.reject(new Error('the checking worker stopped')); // i18n-ignore: a cause
				waiting.clear();
			};
			workers.push(w);
		}
	} catch {
		for (const x of workers) x.terminate();
		return null;
	}
	return workers;
};

/** The next checking worker in turn, or null when there are none (checks run on the page). */
const theWorker = (): Worker | null => {
	if (pool === undefined) pool = startPool();
	if (!pool) return null;
	return pool[turn++ % pool.length]!;
};

/** Only for tests: whether checks go to a worker. */
export const usesWorker = (): boolean => theWorker() !== null;

/** Starts the worker ahead of need (a circle opening: it loads while the saved doc is read). */
export const warmUp = (): void => void theWorker();

const textEncoder = new TextEncoder();

/** SHA-256 of `text`'s UTF-8 bytes is `id`: WebCrypto where there is one, else noble (same answer). */
export const hashesTo = async (id: string, text: string): Promise<boolean> => {
	const s = globalThis.crypto?.subtle;
	if (!s) return sha256Hex(text) === id;
	return bytesToHex(new Uint8Array(await s.digest('SHA-256', textEncoder.encode(text)))) === id;
};

const hashOnPage = (items: [string, string][]): Promise<boolean[]> =>
	Promise.all(items.map(([id, text]) => hashesTo(id, text).catch(() => sha256Hex(text) === id)));

/**
 * For texts this device verified before (it holds a verdict for their id): whether each still
 * hashes to its id, so the remembered verdict applies to these very bytes (threat-model.md
 * "Start-up"). In the worker, off the page's thread, when there is one.
 */
export const hashMatches = async (items: [string, string][]): Promise<boolean[]> => {
	const w = items.length >= WORKER_MIN ? theWorker() : null;
	if (!w) return hashOnPage(items);
	return new Promise<boolean[]>((resolve, reject) => {
		const n = ++asked;
		waiting.set(n, { resolve, reject });
		w.postMessage({ n, items, hashOnly: true } satisfies CheckRequest);
	}).catch(() => hashOnPage(items));
};

const onPage = async (items: [string, string][]): Promise<CheckResult[]> => {
	const results: CheckResult[] = new Array(items.length);
	const read: Entry[] = [];
	const at: number[] = [];
	items.forEach(([id, text], i) => {
		const r = readEntry(id, text);
		if (r.ok) {
			read.push(r.entry);
			at.push(i);
		} else results[i] = [0, r.problem];
	});
	const ok =
		read.length === 0
			? []
			: read.length === 1
				? [await verdicts.verifyEntry(read[0]!)]
				: await verdicts.verifyEntries(read);
	ok.forEach((v, k) => (results[at[k]!] = [1, v]));
	return results;
};

const inWorker = (w: Worker, items: [string, string][]): Promise<CheckResult[]> =>
	new Promise((resolve, reject) => {
		const n = ++asked;
		waiting.set(n, { resolve, reject });
		w.postMessage({ n, items } satisfies CheckRequest);
	});

/** Reads and verifies `items` (id, stored text): in the worker when there is one, else here. */
export const checkTexts = async (items: [string, string][]): Promise<CheckResult[]> => {
	if (items.length < WORKER_MIN || !theWorker()) return onPage(items);
	const parts: Promise<CheckResult[]>[] = [];
	for (let i = 0; i < items.length; i += WORKER_BATCH) {
		const part = items.slice(i, i + WORKER_BATCH);
		const w = theWorker();
		parts.push(w ? inWorker(w, part).catch(() => onPage(part)) : onPage(part));
	}
	return (await Promise.all(parts)).flat();
};

export interface Checked {
	/** Entries that read under their key, in key order. */
	entries: StoredEntry[];
	unreadable: UnreadableEntry[];
	/** Signature verdicts for the entries that had none (`known` said so). */
	verdicts: [EntryId, boolean][];
}

/**
 * Reads the values of `ids` in `values` (the doc's entries map) and verifies the entries this
 * device has no verdict for: what circle-doc readEntries and verdicts.verifyEntries did on the
 * page, with the costly part (canonical check, hashing, signatures) in the worker.
 */
export const checkStored = async (
	values: { get(id: string): unknown; has(id: string): boolean },
	ids: Iterable<string>,
	known: (id: string) => boolean
): Promise<Checked> => {
	const keys = [...ids].sort();
	const entries: StoredEntry[] = [];
	const unreadable: UnreadableEntry[] = [];
	const fresh: [string, string][] = [];
	const texts: string[] = [];
	const slot: number[] = [];
	for (const id of keys) {
		if (!values.has(id)) continue;
		const value = values.get(id);
		if (known(id) || typeof value !== 'string') {
			const r = readEntry(id, value, known(id));
			if (r.ok) entries.push({ id: id as EntryId, entry: r.entry });
			else unreadable.push({ id, problem: r.problem });
			continue;
		}
		slot.push(entries.length);
		entries.push(null as unknown as StoredEntry);
		fresh.push([id, value]);
		texts.push(value);
	}
	const results = fresh.length ? await checkTexts(fresh) : [];
	const newVerdicts: [EntryId, boolean][] = [];
	const drop = new Set<number>();
	results.forEach((r, k) => {
		const id = fresh[k]![0];
		if (r[0] === 1) {
			entries[slot[k]!] = { id: id as EntryId, entry: JSON.parse(texts[k]!) as Entry };
			newVerdicts.push([id as EntryId, r[1]]);
		} else {
			unreadable.push({ id, problem: r[1] });
			drop.add(slot[k]!);
		}
	});
	unreadable.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
	return {
		entries: drop.size ? entries.filter((_, i) => !drop.has(i)) : entries,
		unreadable,
		verdicts: newVerdicts
	};
};
