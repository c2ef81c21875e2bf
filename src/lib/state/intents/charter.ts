/**
 * The charter domain's intents: propose a version, amend it (the proposer), consent (with a note),
 * stand aside, object; and the duty that records a version coming into force.
 */
import {
	AMEND,
	CONSENT,
	OBJECT,
	PROPOSE,
	RATIFY,
	STAND_ASIDE,
	amendBody,
	charter,
	consentBody,
	objectionBody,
	proposalBody,
	ratifyBody,
	standAsideBody,
	type CharterContent,
	type CharterStatus,
	type ProposalView
} from '$lib/core/charter';
import type { EntryId } from '$lib/core/types';
import type { Duty } from '../duties';
import type { Signer } from './signer';
import { refuse } from '$lib/core/host/domain';

type Answering = Pick<ProposalView, 'id' | 'hash'>;

export const propose = (s: Signer, content: CharterContent, text: string): Promise<EntryId> =>
	s.sign(PROPOSE, proposalBody(content, text));

export const amend = (
	s: Signer,
	proposal: EntryId,
	content: CharterContent,
	text: string
): Promise<EntryId> => s.sign(AMEND, amendBody(proposal, content, text));

/** Answers name the version they answer (its hash): an answer to a version since amended does not count. */
export const consent = (s: Signer, p: EntryId | Answering, note = ''): Promise<EntryId> =>
	typeof p === 'string'
		? s.sign(CONSENT, consentBody(p, note))
		: s.sign(CONSENT, consentBody(p.id, note, p.hash));

export const standAside = (s: Signer, p: Answering, note = ''): Promise<EntryId> =>
	s.sign(STAND_ASIDE, standAsideBody(p.id, note, p.hash));

export const object = (s: Signer, p: EntryId | Answering, reason: string): Promise<EntryId> => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return typeof p === 'string'
		? s.sign(OBJECT, objectionBody(p, reason.trim()))
		: s.sign(OBJECT, objectionBody(p.id, reason.trim(), p.hash));
};

/** Records a version that came into force (the fold already applies it; this is the ledger's note of it). */
export const ratify = (s: Signer, p: ProposalView): Promise<EntryId> => s.sign(RATIFY, ratifyBody(p));

/**
 * The duty: whichever phone first sees a proposal in force that nobody has recorded writes the
 * record. It is credited to the proposer and the circle (the fold says so), never this phone.
 */
export const ratifyDuty: Duty<ProposalView> = {
	name: 'charter-record',
	due: (book, now) => book.view<CharterStatus>(charter, now).proposals.filter((p) => p.canRatify),
	key: (p) => p.id,
	perform: ratify,
	batch: 2
};

export const intents = { propose, amend, consent, standAside, object, ratify };
