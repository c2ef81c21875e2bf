/** The decision domain's intents: propose, amend (the proposer), answer, volunteer. */
import {
	AMEND,
	DEADLINE_MAX_DAYS,
	CONSENT,
	OBJECT,
	PROPOSE,
	STAND_ASIDE,
	VOLUNTEER,
	amendBody,
	answerBody,
	objectionBody,
	proposeBody,
	volunteerBody,
	type DecisionView
} from '$lib/core/decision';
import { refuse } from '$lib/core/host/domain';
import { DAY_MS } from '$lib/core/calendar';
import type { EntryId, Millis } from '$lib/core/types';
import type { Signer } from './signer';

type Answering = Pick<DecisionView, 'id' | 'version'>;

export const propose = (
	s: Signer,
	b: { title: string; text?: string; outside: boolean; deadline?: Millis | null }
): Promise<EntryId> => {
	// The fold refuses a deadline in the past or too far off: say so before signing anything.
	const now = s.now();
	if (b.deadline != null && (b.deadline <= now || b.deadline > now + DEADLINE_MAX_DAYS * DAY_MS))
		refuse('decision-deadline', { maxDays: DEADLINE_MAX_DAYS });
	return s.sign(PROPOSE, proposeBody(b));
};

export const amend = (
	s: Signer,
	decision: EntryId,
	b: { title: string; text?: string; outside: boolean }
): Promise<EntryId> => s.sign(AMEND, amendBody(decision, b));

export const consent = (s: Signer, d: Answering, note = ''): Promise<EntryId> =>
	s.sign(CONSENT, answerBody(d.id, note, d.version));

export const standAside = (s: Signer, d: Answering, note = ''): Promise<EntryId> =>
	s.sign(STAND_ASIDE, answerBody(d.id, note, d.version));

export const object = (s: Signer, d: Answering, reason: string): Promise<EntryId> => {
	if (!reason.trim()) refuse('objection-needs-reason');
	return s.sign(OBJECT, objectionBody(d.id, reason, d.version));
};

export const volunteer = (s: Signer, decision: EntryId): Promise<EntryId> =>
	s.sign(VOLUNTEER, volunteerBody(decision));

export const intents = { propose, amend, consent, standAside, object, volunteer };
