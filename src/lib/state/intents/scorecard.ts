/**
 * The scorecard domain's intents: record a dependency reversed, a repair, a dispute resolved or a
 * decision (and whether it needed outside permission), a sufficiency round, and second another
 * member's record. Dated when it happened, never after now.
 */
import {
	RECORD,
	ROUND,
	SECOND,
	recordBody,
	roundBody,
	secondBody,
	type Answer,
	type Area,
	type RecordKind
} from '$lib/core/scorecard';
import type { EntryId, Millis } from '$lib/core/types';
import type { Signer } from './signer';

export const record = (
	s: Signer,
	b: { kind: RecordKind; what: string; on: Millis; outside?: boolean }
): Promise<EntryId> => s.sign(RECORD, recordBody({ ...b, on: Math.min(b.on, s.now()) }));

export const round = (
	s: Signer,
	b: { answers: { [A in Area]: Answer }; what: string; on: Millis }
): Promise<EntryId> => s.sign(ROUND, roundBody({ ...b, on: Math.min(b.on, s.now()) }));

export const second = (s: Signer, id: EntryId): Promise<EntryId> => s.sign(SECOND, secondBody(id));

export const intents = { record, round, second };
