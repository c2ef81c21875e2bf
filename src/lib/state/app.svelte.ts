/**
 * The app's device-level state as runes: the store, identity, the circles this device
 * holds, and notices for the person (storage full, unreadable records, private mode).
 * Components read these fields and call the intents; nothing else touches storage.
 */
import { lazy } from '$lib/lazy';
import type { CircleId, EntryId, MemberKey } from '$lib/core/types';
import * as identityStore from '$lib/device/identity';
import type { Identity } from '$lib/device/identity';
import { StorageFullError, isQuotaError, openDeviceStore, type DeviceStore } from '$lib/device/store';
import * as registry from '$lib/sync/device-db';
import { errorText } from '$lib/messages';
import type { CircleRecord } from '$lib/sync/device-db';
import type { CircleView } from './circle.svelte';
import type { SessionDeps } from './circle-session';
import type * as CirclesModule from './circles';
import { refuse } from '$lib/core/host/domain';

/**
 * What opens a circle (the core and its domains, Yjs, signing, the intents): loaded on first need,
 * not with the first screen. Home, welcome, joining and settings render without it, so a phone on
 * one bar shows the app at once (first-load budget, README); the circle's screens wait for it in their
 * load function (routes/circle/[id]/+layout.ts), and Home asks for it once the page is idle.
 */
interface Machinery {
	circles: typeof CirclesModule;
	CircleView: typeof CircleView;
}
let machinery: Machinery | null = null;
const loadMachinery = lazy(() =>
	Promise.all([import('./circles'), import('./circle.svelte')]).then(
		([circles, view]): Machinery => (machinery = { circles, CircleView: view.CircleView })
	)
);

const CIRCLE_ID = /^[0-9a-f]{32}$/;

export type { CircleRecord } from '$lib/sync/device-db';

export interface Notice {
	id: number;
	tone: 'info' | 'warn' | 'error';
	text: string;
}

export const STORAGE_FULL = new StorageFullError().message;

export class AppState {
	/** True once the device store has been opened and read. */
	ready = $state.raw(false);
	/** False when the browser keeps nothing (private mode): everything lives in memory. */
	persistent = $state.raw(true);
	identity = $state.raw<Identity | null>(null);
	circles = $state.raw<readonly CircleRecord[]>([]);
	notices = $state.raw<readonly Notice[]>([]);

	#store: DeviceStore | null = null;
	#nextNotice = 1;
	// A cache of view objects, not state: nothing renders from the map itself.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#views = new Map<CircleId, CircleView>();
	#starting: Promise<void> | null = null;

	constructor(private readonly openStore: () => Promise<DeviceStore> = () => openDeviceStore()) {}

	/** Starts the app and loads what opens a circle (see Machinery); then `circle(id)` answers. */
	async openCircles(): Promise<void> {
		await Promise.all([this.start(), loadMachinery()]);
	}

	/** Opens the device store and reads identity and circles; safe to call more than once. */
	start(): Promise<void> {
		return (this.#starting ??= this.#start());
	}

	async #start(): Promise<void> {
		const store = await this.openStore();
		this.#store = store;
		this.persistent = store.persistent;
		// Ask the browser not to evict this origin's data under storage pressure: a
		// member's key and ledger should not vanish because the phone got full.
		if (store.persistent && typeof navigator !== 'undefined')
			void navigator.storage?.persist?.().catch(() => false);
		if (typeof window !== 'undefined') {
			// y-indexeddb writes in the background; a full disk surfaces as an unhandled rejection.
			window.addEventListener('unhandledrejection', (event) => {
				if (isQuotaError(event.reason)) {
					event.preventDefault();
					this.report(event.reason);
				}
			});
		}
		try {
			const loaded = await identityStore.loadIdentity(store, Date.now());
			this.identity = loaded.identity;
			if (loaded.problem) this.notify(loaded.problem, 'warn');
		} catch (err) {
			this.report(err);
		}
		try {
			const list = await registry.listCircles(store, Date.now());
			this.circles = list.circles;
			for (const p of list.problems) this.notify(p, 'warn');
		} catch (err) {
			this.report(err);
		}
		this.ready = true;
	}

	get store(): DeviceStore {
		if (!this.#store) throw new Error('the device store is not open yet'); // i18n-ignore: a bug, never shown
		return this.#store;
	}

	deps(): SessionDeps {
		return {
			store: this.store,
			persistent: this.persistent,
			now: () => Date.now(),
			onProblem: (err) => this.report(err),
			identity: () => this.identity
		};
	}

	notify(text: string, tone: Notice['tone'] = 'info'): void {
		if (this.notices.some((n) => n.text === text)) return;
		this.notices = [...this.notices, { id: this.#nextNotice++, tone, text }];
	}

	dismiss(id: number): void {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	/** Turns a failure into a notice a person can act on. */
	report(err: unknown): void {
		if (isQuotaError(err)) this.notify(STORAGE_FULL, 'error');
		else this.notify(errorText(err), 'error');
	}

	async createIdentity(name: string): Promise<void> {
		const problem = identityStore.checkName(name);
		if (problem) throw new Error(problem);
		this.identity = await identityStore.createIdentity(this.store, name, Date.now()).catch(async (err) => {
			if (!isQuotaError(err)) throw err;
			// Keep working in memory: the key exists for this session; say it was not saved.
			this.report(err);
			const { generateKeyPair } = await import('$lib/device/ed25519');
			const pair = await generateKeyPair();
			return { name: name.trim(), publicKey: pair.publicKey, secretKey: pair.secretKey, created: Date.now() };
		});
	}

	async renameIdentity(name: string): Promise<void> {
		if (!this.identity) return;
		this.identity = await identityStore.renameIdentity(this.store, this.identity, name);
	}

	/** Restores from a backup file; throws identity.BackupError with a sentence to show. */
	async restoreIdentity(file: Blob | string, passphrase: string): Promise<Identity> {
		const restored = await identityStore.importBackup(this.store, file, passphrase, Date.now());
		this.identity = restored;
		return restored;
	}

	/** Reads whose backup a file is, without the passphrase (or throws BackupError). */
	async peekBackup(file: Blob): Promise<{ name: string; publicKey: MemberKey }> {
		const header = identityStore.readBackupHeader(await file.text());
		return { name: header.name, publicKey: header.publicKey as MemberKey };
	}

	async backup(passphrase: string): Promise<{ blob: Blob; fileName: string }> {
		if (!this.identity) return refuse('no-identity');
		return {
			blob: await identityStore.exportBackup(this.identity, passphrase),
			fileName: identityStore.backupFileName(this.identity.name)
		};
	}

	async createCircle(name: string, commons: string): Promise<CircleId> {
		if (!this.identity) return refuse('choose-name-first');
		try {
			const { circles } = await loadMachinery();
			const record = await circles.foundCircle(this.deps(), this.identity, name, commons);
			this.circles = [...this.circles.filter((c) => c.id !== record.id), record];
			return record.id;
		} catch (err) {
			throw isQuotaError(err) ? new StorageFullError(err) : err;
		}
	}

	/**
	 * Keeps a circle on this device that was not founded here (joined by invite, a
	 * demo, an imported file): writes its registry line and returns its live view.
	 * Pass the founder's key from the invite so that only their genesis counts.
	 */
	async addCircle(record: CircleRecord): Promise<CircleView> {
		await loadMachinery();
		const existing = this.circles.find((c) => c.id === record.id);
		const next: CircleRecord = { ...record, ...(existing ? { added: existing.added } : {}) };
		await registry.putCircle(this.store, next).catch((err: unknown) => {
			if (!isQuotaError(err)) throw err;
			this.report(err); // kept in memory for this session
		});
		this.circles = [...this.circles.filter((c) => c.id !== record.id), next];
		return this.circle(record.id)!;
	}

	/**
	 * The live view of a circle (one per circle), or null when this device does not hold it, or
	 * before `openCircles()` has loaded what opens one.
	 */
	circle(id: string): CircleView | null {
		const record = CIRCLE_ID.test(id) ? this.circles.find((c) => c.id === id) : undefined;
		if (!record || !machinery) return null;
		const { circles, CircleView } = machinery;
		let view = this.#views.get(record.id);
		if (!view) {
			const session = circles.sessionFor(record.id, this.deps(), record.founder);
			// Opening a circle starts its duties (sealing due draws) for as long as it stays open.
			view = new CircleView(session, { identity: () => this.identity, onProblem: (err) => this.report(err) });
			this.#views.set(record.id, view);
			// The home screen shows the registry's copy of the name, and whether the circle is still
			// awaited (joined by invite, not yet received): keep both in step with the ledger.
			session.onChange(() => {
				const rec = this.circles.find((c) => c.id === id);
				if (!rec) return;
				const next = circles.recordFor(rec, session.snapshot, this.identity?.publicKey ?? null);
				if (next === rec) return;
				this.circles = this.circles.map((c) => (c.id === id ? next : c));
				registry.putCircle(this.store, next).catch((err) => this.report(err));
			});
		}
		return view;
	}

	async proposeRemoval(id: CircleId, member: MemberKey, reason: string): Promise<void> {
		await loadMachinery();
		const view = this.circle(id);
		if (!view || !this.identity) return refuse('only-members');
		await (await loadMachinery()).circles.proposeRemoval(view.session, this.identity, member, reason);
	}

	async supportRemoval(id: CircleId, proposal: EntryId): Promise<void> {
		await loadMachinery();
		const view = this.circle(id);
		if (!view || !this.identity) return refuse('only-members');
		await (await loadMachinery()).circles.supportRemoval(view.session, this.identity, proposal);
	}

	async renameCircle(id: CircleId, name: string): Promise<void> {
		await loadMachinery();
		const view = this.circle(id);
		if (!view || !this.identity) return;
		await (await loadMachinery()).circles.renameCircle(view.session, this.identity, name);
	}

	async leaveCircle(id: CircleId): Promise<void> {
		this.#views.get(id)?.close();
		this.#views.delete(id);
		const { circles } = await loadMachinery();
		await circles.leaveCircle(this.deps(), id, this.identity);
		this.circles = this.circles.filter((c) => c.id !== id);
	}
}

/** The one app state of this page. */
export const app = new AppState();
