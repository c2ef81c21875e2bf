/**
 * The seeds domain's intents: the dice ceremony. This phone's secret value (and the physical
 * dice typed into it) waits in local storage between commit and reveal (in memory in private
 * mode), so nobody, this phone included, can choose a value after seeing the others'. Dice are
 * rolled at the table before this phone commits: typed later, they would not count (T4).
 * Once everyone at the table has committed, one phone closes the commitments; each phone then
 * reveals naming the first close that counts it (T5).
 */
import { membership, seeds } from '$lib/core/domains';
import { rosterAt, type MembershipView } from '$lib/core/membership/view';
import { RuleError, reject } from '$lib/core/host/domain';
import {
	CEREMONY,
	CLOSE,
	COMMIT,
	REVEAL,
	ceremonyBody,
	closeBody,
	closeQuorum,
	commitBody,
	revealBody,
	type CeremonyProgress,
	type CloseProgress,
	type SeedsView
} from '$lib/core/seeds';
import type { CircleId, EntryId, MemberKey } from '$lib/core/types';
import { randomHex } from '../circle-session';
import type { Signer } from './signer';
import { refuse } from '$lib/core/host/domain';

/** Starts a ceremony (this phone commits first, with the dice rolled so far) and returns its id. */
export const start = async (s: Signer, dice = ''): Promise<string> => {
	const id = randomHex(16);
	await commit(s, id, dice);
	return id;
};

/** Commits this phone: a fresh secret value and the physical dice typed in (digits 1–6, or none). */
export const commit = (s: Signer, id: string, dice = ''): Promise<EntryId> => {
	// commitBody refuses anything but digits 1–6 ('dice-digits', worded by the messages).
	const digits = dice.replace(/\s+/g, '');
	const value = randomHex(32);
	const body = commitBody(id, s.member().publicKey, value, digits);
	rememberValue(s.session.circle, id, { value, dice: digits });
	return s.sign(COMMIT, body);
};

/**
 * Closes the commitments of ceremony `id`: counts the first commitment of each member this
 * phone has seen. Before anyone reveals, so who is in is fixed while nobody knows a value (T5).
 */
export const close = async (s: Signer, id: string): Promise<EntryId> => {
	const c = ceremonyOf(s, id);
	if (!c) throw new RuleError(reject('no-commitments'));
	// Only members still here: a commitment of someone who left could never be revealed.
	const roster = rosterAt(s.session.book.view<MembershipView>(membership, s.now()), s.now());
	const active = new Set(roster);
	const counted = c.commitments.filter((x) => active.has(x.member));
	const quorum = closeQuorum(roster.length);
	if (counted.length < quorum) throw new RuleError(reject('close-quorum', { count: counted.length, quorum }));
	return s.sign(CLOSE, closeBody(id, counted));
};

/**
 * The close this phone answers in a ceremony: the first close (in the ledger's order) that
 * counts this phone's commitment, or null. Honest phones that saw the same closes agree.
 */
export const closeToReveal = (c: CeremonyProgress, me: MemberKey): CloseProgress | null =>
	c.closes.find((k) => k.counted.includes(me)) ?? null;

/** Reveals this phone's value and dice, naming the close it answers; once per ceremony. */
export const reveal = async (s: Signer, id: string): Promise<EntryId> => {
	const kept = recallValue(s.session.circle, id);
	if (!kept) return refuse('seed-value-lost');
	const me = s.member().publicKey;
	const c = ceremonyOf(s, id);
	const k = c && closeToReveal(c, me);
	if (!c || !k) throw new RuleError(reject('not-counted'));
	if (c.closes.some((x) => x.revealed.includes(me))) throw new RuleError(reject('already-revealed'));
	return s.sign(REVEAL, revealBody(id, k.close, kept.value, kept.dice));
};

/** Records the new seed: computed from the reveals alone, so whoever records it chooses nothing. */
export const complete = async (s: Signer, id: string): Promise<EntryId> => {
	const view = s.session.book.view<SeedsView>(seeds, s.now());
	const k = view.ceremonies.find((x) => x.ceremony === id)?.closes.find((x) => x.ready);
	if (!k) throw new RuleError(reject('reveals-missing'));
	const previous = view.seeds.at(-1)?.seed ?? '';
	return s.sign(CEREMONY, ceremonyBody(id, k.close, previous, k.reveals));
};

const ceremonyOf = (s: Signer, id: string): CeremonyProgress | undefined =>
	s.session.book.view<SeedsView>(seeds, s.now()).ceremonies.find((x) => x.ceremony === id);

export const intents = { start, commit, close, reveal, complete };

/** The value this phone committed to in ceremony `id`, if it still has it. */
export const committedValue = (circle: CircleId, id: string): string | null =>
	recallValue(circle, id)?.value ?? null;

interface Kept {
	value: string;
	dice: string;
}

const storageKey = (circle: string, id: string) => `circulate-ceremony-${circle}-${id}`;

const rememberValue = (circle: string, id: string, kept: Kept): void => {
	const text = JSON.stringify(kept);
	try {
		globalThis.localStorage?.setItem(storageKey(circle, id), text);
	} catch {
		// private mode: the in-memory copy below
	}
	memory.set(storageKey(circle, id), text);
};

const recallValue = (circle: string, id: string): Kept | null => {
	let text: string | null = null;
	try {
		text = globalThis.localStorage?.getItem(storageKey(circle, id)) ?? null;
	} catch {
		// private mode: the in-memory copy below
	}
	text ??= memory.get(storageKey(circle, id)) ?? null;
	if (!text) return null;
	try {
		const k = JSON.parse(text) as Partial<Kept>;
		return typeof k.value === 'string' && typeof k.dice === 'string'
			? { value: k.value, dice: k.dice }
			: null;
	} catch {
		return null;
	}
};

// A fallback store for private mode, not state.
const memory = new Map<string, string>();
