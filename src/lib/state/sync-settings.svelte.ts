/**
 * A circle's sync settings as reactive reads: the circle secret, its room servers and STUN
 * servers (the doc's `meta` map, sync/circle-sync.ts). Screens read `settings.signaling`
 * and re-render when a member's phone changes the list, here or through a sync.
 *
 * Reading never writes. The secret is created by the `ensureSecret` intent, which a screen
 * calls from an event handler or an effect, never from a `$derived` or the template: a Yjs
 * write notifies every observer of the map synchronously, and an observer that updates state
 * while a derived is computing is Svelte's `state_unsafe_mutation`.
 */
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { metaOf } from '$lib/sync/circle-doc';
import * as circleSync from '$lib/sync/circle-sync';

export { checkStunUrl } from '$lib/sync/circle-sync';
export { checkSignalingUrl } from '$lib/sync/room';

export class SyncSettings {
	readonly #subscribe: () => void;

	constructor(readonly doc: Y.Doc) {
		this.#subscribe = createSubscriber((update) => {
			const meta = metaOf(doc);
			meta.observe(update);
			return () => meta.unobserve(update);
		});
	}

	/** The circle secret, or null until a member's phone has made one. */
	get secret(): string | null {
		this.#subscribe();
		return circleSync.readSecret(this.doc);
	}

	/** The circle's room (signaling) servers. */
	get signaling(): string[] {
		this.#subscribe();
		return circleSync.readSignaling(this.doc);
	}

	/** The STUN servers the circle chose for rooms across networks. */
	get stun(): string[] {
		this.#subscribe();
		return circleSync.readStun(this.doc);
	}

	/** The circle secret, made now (by this phone) if no member's phone has made one yet. */
	ensureSecret(): string {
		return circleSync.ensureSecret(this.doc);
	}

	setSignaling(urls: readonly string[]): void {
		circleSync.writeSignaling(this.doc, urls);
	}

	setStun(urls: readonly string[]): void {
		circleSync.writeStun(this.doc, urls);
	}
}

const settings = new WeakMap<Y.Doc, SyncSettings>();

/** One settings view per circle doc, shared by every screen. */
export const syncSettingsFor = (doc: Y.Doc): SyncSettings => {
	let s = settings.get(doc);
	if (!s) {
		s = new SyncSettings(doc);
		settings.set(doc, s);
	}
	return s;
};
