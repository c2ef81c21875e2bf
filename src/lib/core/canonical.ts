/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number serialisation. The ledger only ever holds strings,
 * safe integers, booleans, null, arrays and plain objects; anything else (a float,
 * NaN, undefined, a Map) is refused here so that it can never reach a signature.
 */
import canonicalize from 'canonicalize';
import { utf8ToBytes } from './bytes';
import { RuleError, reject, type Rejection } from './host/domain';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A value the ledger cannot hold: a code (canonical-…) with the path to the value. */
export class CanonicalError extends RuleError {
	constructor(rejection: Rejection) {
		super(rejection);
		this.name = 'CanonicalError';
	}
}

/**
 * Protocol limits (docs/protocol/entries.md, "Limits"): a value nests at most MAX_DEPTH arrays
 * and objects deep and no string is longer than MAX_STRING UTF-16 units. Checked before any
 * engine recursion could run out of stack, so the verdict never depends on the engine.
 */
export const MAX_DEPTH = 32;
export const MAX_STRING = 32_768;

const assertLedgerValue = (value: unknown, path: string, depth = 0): void => {
	if (value === null || typeof value === 'boolean') return;
	if (typeof value === 'string') {
		if (value.length > MAX_STRING)
			throw new CanonicalError(reject('canonical-string-long', { path, max: MAX_STRING }));
		return;
	}
	if (typeof value === 'object' && depth >= MAX_DEPTH)
		throw new CanonicalError(reject('canonical-too-deep', { path, max: MAX_DEPTH }));
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value))
			throw new CanonicalError(reject('canonical-integer', { path, value: String(value) }));
		return;
	}
	if (Array.isArray(value)) {
		value.forEach((v, i) => assertLedgerValue(v, `${path}[${i}]`, depth + 1));
		return;
	}
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			if (v === undefined) throw new CanonicalError(reject('canonical-undefined', { path: `${path}.${k}` }));
			assertLedgerValue(v, `${path}.${k}`, depth + 1);
		}
		return;
	}
	throw new CanonicalError(reject('canonical-type', { path, kind: typeof value }));
};

/** The canonical text of a ledger value. */
export const encodeText = (value: unknown): string => {
	assertLedgerValue(value, '$');
	const text = canonicalize(value);
	if (text === undefined) throw new CanonicalError(reject('canonical-none'));
	return text;
};

/** The canonical UTF-8 bytes of a ledger value: what is signed and hashed. */
export const encode = (value: unknown): Uint8Array => utf8ToBytes(encodeText(value));
