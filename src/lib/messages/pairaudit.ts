/** Sentences for the pair-audit and mentorship domains' codes (core/pairaudit, core/mentorship). */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const PAIRAUDIT_MESSAGES: Record<string, (params: Params) => string> = {
	'pairaudit-term': () => 'it does not belong to the audit pair’s term in force when it took effect',
	'pairaudit-interviewed': (x) => `Interview at least one member first (at most ${p(x, 'max')}).`,
	'pairaudit-ties': (x) =>
		`the ties must be pairs of two different members in order, each named 1 to 8 times, at most ${p(x, 'max')}`,
	'pairaudit-unheard': () => 'the “rarely heard from” counts must name members in order, once each',
	'pairaudit-not-member': () => 'the ties may name members of the circle only',
	'pairaudit-not-auditor': () => 'only the audit pair drawn for this quarter proposes or co-signs its ties',
	'pairaudit-no-pair': () => 'no audit pair was drawn when it took effect',
	'pairaudit-no-such-ties': () => 'there is no such proposal of ties',
	'pairaudit-own-ties': () => 'the other auditor co-signs: nobody agrees to their own proposal',
	'pairaudit-done': () => 'this quarter’s audit already counts: one audit a quarter',
	'pairaudit-ties-set-aside': () => 'the ties it agrees to do not count',
	'mentorship-member': () => 'a mentorship pair is two members of the circle',
	'mentorship-self': () => 'a mentorship pair is two different members',
	'mentorship-date': (x) =>
		`A session is dated when it happened: not in the future, at most ${p(x, 'days')} days back.`,
	'mentorship-taught': (x) => `Say what was taught, in at most ${p(x, 'max')} characters.`,
	'mentorship-again': () => 'Answer yes or no: would you do it again?',
	'mentorship-note': (x) => `Keep the note under ${p(x, 'max')} characters.`,
	'mentorship-not-pair': () => 'only the two of the pair log its sessions and reflections',
	'mentorship-direction': () => 'in the inversion the newer member teaches the more senior one',
	'mentorship-reflected': () => 'You already gave your reflection on this pair this year.'
};
