/**
 * Charter and rotation templates: the circle's charter read as parameters, and parameters written
 * back into a charter draft (adopting a charter template fills the draft; the charter's own consent
 * round decides it). Only numbers travel: thresholds, windows, rituals' rhythms, and for a rotation
 * scheme each role's seats, term limit and cooldown. Role names and duties, and the charter's text,
 * are the circle's own words and go through `stripTemplate` when published.
 */
import type { CharterContent } from '../charter/content';
import type { NumberParam, Template } from './template';

/** A charter number: where it lives, and the bounds the charter itself checks (content.ts). */
const CHARTER_NUMBERS: readonly [key: string, min: number, max: number][] = [
	['consentWindowDays', 1, 90],
	['validityDays', 7, 3660],
	['freezeHours', 0, 168],
	['thresholds.recall', 1, 1000],
	['thresholds.removal', 1, 1000],
	['thresholds.resetCount', 2, 1000],
	['thresholds.resetWindowDays', 1, 365],
	['rituals.meetingEveryDays', 1, 366],
	['rituals.pairAuditMonths', 1, 24],
	['rituals.mentorshipInversionMonths', 1, 60]
];

const ROLE_NUMBERS: readonly [field: string, min: number, max: number][] = [
	['seats', 1, 10],
	['maxConsecutive', 1, 100],
	['cooldownTerms', 0, 100]
];

const read = (c: CharterContent, path: string): number | null => {
	let x: unknown = c;
	for (const part of path.split('.')) x = (x as Record<string, unknown> | undefined)?.[part];
	return Number.isSafeInteger(x) ? (x as number) : null;
};

const param = (key: string, value: number, min: number, max: number): NumberParam => ({
	key,
	type: 'number',
	default: Math.min(max, Math.max(min, value)),
	min,
	max
});

/** A charter template from the charter in force: its numbers as parameters, its text. */
export const charterTemplate = (c: CharterContent, name: string, text: string): Template => ({
	v: 1,
	kind: 'charter',
	name,
	text,
	params: CHARTER_NUMBERS.flatMap(([key, min, max]) => {
		const v = read(c, key);
		return v === null ? [] : [param(key, v, min, max)];
	}),
	parent: null
});

/** A rotation scheme from the charter's roles: each role's seats, term limit and cooldown. */
export const rotationTemplate = (c: CharterContent, name: string, text: string): Template => ({
	v: 1,
	kind: 'rotation',
	name,
	text,
	params: c.roles.flatMap((role) =>
		ROLE_NUMBERS.map(([field, min, max]) => param(`${role.id}.${field}`, role[field] as number, min, max))
	),
	parent: null
});

/**
 * The charter draft a template gives: `base` (the charter in force) with every parameter the
 * template names written in. A parameter the charter has no place for is left out (a rotation
 * scheme's role this circle does not have); nothing else of the base changes.
 */
export const charterFrom = (t: Template, base: CharterContent): CharterContent => {
	const c = JSON.parse(JSON.stringify(base)) as CharterContent;
	for (const p of t.params) {
		if (p.type !== 'number' || typeof p.default !== 'number') continue;
		const parts = p.key.split('.');
		if (t.kind === 'rotation') {
			const role = c.roles.find((x) => x.id === parts[0]);
			const field = parts[1];
			if (role && parts.length === 2 && ROLE_NUMBERS.some(([f]) => f === field)) role[field!] = p.default;
			continue;
		}
		if (t.kind !== 'charter' || !CHARTER_NUMBERS.some(([k]) => k === p.key)) continue;
		if (parts.length === 1) c[parts[0]!] = p.default;
		else (c[parts[0]!] as Record<string, number>)[parts[1]!] = p.default;
	}
	return c;
};

/** True when a template can fill a charter draft (a charter or a rotation scheme). */
export const fillsCharter = (t: Template): boolean => t.kind === 'charter' || t.kind === 'rotation';
