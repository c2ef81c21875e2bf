/**
 * The Invite screen's state: the circle's invite link (its id, secret, genesis and name,
 * sync/invite.ts) and admitting someone whose join request was scanned.
 *
 * The invite needs the room secret, which the first phone to invite makes (a signed
 * `settings.rekey` entry sealed to the members, core/settings). Making it is a write to the circle's doc, so it is the `prepare` intent, called by the screen once it is on
 * screen (an effect), and never part of computing the link: a write while a `$derived` is being
 * computed makes every observer of the doc (the Sync screen's room settings, for one) update
 * state inside that derived, which Svelte refuses (`state_unsafe_mutation`).
 */
import { refuse } from '$lib/core/host/domain';
import * as membership from '$lib/core/membership/fold';
import type { JoinRequest } from '$lib/core/membership/join';
import type { EntryId } from '$lib/core/types';
import type { Identity } from '$lib/device/identity';
import { inviteLink, parseJoinRequest } from '$lib/sync/invite';
import { errorText } from '$lib/messages';
import type { CircleView } from './circle.svelte';
import { syncSettingsFor, type SyncSettings } from './sync-settings.svelte';

export type { JoinRequest } from '$lib/core/membership/join';

export class InviteScreen {
	/** The join request scanned, waiting for the member to compare fingerprints and admit. */
	request = $state.raw<JoinRequest | null>(null);
	/** The name of the person just admitted. */
	admitted = $state.raw<string | null>(null);
	error = $state.raw<string | null>(null);
	busy = $state.raw(false);

	readonly #settings: SyncSettings;

	constructor(
		readonly view: CircleView,
		private readonly deps: { identity: () => Identity | null; origin: string }
	) {
		this.#settings = syncSettingsFor(view);
	}

	/**
	 * The genesis the ledger accepted, once this phone holds it: the one bound to the circle id,
	 * never another genesis that happens to sit in the document (threat-model.md T19).
	 */
	get genesis(): EntryId | null {
		return this.view.snapshot.genesis;
	}

	/** The invite link, once the genesis is here and the secret made (see `prepare`). */
	get link(): string | null {
		const genesis = this.genesis;
		const secret = this.#settings.secret;
		if (!genesis || !secret) return null;
		const snap = this.view.snapshot;
		return inviteLink(this.deps.origin, {
			circle: snap.circle,
			secret,
			genesis,
			name: snap.name,
			// What the join page says before anything is synced: who invites you to what.
			from: this.deps.identity()?.name ?? '',
			commons: snap.commons,
			members: snap.members.length
		});
	}

	/**
	 * Writes the circle's first room secret (a signed, sealed entry) if no phone has yet, once the
	 * genesis is here. The link always carries the newest secret this phone can open.
	 */
	async prepare(): Promise<void> {
		if (!this.genesis) return;
		try {
			await this.#settings.ensureSecret();
		} catch (err) {
			this.error = errorText(err);
		}
	}

	/** A join request scanned from the newcomer's phone. Throws what to show (errorText) for a wrong one. */
	scanned(text: string): void {
		const r = parseJoinRequest(text);
		const snap = this.view.snapshot;
		if (r.circle !== snap.circle) refuse('join-other-circle');
		if (snap.members.some((m) => m.key === r.key)) refuse('join-already-member', { name: r.name });
		this.admitted = null;
		this.request = r;
	}

	/** Not now: forget the scanned request. */
	dismiss(): void {
		this.request = null;
	}

	/** Writes the admission of the scanned request, signed by this phone's member. */
	async admit(): Promise<void> {
		const identity = this.deps.identity();
		if (!this.request || !identity) return;
		this.busy = true;
		this.error = null;
		const r = this.request;
		try {
			await this.view.session.writeWith(identity, (slot) => membership.admit(slot, r));
			this.admitted = r.name;
			this.request = null;
		} catch (err) {
			this.error = errorText(err);
		} finally {
			this.busy = false;
		}
	}
}
