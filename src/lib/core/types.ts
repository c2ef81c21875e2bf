/**
 * The vocabulary of Circulate. Branded strings keep a member's key from ever being
 * passed where an entry id belongs.
 */
import type { Json } from './canonical';

/** A member's Ed25519 public key, 32 bytes as 64 lower-case hex characters. */
export type MemberKey = string & { readonly __memberKey: true };
/** SHA-256 of an entry's canonical bytes (signature included), 64 lower-case hex characters. */
export type EntryId = string & { readonly __entryId: true };
/**
 * A circle's id, 32 lower-case hex characters: the first 16 bytes of SHA-256 over a tag, the
 * founder's key and the genesis seed (membership/genesis.ts), so only that genesis founds it.
 */
export type CircleId = string & { readonly __circleId: true };
/** Milliseconds since the Unix epoch, UTC. Always an input, never read from a clock in the core. */
export type Millis = number;

/** Hybrid logical clock stamp: [wall-clock milliseconds, logical counter]. */
export type Hlc = readonly [ms: number, counter: number];

/** The protocol version this code writes. Readers refuse anything newer. */
export const ENTRY_VERSION = 1;

/** An entry without its signature: exactly what gets signed. */
export interface UnsignedEntry<B extends Json = Json> {
	v: number;
	circle: CircleId;
	author: MemberKey;
	/** Counts this author's entries in this circle from 1. */
	seq: number;
	/** Id of this author's previous entry, or null when seq is 1. */
	prev: EntryId | null;
	hlc: Hlc;
	/** Names the rule this entry speaks to, e.g. `member.admit`, `charter.ratify`. */
	type: string;
	body: B;
	/**
	 * Causal references: ids of other members' entries that were heads of the history this
	 * author's phone held when it signed (sorted, 1 to MAX_SEEN; absent when there are none, so an
	 * entry without it keeps the bytes and id it always had). An entry takes effect when another
	 * member's entry first has it in its causal past (docs/protocol/entries.md, "Witnesses").
	 */
	seen?: readonly EntryId[];
}

/** A signed ledger entry as it travels and is stored. */
export interface Entry<B extends Json = Json> extends UnsignedEntry<B> {
	/** Ed25519 signature over the canonical bytes of the unsigned entry, 128 hex chars. */
	sig: string;
}

/** Signs bytes with the member's private key. Adapters: WebCrypto, @noble/curves. */
export type SignFn = (message: Uint8Array) => Promise<Uint8Array> | Uint8Array;
