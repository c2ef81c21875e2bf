/**
 * The ICE servers a room's phones are given: the circle's STUN servers (a signed setting, an
 * address is all they need) and its TURN servers with the sign-in this phone keeps for each.
 *
 * A TURN server relays a call for those who can sign in to it, so it needs a user name and a
 * password; those are secrets and the ledger may be published, so only the address is in the
 * ledger and each phone keeps its member's sign-in (sync/circle-sync.ts). A TURN address
 * without a sign-in on this phone is left out (the browser refuses a TURN server without
 * one, and the whole room would fail to open) and named, so the screen can say so.
 */
import type { TurnLogin } from '$lib/sync/circle-sync';

export type { TurnLogin } from '$lib/sync/circle-sync';

export const isTurn = (url: string): boolean => /^turns?:/i.test(url);

export interface IcePlan {
	/** What RTCPeerConnection is given. */
	servers: RTCIceServer[];
	/** The circle's TURN addresses this phone has no sign-in for (left out). */
	withoutLogin: string[];
}

export const icePlan = (urls: readonly string[], logins: Readonly<Record<string, TurnLogin>>): IcePlan => {
	const stun = urls.filter((u) => !isTurn(u));
	const servers: RTCIceServer[] = stun.length ? [{ urls: stun }] : [];
	const withoutLogin: string[] = [];
	for (const url of urls.filter(isTurn)) {
		const login = logins[url];
		if (login && login.username && login.credential)
			servers.push({ urls: url, username: login.username, credential: login.credential });
		else withoutLogin.push(url);
	}
	return { servers, withoutLogin };
};
