/**
 * The `npm run verify` report as text for a terminal, in the language the CLI chose
 * (src/cli/verify.ts): labels and sentences from the message files (`report_*`, report.json), the
 * label column as wide as the language's longest label. Ids, keys, hashes and instants stay as
 * they are (ISO 8601), so a report can be compared across machines.
 */
import type { AuditReport } from '$lib/sync/audit';
import type { Millis } from '$lib/core/types';
import { m } from '$lib/i18n';
import { entryLabel, quarantineText } from './quarantine';
import { ruleText, sealWhy } from './rules';
import { privateKindCounts } from './privacy';

const iso = (ms: Millis): string => new Date(ms).toISOString();
const seqs = (missing: { from: number; to: number }[]): string =>
	missing.map((x) => (x.from === x.to ? `#${x.from}` : `#${x.from}–#${x.to}`)).join(', ');

/** The report as text for a terminal. */
export const formatReport = (r: AuditReport): string => {
	const labels = {
		circle: m.report_label_circle(),
		snapshot: m.report_label_snapshot(),
		now: m.report_label_now(),
		accepted: m.report_label_accepted(),
		hash: m.report_label_hash(),
		members: m.report_label_members(),
		seals: m.report_label_seals(),
		holes: m.report_label_holes(),
		unseen: m.report_label_unseen(),
		waiting: m.report_label_waiting(),
		forks: m.report_label_forks(),
		future: m.report_label_future(),
		unknown: m.report_label_unknown(),
		private: m.report_label_private(),
		warning: m.report_label_warning(),
		result: m.report_label_result()
	};
	const width = Math.max(...Object.values(labels).map((l) => [...l].length)) + 1;
	const row = (label: keyof typeof labels, text: string) => `${labels[label].padEnd(width)}${text}`;
	const who = (name: string, key: string) => `${name} (${key.slice(0, 8)})`;
	const active = r.members.filter((x) => x.active);
	const lines = [
		row('circle', `${r.name} (${r.circle})`),
		row('snapshot', m.report_snapshot({ kind: r.kind, count: r.entries, created: iso(r.created) })),
		row(
			'now',
			r.nowFrom === 'given'
				? m.report_now_given({ now: iso(r.now) })
				: m.report_now_created({ now: iso(r.now) })
		),
		row('accepted', m.report_accepted({ count: r.accepted })),
		row('hash', r.head),
		row('members', m.report_members({ count: active.length, names: active.map((x) => x.name).join(', ') })),
		row('seals', m.report_seals({ matching: r.seals.matching, total: r.seals.total }))
	];
	for (const f of r.seals.flagged)
		lines.push(`  ${m.report_flagged({ role: f.role, term: f.term, why: sealWhy(f.why) ?? f.why })}`);
	if (r.holders.length) lines.push(m.report_holders());
	for (const h of r.holders)
		lines.push(`  ${h.role.padEnd(14)} ${h.holders.join(', ') || m.report_vacant()}`);
	if (r.holes.length) lines.push(row('holes', m.report_holes({ count: r.holes.length })));
	for (const h of r.holes) {
		const one = h.missing.length === 1 && h.missing[0]!.from === h.missing[0]!.to;
		const waits = one
			? m.report_hole_waits_it({ count: h.after })
			: m.report_hole_waits_them({ count: h.after });
		lines.push(`  ${who(h.name, h.author)}  ${m.report_hole_missing({ seqs: seqs(h.missing) })}; ${waits}`);
	}
	if (r.unseen.length) lines.push(row('unseen', m.report_unseen({ count: r.unseen.length })));
	for (const u of r.unseen) {
		const by = u.namedBy.map((n) => m.report_seen_in({ who: who(n.name, n.author), seq: n.seq })).join(', ');
		lines.push(`  ${u.id.slice(0, 12)}  ${m.report_seen_by({ list: by })}`);
	}
	if (r.pending && !r.holes.length) lines.push(row('waiting', m.report_waiting({ count: r.pending })));
	if (r.forks.length) lines.push(row('forks', m.report_forks({ count: r.forks.length })));
	for (const f of r.forks)
		lines.push(
			`  ${who(f.name, f.author)}  ${m.report_fork({ seq: f.seq, count: f.ids.length, ids: f.ids.map((id) => id.slice(0, 12)).join(', ') })}`
		);
	if (r.future.length) lines.push(row('future', m.report_future({ count: r.future.length })));
	for (const f of r.future)
		lines.push(
			`  ${f.id.slice(0, 12)}  ${who(f.name, f.author)} ${m.report_dated({ seq: f.seq, at: iso(f.at) })}`
		);
	const aside = r.quarantined.filter((q) => q.reason !== 'future-timestamp');
	if (aside.length || r.unreadable.length) lines.push(m.report_set_aside());
	for (const q of aside)
		lines.push(`  ${q.id.slice(0, 12)}  ${entryLabel(q)}  ${q.reason}: ${quarantineText(q)}`);
	for (const u of r.unreadable)
		lines.push(
			`  ${u.id.slice(0, 12)}  ${entryLabel(u)}  ${m.report_unreadable({ reason: ruleText(u.problem) })}`
		);
	const stubs = [...r.private.vouched, ...r.private.unvouched];
	if (stubs.length)
		lines.push(row('private', m.report_private({ count: stubs.length, kinds: privateKindCounts(stubs) })));
	if (r.private.unvouched.length)
		lines.push(`  ${m.report_private_unvouched({ count: r.private.unvouched.length })}`);
	for (const u of r.private.unvouched)
		lines.push(`  ${u.id.slice(0, 12)}  ${who(u.name ?? '?', u.author)} #${u.seq} ${iso(u.at)}`);
	for (const f of r.private.refused)
		lines.push(`  ${f.id.slice(0, 12)}  ${entryLabel(f)}  ${m.report_private_refused()}`);
	if (r.noEffect.length) lines.push(m.report_without_effect());
	for (const n of r.noEffect) lines.push(`  ${n.id.slice(0, 12)}  ${n.type}: ${ruleText(n)}`);
	if (r.unknown.length) lines.push(row('unknown', m.report_unknown({ count: r.unknown.length })));
	if (r.carriesSettings) lines.push(row('warning', m.report_warning()));
	lines.push(row('result', r.verified ? m.report_verified() : m.report_problems()));
	return lines.join('\n');
};
