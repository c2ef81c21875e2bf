/**
 * How each ledger entry reads in the ledger list. Other screens add their entry
 * types by adding a line to `describers` (type -> sentence).
 */
import type { Entry } from '$lib/core/types';

type Body = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const describers: Record<string, (body: Body, entry: Entry) => string> = {
	'circle.genesis': () => 'Circle founded',
	'circle.rename': (b) => `Renamed the circle to “${text(b.name)}”`,
	'member.admit': (b) => `Welcomed ${text(b.name) || 'a new member'}`,
	'member.leave': () => 'Left the circle'
};

export const describeEntry = (entry: Entry): string => {
	const d = describers[entry.type];
	return d ? d(entry.body as Body, entry) : `Recorded “${entry.type}”`;
};
