import { describe, expect, it } from 'vitest';
import type { JudgedClose } from '$lib/core/meeting';
import { victoriesOf } from '$lib/ui/meeting/victories';

const close = (id: string, date: string, at: number, victories: string[], ok = true) =>
	({
		id,
		author: 'a'.repeat(64),
		at,
		stamp: at,
		body: { date, victories },
		verdict: ok ? { ok: true, term: 1 } : { ok: false, code: 'meeting-not-facilitator' }
	}) as unknown as JudgedClose;

describe('the victories wall', () => {
	it('newest meeting first, in the order written, and only from meetings that count', () => {
		const wall = victoriesOf([
			close('c1', '2026-03-04', 1, ['Roof fixed', 'Seed swap held']),
			close('c2', '2026-03-11', 2, ['Conflict over the rota solved']),
			close('c3', '2026-03-12', 3, ['A forged victory'], false)
		]);
		expect(wall.map((v) => v.text)).toEqual([
			'Conflict over the rota solved',
			'Roof fixed',
			'Seed swap held'
		]);
		expect(wall[0]).toEqual({ text: 'Conflict over the rota solved', date: '2026-03-11', close: 'c2' });
		// No author anywhere on the wall's rows.
		expect(JSON.stringify(wall)).not.toContain('a'.repeat(64));
	});
});
