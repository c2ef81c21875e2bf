/**
 * What every intent writes through: the open circle's session and this device's identity,
 * checked to be an active member before anything is signed. The checks throw at once (not
 * in the returned promise), with the sentence a person reads, so a screen that calls an
 * intent from a button shows the reason and writes nothing.
 */
import type { Json } from '$lib/core/canonical';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Identity } from '$lib/device/identity';
import type { CircleSession } from '../circle-session';
import { mustCatchUp } from '../catch-up.svelte';
import { refuse } from '$lib/core/host/domain';

export interface SignerDeps {
	identity: () => Identity | null;
	/** The device's time (tests pin it). */
	now: () => Millis;
}

export interface Signer {
	readonly session: CircleSession;
	now(): Millis;
	/** This device's member key, or null with no identity yet. */
	me(): MemberKey | null;
	/** This device's identity, member or not (to open what was sealed to it). */
	identity(): Identity | null;
	/** True when this device's identity is an active member (it may write). */
	isMember(): boolean;
	/** True when this phone was restored from a backup and has not synced the circle since (T45). */
	mustCatchUp(): boolean;
	/** The identity, once it is known to be an active member; throws the sentence otherwise. */
	member(): Identity;
	/** Signs `body` as an entry of `type` and writes it to the circle; resolves to its id once folded. */
	sign<B extends Json>(type: string, body: B): Promise<EntryId>;
}

export const signerFor = (session: CircleSession, deps: SignerDeps): Signer => {
	const me = () => deps.identity()?.publicKey ?? null;
	const isMember = () => {
		const key = me();
		return !!key && session.snapshot.members.some((m) => m.key === key);
	};
	const member = (): Identity => {
		const id = deps.identity();
		if (!id) return refuse('choose-name-first');
		if (!isMember()) return refuse('only-members');
		return id;
	};
	return {
		session,
		now: deps.now,
		me,
		identity: deps.identity,
		isMember,
		mustCatchUp: () => mustCatchUp(deps.identity(), session.circle),
		member,
		sign: (type, body) => session.write(member(), type, body)
	};
};
