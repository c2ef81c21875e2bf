/**
 * The victories wall (issue 10, item 7): what the circle achieved, from the victories each
 * meeting's closing entry carries, with no name beside them ("anonymous victories instead of
 * heroes"). Only meetings that count are read (a close by someone who was not the facilitator
 * counts for nothing, its victories included); newest meeting first, in the order they were written.
 */
import type { JudgedClose } from '$lib/core/meeting';

export interface Victory {
	text: string;
	/** The meeting's date (YYYY-MM-DD, the circle's day). */
	date: string;
	/** The closing entry that carries it (for a key: the wall never shows its author). */
	close: string;
}

export const victoriesOf = (meetings: readonly JudgedClose[]): Victory[] =>
	meetings
		.filter((m) => m.verdict.ok)
		.slice()
		.sort((a, b) => (a.body.date < b.body.date ? 1 : a.body.date > b.body.date ? -1 : b.at - a.at))
		.flatMap((m) => m.body.victories.map((text) => ({ text, date: m.body.date, close: m.id })));
