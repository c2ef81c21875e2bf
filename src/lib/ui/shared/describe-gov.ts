/**
 * How governance entries read in the ledger list and the audit view: one line each in
 * the shared `describers` table (src/lib/ui/describe.ts), added when a circle opens.
 */
import { describers } from '../describe';

type Body = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const lines: Record<string, (body: Body) => string> = {
	'charter.propose': () => 'Proposed a new charter version',
	'charter.consent': () => 'Consented to a charter proposal',
	'charter.object': (b) => `Objected to a charter proposal: “${text(b.reason)}”`,
	'charter.ratify': () => 'Recorded the ratification of the charter',
	'seed.commit': () => 'Committed to a dice ceremony',
	'seed.reveal': () => 'Revealed in a dice ceremony',
	'seed.ceremony': (b) => `Recorded a new lottery seed${text(b.dice) ? ` (dice ${text(b.dice)})` : ''}`,
	'rotation.seal': (b) => `Sealed the draw for ${text(b.role)}, term ${Number(b.term) + 1}`,
	'role.stepdown': (b) => `Stepped down as ${text(b.role)}${text(b.note) ? `: “${text(b.note)}”` : ''}`,
	'member.bench': (b) => `Benched a member${text(b.role) ? ` from ${text(b.role)}` : ''}: ${text(b.reason)}`,
	'member.absence': (b) => `Declared an absence${text(b.note) ? `: ${text(b.note)}` : ''}`,
	'mandate.propose': (b) => `Proposed a mandate: “${text(b.task)}”`,
	'mandate.done': () => 'Marked a mandate done',
	'mandate.recall-vote': (b) => `Voted to recall a mandate${text(b.reason) ? `: “${text(b.reason)}”` : ''}`,
	'reset.call': (b) => `Called a hard reset${text(b.reason) ? `: “${text(b.reason)}”` : ''}`
};

export const registerGovernanceDescribers = (): void => {
	for (const [type, line] of Object.entries(lines)) describers[type] ??= (body) => line(body);
};
