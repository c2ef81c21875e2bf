// The charter's privacy section (core/privacy/section.ts): read leniently, and never able to make
// a governance act private, whatever a charter names.
import { describe, expect, it } from 'vitest';
import {
	KIND_NAMES,
	PRIVATE_KINDS,
	isPrivateType,
	kindOfType,
	privacyOf,
	privacySection
} from '$lib/core/privacy/section';

describe('the privacy section', () => {
	it('reads the kinds it knows, in their own order, and ignores anything else', () => {
		expect(privacyOf({})).toEqual({ kinds: [] });
		expect(privacyOf({ privacy: 'all' })).toEqual({ kinds: [] });
		expect(privacyOf({ privacy: { kinds: 'payments' } })).toEqual({ kinds: [] });
		expect(privacyOf({ privacy: { kinds: ['loans', 'decisions', 7, 'payments', 'loans'] } })).toEqual({
			kinds: ['payments', 'loans']
		});
	});

	it('writes no section for no kinds, so a circle that keeps all public adds nothing', () => {
		expect(privacySection([])).toBeNull();
		expect(privacySection(['ties', 'payments'])).toEqual({ kinds: ['payments', 'ties'] });
	});

	it('no governance act can be private, whatever the charter names', () => {
		const never =
			/^(circle|member|charter|rotation|seed|mandate|decision|reset|witness|meeting|scorecard|federation|protocol|settings|role|ritual)\./;
		for (const k of KIND_NAMES) for (const t of PRIVATE_KINDS[k]) expect(t).not.toMatch(never);
		for (const t of ['credit.limit', 'credit.support', 'credit.write-off', 'library.item', 'library.policy'])
			expect(kindOfType(t)).toBeNull();
		const all = { kinds: [...KIND_NAMES] };
		expect(isPrivateType(all, 'decision.propose')).toBe(false);
		expect(isPrivateType(all, 'credit.transfer')).toBe(true);
		expect(isPrivateType({ kinds: ['loans'] }, 'credit.transfer')).toBe(false);
	});
});
