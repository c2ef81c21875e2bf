/**
 * The pair-audit intents: propose the term's aggregated ties (built on this phone from its private
 * interviews, merged with the other auditor's waiting proposal if there is one) and co-sign the
 * other auditor's proposal. The interviews themselves are never signed (state/pair-audit.svelte.ts).
 */
import { AGREE, TIES, agreeBody, type TiesBody } from '$lib/core/pairaudit';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

export const propose = (s: Signer, body: TiesBody): Promise<EntryId> => s.sign(TIES, body);

export const agree = (s: Signer, ties: EntryId): Promise<EntryId> => s.sign(AGREE, agreeBody(ties));

export const intents = { propose, agree };
