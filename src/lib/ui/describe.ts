/**
 * How each ledger entry reads in the ledger list. Other screens add their entry
 * types by adding a line to `describers` (type -> sentence).
 */
import type { Entry } from '$lib/core/types';

type Body = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const describers: Record<string, (body: Body, entry: Entry) => string> = {
	'circle.genesis': () => 'Circle founded',
	'circle.rename': (b) => `Renamed the circle to “${text(b.name)}”`,
	'member.admit': (b) => `Welcomed ${text(b.name) || 'a new member'}`,
	'member.leave': () => 'Left the circle',
	'member.remove.propose': () => 'Proposed removing a member',
	'member.remove.second': () => 'Supported a removal',
	'charter.propose': () => 'Proposed a charter',
	'charter.consent': () => 'Consented to the charter',
	'charter.object': () => 'Objected to the charter',
	'charter.ratify': () => 'Ratified the charter',
	'seed.commit': () => 'Joined the dice ceremony',
	'seed.close': () => 'Closed the dice ceremony’s commitments',
	'seed.reveal': () => 'Revealed their dice',
	'seed.ceremony': () => 'Reseeded the lottery',
	'rotation.seal': () => 'Sealed a draw',
	'role.stepdown': () => 'Stepped down from a role',
	'member.bench': (b) =>
		b.role === null ? 'Proposed a bench from every role' : 'Proposed a bench from a role',
	'member.bench.second': () => 'Supported a bench',
	'member.absence': () => 'Noted an absence',
	'mandate.propose': () => 'Proposed a mandate',
	'mandate.done': () => 'Completed a mandate',
	'mandate.recall-vote': () => 'Voted to recall a mandate',
	'mandate.hand-back': () => 'Handed a mandate back',
	'reset.call': () => 'Called for a reset',
	'witness.ack': () => 'Received the circle’s latest entries'
};

export const describeEntry = (entry: Entry): string => {
	const d = describers[entry.type];
	return d ? d(entry.body as Body, entry) : `Recorded “${entry.type}”`;
};
