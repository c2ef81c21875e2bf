import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditExport, formatReport } from '$lib/sync/audit';
import { exportCircle } from '$lib/sync/file';
import { appendEntry, entriesOf } from '$lib/sync/circle-doc';
import { demoCircle } from '$lib/core/demo';
import { encodeText } from '$lib/core/canonical';

const demo = demoCircle('audit-test', { days: 120 });
const docWith = (entries = demo.entries) => {
	const doc = new Y.Doc();
	for (const e of entries) appendEntry(doc, e);
	return doc;
};
const snapshot = (doc: Y.Doc) => exportCircle(doc, { id: demo.circle, name: demo.name }, demo.end).text;

describe('auditing a published snapshot', () => {
	it('verifies an honest circle: every entry accepted, every seal matches', () => {
		const r = auditExport(snapshot(docWith()), demo.end);
		expect(r.accepted).toBe(demo.entries.length);
		expect(r.quarantined).toEqual([]);
		expect(r.seals.flagged).toEqual([]);
		expect(r.members.filter((m) => m.active).length).toBe(8);
		expect(formatReport(r)).toContain('Result      verified');
	});

	it('names an altered entry and keeps counting the rest', () => {
		const doc = docWith();
		const victim = demo.entries[demo.entries.length - 1]!;
		const altered = { ...victim, hlc: [victim.hlc[0], victim.hlc[1] + 1] as const };
		entriesOf(doc).set('f'.repeat(64), encodeText(altered));
		const r = auditExport(snapshot(doc), demo.end);
		expect(r.quarantined.length + r.unreadable.length).toBeGreaterThan(0);
		expect(r.accepted).toBe(demo.entries.length);
		expect(formatReport(r)).toContain('problems found');
	});

	it('refuses a file that is not a Circulate export with a clear message', () => {
		expect(() => auditExport('{"hello":1}', demo.end)).toThrow(/not a Circulate export/);
	});
});
