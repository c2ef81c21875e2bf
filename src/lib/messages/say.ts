/**
 * Looks a message up by its key in the member's language (src/lib/i18n, `m`), for sentences keyed
 * by a code the core returns: `rule_<code>` for a rule's outcome, `aside_<code>` for why an entry
 * was set aside (src/lib/i18n/messages/<locale>/outcomes.json and rules.json). A variant of a
 * sentence (one without an optional part, one per unit) is `<key>__<variant>`.
 *
 * Numbers a sentence carries are written the language's way (Intl); everything else as it is.
 */
import { intlLocale, m } from '$lib/i18n';
import type { Rejection } from '$lib/core/host/domain';

export type Params = Rejection['params'];
type Say = (inputs?: Record<string, unknown>) => string;

/** A code as a message key's tail: 'entry-not-object' → 'entry_not_object'. */
export const keyOf = (code: string): string => code.replace(/-/g, '_');

/** A parameter as text ('' when absent). */
export const p = (params: Params, key: string): string => String(params?.[key] ?? '');

const numbers = new Map<string, Intl.NumberFormat>();
const numberText = (n: number): string => {
	const tag = intlLocale();
	let f = numbers.get(tag);
	if (!f) numbers.set(tag, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: 20 })));
	return f.format(n);
};

/** The message's inputs: numbers written the language's way, other values kept for the message. */
export const inputsOf = (params: Params): Record<string, unknown> => {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(params ?? {}))
		out[k] = typeof v === 'number' && Number.isFinite(v) ? numberText(v) : (v ?? '');
	return out;
};

/** A parameter a code did not carry reads as nothing, never as "undefined". */
const orEmpty = (inputs: Record<string, unknown>) =>
	new Proxy(inputs, { get: (t, k) => (typeof k === 'string' && t[k] !== undefined ? t[k] : '') });

/** The message under `key` in the language shown, or undefined when there is none (or it is not loaded yet). */
export const say = (key: string, inputs?: Record<string, unknown>): string | undefined => {
	const f = (m as unknown as Record<string, Say | undefined>)[key];
	return typeof f === 'function' ? f(orEmpty(inputs ?? {})) : undefined;
};

/** Whether the language shown has a message under `key`. */
export const has = (key: string): boolean =>
	typeof (m as unknown as Record<string, unknown>)[key] === 'function';
