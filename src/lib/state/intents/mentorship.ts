/** The mentorship intents: log a session of the pair (dated when it happened, never after now), reflect. */
import { REFLECT, SESSION, reflectBody, sessionBody } from '$lib/core/mentorship';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Signer } from './signer';

export const logSession = (
	s: Signer,
	b: { mentor: MemberKey; apprentice: MemberKey; on: Millis; taught: string }
): Promise<EntryId> => s.sign(SESSION, sessionBody({ ...b, on: Math.min(b.on, s.now()) }));

export const reflect = (
	s: Signer,
	b: { mentor: MemberKey; apprentice: MemberKey; again: 'yes' | 'no'; note: string }
): Promise<EntryId> => s.sign(REFLECT, reflectBody(b));

export const intents = { logSession, reflect };
