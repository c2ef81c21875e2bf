/**
 * Hybrid logical clock (Kulkarni, Demirbas, Madappa, Avva, Leone: "Logical Physical
 * Clocks and Consistent Snapshots in Globally Distributed Databases", OPODIS 2014;
 * https://cse.buffalo.edu/tech-reports/2014-04.pdf).
 *
 * A stamp is [ms, counter]. `ms` tracks the largest wall-clock time this device has
 * seen, its own or in an entry it received; `counter` orders events that share one
 * `ms`. The rules, with `last` the device's previous stamp and `now` its wall clock:
 *
 *   tick (a local event, e.g. writing an entry):
 *     ms' = max(last.ms, now)
 *     counter' = ms' == last.ms ? last.counter + 1 : 0
 *     except that a counter never passes 2^53 − 1 (the largest safe integer): at it, the
 *     stamp carries into the milliseconds, [last.ms + 1, 0]. A stamp with the largest
 *     counter, from anyone, then stops nobody from writing (threat-model.md, T33).
 *
 *   receive (an entry stamped `remote` arrives):
 *     ms' = max(last.ms, remote.ms, now)
 *     counter' = ms' == last.ms == remote.ms ? max(last.counter, remote.counter) + 1
 *              : ms' == last.ms            ? last.counter + 1
 *              : ms' == remote.ms          ? remote.counter + 1
 *              :                             0
 *
 * So a stamp is never behind anything its writer had seen (causality is kept), and
 * stays within the largest clock skew of real time (readable as a date). A peer with
 * a clock far in the future could drag every clock forward; the ledger refuses
 * entries more than ten minutes ahead of the receiver's clock (see ledger.ts), which
 * bounds that drift. Pure: `now` is always an argument.
 */
import type { Hlc, Millis } from './types';

export const ZERO: Hlc = [0, 0];

export const compare = (a: Hlc, b: Hlc): number =>
	a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : 0;

export const max = (a: Hlc, b: Hlc): Hlc => (compare(a, b) >= 0 ? a : b);

/** The stamp for a new local event. */
export const tick = (last: Hlc | null, now: Millis): Hlc => {
	if (!last || now > last[0]) return [now, 0];
	if (last[1] >= Number.MAX_SAFE_INTEGER) return [last[0] + 1, 0];
	return [last[0], last[1] + 1];
};

/** The device's clock after it sees a remote stamp. */
export const receive = (last: Hlc | null, remote: Hlc, now: Millis): Hlc => {
	const l = last ?? ZERO;
	const ms = Math.max(l[0], remote[0], now);
	const counter =
		ms === l[0] && ms === remote[0]
			? Math.max(l[1], remote[1])
			: ms === l[0]
				? l[1]
				: ms === remote[0]
					? remote[1]
					: -1;
	return counter >= Number.MAX_SAFE_INTEGER ? [ms + 1, 0] : [ms, counter + 1];
};

/** A readable form for logs and the audit view, e.g. "2026-11-23T19:40:00.000Z#2". */
export const format = (h: Hlc): string => `${new Date(h[0]).toISOString()}#${h[1]}`;
