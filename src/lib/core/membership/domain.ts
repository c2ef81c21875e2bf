/**
 * Membership is the ledger's acceptance policy (membership/fold.ts, run by the ledger itself):
 * who may write, and so which entries count at all. It is registered as the first domain so
 * that it owns its entry types like every other domain (no one else may claim them) and so
 * that later domains can list it in `reads` and observe its types (the seeds domain takes
 * the genesis seed). Its book is the ledger's own membership fold, handed to every domain
 * in its fold and view contexts; the host keeps nothing for it.
 */
import { ADMIT, LEAVE, REMOVE_PROPOSE, REMOVE_SECOND, RENAME } from './fold';
import { GENESIS } from './genesis';
import { ALWAYS, kind, ok, type Domain } from '../host/domain';
import type { MembershipView } from './view';

// The ledger has already checked these bodies (an invalid one is quarantined, not accepted).
const accepted = (type: string) => kind<null, null>({ type, decode: () => ok(null), apply: () => null });

export const membership: Domain<null, MembershipView> = {
	name: 'membership',
	version: 1,
	reads: [],
	kinds: [GENESIS, ADMIT, LEAVE, REMOVE_PROPOSE, REMOVE_SECOND, RENAME].map(accepted),
	init: () => null,
	clone: () => null,
	view: (_book, _now, ctx) => ({ value: ctx.members, ...ALWAYS })
};

export const MEMBERSHIP_TYPES: ReadonlySet<string> = new Set(membership.kinds.map((k) => k.type));
