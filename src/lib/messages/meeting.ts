/** Sentences for the meeting domain's codes (core/meeting). */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const MEETING_MESSAGES: Record<string, (params: Params) => string> = {
	'meeting-item': () => 'That agenda item does not exist.',
	'meeting-title': () => 'Give the agenda item a title.',
	'meeting-text': (x) => `That text is too long (at most ${p(x, 'max')} characters).`,
	'meeting-not-member': () => 'Only a member can edit the agenda.',
	'meeting-date': () => 'A meeting has a day (YYYY-MM-DD).',
	'meeting-length': (x) => `A meeting ends after it starts and lasts at most ${p(x, 'hours')} hours.`,
	'meeting-present': () => 'Tick at least one member present.',
	'meeting-talk': () => 'Talk times are whole seconds, one per member present.',
	'meeting-minutes-hash': () =>
		'The minutes do not match their fingerprint: they were changed after signing.',
	'meeting-round': () => 'The least-heard round has one answer per member present.',
	'meeting-present-not-member': () => 'Everyone ticked present must be a member of the circle.',
	'meeting-closer-absent': () => 'Only someone present can close the meeting.',
	'meeting-close-late': (x) =>
		`A meeting is closed when it ends: this close came more than ${p(x, 'days')} days after its meeting, or before it ended.`,
	'meeting-talk-exceeds': (x) =>
		`The talk times add up to ${p(x, 'total')} s, longer than the meeting itself (${p(x, 'length')} s).`,
	'meeting-round-order': () => 'The least-heard round asks everyone present once, least talk time first.',
	'meeting-round-named': () => 'In the round, a member names others who were present, not themself.',
	'meeting-no-facilitator': () => 'Nobody who could close this meeting was present: it does not count.',
	'meeting-not-facilitator': () =>
		'Only the facilitator (or, when they are absent, the next in the draw) closes a meeting: this close does not count.',
	'meeting-closed-twice': () =>
		'This facilitator term already has a closed meeting: this second close does not count.'
};
