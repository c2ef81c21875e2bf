/**
 * The rituals domain's intents: propose a ritual, change one (anyone's: a circle has no owners),
 * cancel one. Each checks what the fold would refuse first (the words a person reads are the
 * domain's codes, worded from rule_<code> in the message files) and signs one entry.
 */
import { DAY_MS } from '$lib/core/calendar';
import { refuse } from '$lib/core/host/domain';
import {
	ADD,
	AHEAD_DAYS,
	BACK_DAYS,
	CANCEL,
	CHANGE,
	NAME_MAX,
	addBody,
	cancelBody,
	changeBody,
	type RitualFields
} from '$lib/core/rituals';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

const check = (s: Signer, f: RitualFields): void => {
	const name = f.name.trim();
	if (!name || name.length > NAME_MAX) refuse('ritual-name', { max: NAME_MAX });
	if (!Number.isSafeInteger(f.at)) refuse('ritual-when');
	const now = s.now();
	if (f.at < now - BACK_DAYS * DAY_MS || f.at > now + AHEAD_DAYS * DAY_MS)
		refuse('ritual-far', { back: BACK_DAYS, ahead: AHEAD_DAYS });
};

export const propose = (s: Signer, f: RitualFields): Promise<EntryId> => {
	check(s, f);
	return s.sign(ADD, { ...addBody(f) });
};

export const change = (s: Signer, ritual: EntryId, f: RitualFields): Promise<EntryId> => {
	check(s, f);
	return s.sign(CHANGE, { ...changeBody(ritual, f) });
};

export const cancel = (s: Signer, ritual: EntryId, reason: string): Promise<EntryId> =>
	s.sign(CANCEL, { ...cancelBody(ritual, reason) });

export const intents = { propose, change, cancel };
