/**
 * Threat model T30–T31 (docs/protocol/threat-model.md): one verdict for the same bytes on
 * every engine. A body nested deeper than an engine's stack, a 5 MB body or a huge string is
 * refused by the protocol's limits — the same code on every phone — before any recursion can
 * run out of stack; nothing valid is lost beside it.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '$lib/core/ledger';
import { MAX_DEPTH, MAX_STRING } from '$lib/core/canonical';
import { MAX_ENTRY_BYTES, decodeEntry, encodeEntry } from '$lib/core/entry';
import * as membership from '$lib/core/membership/fold';
import { CIRCLE, T0, arrival, genesisOf, person, sign } from '../helpers';
import type { Json } from '$lib/core/canonical';
import type { Entry } from '$lib/core/types';

const maya = person('Maya');

const nested = (depth: number): Json => {
	let v: Json = 'leaf';
	for (let i = 0; i < depth; i++) v = [v];
	return v;
};

/**
 * An entry by the founder with `body`. Its signature is taken as valid (a verdict is an input
 * to the ledger): only the limits may refuse it. Within the limits it is really signed.
 */
const entryWith = (body: Record<string, Json>) => {
	const l = new Ledger(CIRCLE);
	l.add([arrival(genesisOf(maya))], T0);
	const u = membership.draft(l.nextFor(maya.key, T0 + 1000), 'note.post', body);
	let e: Entry;
	try {
		e = sign(u, maya);
	} catch {
		e = { ...u, sig: '00'.repeat(64) } as Entry;
	}
	return { l, e };
};

const codeOf = (f: () => unknown): string | null => {
	try {
		f();
		return null;
	} catch (err) {
		return (err as { rejection?: { code: string } }).rejection?.code ?? `threw ${(err as Error).name}`;
	}
};

describe('protocol limits', () => {
	it.each([
		['nested one level too deep', { x: nested(MAX_DEPTH) }, 'entry-body-canonical'],
		['nested 100,000 levels (deeper than any stack)', { x: nested(100_000) }, 'entry-body-canonical'],
		['a string longer than the limit', { x: 'a'.repeat(MAX_STRING + 1) }, 'entry-body-canonical'],
		[
			'a 5 MB body in many short strings',
			{ x: Array.from({ length: 5000 }, () => 'b'.repeat(1000)) },
			'entry-too-large'
		]
	])('%s: refused with a code, the same on every engine, nothing else lost', (_, body, code) => {
		const { l, e } = entryWith(body as Record<string, Json>);
		expect(codeOf(() => decodeEntry(e))).toBe(code);
		const before = l.head();
		const r = l.add([{ entry: e, sigValid: true }], T0 + 2000);
		expect(r.quarantined.map((q) => q.reason)).toEqual(['malformed']);
		expect(l.head()).toBe(before);
		expect(l.accepted).toHaveLength(1);
	});

	it('just inside every limit is fine', () => {
		const { l, e } = entryWith({ x: nested(MAX_DEPTH - 2), s: 'a'.repeat(MAX_STRING) });
		expect(encodeEntry(e).length).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
		l.add([{ entry: e, sigValid: true }], T0 + 2000);
		expect(l.accepted).toHaveLength(2);
	});
});
