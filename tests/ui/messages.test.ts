/**
 * Codes and sentences in agreement (STYLE.md: "a rule's outcome is a code with parameters;
 * the sentence a person reads is in the UI's messages"). The core's codes are read from its
 * sources: every code passed to reject(, bad(, refuse( or the charter's r(, and every case
 * (`detail`) an entry can be set aside with, must have a sentence in the message files of every
 * language (`rule_<code>`, `aside_<code>`: src/lib/i18n/messages/<locale>/outcomes.json and
 * rules.json); every sentence must read with sample parameters, in every language.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '$lib/core/entry';
import { RuleError } from '$lib/core/host/domain';
import { REASONS, problemOf } from '$lib/core/quarantine';
import { LOCALES, setMessages, type Catalogue } from '$lib/i18n';
import * as en from '$lib/i18n/gen/messages/en.js';
import * as es from '$lib/i18n/gen/messages/es.js';
import * as de from '$lib/i18n/gen/messages/de.js';
import { errorText, quarantineText, quarantineTitle, ruleText, sealWhy } from '$lib/messages';
import { keyOf } from '$lib/messages/say';

const CATALOGUES: Record<string, Catalogue> = { en, es: es as Catalogue, de: de as Catalogue };
/** The message keys of a language. */
const keysOf = (locale: string) => new Set(Object.keys(CATALOGUES[locale]!));

const SRC = join(import.meta.dirname, '../../src/lib');

const walk = (dir: string): string[] =>
	readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
	});

const stripComments = (src: string) =>
	src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** The core, and the state, sync and device modules that refuse or set aside with codes of their own. */
const sources = ['core', 'state', 'sync', 'device', 'ui'].flatMap((d) =>
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
	// The sync layer's errors (sync/failure.ts) and base64 problems, worded the same way.
	...collect([
		/\bnew (?:ImportError|InviteError|RoomError|SyncFailure|PairingError|PairingCodeError|CameraError)\(\s*'([a-z0-9-]+)'/g,
		// CameraError(cond ? 'a' : 'b'), PairingCodeError(kind === 'offer' ? 'a' : 'b')
		/\bnew (?:PairingCodeError|CameraError)\([^'\n]*\?\s*'([a-z0-9-]+)'/g,
		/\bnew (?:PairingCodeError|CameraError)\([^'\n]*\?\s*'[a-z0-9-]+'\s*:\s*'([a-z0-9-]+)'/g
	]),
	// A pairing failure says what to do next: rule_<code>_advice (sync/pairing.ts).
	...[...collect([/\bnew PairingError\(\s*'([a-z0-9-]+)'/g])].map(
		([code, files]) => [`${code}-advice`, files] as [string, string[]]
	),
	...collect([/\bcode:\s*'(base64-[a-z0-9-]+)'/g], (path) => path.startsWith('sync/')),
	...collect([/\br\(\s*'([a-z0-9-]+)'/g], (path) => path === 'core/charter/content.ts'),
	// A code worded on the spot (ruleText({ code: … })), a refused backup, a coded device error.
	...collect([/\b(?:ruleText|worded)\(\{\s*code:\s*'([a-z0-9-]+)'/g]),
	...collect([/\brefused\(\s*'([a-z0-9-]+)'/g], (path) => path === 'device/identity.ts'),
	...collect([/\bsuper\(\s*'([a-z0-9-]+)'\s*\)/g], (path) => path.startsWith('device/'))
]);

/** Cases of a reason (`q(reason, detail`), pending verdicts and stored values (`detail: '…'`). */
const quarantineDetails = collect([/\bq\(\s*'[a-z-]+',\s*'([a-z0-9-]+)'/g, /\bdetail:\s*'([a-z0-9-]+)'/g]);
/** Reasons set aside with no case of their own: `quarantined(id, entry, reason, undefined`. */
const plainReasons = collect([/\bquarantined\(\s*[\w.]+,\s*[\w.]+,\s*'([a-z-]+)',\s*undefined/g]);

/** Codes found with no message `<prefix><code>` in a language. */
const missing = (found: Map<string, string[]>, prefix: string, locale: string) =>
	[...found]
		.filter(([code]) => !keysOf(locale).has(`${prefix}${keyOf(code)}`))
		.map(([code, files]) => `${locale}: ${code} (${files.join(', ')})`);

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

	it.each(LOCALES)('rule outcomes and builder refusals (%s)', (locale) => {
		expect(missing(ruleCodes, 'rule_', locale)).toEqual([]);
	});

	it.each(LOCALES)('reasons and their cases for setting an entry aside (%s)', (locale) => {
		expect(missing(quarantineDetails, 'aside_', locale)).toEqual([]);
		expect(missing(plainReasons, 'aside_', locale)).toEqual([]);
		for (const reason of REASONS)
			expect(keysOf(locale).has(`aside_title_${keyOf(reason)}`), reason).toBe(true);
	});

	it('and no sentence is left over for a code nothing gives any more', () => {
		// Every quoted code in the sources, as a key's tail ('wrong-prev' → wrong_prev).
		const all = new Set([
			...sources.flatMap((s) => [...s.text.matchAll(/'([a-z0-9-]+)'/g)].map((m) => keyOf(m[1]!))),
			// and codes made from others (a pairing failure's advice)
			...[...ruleCodes.keys()].map(keyOf)
		]);
		const unused = (prefix: string) =>
			[...keysOf('en')]
				.filter((k) => k.startsWith(prefix) && !k.startsWith('aside_title_'))
				.filter((k) => !all.has(k.slice(prefix.length).replace(/__.*$/, '')));
		expect(unused('rule_')).toEqual([]);
		expect(unused('aside_')).toEqual([]);
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

describe('every sentence reads, in every language', () => {
	afterAll(() => setMessages('en', en));
	// With the sample parameters and with none (each optional part's variant), a sentence is worded
	// (never the code itself), and no placeholder is left unfilled.
	const variants = [SAMPLE, {}, { ...SAMPLE, url: '', kind: '', unit: 'sessions', pending: 5, seq: 0 }];
	const reads = (code: string, text: string) => {
		expect(text.trim().length, code).toBeGreaterThan(0);
		expect(text, code).not.toBe(code);
		// "undefined" is the word canonical-undefined is about; anywhere else it is a missing value.
		const checked = code === 'canonical-undefined' ? text.replace(/undefined/, '') : text;
		expect(checked, code).not.toMatch(/undefined|NaN|\[object|\$\{|\{\w+\}/);
	};
	it.each(LOCALES)('%s: rule outcomes and set-aside cases', (locale) => {
		setMessages(locale, CATALOGUES[locale]!);
		for (const code of ruleCodes.keys())
			for (const params of variants) reads(code, ruleText({ code, params }));
		for (const code of [...quarantineDetails.keys(), ...plainReasons.keys()])
			for (const params of variants)
				reads(code, quarantineText({ reason: 'invalid-body', detail: code, params }));
		for (const reason of REASONS) expect(quarantineTitle(reason), reason).not.toBe(reason);
		for (const why of ['inputs-differ', 'holders-differ', 'not-eligible'])
			expect(sealWhy(why)?.trim()).toBeTruthy();
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
		[{ reason: 'invalid-body', detail: 'from-the-future' }, 'Breaks a rule'],
		[{ reason: 'invalid-body', detail: 'objections', params: {} }, 'Breaks a rule']
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
