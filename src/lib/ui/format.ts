/** Display helpers: dates in the reader's locale, short key fingerprints, a calm colour per key. */
import type { Millis } from '$lib/core/types';
import { fingerprint } from '$lib/device/identity';

export { fingerprint };

const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dayTime = new Intl.DateTimeFormat(undefined, {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit'
});

/** A ledger hash as people compare it: the first 16 hex characters in groups of four, like a fingerprint. */
export const shortHash = (hex: string): string => fingerprint(hex);

export const formatDay = (ms: Millis): string => day.format(ms);
export const formatDayTime = (ms: Millis): string => dayTime.format(ms);
export const isoOf = (ms: Millis): string => new Date(ms).toISOString();

/** A hue from the first bytes of a hex key, for avatars: recognisable, never meaningful. */
export const hueOf = (hex: string): number => parseInt(hex.slice(0, 4) || '0', 16) % 360;

export const initialsOf = (name: string): string => {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts.slice(0, 1);
	return letters.map((p) => [...p][0]!.toUpperCase()).join('') || '?';
};
