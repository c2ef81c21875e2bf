/**
 * A protocol that travels: a declarative template (DESIGN.md §13) — a kind, typed parameters with
 * defaults, text, and the hash of the template it was forked from. Never code: every value is a
 * plain number, boolean or short text, and a text that reads like a program is refused. It is
 * content-addressed (SHA-256 of its canonical JSON), so lineage is the chain of parent hashes and
 * a hash is always computed from the bytes, never declared (a declared hash is how a cycle would
 * be forged). Anchors: AT Protocol lexicons (a typed, versioned schema that evolves by adding
 * optional fields), Federated Wiki's fork journal (a page remembers where it came from),
 * PolicyKit's templates (a governance procedure others install and adapt).
 *
 * Circle-specific values are stripped before a template leaves (`stripTemplate`): members' names,
 * the circle's name, keys, dates and secrets; a template that still carries a key, a date or a
 * member's name is refused by the decoder or by the fold (domain.ts).
 */
import * as canonical from '../canonical';
import { sha256Hex } from '../bytes';
import type { Json } from '../canonical';
import type { Rejection } from '../host/domain';

export const KINDS = ['charter', 'rotation', 'ritual', 'practice'] as const;
export type TemplateKind = (typeof KINDS)[number];

export type ParamType = 'number' | 'text' | 'boolean';

export interface Param {
	[key: string]: Json;
	key: string;
	type: ParamType;
	default: number | string | boolean;
}

/** A number parameter may say its bounds; the default lies within them. */
export interface NumberParam extends Param {
	type: 'number';
	default: number;
	min: number;
	max: number;
}

export interface Template {
	[key: string]: Json;
	v: 1;
	kind: TemplateKind;
	name: string;
	text: string;
	params: Param[];
	/** The hash of the template this one was forked from, or null for an original. */
	parent: string | null;
}

/** A template's hash: hex SHA-256 of its canonical JSON (its address and its lineage link). */
export type TemplateHash = string;

export const NAME_MAX = 80;
export const TEXT_MAX = 8000;
export const PARAMS_MAX = 40;
export const PARAM_TEXT_MAX = 500;
/** The largest template (canonical bytes) a ledger entry or a file may carry. */
export const TEMPLATE_BYTES_MAX = 32_000;

const KEY = /^[a-z][a-zA-Z0-9_.-]{0,47}$/;
const HASH = /^[0-9a-f]{64}$/;
const TEMPLATE_FIELDS = new Set(['v', 'kind', 'name', 'text', 'params', 'parent']);
const PARAM_FIELDS = new Set(['key', 'type', 'default', 'min', 'max']);

/**
 * What reads like a program rather than a practice: markup that runs (script, event handlers,
 * javascript: links), function syntax, template-engine and interpolation markers. A template is
 * read by people and filled by the app's own code; nothing in it is ever run or rendered as HTML,
 * but a template that tries is refused so it never travels on.
 */
const CODE =
	/<\s*\/?\s*(script|iframe|object|embed|style|svg|img|link|meta)\b|javascript:|data:text\/html|\bon[a-z]+\s*=|=>|\bfunction\s*\(|\beval\s*\(|\bimport\s*\(|\brequire\s*\(|\$\{|\{\{|\{%|<%/i;
/** A key or a secret: a long run of hex or base64 characters. */
const KEYLIKE = /[0-9a-fA-F]{32,}|[A-Za-z0-9+/_-]{40,}={0,2}/;
/** A calendar date (2026-03-02, 02/03/2026, 2.3.2026): the circle's own days stay home. */
const DATE = /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/;

const r = (code: string, params?: Rejection['params']): Rejection => (params ? { code, params } : { code });

/** The first problem of a text value: code-like, a key, or a date. */
const textProblem = (s: string, field: string): Rejection | null => {
	if (CODE.test(s)) return r('template-code', { field });
	if (KEYLIKE.test(s)) return r('template-key', { field });
	if (DATE.test(s)) return r('template-date', { field });
	return null;
};

const isObj = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

const checkParam = (x: unknown, seen: Set<string>): Rejection | null => {
	if (!isObj(x)) return r('template-param');
	for (const k of Object.keys(x)) if (!PARAM_FIELDS.has(k)) return r('template-field', { field: k });
	if (typeof x.key !== 'string' || !KEY.test(x.key)) return r('template-param-key');
	const key = x.key;
	if (seen.has(key)) return r('template-param-twice', { param: key });
	seen.add(key);
	if (x.type === 'number') {
		const int = (v: unknown) => Number.isSafeInteger(v);
		if (!int(x.default) || !int(x.min) || !int(x.max)) return r('template-param-value', { param: key });
		const [d, lo, hi] = [x.default as number, x.min as number, x.max as number];
		if (lo > hi || d < lo || d > hi) return r('template-param-range', { param: key });
		return null;
	}
	if ('min' in x || 'max' in x) return r('template-field', { field: 'min' });
	if (x.type === 'boolean')
		return typeof x.default === 'boolean' ? null : r('template-param-value', { param: key });
	if (x.type === 'text') {
		if (typeof x.default !== 'string' || x.default.length > PARAM_TEXT_MAX)
			return r('template-param-value', { param: key });
		return textProblem(x.default, key);
	}
	return r('template-param-type', { param: key });
};

/**
 * Checks untrusted template content: null when it is a template, else the first problem as a
 * code. Total: never throws on any value. Unknown fields are refused (unlike entry bodies, a
 * template is adopted as a whole, and nothing in it may be something no phone can check).
 */
export const checkTemplate = (x: unknown): Rejection | null => {
	if (!isObj(x)) return r('template-not-object');
	for (const k of Object.keys(x)) if (!TEMPLATE_FIELDS.has(k)) return r('template-field', { field: k });
	if (x.v !== 1) return r('template-version');
	if (typeof x.kind !== 'string' || !(KINDS as readonly string[]).includes(x.kind)) return r('template-kind');
	if (typeof x.name !== 'string' || !x.name.trim() || x.name.length > NAME_MAX)
		return r('template-name', { max: NAME_MAX });
	if (typeof x.text !== 'string' || x.text.length > TEXT_MAX) return r('template-text', { max: TEXT_MAX });
	if (!(x.parent === null || (typeof x.parent === 'string' && HASH.test(x.parent))))
		return r('template-parent');
	if (!Array.isArray(x.params) || x.params.length > PARAMS_MAX)
		return r('template-params', { max: PARAMS_MAX });
	const seen = new Set<string>();
	for (const p of x.params) {
		const problem = checkParam(p, seen);
		if (problem) return problem;
	}
	const problem = textProblem(x.name, 'name') ?? textProblem(x.text, 'text');
	if (problem) return problem;
	let text: string;
	try {
		text = canonical.encodeText(x);
	} catch {
		return r('not-canonical');
	}
	if (text.length > TEMPLATE_BYTES_MAX) return r('template-too-large', { max: TEMPLATE_BYTES_MAX });
	return null;
};

/** The template's address. */
export const hashTemplate = (t: Template): TemplateHash => sha256Hex(canonical.encode(t));

/** The names a template may not carry: active and past members' (whole words, three letters or more). */
export const namesIn = (t: Template, names: Iterable<string>): string[] => {
	const hay = [t.name, t.text, ...t.params.map((p) => (typeof p.default === 'string' ? p.default : ''))]
		.join('\n')
		.toLocaleLowerCase('en');
	const found: string[] = [];
	for (const n of names) {
		const name = n.trim().toLocaleLowerCase('en');
		if (name.length < 3) continue;
		let i = hay.indexOf(name);
		while (i >= 0) {
			const before = i === 0 ? '' : hay[i - 1]!;
			const after = hay[i + name.length] ?? '';
			if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
				found.push(n);
				break;
			}
			i = hay.indexOf(name, i + 1);
		}
	}
	return found;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Strips what belongs to this circle from a text before it leaves: members' names become
 * "[member]", the circle's name "[circle]", keys and secrets "[key]", dates "[date]".
 */
export const stripText = (s: string, names: readonly string[]): string => {
	let out = s;
	for (const n of [...names].sort((a, b) => b.length - a.length)) {
		const name = n.trim();
		if (name.length < 2) continue;
		out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'giu'), '[member]');
	}
	return out
		.replace(new RegExp(KEYLIKE.source, 'g'), '[key]')
		.replace(new RegExp(DATE.source, 'g'), '[date]');
};

/** A template with this circle's names, keys and dates stripped from every text. */
export const stripTemplate = (t: Template, members: readonly string[], circleName: string): Template => {
	const strip = (s: string) =>
		stripText(
			circleName.trim().length >= 2 ? s.replace(new RegExp(escape(circleName.trim()), 'giu'), '[circle]') : s,
			members
		);
	return {
		...t,
		name: strip(t.name).slice(0, NAME_MAX),
		text: strip(t.text).slice(0, TEXT_MAX),
		params: t.params.map((p) =>
			p.type === 'text' ? { ...p, default: strip(p.default as string) } : { ...p }
		)
	};
};

/** One parameter's change between two relatives (null: absent on that side). */
export interface ParamChange {
	key: string;
	from: number | string | boolean | null;
	to: number | string | boolean | null;
}

/** What differs between two templates: the parameters by key, and whether the text or name did. */
export const diffTemplates = (
	a: Template,
	b: Template
): { params: ParamChange[]; text: boolean; name: boolean } => {
	const before = new Map(a.params.map((p) => [p.key, p.default]));
	const after = new Map(b.params.map((p) => [p.key, p.default]));
	const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
	const params: ParamChange[] = [];
	for (const key of keys) {
		const from = before.has(key) ? before.get(key)! : null;
		const to = after.has(key) ? after.get(key)! : null;
		if (from !== to) params.push({ key, from, to });
	}
	return { params, text: a.text !== b.text, name: a.name !== b.name };
};

/** A fork: the same template with some defaults changed, its parent the original's hash. */
export const forkTemplate = (
	parent: Template,
	values: Record<string, number | string | boolean>,
	b: { name?: string; text?: string } = {}
): Template => ({
	...parent,
	name: b.name ?? parent.name,
	text: b.text ?? parent.text,
	params: parent.params.map((p) => (p.key in values ? { ...p, default: values[p.key]! } : { ...p })),
	parent: hashTemplate(parent)
});
