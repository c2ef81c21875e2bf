/**
 * The camera-only path as a screen's state (issue 12): when no radio works (no Wi-Fi, no
 * hotspot, WebRTC cannot connect), one phone shows what it has as a code, the other scans it and
 * shows what the first lacks as an endless sequence of QR codes (sync/fountain.ts), which the
 * first films. Any enough frames, in any order, bring it all; a missed frame never matters. Then
 * they swap, for the other direction.
 *
 * The sender keeps the screen awake (Wake Lock, where the browser has it) while it shows codes;
 * the receiver imports what it rebuilt like a file (files.svelte.ts), with every check a file gets.
 */
import { intlLocale, m } from '$lib/i18n';
import { errorText } from '$lib/messages';
import { cameraPayload, exportTextOf, federationsOf } from '$lib/sync/camera-transfer';
import type { FederationsTaken } from '$lib/sync/channel-sync';
import { federationText } from './sync-words';
import { decodeStateVectorCode, ImportError } from '$lib/sync/file';
import { FountainReceiver, TooLargeForCamera, fountainSender, type FountainSender } from '$lib/sync/fountain';
import type { CircleFiles } from './files.svelte';
import type { SyncDeps } from './pairing.svelte';

/** How long each code stays on the sender's screen: phone cameras read 4 or 5 codes a second. */
export const FRAME_MS = 220;

interface WakeLockSentinelLike {
	release(): Promise<void>;
}

export class CameraSync {
	/** What this phone is doing on the camera path. */
	mode = $state.raw<'idle' | 'scan-have' | 'sending' | 'show-have' | 'receiving'>('idle');
	/** The code on screen while sending. */
	frame = $state.raw('');
	/** Codes shown so far while sending. */
	shown = $state.raw(0);
	/** Codes the data needs (a few more are usually read): while sending and receiving. */
	needed = $state.raw(0);
	/** Independent codes read so far while receiving. */
	got = $state.raw(0);
	/** The payload's size, to say how much is on its way. */
	bytes = $state.raw(0);
	status = $state.raw<string | null>(null);
	error = $state.raw<string | null>(null);

	#sender: FountainSender | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#receiver = new FountainReceiver();
	#wake: WakeLockSentinelLike | null = null;
	#importing = false;

	constructor(
		private readonly deps: SyncDeps & { circleName: () => string },
		private readonly files: CircleFiles
	) {}

	/** Sender, first step: the other phone's “what I have” code. Throws (shown by the scanner) for a wrong one. */
	send(haveCode: string): void {
		const { circle, sv } = decodeStateVectorCode(haveCode);
		if (circle !== this.deps.circle) throw new ImportError(m.files_other_circle());
		let payload: Uint8Array;
		try {
			payload = cameraPayload(
				this.deps.doc,
				{ id: this.deps.circle, name: this.deps.circleName() },
				Date.now(),
				sv,
				this.deps.federations?.offer?.() ?? []
			);
			this.#sender = fountainSender(payload);
		} catch (err) {
			if (err instanceof TooLargeForCamera)
				throw new ImportError(
					m.camera_too_large({
						size: new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: 'kilobyte' }).format(
							Math.round(err.bytes / 1024)
						)
					})
				);
			throw err;
		}
		this.bytes = payload.length;
		this.needed = this.#sender.k;
		this.shown = 0;
		this.error = null;
		this.status = null;
		this.mode = 'sending';
		this.#show();
		this.#timer = setInterval(() => this.#show(), FRAME_MS);
		void this.#keepAwake();
	}

	#show(): void {
		if (!this.#sender) return;
		this.frame = this.#sender.frame(this.shown);
		this.shown++;
	}

	/** Receiver, first step: show this phone's “what I have” code. */
	showHave(): void {
		this.stop();
		this.mode = 'show-have';
	}

	/** Receiver, second step: film the other phone's codes (the scanner feeds `read`). */
	receive(): void {
		this.#receiver.reset();
		this.got = 0;
		this.needed = 0;
		this.error = null;
		this.status = null;
		this.mode = 'receiving';
	}

	/** A code the camera read while receiving. */
	read(text: string): void {
		if (this.mode !== 'receiving' || this.#importing) return;
		let r = this.#receiver.add(text);
		// The sender started over (with other data: its phone changed meanwhile): follow it.
		if (r === 'other') {
			this.#receiver.reset();
			r = this.#receiver.add(text);
		}
		if (r === 'bad') {
			if (!text.startsWith('CF1:')) this.error = m.camera_not_code();
			return;
		}
		this.error = null;
		this.got = this.#receiver.rank;
		this.needed = this.#receiver.k;
		this.bytes = this.#receiver.length;
		if (r === 'done') void this.#import(this.#receiver.data!);
	}

	async #import(payload: Uint8Array): Promise<void> {
		this.#importing = true;
		try {
			const text = exportTextOf(payload);
			const ok = await this.files.importText(async () => text, m.camera_the_camera(), 'camera');
			this.mode = 'idle';
			if (ok) this.status = this.files.status;
			else this.error = this.files.error;
			// The federation ledgers it carried, once the circle (and any mandate naming them) is in.
			const fed = this.deps.federations;
			const carried = federationsOf(payload);
			if (ok && fed && carried.length) {
				// A local set, built and read here: nothing reacts to it.
				// eslint-disable-next-line svelte/prefer-svelte-reactivity
				const asked = new Set((await fed.want()).map((w) => w.id));
				const taken: FederationsTaken = { ledgers: 0, added: 0, aside: [] };
				for (const c of carried) {
					const r = fed.take(c.id, c.entries, asked.has(c.id));
					if (r.added > 0) taken.ledgers++;
					taken.added += r.added;
					for (const a of r.aside) taken.aside.push({ federation: c.id, ...a });
				}
				this.status = federationText(this.status ?? '', taken);
			}
		} catch (err) {
			this.error = errorText(err);
			this.mode = 'idle';
		} finally {
			this.#importing = false;
		}
	}

	/** Stops sending or receiving (and lets the screen sleep again). */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#sender = null;
		if (this.mode === 'sending') this.status = m.camera_stopped({ count: this.shown });
		this.mode = 'idle';
		void this.#wake?.release().catch(() => undefined);
		this.#wake = null;
	}

	/** The sender's screen must not dim while the other phone films it. */
	async #keepAwake(): Promise<void> {
		const wl = (
			navigator as Navigator & { wakeLock?: { request(t: 'screen'): Promise<WakeLockSentinelLike> } }
		).wakeLock;
		try {
			this.#wake = (await wl?.request('screen')) ?? null;
		} catch {
			/* no wake lock (battery saver, an old browser): the person keeps the screen on */
		}
	}
}
