/**
 * What a person reads about an entry the ledger set aside (core/quarantine.ts): a heading
 * per reason, and a sentence per case, keyed by the case's code (`detail`) or, for a reason
 * with one case, by the reason itself. tests/ui/messages.test.ts fails when the core can set
 * an entry aside with a code that has no sentence here.
 */
import type { QuarantineReason } from '$lib/core/quarantine';
import { p, problemText, type Params } from './rules';

/** Short form of a key or id for sentences: the first 8 hex characters. */
export const short = (hex: string): string => `${hex.slice(0, 8)}…`;

const key = (x: Params, name: string): string => short(p(x, name));

/** A heading for each reason, for the audit view. */
export const QUARANTINE_TITLES: Readonly<Record<QuarantineReason, string>> = {
	'bad-signature': 'Signature does not match',
	'wrong-circle': 'Belongs to another circle',
	malformed: 'Unreadable',
	'future-timestamp': 'Dated in the future',
	'broken-chain': 'Out of its author’s chain',
	'not-a-member': 'Written by a non-member',
	'invalid-body': 'Breaks a rule',
	'unknown-type': 'Unknown kind of entry'
};

export const QUARANTINE_MESSAGES: Record<string, (params: Params) => string> = {
	// intake (ledger.ts)
	malformed: (x) => `It cannot be read: ${problemText(x)}.`,
	'wrong-circle': (x) => `It belongs to circle ${key(x, 'circle')}, not this one.`,
	'bad-signature': (x) =>
		`Its signature does not match ${key(x, 'author')}’s key: it was forged or altered after signing.`,
	'future-timestamp': (x) =>
		`It is dated ${new Date(Number(x?.at ?? 0)).toISOString()}#${p(x, 'counter')}, more than ${p(x, 'minutes')} minutes ahead of this device’s clock; it will be looked at again when that time comes.`,
	// author chains (chain.ts)
	'after-broken': (x) => `It follows entry ${key(x, 'prev')}, which is itself out of its author’s chain.`,
	'clock-not-later': (x) => `Its clock stamp is not later than its author’s previous entry #${p(x, 'seq')}.`,
	'wrong-prev': (x) =>
		p(x, 'seq') === '0'
			? `It is its author’s first entry, yet claims to follow ${key(x, 'prev')}.`
			: `It claims to follow ${x?.prev ? key(x, 'prev') : 'nothing'}, which is not its author’s entry #${p(x, 'seq')}.`,
	'waits-for-earlier': () => 'It waits for an earlier entry of its author to arrive.',
	// membership (membership/fold.ts): who wrote it
	'before-genesis': () => 'It was written before the circle was founded (it sorts before the genesis).',
	'genesis-not-bound': (x) =>
		`This genesis by ${key(x, 'author')} does not found this circle: a circle’s id is made from its founder’s key and the genesis seed, and these do not make it. Someone passed off another history under this circle’s id.`,
	'not-the-founder': (x) => `This genesis is by ${key(x, 'author')}, not by the founder named in the invite.`,
	'had-left': (x) => `Its author ${key(x, 'author')} had left before writing it.`,
	'had-been-removed': (x) => `Its author ${key(x, 'author')} had been removed before writing it.`,
	'not-a-member-then': (x) => `Its author ${key(x, 'author')} was not a member when it was written.`,
	// membership: what it says
	'second-genesis': () => 'This circle was already founded; a second genesis does not count.',
	'genesis-not-first': () => 'A genesis must be its author’s first entry.',
	'genesis-fields': () => 'The genesis must say name, commons, founder and seed.',
	'genesis-text': () => 'The genesis name, commons and founder must be text.',
	'genesis-naming': (x) => `The genesis breaks a naming rule: ${problemText(x)}`,
	'genesis-seed': () => 'The genesis seed must be 32 bytes of hex.',
	'admit-fields': () => 'An admission must carry member, name and the signed join request.',
	'admit-request-unusable': (x) => `The embedded join request is unusable: ${problemText(x)}`,
	'admit-other-circle': () => 'The embedded join request is for another circle.',
	'admit-differs': () => 'The admitted key or name differs from the join request.',
	'already-member': (x) => `${key(x, 'member')} is already a member.`,
	'request-used': () => 'This join request was already used once; a returning member asks again.',
	'request-expired': (x) =>
		`This join request was not used within ${p(x, 'days')} days of being made; the person asks again.`,
	'request-before-leaving': (x) =>
		`${key(x, 'member')} made this join request before they left or were removed; they ask again to come back.`,
	'request-signature': () =>
		'The join request’s signature does not match its key: the joiner did not sign it.',
	'leave-fields': () => 'A leave entry carries nothing.',
	'removal-fields': () => 'A removal proposal must name a member and give a reason.',
	'removal-reason-length': (x) => `The reason is longer than ${p(x, 'max')} characters.`,
	'own-removal': () => 'Nobody can propose their own removal; leaving is for that.',
	'not-active': (x) => `${key(x, 'member')} is not an active member.`,
	'support-fields': () => 'Supporting a removal must name the proposal.',
	'no-such-removal': () => 'There is no open removal proposal with that id.',
	'own-removal-support': () => 'Nobody can support their own removal.',
	'rename-fields': () => 'A rename must carry the new name.',
	'rename-naming': (x) => `The new name breaks a naming rule: ${problemText(x)}`,
	// a stored value that is not an entry (sync/circle-doc.ts readEntry)
	'stored-unreadable': (x) => `This stored entry could not be read: ${problemText(x)}. It is kept as it was.`
};

/** What the sentence needs to know about a set-aside entry (or a pending one's verdict). */
export interface Aside {
	reason: string;
	detail?: string;
	params?: Params;
}

/**
 * The sentence for why an entry is set aside: its case's, else its reason's; a code this
 * version does not know (a newer phone's) falls back to the reason's heading.
 */
export const quarantineText = (q: Aside): string => {
	const say = QUARANTINE_MESSAGES[q.detail ?? q.reason];
	if (say) return say(q.params);
	return QUARANTINE_TITLES[q.reason as QuarantineReason] ?? q.detail ?? q.reason;
};
