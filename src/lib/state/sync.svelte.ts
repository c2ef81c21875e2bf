/**
 * The Sync screen's state: which ways to sync work on this phone now, the three paths (in
 * person, the room, files), and this phone's sync log with the check that what arrived starts
 * with the genesis the invite named. Made per open circle by the screen, closed when it goes.
 */
import { nextTask } from '$lib/sync/next-task';
import type { CircleId } from '$lib/core/types';
import { addLog, checkGenesis, readLog, type SyncLogItem } from '$lib/sync/circle-sync';
import { flushed } from '$lib/sync/circle-doc';
import { webrtcAvailable } from '$lib/sync/pairing';
import { cameraAvailable } from '$lib/sync/qr';
import type { CircleView } from './circle.svelte';
import { CircleFiles } from './files.svelte';
import { CameraSync } from './camera-sync.svelte';
import { arrivalsOf, type Arrival } from './needs';
import { Pairing } from './pairing.svelte';
import { CircleRoom } from './rooms.svelte';
import { canShareFiles } from './save-file';
import { noteSynced } from './catch-up.svelte';
import { syncSettingsFor } from './sync-settings.svelte';
import { m } from '$lib/i18n';
import { wordGovernance } from './role-words';
import { federation } from '$lib/core/federation';
import { charter } from '$lib/core/domains';
import { privacyOf } from '$lib/core/privacy/section';
import { federations } from './federation.svelte';
import { federationExchange } from './federation-sync';

export type { SyncLogItem } from '$lib/sync/circle-sync';

export interface SyncPath {
	name: string;
	ok: boolean;
	detail: string;
}

export class SyncScreen {
	/** This phone's last syncs of the circle, newest first. */
	log = $state.raw<readonly SyncLogItem[]>([]);
	/** Set when the history received does not start with the circle the invite named. */
	genesisWarning = $state.raw<string | null>(null);

	readonly pairing: Pairing;
	readonly room: CircleRoom;
	readonly files: CircleFiles;
	readonly camera: CameraSync;
	readonly #shareFiles = canShareFiles();
	/** What the last sync that brought something brought (state/needs.ts), newest sync only. */
	arrivals = $state.raw<Arrival[]>([]);
	/** The entries this screen has already accounted for (bookkeeping, not state: nothing renders it). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#seen = new Set<string>();

	constructor(
		readonly view: CircleView,
		/** This phone's name as other phones are told it. */
		myName: () => string,
		/** Whether this many bytes more fit on the phone (asked before an import). */
		hasRoomFor?: (bytes: number) => Promise<boolean>
	) {
		const doc = view.doc;
		const circle: CircleId = view.session.circle;
		this.log = readLog(circle);
		void view.session.settled().then(() => {
			for (const e of view.session.snapshot.entries) this.#seen.add(e.id);
		});
		const onresult = (item: SyncLogItem) => this.record(item);
		const saved = () => flushed(view.session.handle);
		const session = view.session;
		// Federation ledgers travel with the circle: those this phone holds and those the circle's
		// own ledger has a mandate for (asked once what the sync brought is folded).
		const shelf = federations();
		const fedx = federationExchange(
			shelf.phone.docs,
			async () => {
				await session.settled();
				return view
					.domain(federation)
					.at(Date.now())
					.map((l) => l.federation);
			},
			() => shelf.change(() => undefined),
			() =>
				view
					.domain(federation)
					.at(Date.now())
					.map((l) => l.federation)
		);
		const deps = { doc, circle, myName, onresult, saved, federations: fedx };
		const checking = {
			count: () => {
				const s = session.snapshot;
				return s.entries.length + s.quarantine.length + s.pending;
			},
			onChange: (cb: () => void) => session.onChange(cb),
			settled: () => session.settled()
		};
		this.pairing = new Pairing({ ...deps, checking });
		this.room = new CircleRoom({ ...deps, checking }, syncSettingsFor(view));
		this.files = new CircleFiles({
			...deps,
			circleName: () => view.snapshot.name,
			hasRoomFor,
			privacy: () => privacyOf(view.domain(charter).at(Date.now()).inForce)
		});
		this.camera = new CameraSync({ ...deps, circleName: () => view.snapshot.name }, this.files);
	}

	/** The ways to sync that work on this phone now. */
	get paths(): SyncPath[] {
		const rtc = webrtcAvailable();
		const servers = this.room.urls.length;
		return [
			{
				name: m.sync_path_person(),
				ok: rtc,
				detail: rtc
					? cameraAvailable()
						? m.sync_path_person_ready()
						: m.sync_path_person_paste()
					: m.sync_path_person_none()
			},
			{
				name: m.sync_path_rooms(),
				ok: servers > 0 && rtc,
				detail: servers > 0 ? m.sync_path_rooms_count({ count: servers }) : m.sync_path_rooms_none()
			},
			{
				name: m.sync_camera_title(),
				ok: cameraAvailable(),
				detail: cameraAvailable() ? m.sync_path_camera_ready() : m.sync_path_camera_none()
			},
			{
				name: m.sync_files_title(),
				ok: true,
				detail: this.#shareFiles ? m.sync_path_files_share() : m.sync_path_files_download()
			}
		];
	}

	/** Adds a sync to the log and checks the genesis the ledger accepted against the invite's. */
	record(item: SyncLogItem): void {
		const circle = this.view.session.circle;
		this.log = addLog(circle, item);
		if (item.ok) noteSynced();
		this.genesisWarning = checkGenesis(circle, this.view.snapshot.genesis);
		if (item.ok) void this.#describe();
	}

	/** The entries that came in since this screen opened (or the last sync), as what people did. */
	async #describe(): Promise<void> {
		const session = this.view.session;
		await session.settled();
		const fresh = session.snapshot.entries.filter((e) => !this.#seen.has(e.id));
		for (const e of fresh) this.#seen.add(e.id);
		if (!fresh.length) return;
		const me = this.view.signer.me();
		const governance = wordGovernance(session.book.state(Date.now()));
		// The governance state after a long sync is worked out afresh (rotation's draws): the list
		// it words is drawn in the next task, not in this one.
		await nextTask();
		this.arrivals = arrivalsOf(fresh, governance, me);
	}

	/** Leaves the room and closes any pairing (the screen is going away). */
	close(): void {
		this.pairing.close();
		this.room.leave();
		this.camera.stop();
	}
}
