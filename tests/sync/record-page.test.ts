// The record page's embedded record (sync/record-page.ts): a circle's signed entries as readable
// lines inside one HTML file. Read back, they audit exactly as the export file does; one byte
// changed anywhere in an entry's line spoils that entry alone, and the audit names it (its type,
// the author's seq, the author, its id); lines added, removed or a damaged header never pass.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditEntries, auditExport, checkSignatures } from '$lib/sync/audit';
import { publishCircle } from '$lib/sync/file';
import { appendEntry } from '$lib/sync/circle-doc';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import {
	RECORD_SLOT,
	pageWithRecord,
	readRecordLines,
	recordBlockOf,
	recordLines
} from '$lib/sync/record-page';
import { readSnapshot } from '$lib/sync/snapshot-read';
import { entryLabel } from '$lib/messages';

const demo = demoCircle('record-page-test', { days: 60 });
const stored = demo.entries.map((entry) => ({ id: entryId(entry), entry }));
const circle = { id: demo.circle, name: demo.name };
const block = recordLines(circle, demo.end, stored);
const audit = (b: string) => {
	const r = readRecordLines(b);
	return auditEntries(r.head, checkSignatures(r.entries), r.unreadable, false);
};

/** The line of the first entry of this type, and its index among the block's lines. */
const lineOf = (b: string, type: string) => {
	const lines = b.split('\n');
	const i = lines.findIndex((l, n) => n > 0 && l.includes(`"type":"${type}"`));
	return { lines, i };
};

describe('the record page’s embedded record', () => {
	it('reads back as the same entries and audits as the export file does', () => {
		const doc = new Y.Doc();
		for (const e of demo.entries) appendEntry(doc, e);
		const fromFile = auditExport(publishCircle(doc, circle, demo.end).text);
		const fromPage = audit(block);
		expect(fromPage.verified).toBe(true);
		expect(fromPage.accepted).toBe(fromFile.accepted);
		expect(fromPage.head).toBe(fromFile.head);
		expect(fromPage.record).toEqual(fromFile.record);
	});

	it('a member’s text cannot close the script element; the bytes read back are the signed ones', () => {
		expect(block).not.toMatch(/<\/script/i);
		expect(block).not.toContain('<');
		const html = pageWithRecord(
			`<script id="circulate-record">${RECORD_SLOT}</script><script>x</script>`,
			block
		);
		const back = readSnapshot(html);
		expect(back.entries.map((e) => e.id).sort()).toEqual(stored.map((s) => s.id).sort());
		expect(back.unreadable).toEqual([]);
		expect(recordBlockOf('<p>no record</p>')).toBeNull();
		expect(() => readSnapshot('<p>no record</p>')).toThrow();
	});

	it('one byte changed in an entry: that entry alone fails, named by type, seq, author and id', () => {
		const { lines, i } = lineOf(block, 'mandate.propose');
		const line = lines[i]!;
		const id = line.slice(0, 64);
		const entry = stored.find((s) => s.id === id)!.entry;
		// every byte position after the id: a digit, a letter, a quote or a brace
		for (const at of [70, Math.floor(line.length / 2), line.length - 3, line.indexOf('"task"') + 1]) {
			const changed = [...lines];
			const c = line[at]!;
			changed[i] = `${line.slice(0, at)}${c === 'x' ? 'y' : 'x'}${line.slice(at + 1)}`;
			const r = audit(changed.join('\n'));
			expect(r.verified, `byte ${at}`).toBe(false);
			const failed = [...r.unreadable, ...r.quarantined.filter((q) => q.id === id)];
			expect(
				failed.map((f) => f.id),
				`byte ${at}`
			).toContain(id);
			const named = failed.find((f) => f.id === id)!;
			// what the text says it is: an honest reader can find the entry
			if (named.type) expect(named.type).toBe('mandate.propose');
			if (named.seq !== undefined) expect(named.seq).toBe(entry.seq);
		}
		// a byte inside the task text: still JSON, so every part is named
		const at = line.indexOf('"task"') + 9;
		const changed = [...lines];
		changed[i] = `${line.slice(0, at)}${line[at] === 'x' ? 'y' : 'x'}${line.slice(at + 1)}`;
		const r = audit(changed.join('\n'));
		const u = r.unreadable.find((f) => f.id === id)!;
		expect(u).toMatchObject({ type: 'mandate.propose', seq: entry.seq, author: entry.author });
		expect(u.name).toBe(r.members.find((mb) => mb.key === entry.author)!.name);
		expect(entryLabel(u)).toBe(`mandate.propose, #${entry.seq} by ${u.name}`);
		// listed once, as unreadable: not also as an entry the file lacks
		expect(r.unseen.map((x) => x.id)).not.toContain(id);
	});

	it('a line removed or added never passes; a damaged header is refused', () => {
		const { lines, i } = lineOf(block, 'mandate.propose');
		const removed = lines.filter((_, n) => n !== i).join('\n');
		const r = audit(removed);
		expect(r.verified).toBe(false);
		expect(r.unreadable.some((u) => u.problem.code === 'page-count')).toBe(true);
		// the header's count rewritten too: the hole in the author's chain still shows
		const header = JSON.parse(lines[0]!) as { entries: number };
		const recounted = [
			JSON.stringify({ ...header, entries: header.entries - 1 }),
			...removed.split('\n').slice(1)
		];
		const r2 = audit(recounted.join('\n'));
		expect(r2.verified).toBe(false);
		expect(r2.holes.length + r2.unseen.length).toBeGreaterThan(0);
		expect(() => readRecordLines(`x${block}`)).toThrow();
		expect(() => readRecordLines(block.replace('"version":1', '"version":9'))).toThrow();
	});
});
