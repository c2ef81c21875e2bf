/**
 * What a person reads about an entry the ledger set aside (core/quarantine.ts): a heading per
 * reason (`aside_title_<reason>`), and a sentence per case, keyed by the case's code (`detail`)
 * or, for a reason with one case, by the reason itself (`aside_<code>`), in the message files
 * (src/lib/i18n/messages/<locale>/rules.json). tests/ui/messages.test.ts fails when the core can
 * set an entry aside with a code that has no sentence in a language.
 */
import type { QuarantineReason } from '$lib/core/quarantine';
import { problemText } from './rules';
import { has, inputsOf, keyOf, p, say, type Params } from './say';
import { m } from '$lib/i18n';

/** Short form of a key or id for sentences: the first 8 hex characters. */
export const short = (hex: string): string => `${hex.slice(0, 8)}…`;

/** Parameters that are keys or ids, shown short. */
const KEYS = ['author', 'circle', 'prev', 'member'];

/** A heading for a reason, for the audit view (the reason itself when this version has none). */
export const quarantineTitle = (reason: QuarantineReason | string): string =>
	say(`aside_title_${keyOf(reason)}`) ?? reason;

/** Which variant of a case's sentence fits ('' for the plain one). */
const VARIANTS: Record<string, (x: Params) => string> = {
	'wrong-prev': (x) => (p(x, 'seq') === '0' ? 'first' : x?.prev ? '' : 'nothing')
};

/** Inputs a sentence needs beyond its parameters. */
const derived = (code: string, x: Params): Record<string, unknown> => {
	if (code === 'future-timestamp')
		return { at: `${new Date(Number(x?.at ?? 0)).toISOString()}#${p(x, 'counter')}` };
	return 'problem' in (x ?? {}) ? { reason: problemText(x) } : {};
};

/** What the sentence needs to know about a set-aside entry (or a pending one's verdict). */
export interface Aside {
	reason: string;
	detail?: string;
	params?: Params;
}

/** The message key of a set-aside case's sentence, or undefined when this version has none. */
export const asideKey = (q: Aside): string | undefined => {
	const code = q.detail ?? q.reason;
	const variant = VARIANTS[code]?.(q.params) ?? '';
	const key = `aside_${keyOf(code)}${variant ? `__${variant}` : ''}`;
	return has(key) ? key : undefined;
};

/**
 * The sentence for why an entry is set aside: its case's, else its reason's; a code this
 * version does not know (a newer phone's) falls back to the reason's heading.
 */
export const quarantineText = (q: Aside): string => {
	const key = asideKey(q);
	if (key) {
		const code = q.detail ?? q.reason;
		const inputs = inputsOf(q.params);
		for (const k of KEYS) if (typeof q.params?.[k] === 'string') inputs[k] = short(p(q.params, k));
		return say(key, { ...inputs, ...derived(code, q.params) })!;
	}
	return has(`aside_title_${keyOf(q.reason)}`) ? quarantineTitle(q.reason) : (q.detail ?? q.reason);
};

/** What a finding says an entry claims to be (sync/audit-core.ts EntryClaims). */
export interface Claims {
	author?: string;
	name?: string;
	seq?: number;
	type?: string;
}

/**
 * Which entry a finding is about, as its text says, so a reader can find it: its type, the
 * author's seq and the author ("mandate.propose, #14 by Aïcha").
 */
export const entryLabel = (c: Claims): string =>
	c.type || c.seq !== undefined || c.author
		? m.findings_entry({
				type: c.type ?? '?',
				seq: c.seq ?? '?',
				name: c.name ?? (c.author ? short(c.author) : '?')
			})
		: m.findings_entry_unread();
