/**
 * Byte helpers shared by every core module. Hex is lower-case everywhere so that
 * two devices never disagree about the spelling of the same key or hash.
 */
import { bytesToHex, hexToBytes, utf8ToBytes, concatBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';

export { bytesToHex, hexToBytes, utf8ToBytes, concatBytes };

export const sha256Bytes = (data: Uint8Array): Uint8Array => sha256(data);
export const sha256Hex = (data: Uint8Array | string): string =>
	bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));

const HEX = /^[0-9a-f]*$/;
/** True when `s` is lower-case hex of exactly `bytes` bytes. */
export const isHex = (s: unknown, bytes: number): s is string =>
	typeof s === 'string' && s.length === bytes * 2 && HEX.test(s);

/** Byte-wise comparison of two lower-case hex strings of equal length: the order of key bytes. */
export const compareHex = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const utf8Decode = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(b);
