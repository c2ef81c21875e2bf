// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Entry, EntryId, MemberKey } from '$lib/core/types';
import type { LedgerItem } from '$lib/state/circle-session';
import { ledgerRows } from '$lib/ui/ledger-rows';
import { holdersLine } from '$lib/ui/rotation/holders-line';
import { shortHash } from '$lib/ui/format';

const item = (n: number, type: string): LedgerItem => ({
	id: String(n).padStart(64, '0') as EntryId,
	entry: { type, hlc: [n, 0] } as unknown as Entry,
	authorName: 'Maya',
	counts: n
});

describe('the ledger as the overview lists it', () => {
	it('is newest first, with runs of seals folded into one row', () => {
		const entries = [
			item(1, 'circle.genesis'),
			item(2, 'rotation.seal'),
			item(3, 'member.admit'),
			item(4, 'rotation.seal'),
			item(5, 'rotation.seal'),
			item(6, 'rotation.seal'),
			item(7, 'circle.rename')
		];
		const rows = ledgerRows(entries);
		expect(rows.map((r) => (r.kind === 'entry' ? r.item.entry.type : `seals×${r.items.length}`))).toEqual([
			'circle.rename',
			'seals×3',
			'member.admit',
			'rotation.seal',
			'circle.genesis'
		]);
		expect(ledgerRows([])).toEqual([]);
	});
});

describe('Now’s first line', () => {
	const k = (c: string) => c.repeat(64) as MemberKey;
	const names: Record<string, string> = {
		[k('a')]: 'Kwame',
		[k('b')]: 'Zoë',
		[k('c')]: 'Maya',
		[k('d')]: 'İlkay'
	};
	it('names each role’s holders, marks you, says vacant or not started', () => {
		const roles = [
			{ role: { name: 'Facilitator' }, current: { holders: [k('a')] } },
			{ role: { name: 'Steward' }, current: { holders: [k('b')] } },
			{ role: { name: 'Audit' }, current: { holders: [k('c'), k('d')] } },
			{ role: { name: 'Treasurer' }, current: { holders: [] } },
			{ role: { name: 'Scribe' }, current: null }
		];
		expect(holdersLine(roles, (x) => names[x]!, k('c'))).toEqual([
			{ role: 'Facilitator', names: 'Kwame' },
			{ role: 'Steward', names: 'Zoë' },
			{ role: 'Audit', names: 'Maya (you) & İlkay' },
			{ role: 'Treasurer', names: 'vacant' },
			{ role: 'Scribe', names: 'not started' }
		]);
	});
});

describe('the ledger hash', () => {
	it('is shown short and grouped, like a fingerprint', () => {
		expect(shortHash('0123456789abcdef'.repeat(4))).toBe('0123 4567 89ab cdef');
	});
});
