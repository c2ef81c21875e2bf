/**
 * Pairing two phones in person (sync/pairing.ts) as a screen's state: which step the person
 * is on, the code to show, the sync's progress, and the intents the buttons and the scanner
 * call. One phone shows an offer and scans the answer; the other scans the offer and shows
 * its answer; then the circle's doc syncs over the data channel (sync/channel-sync.ts).
 */
import type * as Y from 'yjs';
import type { CircleId } from '$lib/core/types';
import { syncOverPort, SyncFailure, type ChannelSync, type FederationExchange } from '$lib/sync/channel-sync';
import { m } from '$lib/i18n';
import { summaryText } from './sync-words';
import type { FramePort } from '$lib/sync/chunk';
import { guardDoc, type SyncLogItem } from '$lib/sync/circle-sync';
import { isQuotaError } from '$lib/device/store';
import { answerOffer, PairingError, startOffer, type Offering } from '$lib/sync/pairing';
import { decodeCode } from '$lib/sync/sdp';

export type { SyncLogItem } from '$lib/sync/circle-sync';

export type PairingStep =
	| { s: 'idle' }
	| { s: 'making' }
	/** Showing our offer code, waiting to scan the answer. */
	| { s: 'offer'; code: string }
	| { s: 'scan-offer' }
	/** Showing our answer code, waiting for the channel. */
	| { s: 'answer'; code: string }
	| { s: 'sync'; phase: 'connecting' | 'syncing' | 'done' | 'failed'; message: string; advice: string };

export interface SyncDeps {
	doc: Y.Doc;
	circle: CircleId;
	/** This phone's name as the other phone is told it. */
	myName: () => string;
	/** Every sync that ends, well or not, for the sync log. */
	onresult: (item: SyncLogItem) => void;
	/**
	 * The circle's ledger as a count of entries checked (verified and folded: shown, set aside or
	 * waiting), so progress says entries checked, not bytes; and when all that arrived is checked.
	 */
	checking?: {
		count(): number;
		onChange(cb: () => void): () => void;
		settled(): Promise<void>;
	};
	/** Resolves once what arrived is on the device's storage (circle-doc.ts `flushed`). */
	saved?: () => Promise<void>;
	/** The federation ledgers exchanged after the circle's sync (state/federation-sync.ts). */
	federations?: FederationExchange;
}

export class Pairing {
	step = $state.raw<PairingStep>({ s: 'idle' });
	/** Bytes received so far and expected, while syncing. */
	done = $state.raw(0);
	total = $state.raw(0);
	/** Entries the other phone announced, and how many of them this phone has checked so far. */
	expected = $state.raw(0);
	checked = $state.raw(0);
	#unwatch: (() => void) | null = null;

	#offer: Offering | null = null;
	#sync: ChannelSync | null = null;
	#cancel: (() => void) | null = null;

	constructor(private readonly deps: SyncDeps) {}

	/** This phone shows the first code. */
	async showOffer(): Promise<void> {
		this.step = { s: 'making' };
		try {
			const offer = await startOffer();
			this.#offer = offer;
			this.#cancel = offer.cancel;
			this.step = { s: 'offer', code: offer.code };
		} catch (err) {
			this.#failed(err);
		}
	}

	/** This phone scans the other phone's first code. */
	scanOffer(): void {
		this.step = { s: 'scan-offer' };
	}

	/** The answer scanned from the other phone. Throws (and stays on this step) for a wrong code. */
	gotAnswer(text: string): void {
		const offer = this.#offer;
		if (this.step.s !== 'offer' || !offer) return;
		decodeCode(text, 'answer');
		const port = offer.accept(text);
		this.step = { s: 'sync', phase: 'connecting', message: '', advice: '' };
		port.then(
			(p) => this.#run(p),
			(err) => this.#failed(err)
		);
	}

	/** The offer scanned from the other phone: make our answer. Throws for a wrong code. */
	async gotOffer(text: string): Promise<void> {
		const answer = await answerOffer(text);
		this.#cancel = answer.cancel;
		this.step = { s: 'answer', code: answer.code };
		answer.connected.then(
			(p) => this.#run(p),
			(err) => this.#failed(err)
		);
	}

	/** Back to the start: closes any connection. */
	reset(): void {
		this.close();
		this.done = this.total = this.expected = this.checked = 0;
		this.step = { s: 'idle' };
	}

	/** Closes the connection (the screen is going away). */
	close(): void {
		this.#unwatch?.();
		this.#unwatch = null;
		this.#sync?.close();
		this.#sync = null;
		this.#cancel?.();
		this.#cancel = null;
		this.#offer = null;
	}

	#run(port: FramePort): void {
		const { doc, circle } = this.deps;
		guardDoc(doc);
		this.step = { s: 'sync', phase: 'syncing', message: '', advice: '' };
		const checking = this.deps.checking;
		const base = checking?.count() ?? 0;
		this.expected = this.checked = 0;
		this.#unwatch?.();
		this.#unwatch =
			checking?.onChange(() => {
				this.checked = Math.min(this.expected, Math.max(0, checking.count() - base));
			}) ?? null;
		const sync = syncOverPort(port, {
			doc,
			hello: { circle, name: this.deps.myName() },
			federations: this.deps.federations,
			onProgress: (p) => {
				if (p.direction !== 'in') return;
				this.done = p.done;
				this.total = p.total;
			},
			onPlan: (p) => {
				this.expected = p.entries;
			}
		});
		this.#sync = sync;
		sync.done
			// Done means done here: everything that arrived is checked and shown.
			.then(async (summary) => {
				await checking?.settled();
				if (this.#sync === sync) this.checked = this.expected;
				return summary;
			})
			.then(
				(summary) => {
					const message = summaryText(summary);
					this.step = {
						s: 'sync',
						phase: 'done',
						message: m.pair_done_with({ result: message, name: summary.peer.name }),
						advice: ''
					};
					this.deps.onresult({
						at: Date.now(),
						via: 'in person', // i18n-ignore: a stored code (SyncLog words it)
						peer: summary.peer.name,
						result: message,
						ok: true
					});
				},
				// A cut sync says nothing that arrived is lost: true only once it is written.
				async (err) => {
					await this.deps.saved?.().catch(() => undefined);
					this.#failed(err);
				}
			);
	}

	#failed(err: unknown): void {
		const e = err as Error & { advice?: string };
		const known = e instanceof PairingError || e instanceof SyncFailure;
		// A browser's own words ("The quota has been exceeded.", "Failed to execute …") are not for
		// people: say what happened and what to do, beside the pairing that failed.
		const message = isQuotaError(err) ? m.pair_storage_full() : known ? e.message : m.pair_stopped();
		this.step = {
			s: 'sync',
			phase: 'failed',
			message,
			advice: isQuotaError(err) ? m.pair_storage_advice() : known ? e.advice : m.pair_stopped_advice()
		};
		this.deps.onresult({
			at: Date.now(),
			via: 'in person', // i18n-ignore: a stored code (SyncLog words it)
			peer: m.pair_another_phone(),
			result: message,
			ok: false
		});
	}
}
