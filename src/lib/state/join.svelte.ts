/**
 * Joining a circle by its invite: read the invite (scanned, pasted, or the link's fragment),
 * make this phone's signed join request for a member to scan, and keep the circle on this
 * phone (empty until the first sync), keeping the invite's secret and the genesis it named on this device.
 */
import { bytesToHex } from '$lib/core/bytes';
import { createJoinRequest, signJoinRequest } from '$lib/core/membership/join';
import type { CircleId } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import { isQuotaError } from '$lib/device/store';
import { rememberInvite, rememberInviteSecret } from '$lib/sync/circle-sync';
import * as registry from '$lib/sync/device-db';
import { encodeJoinRequest, parseInvite, type Invite } from '$lib/sync/invite';
import { errorText } from '$lib/messages';
import type { AppState } from './app.svelte';

export type { Invite } from '$lib/sync/invite';

export class JoinFlow {
	invite = $state.raw<Invite | null>(null);
	/** Why the invite in the link did not read. */
	inviteError = $state.raw<string | null>(null);
	/** The join request code to show a member, once made. */
	requestCode = $state.raw<string | null>(null);
	/** Why the request could not be made (a bad name, a full disk). */
	nameError = $state.raw<string | null>(null);
	busy = $state.raw(false);

	constructor(private readonly app: AppState) {}

	/** An invite scanned or pasted. Throws what to show (errorText) when it is not one. */
	read(text: string): void {
		this.invite = parseInvite(text);
		this.inviteError = null;
	}

	/** The invite in a link's fragment (`/join#CI1:…`), if there is one. */
	readFragment(hash: string): void {
		if (!hash) return;
		try {
			this.read(hash);
		} catch (err) {
			this.inviteError = errorText(err);
		}
	}

	/** Makes this phone's identity if it has none (named `name`) and its signed join request. */
	async ask(name: string): Promise<void> {
		const invite = this.invite;
		if (!invite) return;
		this.busy = true;
		this.nameError = null;
		try {
			if (!this.app.identity) await this.app.createIdentity(name);
			const id = this.app.identity!;
			const unsigned = createJoinRequest({
				circle: invite.circle,
				key: id.publicKey,
				name: id.name,
				nonce: bytesToHex(crypto.getRandomValues(new Uint8Array(16))),
				now: Date.now()
			});
			const request = await signJoinRequest(unsigned, (m) => ed.sign(id.secretKey, m));
			await this.#keep(invite, 'admission');
			this.requestCode = encodeJoinRequest(request);
		} catch (err) {
			this.nameError = errorText(err);
		} finally {
			this.busy = false;
		}
	}

	/**
	 * A member restored from a backup is already in the circle: no request, the circle is kept
	 * and comes back at the first sync. Returns its id (the page goes to its Sync screen).
	 */
	async receive(): Promise<CircleId | null> {
		const invite = this.invite;
		if (!invite || !this.app.identity) return null;
		this.busy = true;
		this.nameError = null;
		try {
			await this.#keep(invite, 'return');
			return invite.circle;
		} catch (err) {
			this.nameError = errorText(err);
			return null;
		} finally {
			this.busy = false;
		}
	}

	/** Puts the circle on this phone (empty until the first sync) with the invite's secret. */
	async #keep(i: Invite, awaiting: 'admission' | 'return'): Promise<void> {
		const app = this.app;
		if (!app.circles.some((c) => c.id === i.circle)) {
			const rec: registry.CircleRecord = { id: i.circle, name: i.name, added: Date.now(), awaiting };
			await registry.putCircle(app.store, rec).catch((err: unknown) => {
				if (!isQuotaError(err)) throw err;
				app.report(err); // kept in memory for this session
			});
			app.circles = [...app.circles, rec];
		}
		rememberInvite(i.circle, i.genesis);
		// The invite's secret is this phone's room until a rotation sealed to its member arrives.
		rememberInviteSecret(i.circle, i.secret, Date.now());
	}
}
