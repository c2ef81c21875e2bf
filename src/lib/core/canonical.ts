/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number serialisation. The ledger only ever holds strings,
 * safe integers, booleans, null, arrays and plain objects; anything else (a float,
 * NaN, undefined, a Map) is refused here so that it can never reach a signature.
 */
import canonicalize from 'canonicalize';
import { utf8ToBytes } from './bytes';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export class CanonicalError extends Error {}

const assertLedgerValue = (value: unknown, path: string): void => {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value))
			throw new CanonicalError(`${path} must be a safe integer, got ${value}`);
		return;
	}
	if (Array.isArray(value)) {
		value.forEach((v, i) => assertLedgerValue(v, `${path}[${i}]`));
		return;
	}
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			if (v === undefined) throw new CanonicalError(`${path}.${k} is undefined`);
			assertLedgerValue(v, `${path}.${k}`);
		}
		return;
	}
	throw new CanonicalError(`${path} is not a ledger value (${typeof value})`);
};

/** The canonical text of a ledger value. */
export const encodeText = (value: unknown): string => {
	assertLedgerValue(value, '$');
	const text = canonicalize(value);
	if (text === undefined) throw new CanonicalError('value has no canonical form');
	return text;
};

/** The canonical UTF-8 bytes of a ledger value: what is signed and hashed. */
export const encode = (value: unknown): Uint8Array => utf8ToBytes(encodeText(value));
