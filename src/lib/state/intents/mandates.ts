/** The mandates domain's intents: propose a single-issue mandate, mark it done, vote to recall it. */
import {
	DONE,
	PROPOSE,
	RECALL_VOTE,
	TASK_MAX,
	doneBody,
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

export const intents = { propose, done, recallVote };
