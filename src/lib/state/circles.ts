/**
 * Circles on this device: founding one (a genesis entry in a fresh doc), renaming,
 * leaving. One CircleSession per circle per page, shared by every screen.
 */
import { createGenesis } from '$lib/core/membership/genesis';
import { signEntry } from '$lib/core/entry';
import * as membership from '$lib/core/membership/fold';
import type { CircleId, EntryId, MemberKey, Millis } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import type { Identity } from '$lib/device/identity';
import { isQuotaError } from '$lib/device/store';
import * as circleDoc from '$lib/sync/circle-doc';
import * as registry from '$lib/sync/device-db';
import * as verdicts from '$lib/sync/verdicts';
import { CircleSession, randomHex, type CircleSnapshot, type SessionDeps } from './circle-session';

const sessions = new Map<CircleId, CircleSession>();

export const sessionFor = (circle: CircleId, deps: SessionDeps, founder?: MemberKey): CircleSession => {
	let s = sessions.get(circle);
	if (!s) {
		s = new CircleSession(circle, deps, founder);
		sessions.set(circle, s);
	}
	return s;
};

export const closeSession = async (circle: CircleId): Promise<void> => {
	sessions.get(circle)?.close();
	sessions.delete(circle);
	await circleDoc.closeCircleDoc(circle);
};

/**
 * The registry line kept in step with the ledger: its name, and no longer awaited once this
 * phone's member is among the members. The same object when nothing changed.
 */
export const recordFor = (
	rec: registry.CircleRecord,
	snap: Pick<CircleSnapshot, 'name' | 'members'>,
	me: MemberKey | null
): registry.CircleRecord => {
	const name = snap.name && snap.name !== rec.name ? snap.name : rec.name;
	const arrived = !!rec.awaiting && !!me && snap.members.some((m) => m.key === me);
	if (name === rec.name && !arrived) return rec;
	const next: registry.CircleRecord = { ...rec, name };
	if (arrived) delete next.awaiting;
	return next;
};

export const isCircleId = (s: string): s is CircleId => /^[0-9a-f]{32}$/.test(s);

/**
 * Founds a circle: a genesis entry signed by the founder (seed: 32 random bytes) in a
 * fresh doc, under the id made from the founder's key and that seed (core
 * `circleIdFor`), and a line in the device registry. The
 * registry line is written last so a half-made circle never shows on the home screen.
 */
export const foundCircle = async (
	deps: SessionDeps,
	identity: Identity,
	name: string,
	commons: string
): Promise<registry.CircleRecord> => {
	const now: Millis = deps.now();
	const unsigned = createGenesis({
		founderKey: identity.publicKey,
		founderName: identity.name,
		name,
		commons,
		seed: randomHex(32),
		now
	});
	const circle: CircleId = unsigned.circle;
	const genesis = await signEntry(unsigned, (m) => ed.sign(identity.secretKey, m));
	const session = sessionFor(circle, deps, identity.publicKey);
	await session.ready;
	const id: EntryId = circleDoc.appendEntry(session.handle.doc, genesis);
	await session.settled();
	await verdicts.saveVerdicts(deps.store, circle, [[id, true]]).catch(deps.onProblem);
	const record = { id: circle, name: unsigned.body.name, added: now, founder: identity.publicKey };
	// A full disk must not lose the circle just made: it stays open in memory and the
	// person is told (the doc itself may still be saved by y-indexeddb).
	await registry.putCircle(deps.store, record).catch((err: unknown) => {
		if (!isQuotaError(err)) throw err;
		deps.onProblem(err);
	});
	return record;
};

/** Writes a signed `circle.rename` entry; the ledger decides what the name is. */
/** Proposes removing a member; it takes effect when enough members support it (the charter's threshold). */
export const proposeRemoval = async (
	session: CircleSession,
	identity: Identity,
	member: MemberKey,
	reason: string
): Promise<void> => {
	await session.ready;
	await session.writeWith(identity, (slot) => membership.proposeRemoval(slot, member, reason));
};

export const supportRemoval = async (
	session: CircleSession,
	identity: Identity,
	proposal: EntryId
): Promise<void> => {
	await session.ready;
	await session.writeWith(identity, (slot) => membership.secondRemoval(slot, proposal));
};

export const renameCircle = async (
	session: CircleSession,
	identity: Identity,
	name: string
): Promise<void> => {
	await session.ready;
	await session.writeWith(identity, (slot) => membership.rename(slot, name));
};

/**
 * Leaves a circle on this device. A member first writes `member.leave` so that peers
 * who sync this doc before it is gone learn of it; then the doc, its verdicts and its
 * registry line are removed from this device.
 */
export const leaveCircle = async (
	deps: SessionDeps,
	circle: CircleId,
	identity: Identity | null
): Promise<void> => {
	const session = sessions.get(circle);
	if (session && identity) {
		await session.settled();
		if (session.isMember(identity.publicKey)) await session.writeWith(identity, membership.leave);
	}
	session?.close();
	sessions.delete(circle);
	await registry.removeCircle(deps.store, circle);
	await circleDoc.deleteCircleDoc(circle, deps.persistent);
	await verdicts.forgetVerdicts(deps.store, circle).catch(deps.onProblem);
};
