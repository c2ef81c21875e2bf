/**
 * The witness domain: one entry type that says only "this phone has seen what it names".
 *
 *   witness.ack {}   by any active member, with `seen` naming the heads it now holds
 *
 * An entry takes effect when another member's entry first has it in its causal past (fold.ts,
 * docs/protocol/witness.md). A phone writes an acknowledgement after a sync or an import that
 * brought it something new from others, so that what it received takes effect at once on every
 * phone instead of at its own next entry; never for acknowledgements alone, or two phones would
 * answer each other for ever. The entry has no other effect.
 */
import { membership } from '../membership/domain';
import { ALWAYS, bad, kind, ok, type Domain } from '../host/domain';

export const ACK = 'witness.ack';

/**
 * Whether a phone should acknowledge what it holds from others. `heads` are accepted entries by
 * others that nothing it holds names yet (Ledger.headsOfOthers); `waiting` are entries by others
 * that nobody but their author has witnessed (Ledger.unwitnessed) and that this phone has not
 * already acknowledged. Yes when either holds anything but an acknowledgement: an acknowledgement
 * alone is never answered, or two phones would answer each other for ever, but one whose past
 * holds its author's own unwitnessed entry is (the other phone's ack arrived before this one's
 * timer fired, and the entry under it would otherwise wait for this member's next entry).
 */
export const shouldAcknowledge = (
	heads: readonly { type: string }[],
	waiting: readonly { type: string }[] = []
): boolean => heads.some((e) => e.type !== ACK) || waiting.some((e) => e.type !== ACK);

export interface WitnessBook {
	acks: number;
}

export interface WitnessView {
	/** Acknowledgements folded so far (they change nothing else). */
	acks: number;
}

export const witness: Domain<WitnessBook, WitnessView> = {
	name: 'witness',
	version: 1,
	reads: [membership],
	init: () => ({ acks: 0 }),
	clone: (book) => ({ acks: book.acks }),
	kinds: [
		kind({
			type: ACK,
			decode: (b) => (Object.keys(b).length === 0 ? ok<Record<string, never>>({}) : bad('ack-fields')),
			apply: (book) => {
				book.acks++;
				return null;
			}
		})
	],
	view: (book) => ({ value: { acks: book.acks }, ...ALWAYS })
};
