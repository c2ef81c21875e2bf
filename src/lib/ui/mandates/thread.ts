import type { Mandate } from '$lib/core/mandates/mandate';

/**
 * A mandate put to consent as its discussion thread takes it (ui/decision/DecisionThread): named with
 * its round's version, and open to questions while it is proposed. The mandates screen and the
 * meeting show the same thread.
 */
export const mandateThread = (x: Mandate) => ({
	d: { id: x.id, proposer: x.proposer, version: x.consent?.history.length ?? 1 },
	open: x.status === 'proposed'
});
