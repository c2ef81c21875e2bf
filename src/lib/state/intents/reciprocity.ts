/**
 * The reciprocity domain's intents: record a contribution (as its giver, it waits for the
 * receiver's word; as its receiver, it counts) and confirm one. Dated when it happened, never
 * after now.
 */
import { CONFIRM, RECORD, confirmBody, recordBody, type RecordedKind } from '$lib/core/reciprocity';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Signer } from './signer';

export const record = (
	s: Signer,
	b: {
		kind: RecordedKind;
		amount: number;
		giver: MemberKey;
		receiver: MemberKey | null;
		on: Millis;
		note: string;
	}
): Promise<EntryId> => s.sign(RECORD, recordBody({ ...b, on: Math.min(b.on, s.now()) }));

export const confirm = (s: Signer, id: EntryId): Promise<EntryId> => s.sign(CONFIRM, confirmBody(id));

export const intents = { record, confirm };
