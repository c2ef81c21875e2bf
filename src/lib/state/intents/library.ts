/**
 * The library domain's intents: add an item, change its status, reserve or cancel, hand over
 * (the keeper's half) and confirm (the borrower's half), renew, return. Each builds its body with
 * the domain's builder (which refuses what breaks a field rule, with a code) and signs it.
 */
import {
	APPROVE,
	CANCEL,
	POLICY,
	policyBody,
	HANDOVER,
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
	approveBody,
	checkHandover,
	encodeHandoverCode,
	handoverBody,
	offerBytes,
	readHandoverCode,
	type HandoverCode,
	type ItemStatus,
	type LibraryBook,
	type LibraryView,
	type Policy
} from '$lib/core/library';
import { library } from '$lib/core/domains';
import { bytesToHex } from '$lib/core/bytes';
import * as ed from '$lib/core/ed25519';
import { RuleError } from '$lib/core/host/domain';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Signer } from './signer';

const DAY = 86_400_000;

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

/** The keeper changes an item's borrow policy. */
export const setPolicy = (s: Signer, item: EntryId, policy: Partial<Policy>): Promise<EntryId> =>
	s.sign(POLICY, policyBody(item, policy));

/** The keeper approves a reservation of an item that needs approval. */
export const approve = (s: Signer, hold: EntryId): Promise<EntryId> => s.sign(APPROVE, approveBody(hold));

/**
 * The keeper's half of a handover by scanning: signs an offer (this item, handed over at `at`,
 * for `days`, a fresh nonce) with the keeper's key and returns the code to show. Nothing is
 * written: the borrower's phone records the handover when it scans the code. The same checks
 * as the fold run first (not the keeper's item, out, resting, too long), with their sentence.
 */
export const handoverCode = (s: Signer, item: EntryId, at: Millis, days: number): string => {
	const me = s.member();
	const now = s.now();
	const when = Math.min(at, now);
	const o = { item, lender: me.publicKey, at: when, due: when + days * DAY, nonce: randomHex(16) };
	const { book, view } = libraryNow(s);
	const trial = checkHandover(book, view, { ...o, circle: s.session.circle, sig: '' }, null, now);
	if (trial) throw new RuleError(trial);
	const sig = bytesToHex(ed.sign(offerBytes(s.session.circle, o), me.secretKey));
	return encodeHandoverCode({ circle: s.session.circle, ...o, sig });
};

/**
 * What a scanned handover code says, for the borrower to check before confirming; throws the
 * sentence for a wrong code (another circle's, a payment code, garbage, one's own, not signed by
 * its keeper) or one the fold would refuse (out to someone else, resting, needs approval, used).
 */
export const readHandover = (s: Signer, text: string): HandoverCode => {
	const me = s.member().publicKey;
	const r = readHandoverCode(text, s.session.circle, me);
	if (!r.ok) throw new RuleError(r.rejection);
	const { book, view } = libraryNow(s);
	const problem = checkHandover(book, view, r.code, me, s.now());
	if (problem) throw new RuleError(problem);
	return r.code;
};

/** The borrower confirms a scanned handover: one entry, the keeper's signature inside. */
export const acceptHandover = (s: Signer, text: string): Promise<EntryId> =>
	s.sign(HANDOVER, handoverBody(readHandover(s, text)));

const libraryNow = (s: Signer): { book: LibraryBook; view: LibraryView } => ({
	book: s.session.book.host.book(library),
	view: s.session.book.view<LibraryView>(library, s.now())
});

const randomHex = (bytes: number): string => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));

export const intents = {
	addItem,
	setStatus,
	reserve,
	cancel,
	lend,
	receive,
	renew,
	giveBack,
	approve,
	setPolicy,
	handoverCode,
	readHandover,
	acceptHandover
};
