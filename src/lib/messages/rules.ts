/**
 * The sentence for a rule's outcome, keyed by the code the core returns or throws (STYLE.md: "a
 * rule's outcome is a code with parameters; the sentence is in the UI's messages"). The sentences
 * are in the message files, in every language: `rule_<code>` (src/lib/i18n/messages/<locale>/
 * outcomes.json for what Home can show, rules.json for the rest). tests/ui/messages.test.ts fails
 * when the core can return a code that has no sentence in a language. Plain TypeScript, no
 * Svelte: the UI, the state modules and `npm run verify` all word codes with it.
 *
 * Most sentences take the code's parameters as they are. The few that need more are below: a
 * variant when an optional part is absent, or inputs worked out from the parameters (a nested
 * problem's own sentence, an amount in its unit, a date).
 */
import type { Rejection } from '$lib/core/host/domain';
import { intlLocale } from '$lib/i18n';
import { inputsOf, keyOf, p, say, type Params } from './say';
import { creditInputs, creditVariant } from './credit';

export { p, type Params } from './say';

/** Bytes in MiB, the language's way: "12.5 MiB". */
const mib = (n: number): string =>
	`${new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MiB`;

const day = (ms: number): string =>
	new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(ms));

/** Which variant of a code's sentence fits these parameters ('' for the plain one). */
const VARIANTS: Record<string, (x: Params) => string> = {
	'settings-url-repeated': (x) => (p(x, 'url') ? '' : 'index'),
	'settings-room-url': (x) => (p(x, 'url') ? '' : 'index'),
	'settings-ice-url': (x) => (p(x, 'url') ? '' : 'index'),
	'reciprocity-amount': (x) => (['minutes', 'sessions', 'meals'].includes(p(x, 'unit')) ? p(x, 'unit') : ''),
	'fed-cert-window': (x) => (p(x, 'max') ? '' : 'open'),
	'fed-cert-exit': (x) => (p(x, 'max') ? '' : 'open'),
	'file-kind': (x) => (p(x, 'kind') ? '' : 'unknown'),
	// a file that cannot be imported (sync/file.ts): how it is damaged, who it belongs to
	'import-damaged': (x) => keyOf(p(x, 'what')),
	'import-other-circle': (x) => (p(x, 'theirs') ? '' : 'unnamed'),
	'import-published-extra': (x) => (p(x, 'others') ? '' : 'plain'),
	...creditVariant
};

/** Inputs a code's sentence needs beyond its parameters. */
const DERIVED: Record<string, (x: Params) => Record<string, unknown>> = {
	'entry-body-canonical': (x) => ({ reason: problemText(x) }),
	'file-template': (x) => ({ reason: ruleText({ code: p(x, 'problem') }) }),
	waiting: (x) => ({ silent: Number(x?.silent ?? 0), date: day(Number(x?.windowEndsAt ?? 0)) }),
	objections: (x) => ({ count: Number(x?.count ?? 0) }),
	'close-quorum': (x) => ({ count: Number(x?.count ?? 0), quorum: p(x, 'quorum') }),
	'library-renewals': (x) => ({ max: Number(x?.max ?? 0) }),
	'fed-cert-issue': (x) => ({ max: p(x, 'max') || '80' }),
	'import-too-large': (x) => ({ size: mib(Number(x?.max ?? 0)) }),
	'import-too-big': (x) => ({ size: mib(Number(x?.size ?? 0)), max: mib(Number(x?.max ?? 0)) }),
	'import-damaged': (x) => ({ reason: problemText(x) }),
	...creditInputs
};

/** The message key of a code's sentence for these parameters. */
export const ruleKey = (r: Rejection): string => {
	const variant = VARIANTS[r.code]?.(r.params) ?? '';
	return `rule_${keyOf(r.code)}${variant ? `__${variant}` : ''}`;
};

/**
 * The sentence for a rule's outcome: its variant's, else the code's own; an unknown code (a newer
 * phone's) is shown as it is.
 */
export const ruleText = (r: Rejection): string => {
	const inputs = { ...inputsOf(r.params), ...DERIVED[r.code]?.(r.params) };
	return say(ruleKey(r), inputs) ?? say(`rule_${keyOf(r.code)}`, inputs) ?? r.code;
};

/**
 * The sentence for a problem another check found, carried as parameters: `problem` is its
 * code and `problemParams` its own parameters (core/quarantine.ts problemOf).
 */
export function problemText(params: Params): string {
	const inner = params?.problemParams;
	const own = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : undefined;
	return ruleText({ code: p(params, 'problem'), params: own });
}

/** What a flagged seal means (the audit screen and the verify report). */
export const sealWhy = (why: string): string | undefined => say(`seal_why_${keyOf(why)}`);

/** The thrown error's sentence: a rule's code from a builder, else the error's own message. */
export const errorText = (err: unknown): string => {
	const r = (err as { rejection?: Rejection })?.rejection;
	if (r && typeof r.code === 'string') return ruleText(r);
	return err instanceof Error ? err.message : String(err);
};
