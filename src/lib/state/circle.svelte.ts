/**
 * A circle as reactive reads: components read `view.snapshot` (name, commons,
 * members, ledger entries in order, quarantine) and re-render when the doc changes,
 * locally or from a peer. Subscribes to the session only while something reads it.
 *
 * The open circle's state also holds what acts on it: each domain's view at the app clock
 * (`view.domain(charter).value`), every domain's intents (`view.intents.mandates.propose(…)`)
 * and the duties runner, started here when the circle is opened and stopped by `close`.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { AnyDomain } from '$lib/core/host/domain';
import type { Millis } from '$lib/core/types';
import type { Identity } from '$lib/device/identity';
import { CharterDraft } from './charter-draft';
import type { CircleSession, CircleSnapshot } from './circle-session';
import { clock as appClock, type Clock } from './clock.svelte';
import { DomainView, unowned } from './domain-view.svelte';
import { Duties } from './duties';
import { intentsFor, signerFor, type Intents, type Signer } from './intents';

export interface CircleDeps {
	identity: () => Identity | null;
	/** Problems a person should see (a duty that could not be written). */
	onProblem: (err: unknown) => void;
	/** The device's time, for the checks of intents (the app clock for views). */
	now?: () => Millis;
	clock?: Clock;
	/** Whether this device performs its duties (on by default). */
	duties?: boolean;
}

export class CircleView {
	readonly #subscribe: () => void;
	readonly clock: Clock;
	readonly signer: Signer;
	readonly intents: Intents;
	readonly duties: Duties;
	readonly draft: CharterDraft;
	// A cache of view objects, not state: nothing renders from the map itself.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #domains = new Map<AnyDomain, DomainView<AnyDomain>>();

	constructor(
		readonly session: CircleSession,
		deps: CircleDeps
	) {
		this.#subscribe = createSubscriber((update) => session.onChange(update));
		this.clock = deps.clock ?? appClock;
		this.signer = signerFor(session, { identity: deps.identity, now: deps.now ?? (() => Date.now()) });
		this.intents = intentsFor(this.signer);
		this.duties = new Duties(session, this.signer, { clock: this.clock, onProblem: deps.onProblem });
		this.draft = new CharterDraft(session.handle.doc);
		if (deps.duties !== false) this.duties.start();
		// A live clock: entries held as future-dated count as soon as their time comes.
		this.#offTick = this.clock.onTick(() => void session.wake());
	}

	readonly #offTick: () => void;

	get snapshot(): CircleSnapshot {
		this.#subscribe();
		return this.session.snapshot;
	}

	/** The circle's Y.Doc, for screens that sync or co-edit (H5, charter drafts). */
	get doc() {
		return this.session.handle.doc;
	}

	/** One domain's view at the app clock, shared by every screen that reads it (made unowned). */
	domain<D extends AnyDomain>(domain: D): DomainView<D> {
		let v = this.#domains.get(domain);
		if (!v) {
			v = unowned(() => new DomainView(this, domain, this.clock));
			this.#domains.set(domain, v);
		}
		return v as DomainView<D>;
	}

	/** Stops the duties and the session (leaving the circle). */
	close(): void {
		this.#offTick();
		this.duties.stop();
		this.session.close();
	}
}
