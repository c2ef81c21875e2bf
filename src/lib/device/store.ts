/**
 * The device's own records (identity, the circles it holds, remembered signature
 * verdicts) behind one small port, so the app can run on IndexedDB or, where the
 * browser has storage switched off (some private modes), in memory.
 *
 * Both implementations pass the same suite (tests/device/store.test.ts). Errors a
 * person can act on are typed: StorageFullError for a full disk, and
 * StorageUnavailableError when the browser refuses IndexedDB altogether.
 */
import { CodedError } from '$lib/sync/failure';

/** The object stores of the `circulate-device` database. */
/** `meetings`: a meeting in progress on this phone, per circle (state/meeting-draft.ts). */
export type StoreName = 'identity' | 'circles' | 'verdicts' | 'aside' | 'meetings';

export const DEVICE_DB = 'circulate-device';
const DEVICE_DB_VERSION = 2;
const STORES: readonly StoreName[] = ['identity', 'circles', 'verdicts', 'aside', 'meetings'];

export interface DeviceStore {
	/** False when nothing written here will outlive the tab. */
	readonly persistent: boolean;
	get(store: StoreName, key: string): Promise<unknown>;
	/** Every record of a store whose key starts with `prefix` (all when omitted), in key order. */
	entries(store: StoreName, prefix?: string): Promise<[key: string, value: unknown][]>;
	put(store: StoreName, key: string, value: unknown): Promise<void>;
	putMany(store: StoreName, records: readonly [key: string, value: unknown][]): Promise<void>;
	delete(store: StoreName, key: string): Promise<void>;
	close(): void;
}

// Codes, worded in the member's language when read (rule_storage_* in outcomes.json).
export class StorageFullError extends CodedError {
	constructor(cause?: unknown) {
		super('storage-full');
		this.cause = cause;
	}
}

export class StorageUnavailableError extends CodedError {
	constructor(cause?: unknown) {
		super('storage-unavailable');
		this.cause = cause;
	}
}

/** True for the DOMException browsers throw when the origin's quota is used up. */
export const isQuotaError = (err: unknown): boolean =>
	err instanceof StorageFullError ||
	(typeof err === 'object' &&
		err !== null &&
		'name' in err &&
		((err as { name: unknown }).name === 'QuotaExceededError' ||
			(err as { name: unknown }).name === 'NS_ERROR_DOM_QUOTA_REACHED'));

const translate = (err: unknown): Error =>
	isQuotaError(err) ? new StorageFullError(err) : err instanceof Error ? err : new Error(String(err));

const done = <T>(req: IDBRequest<T>): Promise<T> =>
	new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(translate(req.error));
	});

const finished = (tx: IDBTransaction): Promise<void> =>
	new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(translate(tx.error));
		tx.onabort = () =>
			reject(
				translate(tx.error ?? new Error('the write was aborted') /* i18n-ignore: a cause, never shown */)
			);
	});

const prefixRange = (prefix: string): IDBKeyRange =>
	IDBKeyRange.bound(prefix, prefix + '\uffff', false, false);

class IdbStore implements DeviceStore {
	readonly persistent = true;
	constructor(private readonly db: IDBDatabase) {}

	async get(store: StoreName, key: string): Promise<unknown> {
		return done(this.db.transaction(store, 'readonly').objectStore(store).get(key));
	}

	async entries(store: StoreName, prefix?: string): Promise<[string, unknown][]> {
		const os = this.db.transaction(store, 'readonly').objectStore(store);
		const range = prefix === undefined ? undefined : prefixRange(prefix);
		const [keys, values] = await Promise.all([done(os.getAllKeys(range)), done(os.getAll(range))]);
		return keys.map((k, i) => [String(k), values[i]]);
	}

	async put(store: StoreName, key: string, value: unknown): Promise<void> {
		return this.putMany(store, [[key, value]]);
	}

	async putMany(store: StoreName, records: readonly [string, unknown][]): Promise<void> {
		if (records.length === 0) return;
		try {
			const tx = this.db.transaction(store, 'readwrite');
			const os = tx.objectStore(store);
			for (const [k, v] of records) os.put(v, k);
			await finished(tx);
		} catch (err) {
			throw translate(err);
		}
	}

	async delete(store: StoreName, key: string): Promise<void> {
		const tx = this.db.transaction(store, 'readwrite');
		tx.objectStore(store).delete(key);
		await finished(tx);
	}

	close(): void {
		this.db.close();
	}
}

/** Nothing here outlives the tab; used where the browser refuses IndexedDB, and in tests. */
export class MemoryStore implements DeviceStore {
	readonly persistent = false;
	private readonly data = new Map<StoreName, Map<string, unknown>>(STORES.map((s) => [s, new Map()]));

	private of(store: StoreName): Map<string, unknown> {
		return this.data.get(store)!;
	}
	async get(store: StoreName, key: string): Promise<unknown> {
		return structuredClone(this.of(store).get(key));
	}
	async entries(store: StoreName, prefix = ''): Promise<[string, unknown][]> {
		return [...this.of(store).entries()]
			.filter(([k]) => k.startsWith(prefix))
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([k, v]) => [k, structuredClone(v)]);
	}
	async put(store: StoreName, key: string, value: unknown): Promise<void> {
		this.of(store).set(key, structuredClone(value));
	}
	async putMany(store: StoreName, records: readonly [string, unknown][]): Promise<void> {
		for (const [k, v] of records) this.of(store).set(k, structuredClone(v));
	}
	async delete(store: StoreName, key: string): Promise<void> {
		this.of(store).delete(key);
	}
	close(): void {}
}

/** Opens the device database, or throws StorageUnavailableError. */
export const openIdbStore = (name = DEVICE_DB): Promise<DeviceStore> =>
	new Promise((resolve, reject) => {
		let req: IDBOpenDBRequest;
		try {
			if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('indexedDB is undefined'); // i18n-ignore: a cause, never shown
			req = indexedDB.open(name, DEVICE_DB_VERSION);
		} catch (err) {
			reject(new StorageUnavailableError(err));
			return;
		}
		req.onupgradeneeded = () => {
			for (const s of STORES) if (!req.result.objectStoreNames.contains(s)) req.result.createObjectStore(s);
		};
		req.onsuccess = () => {
			// A newer app in another tab upgrades the database (v2 added `meetings`): this older
			// connection steps aside instead of blocking the upgrade for ever (what the older tab writes
			// after that fails with an error it reports, until it reloads).
			req.result.onversionchange = () => req.result.close();
			resolve(new IdbStore(req.result));
		};
		req.onerror = () => reject(new StorageUnavailableError(req.error));
	});

/**
 * The store the app runs on: IndexedDB when the browser allows it, memory otherwise
 * (the app then shows that nothing will be kept after closing).
 */
export const openDeviceStore = async (name = DEVICE_DB): Promise<DeviceStore> => {
	try {
		return await openIdbStore(name);
	} catch (err) {
		if (err instanceof StorageUnavailableError) return new MemoryStore();
		throw err;
	}
};

/**
 * Keeps a copy of a record the app could not read, so nothing saved is ever lost:
 * it can be inspected or recovered later, and the original slot can be reused.
 */
export const setAside = async (
	store: DeviceStore,
	from: StoreName,
	key: string,
	value: unknown,
	reason: string,
	now: number
): Promise<string> => {
	const asideKey = `${from}/${key}/${now}`;
	await store.put('aside', asideKey, { from, key, value, reason, at: now });
	return asideKey;
};
