/**
 * The meeting domain's intents: add, edit or remove an agenda item (anyone, beforehand), and close
 * a meeting (the facilitator's phone, once: one signed entry with the whole summary).
 */
import { bytesToHex } from '$lib/core/bytes';
import { CLOSE, ITEM, closeBody, itemBody, type CloseDraft } from '$lib/core/meeting';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

/** An agenda item's id: 8 random bytes, made up by the phone that adds it. */
const newItemId = (): string => bytesToHex(crypto.getRandomValues(new Uint8Array(8)));

export const addItem = (s: Signer, title: string, note: string): Promise<EntryId> =>
	s.sign(ITEM, itemBody(newItemId(), title, note));

export const editItem = (s: Signer, item: string, title: string, note: string): Promise<EntryId> =>
	s.sign(ITEM, itemBody(item, title, note));

export const removeItem = (s: Signer, item: string): Promise<EntryId> =>
	s.sign(ITEM, itemBody(item, '', '', true));

/** The meeting's one closing entry; it ends now on this phone's clock. */
export const close = (s: Signer, draft: Omit<CloseDraft, 'ended'>): Promise<EntryId> => {
	return s.sign(CLOSE, closeBody({ ...draft, ended: s.now() }));
};

export const intents = { addItem, editItem, removeItem, close };
