/**
 * A circle as reactive reads: components read `view.snapshot` (name, commons,
 * members, ledger entries in order, quarantine) and re-render when the doc changes,
 * locally or from a peer. Subscribes to the session only while something reads it.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { CircleSession, CircleSnapshot } from './circle-session';

export class CircleView {
	readonly #subscribe: () => void;

	constructor(readonly session: CircleSession) {
		this.#subscribe = createSubscriber((update) => session.onChange(update));
	}

	get snapshot(): CircleSnapshot {
		this.#subscribe();
		return this.session.snapshot;
	}

	/** The circle's Y.Doc, for screens that sync or co-edit (H5, charter drafts). */
	get doc() {
		return this.session.handle.doc;
	}
}
