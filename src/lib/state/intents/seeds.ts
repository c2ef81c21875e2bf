/**
 * The seeds domain's intents: the dice ceremony. This phone's secret value waits in local
 * storage between commit and reveal (in memory in private mode), so nobody, this phone
 * included, can choose a value after seeing the others'.
 */
import { seeds } from '$lib/core/domains';
import {
	CEREMONY,
	COMMIT,
	REVEAL,
	ceremonyBody,
	commitBody,
	revealBody,
	type SeedsView
} from '$lib/core/seeds';
import type { CircleId, EntryId } from '$lib/core/types';
import { randomHex } from '../circle-session';
import type { Signer } from './signer';

/** Starts a ceremony (this phone commits first) and returns its id. */
export const start = async (s: Signer): Promise<string> => {
	const id = randomHex(16);
	await commit(s, id);
	return id;
};

export const commit = (s: Signer, id: string): Promise<EntryId> => {
	const me = s.member();
	const value = randomHex(32);
	rememberValue(s.session.circle, id, value);
	return s.sign(COMMIT, commitBody(id, me.publicKey, value));
};

export const reveal = (s: Signer, id: string): Promise<EntryId> => {
	const value = recallValue(s.session.circle, id);
	if (!value) throw new Error('This phone no longer has the value it committed to; start a new ceremony.');
	return s.sign(REVEAL, revealBody(id, value));
};

export const complete = (s: Signer, id: string, dice: string): Promise<EntryId> => {
	const view = s.session.book.view<SeedsView>(seeds, s.now());
	const c = view.ceremonies.find((x) => x.ceremony === id);
	if (!c || !c.ready) throw new Error('Every phone that committed must reveal first.');
	const previous = view.seeds.at(-1)?.seed ?? '';
	return s.sign(CEREMONY, ceremonyBody(id, previous, c.reveals, dice.trim()));
};

export const intents = { start, commit, reveal, complete };

/** The value this phone committed to in ceremony `id`, if it still has it. */
export const committedValue = (circle: CircleId, id: string): string | null => recallValue(circle, id);

const storageKey = (circle: string, id: string) => `circulate-ceremony-${circle}-${id}`;

const rememberValue = (circle: string, id: string, value: string): void => {
	try {
		globalThis.localStorage?.setItem(storageKey(circle, id), value);
	} catch {
		memory.set(storageKey(circle, id), value);
	}
	memory.set(storageKey(circle, id), value);
};

const recallValue = (circle: string, id: string): string | null => {
	try {
		const v = globalThis.localStorage?.getItem(storageKey(circle, id));
		if (v) return v;
	} catch {
		// private mode: the in-memory copy below
	}
	return memory.get(storageKey(circle, id)) ?? null;
};

// A fallback store for private mode, not state.
const memory = new Map<string, string>();
