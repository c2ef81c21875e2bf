/** The mandates domain's intents: propose a single-issue mandate, mark it done, hand it back, vote to recall it. */
import {
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

export const propose = (s: Signer, task: string, sunset: Millis): Promise<EntryId> => {
	if (!task.trim()) throw new Error('Say what the mandate is for.');
	if (task.trim().length > TASK_MAX) throw new Error(`Keep the task under ${TASK_MAX} characters.`);
	return s.sign(PROPOSE, proposeBody(task, sunset));
};

export const done = (s: Signer, mandate: EntryId): Promise<EntryId> => s.sign(DONE, doneBody(mandate));

export const recallVote = (s: Signer, mandate: EntryId, reason: string): Promise<EntryId> =>
	s.sign(RECALL_VOTE, recallVoteBody(mandate, reason.trim()));

/** The delegate hands the mandate back: it is redrawn among the others (never the proposer). */
export const handBack = (s: Signer, mandate: EntryId, reason: string): Promise<EntryId> =>
	s.sign(HAND_BACK, handBackBody(mandate, reason));

export const intents = { propose, done, handBack, recallVote };
