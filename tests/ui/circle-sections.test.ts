import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	circleGroups,
	circleSections,
	currentSection,
	sectionHref,
	shownGroups,
	type CircleSection
} from '$lib/ui/circle-sections';

const circle = 'c0ffee';

describe("the circle's navigation", () => {
	it('has the six groups of DESIGN.md §9, in that order', () => {
		expect(circleGroups.map((g) => g.label)).toEqual([
			'Now',
			'Roles',
			'Economy',
			'Meetings',
			'Federation',
			'Ledger'
		]);
	});

	it('lists every screen under src/routes/circle/[id] once, in a group that exists', () => {
		const routes = readdirSync('src/routes/circle/[id]', { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.map((d) => d.name);
		const paths = circleSections.map((s) => s.path);
		expect(new Set(paths).size).toBe(paths.length);
		expect(paths.filter(Boolean).sort()).toEqual(routes.sort());
		expect(paths).toContain('');
		for (const s of circleSections) expect(circleGroups.map((g) => g.id)).toContain(s.group);
	});

	it('shows only the groups that have a screen, each leading to its first screen', () => {
		const sections: CircleSection[] = [
			{ path: 'audit', label: 'Audit', group: 'ledger' },
			{ path: 'now', label: 'Now', group: 'now' },
			{ path: 'loans', label: 'Loans', group: 'economy' },
			{ path: '', label: 'Overview', group: 'ledger' }
		];
		const shown = shownGroups(circle, circleGroups, sections);
		expect(shown.map((g) => [g.id, g.href, g.sections.map((s) => s.label)])).toEqual([
			['now', `/circle/${circle}/now`, ['Now']],
			['economy', `/circle/${circle}/loans`, ['Loans']],
			['ledger', `/circle/${circle}/audit`, ['Audit', 'Overview']]
		]);
		// Today every group has a screen (Federation: Federation and Protocols), so all six tabs show.
		expect(shownGroups(circle).map((g) => g.label)).toEqual([
			'Now',
			'Roles',
			'Economy',
			'Meetings',
			'Federation',
			'Ledger'
		]);
	});

	it.each([
		[`/circle/${circle}`, 'Overview'],
		[`/circle/${circle}/`, 'Overview'],
		[`/circle/${circle}/sync`, 'Sync'],
		[`/circle/${circle}/charter/`, 'Charter'],
		[`/circle/${circle}/mandates/some/page/below`, 'Mandates'],
		[`/circle/${circle}x/sync`, null],
		['/settings', null]
	])('finds the screen of %s', (path, label) => {
		expect(currentSection(circle, path)?.label ?? null).toBe(label);
	});

	it('writes the links', () => {
		expect(sectionHref(circle, { path: '', label: 'Overview', group: 'ledger' })).toBe(`/circle/${circle}`);
		expect(sectionHref(circle, { path: 'now', label: 'Now', group: 'now' })).toBe(`/circle/${circle}/now`);
	});
});
