import { describe, expect, it } from 'vitest';
import type { CircleId, MemberKey } from '$lib/core/types';
import { recordFor } from '$lib/state/circles';

const me = 'aa'.repeat(32) as MemberKey;
const other = 'bb'.repeat(32) as MemberKey;
const rec = { id: 'cc'.repeat(16) as CircleId, name: 'Elm St', added: 1, awaiting: 'admission' as const };
const member = (key: MemberKey) => ({ key }) as never;

describe('the registry line kept in step with the ledger', () => {
	it('stays awaited until this phone’s member is in the ledger, then is not', () => {
		const table: [string, { name: string; members: never[] }, MemberKey | null, object][] = [
			['nothing received', { name: '', members: [] }, me, rec],
			['others only', { name: 'Elm St', members: [member(other)] }, me, rec],
			['no identity', { name: 'Elm St', members: [member(me)] }, null, rec],
			[
				'arrived',
				{ name: 'Elm St', members: [member(other), member(me)] },
				me,
				{ ...rec, awaiting: undefined }
			],
			['renamed', { name: 'Elm Street', members: [] }, me, { ...rec, name: 'Elm Street' }]
		];
		for (const [label, snap, who, want] of table) {
			const next = recordFor(rec, snap, who);
			expect({ ...next, awaiting: next.awaiting }, label).toEqual({ ...rec, ...want });
		}
		expect(recordFor(rec, { name: 'Elm St', members: [] }, me)).toBe(rec);
		expect('awaiting' in recordFor(rec, { name: 'Elm St', members: [member(me)] }, me)).toBe(false);
	});
});
