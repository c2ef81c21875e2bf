/** The charter domain's intents: propose a version, consent, object, record the ratification. */
import {
	CONSENT,
	OBJECT,
	PROPOSE,
	RATIFY,
	consentBody,
	objectionBody,
	proposalBody,
	ratifyBody,
	type CharterContent,
	type ProposalView
} from '$lib/core/charter';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

export const propose = (s: Signer, content: CharterContent, text: string): Promise<EntryId> =>
	s.sign(PROPOSE, proposalBody(content, text));

export const consent = (s: Signer, proposal: EntryId): Promise<EntryId> =>
	s.sign(CONSENT, consentBody(proposal));

export const object = (s: Signer, proposal: EntryId, reason: string): Promise<EntryId> => {
	if (!reason.trim()) throw new Error('An objection needs a reason the circle can answer.');
	return s.sign(OBJECT, objectionBody(proposal, reason.trim()));
};

export const ratify = (s: Signer, p: ProposalView): Promise<EntryId> => s.sign(RATIFY, ratifyBody(p));

export const intents = { propose, consent, object, ratify };
