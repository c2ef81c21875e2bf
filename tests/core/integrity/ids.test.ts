/**
 * Threat model T29 (docs/protocol/threat-model.md): other text, or another value, under a real
 * entry's id. Any value handed to a `Ledger` is named by the SHA-256 of its own canonical JSON
 * (for an entry, exactly its id), so a copy of a real entry with a tenth member is `malformed`
 * under an id of its own and never takes the real entry's place, whichever arrives first.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '$lib/core/ledger';
import { valueId } from '$lib/core/entry';
import { CIRCLE, T0, arrival, genesisOf, idOf, note, person, sign } from '../helpers';
import type { Entry } from '$lib/core/types';

const maya = person('Maya');
const MIN = 60_000;

const withNote = () => {
	const l = new Ledger(CIRCLE);
	l.add([arrival(genesisOf(maya))], T0);
	const real = sign(note('hello')(l.nextFor(maya.key, T0 + MIN)), maya);
	return { l, real };
};

describe('the id of a value that is not an entry (T29)', () => {
	it('a copy with a tenth member, arriving first, is malformed under its own id; the real entry still counts', () => {
		const { l, real } = withNote();
		const copy = { ...real, extra: 'mine' } as unknown as Entry;
		l.add([{ entry: copy, sigValid: true }], T0 + 2 * MIN);
		expect(l.has(idOf(real))).toBe(false);
		const bad = l.quarantine.find((q) => q.reason === 'malformed');
		expect(bad?.id).toBe(valueId(copy));
		expect(bad?.id).not.toBe(idOf(real));
		l.add([arrival(real)], T0 + 2 * MIN);
		expect(l.isAccepted(idOf(real))).toBe(true);
	});

	it('the same, when the caller claims the real id for the copy', () => {
		const { l, real } = withNote();
		const copy = { ...real, extra: 'mine' } as unknown as Entry;
		l.add([{ entry: copy, sigValid: true, id: idOf(real) }], T0 + 2 * MIN);
		expect(l.has(idOf(real))).toBe(false);
		l.add([arrival(real)], T0 + 2 * MIN);
		expect(l.isAccepted(idOf(real))).toBe(true);
	});

	it('a copy missing a member, or with a member of another type, has an id of its own too', () => {
		const { l, real } = withNote();
		const { body: _body, ...noBody } = real;
		const stringSeq = { ...real, seq: String(real.seq) };
		l.add(
			[noBody, stringSeq].map((v) => ({ entry: v as unknown as Entry, sigValid: true })),
			T0 + 2 * MIN
		);
		expect(l.quarantine.filter((q) => q.reason === 'malformed')).toHaveLength(2);
		l.add([arrival(real)], T0 + 2 * MIN);
		expect(l.isAccepted(idOf(real))).toBe(true);
	});

	it('an entry’s value id is its id; a value with no canonical form gets a "malformed:" id', () => {
		const { real } = withNote();
		expect(valueId(real)).toBe(idOf(real));
		const odd = { ...real, hlc: [1.5, 0] };
		expect(valueId(odd)).toMatch(/^[0-9a-f]{64}$/);
		expect(valueId(odd)).not.toBe(idOf(real));
		expect(valueId(undefined)).toMatch(/^[0-9a-f]{64}$/);
	});
});
