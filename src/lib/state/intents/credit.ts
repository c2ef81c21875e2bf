/**
 * The credit domain's intents: pay (from a list, with a memo; a payment that answers a request
 * names it), ask someone to pay you, accept or decline, and the circle's decisions about one
 * account. The honest phone's check comes first: a payment that would leave the payer below their
 * floor, in everything this phone holds, is refused before anything is signed, with the numbers
 * (core/credit checkPayment; the sentence is in src/lib/messages/credit.ts).
 */
import {
	ACCEPT,
	DECLINE,
	LIMIT,
	REQUEST,
	SUPPORT,
	TRANSFER,
	WRITE_OFF,
	acceptBody,
	declineBody,
	limitBody,
	markForks,
	requestBody,
	supportBody,
	transferBody,
	writeOffBody,
	type CreditView
} from '$lib/core/credit';
import { credit } from '$lib/core/domains';
import type { EntryId, MemberKey } from '$lib/core/types';
import type { Signer } from './signer';

/** The credit view on this phone now, forks flagged: what the checks read. */
export const creditNow = (s: Signer): CreditView =>
	markForks(s.session.book.view<CreditView>(credit, s.now()), s.session.ledger.forks);

export const pay = (
	s: Signer,
	to: MemberKey,
	amount: number,
	memo: string,
	request: EntryId | null = null
): Promise<EntryId> => {
	const me = s.member().publicKey;
	return s.sign(TRANSFER, transferBody(creditNow(s), me, to, amount, memo, request));
};

export const ask = (s: Signer, from: MemberKey, amount: number, memo: string): Promise<EntryId> => {
	const me = s.member().publicKey;
	return s.sign(REQUEST, requestBody(creditNow(s), me, from, amount, memo));
};

export const accept = (s: Signer, transfer: EntryId): Promise<EntryId> =>
	s.sign(ACCEPT, acceptBody(transfer));

export const decline = (s: Signer, entry: EntryId, reason: string): Promise<EntryId> =>
	s.sign(DECLINE, declineBody(entry, reason));

export const proposeLimits = (
	s: Signer,
	member: MemberKey,
	floor: number,
	ceiling: number,
	reason: string
): Promise<EntryId> => s.sign(LIMIT, limitBody(member, floor, ceiling, reason));

export const proposeWriteOff = (s: Signer, member: MemberKey, reason: string): Promise<EntryId> =>
	s.sign(WRITE_OFF, writeOffBody(member, reason));

export const support = (s: Signer, proposal: EntryId): Promise<EntryId> =>
	s.sign(SUPPORT, supportBody(proposal));

export const intents = { pay, ask, accept, decline, proposeLimits, proposeWriteOff, support };
