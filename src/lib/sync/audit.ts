/**
 * Auditing a published ledger: "the ledger is an auditable record; a circle can publish
 * a read-only snapshot, and anyone can verify it with a command" (DESIGN.md §1). The
 * snapshot is an ordinary export file (docs/PROTOCOL.md §16). This reads it without any
 * device state: every signature is checked with the strict rule, the ledger and the
 * governance are folded from scratch, and every seal is recomputed.
 */
import * as Y from 'yjs';
import { readExport } from './file';
import { readEntries } from './circle-doc';
import { openCircle } from '$lib/core/circle';
import * as seal from '$lib/core/rotation';
import { verifySignature } from '$lib/core/entry';
import type { Rejection } from '$lib/core/host/domain';
import type { Millis } from '$lib/core/types';
import { quarantineText, ruleText } from '$lib/messages';

export interface AuditReport {
	circle: string;
	name: string;
	kind: 'whole' | 'delta';
	entries: number;
	accepted: number;
	/** Entries set aside, each with its reason, the case of it and what its sentence needs. */
	quarantined: { id: string; reason: string; detail?: string; params?: Rejection['params'] }[];
	/** Stored values that are not entries at all, with the problem's code. */
	unreadable: { id: string; problem: Rejection }[];
	pending: number;
	head: string;
	members: { name: string; key: string; active: boolean }[];
	holders: { role: string; term: number; holders: string[] }[];
	seals: { total: number; matching: number; flagged: { role: string; term: number; why: string }[] };
	/** Accepted entries that had no effect in their domain, with the reason's code. */
	noEffect: { id: string; type: string; code: string; params?: Rejection['params'] }[];
	/** Accepted entries of a type this version does not know (kept, no effect). */
	unknown: { id: string; type: string }[];
}

export const auditExport = (text: string, now: Millis): AuditReport => {
	const { envelope, update } = readExport(text);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const { entries, unreadable } = readEntries(doc);
	// The same composition as the app's (core/circle.ts), so both agree on every rule.
	const circle = openCircle(envelope.circle);
	const ledger = circle.ledger;
	ledger.add(
		entries.map(({ id, entry }) => ({ entry, id, sigValid: verifySignature(entry) })),
		now
	);
	const state = ledger.state();
	const gov = circle.state(now);
	const nameOf = (k: string) => state.members.get(k as never)?.name ?? k.slice(0, 8);
	const verdicts = gov.history.filter((h) => h.seal).map((h) => ({ h, v: seal.verify(h) }));
	return {
		circle: envelope.circle,
		name: state.name || envelope.circleName,
		kind: envelope.kind,
		entries: entries.length + unreadable.length,
		accepted: ledger.accepted.length,
		quarantined: ledger.quarantine.map(({ id, reason, detail, params }) => ({ id, reason, detail, params })),
		unreadable,
		pending: ledger.pending.length,
		head: ledger.head(),
		members: [...state.members.values()]
			.map((m) => ({ name: m.name, key: m.key, active: state.roster.includes(m.key) }))
			.sort((a, b) => (a.key < b.key ? -1 : 1)),
		holders: gov.holders.map((h) => ({ role: h.roleName, term: h.term, holders: h.holders.map(nameOf) })),
		seals: {
			total: verdicts.length,
			matching: verdicts.filter((x) => x.v === 'matches').length,
			flagged: verdicts
				.filter((x) => x.v === 'flagged')
				.map((x) => ({ role: x.h.roleName, term: x.h.term, why: x.h.seal?.why ?? 'flagged' }))
		},
		noEffect: gov.rejected.map((r) => ({ id: r.id, type: r.type, code: r.code, params: r.params })),
		unknown: circle.host.unknown.map((u) => ({ id: u.id, type: u.type }))
	};
};

/** The report as text for a terminal. */
export const formatReport = (r: AuditReport): string => {
	const lines = [
		`Circle      ${r.name} (${r.circle})`,
		`Snapshot    ${r.kind}, ${r.entries} stored entries`,
		`Accepted    ${r.accepted} entries, every signature checked (strict RFC 8032)`,
		`Ledger hash ${r.head}`,
		`Members     ${r.members.filter((m) => m.active).length} active: ${r.members
			.filter((m) => m.active)
			.map((m) => m.name)
			.join(', ')}`,
		`Seals       ${r.seals.matching} of ${r.seals.total} recomputed and matching`
	];
	for (const f of r.seals.flagged)
		lines.push(`  FLAGGED   ${f.role} term ${f.term}: ${SEAL_WHY[f.why] ?? f.why}`);
	if (r.holders.length) lines.push('Holders now');
	for (const h of r.holders) lines.push(`  ${h.role.padEnd(14)} ${h.holders.join(', ') || '(vacant)'}`);
	if (r.pending) lines.push(`Waiting     ${r.pending} entries wait for earlier ones this snapshot lacks`);
	if (r.quarantined.length || r.unreadable.length) lines.push('Set aside');
	for (const q of r.quarantined) lines.push(`  ${q.id.slice(0, 12)}  ${q.reason}: ${quarantineText(q)}`);
	for (const u of r.unreadable) lines.push(`  ${u.id.slice(0, 12)}  unreadable: ${ruleText(u.problem)}`);
	if (r.noEffect.length) lines.push('Without effect');
	for (const n of r.noEffect) lines.push(`  ${n.id.slice(0, 12)}  ${n.type}: ${ruleText(n)}`);
	if (r.unknown.length)
		lines.push(
			`Unknown     ${r.unknown.length} entries of types this version does not know (kept, no effect)`
		);
	lines.push(
		r.quarantined.length || r.unreadable.length || r.seals.flagged.length
			? 'Result      problems found (listed above)'
			: 'Result      verified: every entry is signed by a member and every seal matches the rule'
	);
	return lines.join('\n');
};

const SEAL_WHY: Record<string, string> = {
	'inputs-differ': 'same holders, but the inputs differ (entries arrived after the seal)',
	'holders-differ': 'the seal names other holders than the rule picks',
	'not-eligible': 'seal ignored: its holders were not eligible'
};
