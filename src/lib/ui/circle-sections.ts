/**
 * The sections of a circle's page, shown as the circle's navigation. To add a screen,
 * add its route under src/routes/circle/[id]/<path>/ and one line here, in the order
 * it should appear (e.g. { path: 'now', label: 'Now' }, { path: 'sync', label: 'Sync' }).
 */
export interface CircleSection {
	/** Path below /circle/<id>; '' is the overview. */
	path: string;
	/** The link text (its accessible name). */
	label: string;
}

export const circleSections: CircleSection[] = [
	{ path: '', label: 'Overview' },
	{ path: 'now', label: 'Now' },
	{ path: 'history', label: 'History' },
	{ path: 'mandates', label: 'Mandates' },
	{ path: 'charter', label: 'Charter' },
	{ path: 'reset', label: 'Reset' },
	{ path: 'handoffs', label: 'Handoffs' },
	{ path: 'audit', label: 'Audit' },
	{ path: 'sync', label: 'Sync' },
	{ path: 'invite', label: 'Invite' }
];

export const sectionHref = (circle: string, section: CircleSection): string =>
	section.path ? `/circle/${circle}/${section.path}` : `/circle/${circle}`;
