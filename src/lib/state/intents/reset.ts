/** The reset domain's intent: call a hard reset (enough calls inside the window dissolve every role). */
import { CALL, callBody } from '$lib/core/reset';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

export const call = (s: Signer, reason: string): Promise<EntryId> => s.sign(CALL, callBody(reason.trim()));

export const intents = { call };
