/** Sentences for the rituals domain's codes (core/rituals). */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const RITUAL_MESSAGES: Record<string, (params: Params) => string> = {
	'ritual-name': (x) => `Give the ritual a name of at most ${p(x, 'max')} characters.`,
	'ritual-note': (x) => `Keep the note under ${p(x, 'max')} characters.`,
	'ritual-when': () => 'A ritual needs a date and a time.',
	'ritual-minutes': (x) => `A ritual lasts between ${p(x, 'min')} minutes and ${p(x, 'max')} minutes.`,
	'ritual-every': () => 'A ritual happens once, every week or every month.',
	'ritual-ref': () => 'that is not a ritual’s id',
	'ritual-far': (x) =>
		`A ritual is dated at most ${p(x, 'back')} days back and ${p(x, 'ahead')} days ahead of when it is written.`,
	'ritual-many': (x) => `The calendar already holds ${p(x, 'max')} rituals to come: cancel one first.`,
	'ritual-unknown': () => 'there is no such ritual',
	'ritual-cancelled': () => 'That ritual was already cancelled.'
};
