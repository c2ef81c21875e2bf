/** Sentences for the scorecard domain's codes (core/scorecard). */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (x: Params, key: string): string => String(x?.[key] ?? '');

export const SCORECARD_MESSAGES: Record<string, (params: Params) => string> = {
	'scorecard-kind': () => 'A record is a dependency reversed, a repair, a dispute resolved or a decision.',
	'scorecard-what': (x) => `Say what it was, in under ${p(x, 'max')} characters.`,
	'scorecard-date': (x) =>
		`Date it when it happened: not in the future, not more than ${p(x, 'days')} days back.`,
	'scorecard-outside': () => 'A decision says whether it needed anyone outside the circle’s permission.',
	'scorecard-answers': () =>
		'A sufficiency round answers yes, partly or no for tools, time, skills, care and space.',
	'scorecard-no-such-record': () => 'there is no such record',
	'scorecard-own-record': () => 'Someone else seconds a record: nobody adds to the scorecard alone.',
	'scorecard-seconded': () => 'that record is already seconded',
	'scorecard-member': () => 'Only an active member seconds a record.'
};
