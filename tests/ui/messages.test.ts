/**
 * Codes and sentences in agreement (STYLE.md: "a rule's outcome is a code with parameters;
 * the sentence a person reads is in the UI's messages"). The core's codes are read from its
 * sources: every code passed to reject(, bad(, refuse( or the charter's r(, and every case
 * (`detail`) an entry can be set aside with, must have a sentence in src/lib/messages; every
 * sentence must read with sample parameters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntry } from '$lib/core/entry';
import { RuleError } from '$lib/core/host/domain';
import { REASONS, problemOf } from '$lib/core/quarantine';
import {
	QUARANTINE_MESSAGES,
	QUARANTINE_TITLES,
	RULE_MESSAGES,
	SEAL_WHY,
	errorText,
	quarantineText,
	ruleText
} from '$lib/messages';

const SRC = join(import.meta.dirname, '../../src/lib');

const walk = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
	});

const stripComments = (src: string) =>
	src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** The core, and the state and sync modules that refuse or set aside with codes of their own. */
const sources = ['core', 'state', 'sync'].flatMap((d) =>
	walk(join(SRC, d)).map((path) => ({
		path: relative(SRC, path),
		text: stripComments(readFileSync(path, 'utf8'))
	}))
);

const matches = (re: RegExp, text: string): string[] => [...text.matchAll(re)].map((m) => m[1]!);

/** Code → the files it is returned or thrown from. */
const collect = (patterns: RegExp[], only?: (path: string) => boolean) => {
	const found = new Map<string, string[]>();
	for (const { path, text } of sources) {
		if (only && !only(path)) continue;
		for (const re of patterns)
			for (const code of matches(re, text)) found.set(code, [...(found.get(code) ?? []), path]);
	}
	return found;
};

const ruleCodes = new Map([
	...collect([/\b(?:reject|bad|refuse)\(\s*'([a-z0-9-]+)'/g]),
	...collect([/\br\(\s*'([a-z0-9-]+)'/g], (path) => path === 'core/charter/content.ts')
]);

/** Cases of a reason (`q(reason, detail`), pending verdicts and stored values (`detail: '…'`). */
const quarantineDetails = collect([/\bq\(\s*'[a-z-]+',\s*'([a-z0-9-]+)'/g, /\bdetail:\s*'([a-z0-9-]+)'/g]);
/** Reasons set aside with no case of their own: `quarantined(id, entry, reason, undefined`. */
const plainReasons = collect([/\bquarantined\(\s*[\w.]+,\s*[\w.]+,\s*'([a-z-]+)',\s*undefined/g]);

const missing = (found: Map<string, string[]>, table: Record<string, unknown>) =>
	[...found].filter(([code]) => !(code in table)).map(([code, files]) => `${code} (${files.join(', ')})`);

describe('every code the core can give has a sentence', () => {
	it('finds the codes (the scan itself works)', () => {
		expect(ruleCodes.size).toBeGreaterThan(100);
		for (const code of ['role-twice', 'dice-digits', 'join-other-circle', 'entry-seq', 'circle-name'])
			expect(ruleCodes.has(code), code).toBe(true);
		expect(quarantineDetails.size).toBeGreaterThan(25);
		for (const code of [
			'clock-not-later',
			'second-genesis',
			'had-left',
			'waits-for-earlier',
			'stored-unreadable'
		])
			expect(quarantineDetails.has(code), code).toBe(true);
		expect([...plainReasons.keys()].sort()).toEqual([
			'bad-signature',
			'future-timestamp',
			'malformed',
			'wrong-circle'
		]);
	});

	it('rule outcomes and builder refusals', () => {
		expect(missing(ruleCodes, RULE_MESSAGES)).toEqual([]);
	});

	it('reasons and their cases for setting an entry aside', () => {
		expect(missing(quarantineDetails, QUARANTINE_MESSAGES)).toEqual([]);
		expect(missing(plainReasons, QUARANTINE_MESSAGES)).toEqual([]);
		for (const reason of REASONS) expect(QUARANTINE_TITLES[reason], reason).toBeTruthy();
	});

	it('and no sentence is left over for a code nothing gives any more', () => {
		const all = sources.map((s) => s.text).join('\n');
		const unused = (table: Record<string, unknown>) =>
			Object.keys(table).filter((code) => !all.includes(`'${code}'`));
		expect(unused(RULE_MESSAGES)).toEqual([]);
		expect(unused(QUARANTINE_MESSAGES)).toEqual([]);
	});
});

const KEY = 'ab'.repeat(32);
const ID = 'cd'.repeat(32);
const SAMPLE = {
	max: 80,
	min: 1,
	maxDays: 366,
	role: 'steward',
	count: 2,
	silent: 1,
	windowEndsAt: Date.UTC(2026, 0, 5),
	status: 'done',
	member: KEY,
	author: KEY,
	circle: '00112233445566778899aabbccddeeff',
	chosen: ID,
	prev: ID,
	expected: ID,
	seq: 3,
	at: Date.UTC(2026, 0, 5, 9),
	counter: 0,
	minutes: 10,
	fields: 'v',
	v: 2,
	path: '$.x',
	value: '1.5',
	kind: 'function',
	name: 'Zoë',
	problem: 'entry-seq'
};

describe('every sentence reads', () => {
	const tables: [string, Record<string, (p: typeof SAMPLE) => string>][] = [
		['rules', RULE_MESSAGES],
		['quarantine', QUARANTINE_MESSAGES]
	];
	for (const [name, table] of tables)
		it(`${name}: non-empty, every placeholder filled`, () => {
			for (const [code, say] of Object.entries(table)) {
				const text = say(SAMPLE);
				expect(text.trim().length, code).toBeGreaterThan(0);
				// "undefined" is the word canonical-undefined is about; anywhere else it is a missing value.
				const checked = code === 'canonical-undefined' ? text.replace(/ is undefined$/, '') : text;
				expect(checked, code).not.toMatch(/undefined|NaN|\[object|\$\{/);
			}
		});

	it('titles and seal verdicts are non-empty', () => {
		for (const t of [...Object.values(QUARANTINE_TITLES), ...Object.values(SEAL_WHY)])
			expect(t.trim()).not.toBe('');
	});
});

describe('the words are the ones the core used to write', () => {
	it.each<[Parameters<typeof quarantineText>[0], string]>([
		[
			{ reason: 'bad-signature', params: { author: KEY } },
			'Its signature does not match abababab…’s key: it was forged or altered after signing.'
		],
		[
			{ reason: 'broken-chain', detail: 'wrong-prev', params: { prev: null, seq: 1 } },
			'It claims to follow nothing, which is not its author’s entry #1.'
		],
		[
			{ reason: 'broken-chain', detail: 'wrong-prev', params: { prev: ID, seq: 0 } },
			'It is its author’s first entry, yet claims to follow cdcdcdcd….'
		],
		[
			{ reason: 'future-timestamp', params: { at: Date.UTC(2026, 0, 5, 9), counter: 2, minutes: 10 } },
			'It is dated 2026-01-05T09:00:00.000Z#2, more than 10 minutes ahead of this device’s clock; it will be looked at again when that time comes.'
		],
		[
			{ reason: 'not-a-member', detail: 'had-been-removed', params: { author: KEY } },
			'Its author abababab… had been removed before writing it.'
		],
		[
			{ reason: 'invalid-body', detail: 'rename-naming', params: { problem: 'surrounding-spaces' } },
			'The new name breaks a naming rule: no surrounding spaces'
		],
		[
			{
				reason: 'invalid-body',
				detail: 'genesis-naming',
				params: problemOf({ code: 'member-name-length', params: { max: 80 } })
			},
			'The genesis breaks a naming rule: Keep your name under 80 characters.'
		],
		[
			{ reason: 'malformed', detail: 'stored-unreadable', params: { problem: 'stored-not-json' } },
			'This stored entry could not be read: the stored text is not JSON. It is kept as it was.'
		],
		[
			{ reason: 'pending', detail: 'waits-for-earlier' },
			'It waits for an earlier entry of its author to arrive.'
		],
		// A newer phone's case this version does not know: the reason's heading.
		[{ reason: 'invalid-body', detail: 'from-the-future' }, 'Breaks a rule']
	])('%j', (q, text) => expect(quarantineText(q)).toBe(text));

	it('an unreadable entry, through two problems deep', () => {
		let err: unknown;
		try {
			decodeEntry({
				v: 1,
				circle: '00'.repeat(16),
				author: KEY,
				seq: 1,
				prev: null,
				hlc: [0, 0],
				type: 'note.post',
				body: { x: 1.5 },
				sig: 'ee'.repeat(64)
			});
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(RuleError);
		const rejection = (err as RuleError).rejection;
		expect(quarantineText({ reason: 'malformed', params: problemOf(rejection) })).toBe(
			'It cannot be read: body is not canonical JSON: $.x must be a safe integer, got 1.5.'
		);
	});

	it('a thrown refusal reads as its sentence; another error as its message; an unknown code as itself', () => {
		expect(errorText(new RuleError({ code: 'removal-self' }))).toBe(
			'You cannot propose your own removal; leave the circle instead.'
		);
		expect(errorText(new RuleError({ code: 'reason-length', params: { max: 280 } }))).toBe(
			'Keep the reason under 280 characters.'
		);
		expect(errorText(new Error('The disk is full.'))).toBe('The disk is full.');
		expect(errorText('plain')).toBe('plain');
		expect(ruleText({ code: 'a-newer-code' })).toBe('a-newer-code');
	});
});
