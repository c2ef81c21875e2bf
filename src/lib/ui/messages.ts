/**
 * Every sentence a person reads about a rule's outcome, keyed by the code the core returns
 * (STYLE.md: "a rule's outcome is a code with parameters; the sentence is in the UI's
 * messages"). One place, ready for translation; tests/ui/messages.test.ts fails when the core
 * can return a code that has no sentence here.
 */
import type { Rejection } from '$lib/core/host/domain';

type Params = Rejection['params'];
const p = (params: Params, key: string): string => String(params?.[key] ?? '');
const days = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const RULE_MESSAGES: Record<string, (params: Params) => string> = {
	// the host
	'not-object': () => 'its body is not an object',
	// charter content
	'charter-not-object': () => 'The charter must be an object.',
	'charter-roles': (x) => `The charter needs a list of at most ${p(x, 'max')} roles.`,
	'role-not-object': () => 'Each role must be an object.',
	'role-id': () => 'Role ids are lower-case words like "steward".',
	'role-twice': (x) => `The role "${p(x, 'role')}" appears twice.`,
	'role-name': (x) => `Give the role "${p(x, 'role')}" a name under ${p(x, 'max')} characters.`,
	'role-duties': (x) => `Keep the duties of "${p(x, 'role')}" under ${p(x, 'max')} characters.`,
	'role-term': (x) => `The term of "${p(x, 'role')}" must be whole days or months.`,
	'role-seats': (x) => `"${p(x, 'role')}" needs between ${p(x, 'min')} and ${p(x, 'max')} seats.`,
	'role-max-consecutive': (x) => `"${p(x, 'role')}": max consecutive terms must be at least 1.`,
	'role-cooldown': (x) => `"${p(x, 'role')}": cooldown must be 0 or more terms.`,
	'charter-thresholds': () => 'The charter needs thresholds.',
	'threshold-recall': () => 'The recall threshold must be at least 1 member.',
	'threshold-removal': () => 'The removal threshold must be at least 1 member.',
	'threshold-reset-count': () => 'A reset needs at least 2 members.',
	'threshold-reset-window': (x) => `The reset window must be ${p(x, 'min')} to ${p(x, 'max')} days.`,
	'consent-window': (x) => `The consent window must be ${p(x, 'min')} to ${p(x, 'max')} days.`,
	validity: (x) => `A charter must be valid for ${p(x, 'min')} days to 10 years.`,
	'freeze-hours': (x) => `The freeze lead must be ${p(x, 'min')} to ${p(x, 'max')} hours.`,
	'charter-rituals': () => 'The charter needs its rituals.',
	'ritual-meetings': (x) => `Meetings must happen every ${p(x, 'min')} to ${p(x, 'max')} days.`,
	'ritual-pair-audit': (x) => `Pair audits must happen every ${p(x, 'min')} to ${p(x, 'max')} months.`,
	'ritual-mentorship': (x) =>
		`Mentorship inversion must happen every ${p(x, 'min')} to ${p(x, 'max')} months.`,
	'not-canonical': () => 'it holds a value that is not canonical JSON (a fraction or a huge number)',
	// charter entries
	'charter-text': (x) => `the charter text is missing or longer than ${p(x, 'max')} characters`,
	'hash-mismatch': () => 'the hash does not match the content',
	'ratify-without-content': () => 'a ratification must embed the content it ratifies',
	'objection-needs-reason': () => 'An objection needs a reason the circle can answer.',
	'no-such-proposal': () => 'there is no such proposal',
	'already-ratified': () => 'that proposal was already ratified',
	'ratify-differs': () => 'the ratified content differs from the proposal',
	objections: (x) => `${p(x, 'count')} member(s) object`,
	waiting: (x) =>
		`waiting for ${p(x, 'silent')} member(s) or the window ending ${days(Number(x?.windowEndsAt ?? 0))}`,
	// seeds
	'ceremony-id': () => 'the ceremony id must be 16–64 hex characters',
	'commitment-hash': () => 'a commitment is a SHA-256 hash in hex',
	'ceremony-complete': () => 'that ceremony is already complete',
	'commitments-closed': () => 'reveals have begun: commitments are closed',
	'already-committed': () => 'this member already committed',
	'no-commitments': () => 'there are no commitments for that ceremony',
	'did-not-commit': () => 'this member did not commit',
	'reveal-mismatch': () => 'the revealed value does not match the commitment',
	'reveal-not-committed': () => 'a reveal names a member who did not commit (or twice)',
	'reveals-missing': () => 'every phone that committed must reveal',
	'reveals-list': () => 'the reveals must be a list',
	'dice-digits': () => 'Type the dice as digits 1 to 6, nothing else.',
	'seed-mismatch': () => 'the recorded seed is not the hash of the previous seed, reveals and dice',
	// rotation
	'seal-names': () => 'a seal names a role, a term and a segment',
	'seal-holders': () => 'a seal’s holders must be member keys',
	'seal-inputs': () => 'a seal’s inputs must be a SHA-256 hash',
	'stepdown-names': () => 'a step-down names a role and a term',
	'bench-member': () => 'only an active member can be benched',
	'bench-role': () => 'a bench names a role, or none for every role',
	'bench-span': (x) => `a bench ends after it starts and within ${p(x, 'maxDays')} days`,
	'absence-span': (x) => `an absence runs from a start to a later end, within ${p(x, 'maxDays')} days`,
	'absence-past': () => 'an absence cannot be declared for the past',
	// mandates
	'task-length': (x) => `A mandate needs a task under ${p(x, 'max')} characters.`,
	'sunset-range': (x) => `The sunset must be after the proposal and within ${p(x, 'maxDays')} days.`,
	'no-such-mandate': () => 'there is no such mandate',
	'mandate-ended': (x) => `that mandate has already ended (${p(x, 'status')})`,
	'not-the-holder': () => 'only the holder marks a mandate done',
	'own-recall': () => 'the holder cannot vote on their own recall',
	'already-voted': () => 'this member already voted to recall'
};

/** The sentence for a rule's outcome; an unknown code (a newer phone's) is shown as it is. */
export const ruleText = (r: Rejection): string => RULE_MESSAGES[r.code]?.(r.params) ?? r.code;

/** What a flagged seal means. */
export const SEAL_WHY: Record<string, string> = {
	'inputs-differ': 'same holders, but the inputs differ: entries arrived after the seal',
	'holders-differ': 'the seal names other holders than the rule picks from this ledger',
	'not-eligible': 'seal ignored: it named someone the rule could not seat'
};

/** The thrown error's sentence: a rule's code from a builder, else the error's own message. */
export const errorText = (err: unknown): string => {
	const r = (err as { rejection?: Rejection })?.rejection;
	if (r && typeof r.code === 'string') return ruleText(r);
	return err instanceof Error ? err.message : String(err);
};
