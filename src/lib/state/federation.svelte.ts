/**
 * The federations this phone holds, for the screens (issue 14): FederationPhone over the phone's
 * localStorage, with a version the screens read so that a founding, a join, an answer or an
 * imported file shows at once. Each write takes this device's identity (the delegate's key).
 */
import type { Identity } from '$lib/device/identity';
import type { FederationId, FederationState } from '$lib/core/federation';
import { FederationPhone } from './federation-phone';
import type { KeyValue, Writer } from './federation-docs';
import { refuse } from '$lib/core/host/domain';

export class FederationShelf {
	#version = $state(0);
	readonly phone: FederationPhone;
	// A cache of plain values, keyed by the version: nothing reacts to it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#cache = new Map<string, { version: number; state: FederationState }>();

	constructor(store: KeyValue) {
		this.phone = new FederationPhone(store);
	}

	/** Read by anything that must follow changes (the screens' derived values). */
	get version(): number {
		return this.#version;
	}

	/** The federations held, by id. */
	get ids(): FederationId[] {
		void this.#version;
		return this.phone.docs.list();
	}

	/** A federation's state (folded once per change). */
	state(id: FederationId): FederationState {
		const v = this.#version;
		const hit = this.#cache.get(id);
		if (hit && hit.version === v) return hit.state;
		const state = this.phone.docs.state(id);
		this.#cache.set(id, { version: v, state });
		return state;
	}

	/** Runs a write (or an import) and tells the screens. */
	change<T>(f: (phone: FederationPhone) => T): T {
		try {
			return f(this.phone);
		} finally {
			this.#version++;
		}
	}
}

/** Writes as this device's identity. */
export const writerOf = (identity: Identity | null): Writer => {
	if (!identity) return refuse('choose-name-first');
	return { key: identity.publicKey, secretKey: identity.secretKey };
};

const memory = (): KeyValue => {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const m = new Map<string, string>();
	return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};

let shelf: FederationShelf | null = null;

/** The phone's federations (localStorage in the app; memory where there is none). */
export const federations = (): FederationShelf =>
	(shelf ??= new FederationShelf(typeof localStorage === 'undefined' ? memory() : localStorage));
