/**
 * The library domain's intents: add an item, change its status, reserve or cancel, hand over
 * (the keeper's half) and confirm (the borrower's half), renew, return. Each builds its body with
 * the domain's builder (which refuses what breaks a field rule, with a code) and signs it.
 */
import {
	CANCEL,
	ITEM,
	LEND,
	RECEIVE,
	RENEW,
	RESERVE,
	RETURN,
	STATUS,
	cancelBody,
	itemBody,
	lendBody,
	receiveBody,
	renewBody,
	reserveBody,
	returnBody,
	statusBody,
	type ItemStatus,
	type Policy
} from '$lib/core/library';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Signer } from './signer';

export const addItem = (
	s: Signer,
	b: {
		name: string;
		category: string;
		photo: string;
		condition: string;
		keeper: MemberKey | null;
		value: number;
		policy?: Partial<Policy>;
	}
): Promise<EntryId> => s.sign(ITEM, itemBody(b));

export const setStatus = (
	s: Signer,
	item: EntryId,
	status: ItemStatus,
	condition?: string
): Promise<EntryId> => s.sign(STATUS, { ...statusBody(item, status, condition) });

export const reserve = (s: Signer, item: EntryId): Promise<EntryId> => s.sign(RESERVE, reserveBody(item));

export const cancel = (s: Signer, hold: EntryId): Promise<EntryId> => s.sign(CANCEL, cancelBody(hold));

/** The keeper's half of a handover, dated when it really happened (now, or earlier today). */
export const lend = (
	s: Signer,
	item: EntryId,
	borrower: MemberKey,
	at: Millis,
	days: number
): Promise<EntryId> => s.sign(LEND, lendBody(item, borrower, Math.min(at, s.now()), days));

export const receive = (s: Signer, lendId: EntryId): Promise<EntryId> => s.sign(RECEIVE, receiveBody(lendId));

export const renew = (s: Signer, loan: EntryId, due: Millis): Promise<EntryId> =>
	s.sign(RENEW, renewBody(loan, due));

export const giveBack = (s: Signer, loan: EntryId, at: Millis, condition = ''): Promise<EntryId> =>
	s.sign(RETURN, returnBody(loan, Math.min(at, s.now()), condition));

export const intents = { addItem, setStatus, reserve, cancel, lend, receive, renew, giveBack };
