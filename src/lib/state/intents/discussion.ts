/** The discussion domain's intents: ask a clarifying question, reply to one, react to a proposal. */
import { ASK, REACT, REPLY, askBody, reactBody, replyBody, type Reaction } from '$lib/core/discussion';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

export const ask = (s: Signer, proposal: EntryId, text: string): Promise<EntryId> =>
	s.sign(ASK, askBody(proposal, text));

export const reply = (s: Signer, question: EntryId, text: string): Promise<EntryId> =>
	s.sign(REPLY, replyBody(question, text));

export const react = (s: Signer, proposal: EntryId, reaction: Reaction): Promise<EntryId> =>
	s.sign(REACT, reactBody(proposal, reaction));

export const intents = { ask, reply, react };
