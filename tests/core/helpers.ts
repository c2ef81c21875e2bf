/** Test helpers: deterministic keys and signed entries for ledger tests. */
import * as ed from '$lib/core/ed25519';
import * as join from '$lib/core/membership/join';
import * as membership from '$lib/core/membership/fold';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { circleIdFor, createGenesis } from '$lib/core/membership/genesis';
import { entryId, signingBytes, verifySignature } from '$lib/core/entry';
import type { Arrival, Ledger } from '$lib/core/ledger';
import type { CircleId, Entry, MemberKey, Millis, UnsignedEntry } from '$lib/core/types';
import type { Json } from '$lib/core/canonical';
import { RuleError, type Rejection } from '$lib/core/host/domain';

/** The code and parameters a builder refuses with (a RuleError), or null when it does not throw. */
export const refusalOf = (f: () => unknown): Rejection | null => {
	try {
		f();
		return null;
	} catch (err) {
		if (err instanceof RuleError) return err.rejection;
		throw err;
	}
};

export interface Person {
	name: string;
	key: MemberKey;
	secret: Uint8Array;
}

export const person = (name: string, salt = ''): Person => {
	const secret = sha256Bytes(utf8ToBytes(`test-key:${salt}:${name}`));
	return { name, secret, key: bytesToHex(ed.publicKeyOf(secret)) as MemberKey };
};

/** The seed of every test genesis (`genesisOf`). */
export const GENESIS_SEED = bytesToHex(sha256Bytes(utf8ToBytes('genesis-seed')));
/** The circle Maya (`person('Maya')`) founds with `genesisOf`: its id is bound to her key and the seed. */
export const CIRCLE = circleIdFor(person('Maya').key, GENESIS_SEED);
export const OTHER_CIRCLE = 'ffeeddccbbaa99887766554433221100' as CircleId;
export const T0: Millis = Date.UTC(2026, 0, 5, 9, 0, 0);

export const sign = <B extends Json>(u: UnsignedEntry<B>, p: Person): Entry<B> => ({
	...u,
	sig: bytesToHex(ed.sign(signingBytes(u), p.secret))
});

export const arrival = (e: Entry): Arrival => ({ entry: e, sigValid: verifySignature(e) });
export const arrivals = (es: readonly Entry[]): Arrival[] => es.map(arrival);
export const idOf = entryId;

/**
 * `founder`'s genesis with the test seed, for the circle bound to their key and that seed
 * (CIRCLE for Maya). With `circle`, the genesis names that circle instead, as a modified app
 * could sign it: a rival genesis, which founds nothing (T19).
 */
export const genesisOf = (
	founder: Person,
	now: Millis = T0,
	circle?: CircleId,
	seed = GENESIS_SEED
): Entry => {
	const u = createGenesis({
		founderKey: founder.key,
		founderName: founder.name,
		name: 'Elm Street Tools',
		commons: 'the shed behind no. 14',
		seed,
		now
	});
	return sign(circle === undefined ? u : { ...u, circle }, founder);
};

export const joinRequestOf = (p: Person, now: Millis, circle: CircleId = CIRCLE): join.JoinRequest => {
	const u = join.createJoinRequest({
		circle,
		key: p.key,
		name: p.name,
		nonce: bytesToHex(sha256Bytes(utf8ToBytes(`nonce:${p.key}:${now}`))).slice(0, 32),
		now
	});
	return { ...u, sig: bytesToHex(ed.sign(join.joinSigningBytes(u), p.secret)) };
};

/** Writes an entry as `author` on `ledger` and adds it there, returning it. */
export const write = <B extends Json>(
	ledger: Ledger,
	author: Person,
	now: Millis,
	make: (slot: membership.Slot) => UnsignedEntry<B>
): Entry<B> => {
	const e = sign(make(ledger.nextFor(author.key, now)), author);
	ledger.add([arrival(e)], now);
	return e;
};

export const note = (text: string) => (slot: membership.Slot) =>
	membership.draft(slot, 'note.post', { text });
