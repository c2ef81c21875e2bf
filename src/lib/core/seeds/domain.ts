/**
 * The seeds domain: the chain of lottery seeds (DESIGN.md §4). The genesis seed starts it;
 * an in-person dice ceremony (commit, close, reveal, then one entry with every reveal)
 * and a completed hard reset each add the next link. docs/protocol/seeds.md.
 *
 *   seed.commit   {ceremony, commitment}
 *   seed.close    {ceremony, commitments: [{member, commitment}]}
 *   seed.reveal   {ceremony, close, value, dice}
 *   seed.ceremony {ceremony, close, reveals: [{member, value, dice}], seed}
 */
import { isHex } from '../bytes';
import { startOfUtcDay } from '../calendar';
import { GENESIS } from '../membership/genesis';
import { membership } from '../membership/domain';
import { rosterAt } from '../membership/view';
import { reset, CALL } from '../reset/domain';
import { resetSeed } from '../reset/reset';
import type { EntryId } from '../types';
import { ALWAYS, bad, kind, ok, type Decoded, type Domain } from '../host/domain';
import { CEREMONY_ID, DICE, SeedBook, closeQuorum, type CeremonyProgress, type SeedRecord } from './ceremony';

export const COMMIT = 'seed.commit';
export const CLOSE = 'seed.close';
export const REVEAL = 'seed.reveal';
export const CEREMONY = 'seed.ceremony';

export interface SeedsView {
	genesisAt: number;
	/** Midnight UTC of the genesis day: every role's term 0 starts here. */
	epoch: number;
	seeds: SeedRecord[];
	ceremonies: CeremonyProgress[];
}

const ceremonyId = (b: { [key: string]: unknown }): string | null =>
	typeof b.ceremony === 'string' && CEREMONY_ID.test(b.ceremony) ? b.ceremony : null;

/** The close an entry answers: the id of a seed.close entry (64 hex). */
const closeId = (b: { [key: string]: unknown }): EntryId | null =>
	isHex(b.close, 32) ? (b.close as EntryId) : null;

const withCeremony = <B>(b: { [key: string]: unknown }, rest: (cid: string) => Decoded<B>): Decoded<B> => {
	const cid = ceremonyId(b);
	return cid === null ? bad('ceremony-id') : rest(cid);
};

export const seeds: Domain<SeedBook, SeedsView> = {
	name: 'seeds',
	version: 2,
	reads: [membership, reset],
	init: () => new SeedBook(),
	clone: (book) => book.clone(),
	kinds: [
		kind({
			type: COMMIT,
			decode: (b) =>
				withCeremony(b, (ceremony) =>
					isHex(b.commitment, 32) ? ok({ ceremony, commitment: b.commitment }) : bad('commitment-hash')
				),
			apply: (book, e) => book.commit(e.author, e.at, e.body.ceremony, e.body.commitment)
		}),
		kind({
			type: CLOSE,
			decode: (b) =>
				withCeremony(b, (ceremony) =>
					Array.isArray(b.commitments)
						? ok({ ceremony, commitments: b.commitments as unknown[] })
						: bad('close-list')
				),
			apply: (book, e, ctx) =>
				book.close(
					e.id,
					e.author,
					e.at,
					e.body.ceremony,
					e.body.commitments,
					closeQuorum(rosterAt(ctx.members, e.at).length)
				)
		}),
		kind({
			type: REVEAL,
			decode: (b) =>
				withCeremony(b, (ceremony) => {
					const close = closeId(b);
					if (close === null) return bad('close-id');
					if (!isHex(b.value, 32)) return bad('reveal-mismatch');
					// Dice are optional: a phone that typed none reveals none.
					const dice = b.dice === undefined ? '' : b.dice;
					if (typeof dice !== 'string' || !DICE.test(dice)) return bad('dice-digits');
					return ok({ ceremony, close, value: b.value, dice });
				}),
			apply: (book, e) => book.reveal(e.author, e.body.ceremony, e.body.close, e.body.value, e.body.dice)
		}),
		kind({
			type: CEREMONY,
			decode: (b) =>
				withCeremony(b, (ceremony) => {
					const close = closeId(b);
					if (close === null) return bad('close-id');
					return Array.isArray(b.reveals)
						? ok({ ceremony, close, reveals: b.reveals as unknown[], seed: b.seed })
						: bad('reveals-list');
				}),
			apply: (book, e) =>
				book.complete(e.id, e.at, e.body.ceremony, e.body.close, e.body.reveals, e.body.seed)
		})
	],
	observes: [GENESIS, CALL],
	observe: (book, e, id, ctx) => {
		if (e.type === GENESIS) {
			const b = e.body as { seed?: unknown };
			if (book.seeds.length === 0 && isHex(b.seed, 32)) {
				book.genesisAt = e.hlc[0];
				book.epoch = startOfUtcDay(e.hlc[0]);
				book.push({ seed: b.seed, at: e.hlc[0], source: 'genesis', entry: id });
			}
			return;
		}
		const fired = ctx.book(reset).firedBy(id);
		if (fired)
			book.push({
				seed: resetSeed(book.seedAt(fired.at).seed, fired.cycle),
				at: fired.at,
				source: 'reset',
				entry: id,
				participants: fired.calls.map((c) => c.member).sort()
			});
	},
	// Nothing here depends on the roster or the clock, so the view holds until the book changes
	// (the quorum a close needs now is the composition's: circle.ts). Were it to read the members,
	// every entry that refolds the ledger would make every domain reading seeds draw again.
	view: (book) => ({
		value: {
			genesisAt: book.genesisAt,
			epoch: book.epoch,
			seeds: book.seeds.slice(),
			ceremonies: book.progress()
		},
		...ALWAYS
	})
};
