/**
 * Carrying the circle as a file (sync/file.ts) as a screen's state: export the whole circle or
 * only what another phone lacks, or publish a read-only snapshot (the signed entries alone, no
 * room secret: the file to publish for `npm run verify`); hand it to the share sheet or the
 * downloads (save-file.ts); and import a file into the circle.
 */
import { m } from '$lib/i18n';
import { errorText } from '$lib/messages';
import * as file from '$lib/sync/file';
import { guardDoc } from '$lib/sync/circle-sync';
import { refuse } from '$lib/core/host/domain';
import type { SyncDeps } from './pairing.svelte';
import { shareOrDownload } from './save-file';
import { readEntries } from '$lib/sync/circle-doc';
import { recordPageFile } from './record-page-file';
import { isPrivateType, type Privacy } from '$lib/core/privacy/section';
import type { Entry } from '$lib/core/types';

export class CircleFiles {
	/** What the last export or import did, in a sentence. */
	status = $state.raw<string | null>(null);
	error = $state.raw<string | null>(null);
	/** Which control the status or error is about, so the screen shows it beside that control. */
	about = $state.raw<'export' | 'import'>('export');

	constructor(
		private readonly deps: Omit<SyncDeps, 'myName'> & {
			/** The circle's name now, for the file's name and the import check. */
			circleName: () => string;
			/** Whether this many bytes more fit on the phone (storage-room.ts); asked before an import. */
			hasRoomFor?: (bytes: number) => Promise<boolean>;
			/** The kinds the charter in force keeps out of what the circle publishes (core/privacy). */
			privacy?: () => Privacy;
		}
	) {}

	/** Whether an entry goes out as a stub in what the circle publishes (sync/private-stub.ts). */
	#isPrivate = (): ((entry: Entry) => boolean) => {
		const privacy = this.deps.privacy?.() ?? { kinds: [] };
		return (entry) => isPrivateType(privacy, entry.type);
	};

	#ref = () => ({ id: this.deps.circle, name: this.deps.circleName() });

	/** Exports the whole circle, or with `base` (the other phone's state vector) only what it lacks. */
	async export(base?: Uint8Array): Promise<void> {
		this.error = null;
		this.about = 'export';
		const { text, envelope } = file.exportCircle(this.deps.doc, this.#ref(), Date.now(), base);
		const name = file.fileName(envelope);
		try {
			const how = await shareOrDownload(text, name, `${this.deps.circleName()} (Circulate)`);
			this.status =
				envelope.kind === 'whole'
					? how === 'shared'
						? m.files_shared_whole({ name })
						: m.files_saved_whole({ name })
					: how === 'shared'
						? m.files_shared_delta({ name })
						: m.files_saved_delta({ name });
		} catch {
			this.status = m.files_cancelled();
		}
	}

	/** Saves a published snapshot: every signed entry and nothing else (no settings, no room secret). */
	async publish(): Promise<void> {
		this.error = null;
		this.about = 'export';
		const {
			text,
			envelope,
			entries,
			private: withheld
		} = file.publishCircle(this.deps.doc, this.#ref(), Date.now(), this.#isPrivate());
		const name = file.fileName(envelope);
		try {
			const how = await shareOrDownload(
				text,
				name,
				m.files_share_title_published({ circle: this.deps.circleName() })
			);
			this.status =
				(how === 'shared'
					? m.files_shared_snapshot({ name, count: entries })
					: m.files_saved_snapshot({ name, count: entries })) + this.#withheldText(withheld);
		} catch {
			this.status = m.files_cancelled();
		}
	}

	/**
	 * Saves the record page: the same signed entries as the snapshot, inside one HTML file that
	 * checks them in any browser, offline, with no app (record-page-file.ts).
	 */
	async publishPage(): Promise<void> {
		this.error = null;
		this.about = 'export';
		const { entries } = readEntries(this.deps.doc);
		const isPrivate = this.#isPrivate();
		const withheld = entries.filter((e) => isPrivate(e.entry)).length;
		const { html, name } = await recordPageFile(this.#ref(), Date.now(), entries, isPrivate);
		try {
			const how = await shareOrDownload(
				html,
				name,
				m.files_share_title_published({ circle: this.deps.circleName() }),
				['text/html']
			);
			this.status =
				(how === 'shared'
					? m.files_shared_page({ name, count: entries.length })
					: m.files_saved_page({ name, count: entries.length })) + this.#withheldText(withheld);
		} catch {
			this.status = m.files_cancelled();
		}
	}

	/** The sentence added when the charter kept some entries out: ' 12 private entries went out as stubs.' */
	#withheldText = (n: number): string => (n ? ` ${m.files_private_stubs({ count: n })}` : '');

	/** Exports what the phone that showed this “what I have” code lacks. Throws for a wrong code. */
	exportFor(code: string): Promise<void> {
		const { circle: theirs, sv } = file.decodeStateVectorCode(code);
		if (theirs !== this.deps.circle) throw new Error(m.files_other_circle());
		return this.export(sv);
	}

	/** The “what I have” code this phone shows. */
	haveCode(): string {
		return file.encodeStateVectorCode(this.deps.circle, this.deps.doc);
	}

	/** Imports a file a person chose; a file that does not belong changes nothing and says why. */
	import(chosen: File): Promise<boolean> {
		return this.importText(() => chosen.text(), chosen.name, 'file');
	}

	/**
	 * Imports an export's text (a file's, or one the camera rebuilt); what does not belong changes
	 * nothing and says why. `from` names it in the sync log. True when it was imported.
	 */
	async importText(
		read: () => Promise<string>,
		from: string,
		via: 'file' | 'camera' = 'file'
	): Promise<boolean> {
		this.error = null;
		this.status = null;
		this.about = 'import';
		try {
			guardDoc(this.deps.doc);
			const text = await read();
			// A file that does not read says so first; then, before anything is applied, is there room?
			const ours = file.readExport(text).envelope.circle === this.deps.circle;
			if (ours && this.deps.hasRoomFor && !(await this.deps.hasRoomFor(text.length * 2)))
				refuse('import-storage-full'); // nothing was applied
			const r = file.importInto(this.deps.doc, this.#ref(), text);
			const result =
				(r.newEntries === 0 ? m.files_imported_nothing() : m.files_imported({ count: r.newEntries })) +
				(r.private ? ` ${m.files_imported_private({ count: r.private })}` : '');
			this.status = r.incomplete ? m.files_incomplete({ result }) : result;
			this.deps.onresult({ at: Date.now(), via, peer: from, result, ok: true });
			return true;
		} catch (err) {
			const message = errorText(err);
			this.error = message;
			this.deps.onresult({ at: Date.now(), via, peer: from, result: message, ok: false });
			return false;
		}
	}
}
