/**
 * The mandates domain's intents: propose a single-issue mandate (through the consent round), amend
 * it (the proposer), answer it, volunteer to hold it, mark it done, hand it back, vote to recall it.
 */
import {
	AMEND,
	CONSENT,
	OBJECT,
	STAND_ASIDE,
	VOLUNTEER,
	amendBody,
	answerBody,
	objectionBody,
	proposeRoundBody,
	volunteerBody,
	type Mandate,
	DONE,
	HAND_BACK,
	PROPOSE,
	RECALL_VOTE,
	TASK_MAX,
	doneBody,
	handBackBody,
	proposeBody,
	recallVoteBody
} from '$lib/core/mandates';
import type { EntryId, Millis } from '$lib/core/types';
import type { Signer } from './signer';
import { refuse } from '$lib/core/host/domain';

export const propose = (s: Signer, task: string, sunset: Millis): Promise<EntryId> => {
	if (!task.trim()) refuse('mandate-task-missing');
	if (task.trim().length > TASK_MAX) refuse('task-length', { max: TASK_MAX });
	return s.sign(PROPOSE, proposeRoundBody(task, sunset));
};

/** Drawn at once, with no consent round (the v2 form; kept for tests and older flows). */
export const proposeDrawn = (s: Signer, task: string, sunset: Millis): Promise<EntryId> =>
	s.sign(PROPOSE, proposeBody(task, sunset));

const versionOf = (m: Mandate): number => m.consent?.history.length ?? 1;

export const amend = (s: Signer, mandate: EntryId, task: string, sunset: Millis): Promise<EntryId> =>
	s.sign(AMEND, amendBody(mandate, task, sunset));

export const consent = (s: Signer, m: Mandate, note = ''): Promise<EntryId> =>
	s.sign(CONSENT, answerBody(m.id, note, versionOf(m)));

export const standAside = (s: Signer, m: Mandate, note = ''): Promise<EntryId> =>
	s.sign(STAND_ASIDE, answerBody(m.id, note, versionOf(m)));

export const object = (s: Signer, m: Mandate, reason: string): Promise<EntryId> =>
	s.sign(OBJECT, objectionBody(m.id, reason, versionOf(m)));

export const volunteer = (s: Signer, mandate: EntryId): Promise<EntryId> =>
	s.sign(VOLUNTEER, volunteerBody(mandate));

export const done = (s: Signer, mandate: EntryId): Promise<EntryId> => s.sign(DONE, doneBody(mandate));

export const recallVote = (s: Signer, mandate: EntryId, reason: string): Promise<EntryId> =>
	s.sign(RECALL_VOTE, recallVoteBody(mandate, reason.trim()));

/** The delegate hands the mandate back: it is redrawn among the others (never the proposer). */
export const handBack = (s: Signer, mandate: EntryId, reason: string): Promise<EntryId> =>
	s.sign(HAND_BACK, handBackBody(mandate, reason));

export const intents = {
	propose,
	proposeDrawn,
	amend,
	consent,
	standAside,
	object,
	volunteer,
	done,
	handBack,
	recallVote
};
