/**
 * The circle's screens and the groups its navigation shows them in. The groups are the tab
 * bar at the bottom of the screen (within a thumb's reach on a phone); the screens of the
 * current group are a row of links at the top of the content.
 *
 * To add a screen: add its route under src/routes/circle/[id]/<path>/ and one line in
 * `circleSections` with its group, in the order it should appear, e.g.
 * `{ path: 'loans', label: 'Loans', group: 'economy' }`. A group shows up in the tab bar as
 * soon as it has a screen, so there are no empty tabs; the first screen of a group is where
 * its tab leads.
 */
export type CircleGroupId = 'now' | 'roles' | 'economy' | 'meetings' | 'federation' | 'ledger';

export interface CircleGroup {
	id: CircleGroupId;
	/** The tab's text (its accessible name). */
	label: string;
	/** The tab's icon: SVG path data on a 24×24 grid, drawn as a 2px stroke in the text colour. */
	icon: string;
}

export interface CircleSection {
	/** Path below /circle/<id>; '' is the overview. */
	path: string;
	/** The link text (its accessible name). */
	label: string;
	group: CircleGroupId;
}

/** Every group, in tab order (DESIGN.md §9: Now · Roles · Economy · Meetings · Federation · Ledger). */
export const circleGroups: readonly CircleGroup[] = [
	// a clock face: what is true now
	{ id: 'now', label: 'Now', icon: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3.5 2' },
	// two arrows chasing each other: roles rotate
	{
		id: 'roles',
		label: 'Roles',
		icon: 'M4.5 10a8 8 0 0 1 14-3.5M19.5 14a8 8 0 0 1-14 3.5M18.5 3v3.5H15M5.5 21v-3.5H9'
	},
	// a stack of coins
	{
		id: 'economy',
		label: 'Economy',
		icon: 'M5 7c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3M5 7v5c0 1.7 3.1 3 7 3s7-1.3 7-3V7M5 12v5c0 1.7 3.1 3 7 3s7-1.3 7-3v-5'
	},
	// two speech bubbles
	{ id: 'meetings', label: 'Meetings', icon: 'M4 5h11v8H9l-4 3v-3H4zM15 9h5v8h-1v3l-4-3h-4v-4' },
	// three linked circles
	{
		id: 'federation',
		label: 'Federation',
		icon: 'M12 3.5a3 3 0 1 0 0 6a3 3 0 1 0 0-6M5.5 14.5a3 3 0 1 0 0 6a3 3 0 1 0 0-6M18.5 14.5a3 3 0 1 0 0 6a3 3 0 1 0 0-6M10.5 9l-3.5 6M13.5 9l3.5 6M8.5 17.5h7'
	},
	// a page with lines: the record
	{ id: 'ledger', label: 'Ledger', icon: 'M6 3h9l4 4v14H6zM15 3v4h4M9 11h7M9 14.5h7M9 18h4' }
];

export const circleSections: readonly CircleSection[] = [
	{ path: 'now', label: 'Now', group: 'now' },
	{ path: 'history', label: 'History', group: 'roles' },
	{ path: 'mandates', label: 'Mandates', group: 'roles' },
	{ path: 'charter', label: 'Charter', group: 'roles' },
	{ path: 'reset', label: 'Reset', group: 'roles' },
	{ path: 'handoffs', label: 'Handoffs', group: 'roles' },
	{ path: 'credit', label: 'Credit', group: 'economy' },
	{ path: 'library', label: 'Library', group: 'economy' },
	{ path: 'meeting', label: 'Meeting', group: 'meetings' },
	{ path: 'decisions', label: 'Decisions', group: 'meetings' },
	{ path: 'victories', label: 'Victories', group: 'meetings' },
	{ path: 'calendar', label: 'Calendar', group: 'meetings' },
	{ path: 'pair-audit', label: 'Pair audit', group: 'meetings' }, // i18n-ignore: CircleNav words it
	{ path: 'mentorship', label: 'Mentorship', group: 'meetings' },
	{ path: 'reciprocity', label: 'Reciprocity', group: 'economy' },
	{ path: 'scorecard', label: 'Scorecard', group: 'economy' },
	{ path: 'federation', label: 'Federation', group: 'federation' },
	{ path: 'protocols', label: 'Protocols', group: 'federation' },
	// The overview (members, the ledger's entries, removal, rename and leave) is the circle's
	// record and who is in it, so it opens the Ledger group, next to Invite (adding members),
	// Sync (moving the record between phones) and Audit (checking it). It is also where a newly
	// founded circle opens, and there a founder's first task, Invite, is the next link along.
	{ path: '', label: 'Overview', group: 'ledger' },
	{ path: 'invite', label: 'Invite', group: 'ledger' },
	{ path: 'sync', label: 'Sync', group: 'ledger' },
	{ path: 'audit', label: 'Audit', group: 'ledger' }
];

export const sectionHref = (circle: string, section: CircleSection): string =>
	section.path ? `/circle/${circle}/${section.path}` : `/circle/${circle}`;

/** A group as the navigation shows it: its screens, in order; `href` is where its tab leads. */
export interface ShownGroup extends CircleGroup {
	sections: readonly CircleSection[];
	href: string;
}

/** The groups with at least one screen, in tab order. */
export function shownGroups(
	circle: string,
	groups: readonly CircleGroup[] = circleGroups,
	sections: readonly CircleSection[] = circleSections
): ShownGroup[] {
	return groups.flatMap((group) => {
		const mine = sections.filter((s) => s.group === group.id);
		return mine.length ? [{ ...group, sections: mine, href: sectionHref(circle, mine[0]!) }] : [];
	});
}

/**
 * The screen a URL path shows: the section whose href is the path or a folder above it (the
 * longest such), so a screen with pages below it still lights up its group. Null off the circle.
 */
export function currentSection(
	circle: string,
	pathname: string,
	sections: readonly CircleSection[] = circleSections
): CircleSection | null {
	const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
	let best: CircleSection | null = null;
	for (const s of sections) {
		const href = sectionHref(circle, s);
		if (
			(path === href || path.startsWith(href + '/')) &&
			(!best || href.length > sectionHref(circle, best).length)
		)
			best = s;
	}
	return best;
}
