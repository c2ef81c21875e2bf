/**
 * How each ledger entry reads in the ledger list, in the member's language (ledger_entry_* in
 * messages/<lang>/ledger.json). Other screens add their entry types by adding a line to
 * `describers` (type -> sentence).
 */
import type { Entry } from '$lib/core/types';
import { m } from '$lib/i18n';

type Body = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const describers: Record<string, (body: Body, entry: Entry) => string> = {
	'circle.genesis': () => m.ledger_entry_genesis(),
	'circle.rename': (b) => m.ledger_entry_rename({ name: text(b.name) }),
	'member.admit': (b) =>
		text(b.name) ? m.ledger_entry_admit({ name: text(b.name) }) : m.ledger_entry_admit_unnamed(),
	'member.leave': () => m.ledger_entry_leave(),
	'member.remove.propose': () => m.ledger_entry_remove_propose(),
	'member.remove.second': () => m.ledger_entry_remove_second(),
	'charter.propose': () => m.ledger_entry_charter_propose(),
	'charter.consent': () => m.ledger_entry_charter_consent(),
	'charter.object': () => m.ledger_entry_charter_object(),
	'charter.ratify': () => m.ledger_entry_charter_ratify(),
	'seed.commit': () => m.ledger_entry_seed_commit(),
	'seed.close': () => m.ledger_entry_seed_close(),
	'seed.reveal': () => m.ledger_entry_seed_reveal(),
	'seed.ceremony': () => m.ledger_entry_seed_ceremony(),
	'rotation.seal': () => m.ledger_entry_seal(),
	'role.stepdown': () => m.ledger_entry_stepdown(),
	'member.bench': (b) => (b.role === null ? m.ledger_entry_bench_every() : m.ledger_entry_bench_role()),
	'member.bench.second': () => m.ledger_entry_bench_second(),
	'member.absence': () => m.ledger_entry_absence(),
	'mandate.propose': () => m.ledger_entry_mandate_propose(),
	'mandate.done': () => m.ledger_entry_mandate_done(),
	'mandate.recall-vote': () => m.ledger_entry_mandate_recall(),
	'mandate.hand-back': () => m.ledger_entry_mandate_hand_back(),
	'reset.call': () => m.ledger_entry_reset_call(),
	'witness.ack': () => m.ledger_entry_ack()
};

export const describeEntry = (entry: Entry): string => {
	const d = describers[entry.type];
	return d ? d(entry.body as Body, entry) : m.ledger_entry_other({ type: entry.type });
};
