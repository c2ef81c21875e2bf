// Private entries in a published record (docs/protocol/private-record.md, sync/private-stub.ts):
// where the charter keeps a kind private, the published file and the record page carry a stub
// (id and header, no body). The record still verifies: each stub stands in its author's chain,
// vouched for by their next signed entry. And the attacks a publisher could try each fail, named:
// withholding a kind the charter keeps public, moving a stub to another author or seq, changing
// its id, and a file of stubs never putting a stub into a phone's document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditEntries, auditExport, checkSignatures } from '$lib/sync/audit';
import { importInto, publishCircle } from '$lib/sync/file';
import { appendEntry, entriesOf, readEntries } from '$lib/sync/circle-doc';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import { readRecordLines, recordLines } from '$lib/sync/record-page';
import { isPrivateType, privacyOf } from '$lib/core/privacy/section';
import { PLACEHOLDER_TYPE, readStub, stubOf } from '$lib/sync/private-stub';
import { draft } from '$lib/core/membership/fold';
import { signEntry } from '$lib/core/entry';
import * as ed from '$lib/core/ed25519';
import { formatReport } from '$lib/messages/report';
import type { Entry } from '$lib/core/types';
import { replay } from '$lib/core/circle';
import { charter } from '$lib/core/domains';
import type { CharterStatus } from '$lib/core/charter';

const demo = demoCircle('private-record-test', { days: 60, privacy: ['payments', 'loans'] });
const circle = { id: demo.circle, name: demo.name };
const stored = demo.entries.map((entry) => ({ id: entryId(entry), entry }));
const isPrivate = (e: Entry) => isPrivateType({ kinds: ['payments', 'loans'] }, e.type);
const privateOnes = stored.filter((s) => isPrivate(s.entry));
const audit = (block: string) => {
	const r = readRecordLines(block);
	return auditEntries(r.head, checkSignatures(r.entries), r.unreadable, false, undefined, r.stubs);
};
const full = audit(recordLines(circle, demo.end, stored));
const block = recordLines(circle, demo.end, stored, isPrivate);

/** The block with the line of entry `id` replaced by `change(line)`. */
const withLine = (b: string, id: string, change: (line: string) => string) =>
	b
		.split('\n')
		.map((l) => (l.startsWith(`${id} `) ? change(l) : l))
		.join('\n');

/** A private entry whose author signed another entry after it (so it is vouched for). */
const vouchedOne = () => {
	const named = new Set(stored.map((s) => s.entry.prev));
	return privateOnes.find((s) => named.has(s.id as never))!;
};

describe('a published record with private entries', () => {
	it('the demo circle’s charter keeps payments and loans private, and it has some of each', () => {
		const inForce = replay(demo.circle, demo.entries, demo.end).view<CharterStatus>(
			charter,
			demo.end
		).inForce;
		expect(privacyOf(inForce).kinds).toEqual(['payments', 'loans']);
		expect(privateOnes.some((s) => s.entry.type === 'credit.transfer')).toBe(true);
		expect(privateOnes.some((s) => s.entry.type.startsWith('library.'))).toBe(true);
	});

	it('carries no private body, still verifies, and gives the same decisions, holders and hash', () => {
		const memo = (privateOnes.find((s) => s.entry.type === 'credit.transfer')!.entry.body as { memo: string })
			.memo;
		expect(memo.length).toBeGreaterThan(0);
		expect(block).not.toContain(`"memo"`);
		const r = audit(block);
		expect(r.verified).toBe(true);
		expect(r.private.refused).toEqual([]);
		expect(r.private.vouched.length + r.private.unvouched.length).toBe(privateOnes.length);
		expect(r.entries).toBe(stored.length);
		expect(r.holes).toEqual([]);
		expect(r.unknown).toEqual([]);
		// Placeholders stand where the entries stood: the same ids in the same order.
		expect(r.head).toBe(full.head);
		expect(r.holders).toEqual(full.holders);
		expect(r.record.mandates).toEqual(full.record.mandates);
		expect(r.record.meetings).toEqual(full.record.meetings);
		expect(r.record.terms).toEqual(full.record.terms);
		expect(r.record.charter).toEqual(full.record.charter);
		// What a private entry would add is left out (the page says so): fewer purchases avoided.
		expect(r.record.scorecard.purchasesAvoided).toBeLessThanOrEqual(full.record.scorecard.purchasesAvoided);
		expect(formatReport(r)).toMatch(/entries left out as private by the charter \(payments \d+, loans \d+\)/);
	});

	it('the published file does the same, and importing it adds only what reads: no stub enters a phone', () => {
		const doc = new Y.Doc();
		for (const e of demo.entries) appendEntry(doc, e);
		const published = publishCircle(doc, circle, demo.end, isPrivate);
		expect(published.private).toBe(privateOnes.length);
		const r = auditExport(published.text);
		expect(r.verified).toBe(true);
		expect(r.head).toBe(full.head);
		expect(r.private.vouched.length + r.private.unvouched.length).toBe(privateOnes.length);

		const fresh = new Y.Doc();
		const result = importInto(fresh, circle, published.text);
		expect(result.private).toBe(privateOnes.length);
		expect(result.newEntries).toBe(stored.length - privateOnes.length);
		const { entries, unreadable } = readEntries(fresh);
		expect(unreadable).toEqual([]);
		expect(entries.some((e) => isPrivate(e.entry))).toBe(false);
		// A phone that later receives the real entries takes them: nothing was put under their ids.
		const again = importInto(fresh, circle, publishCircle(doc, circle, demo.end).text);
		expect(again.newEntries).toBe(privateOnes.length);
		expect(entriesOf(fresh).size).toBe(stored.length);
	});

	it('a private entry nothing signed names is listed as vouched for by nobody, and still counted', () => {
		const namedBySigned = new Set<string>(
			stored
				.filter((s) => !isPrivate(s.entry))
				.flatMap((s) => [...(s.entry.prev ? [s.entry.prev] : []), ...(s.entry.seen ?? [])])
		);
		const namedByAny = new Set<string>(stored.flatMap((s) => (s.entry.prev ? [s.entry.prev] : [])));
		const r = audit(block);
		const unvouched = new Set(r.private.unvouched.map((u) => u.id));
		expect(unvouched.size).toBeGreaterThan(0);
		for (const id of unvouched) expect(namedBySigned.has(id)).toBe(false);
		// The last of a chain is always among them.
		for (const s of privateOnes)
			if (!namedByAny.has(s.id) && !namedBySigned.has(s.id)) expect(unvouched.has(s.id)).toBe(true);
		expect(r.verified).toBe(true);
		expect(formatReport(r)).toContain('nothing vouches for');
	});
});

describe('attacks on a record with private entries', () => {
	it('a publisher withholds a decision as “private”: the charter keeps decisions public, so it fails, named', () => {
		const hidden = stored.find((s) => s.entry.type === 'decision.propose')!;
		const b = withLine(block, hidden.id, () => `${hidden.id} ${JSON.stringify(stubOf(hidden.entry))}`);
		const r = audit(b);
		expect(r.verified).toBe(false);
		expect(r.private.refused.map((f) => f.id)).toEqual([hidden.id]);
		expect(r.private.refused[0]).toMatchObject({ type: 'decision.propose', seq: hidden.entry.seq });
	});

	it('a circle whose charter keeps nothing private: any stub fails', () => {
		const open = demoCircle('private-record-test', { days: 60 });
		const s = open.entries.map((entry) => ({ id: entryId(entry), entry }));
		const r = audit(recordLines({ id: open.circle, name: open.name }, open.end, s, isPrivate));
		expect(r.verified).toBe(false);
		expect(r.private.refused.length).toBeGreaterThan(0);
		expect(r.private.vouched).toEqual([]);
	});

	it('a stub moved to another author or another seq breaks the chain there', () => {
		const one = vouchedOne();
		const other = demo.keys.find((k) => k.key !== one.entry.author)!.key;
		for (const change of [{ author: other }, { seq: one.entry.seq + 5 }]) {
			const stub = { ...stubOf(one.entry), ...change };
			const r = audit(withLine(block, one.id, () => `${one.id} ${JSON.stringify(stub)}`));
			expect(r.verified, JSON.stringify(change)).toBe(false);
		}
	});

	it('a stub under another id leaves a hole: the author’s next entry names the real one', () => {
		const one = vouchedOne();
		const fake = one.id.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
		const r = audit(withLine(block, one.id, (l) => `${fake}${l.slice(64)}`));
		expect(r.verified).toBe(false);
		expect(r.holes.length + r.pending + r.quarantined.length).toBeGreaterThan(0);
	});

	it('a stub beside the real entry under the same id changes nothing: the entry wins', () => {
		const one = vouchedOne();
		const r = readRecordLines(recordLines(circle, demo.end, stored));
		const report = auditEntries(r.head, checkSignatures(r.entries), r.unreadable, false, undefined, [
			{ id: one.id, stub: stubOf(one.entry) }
		]);
		expect(report.verified).toBe(true);
		expect(report.private.vouched).toEqual([]);
		expect(report.head).toBe(full.head);
	});

	it('a signed entry of the placeholder’s type is no private entry: it is listed as unknown', async () => {
		const author = demo.keys[0]!;
		const at = demo.end + 60_000;
		const ledger = replay(demo.circle, demo.entries, at).ledger;
		const e = await signEntry(draft(ledger.nextFor(author.key, at), PLACEHOLDER_TYPE, {}), (msg) =>
			ed.sign(msg, author.secretKey)
		);
		const r = audit(recordLines(circle, at + 1, [...stored, { id: entryId(e), entry: e }], isPrivate));
		expect(r.unknown).toEqual([{ id: entryId(e), type: PLACEHOLDER_TYPE }]);
		expect(r.private.vouched.length + r.private.unvouched.length).toBe(privateOnes.length);
	});

	it('only exactly a stub reads as one: extra members, a body, a bad header are damage', () => {
		const s = stubOf(stored[5]!.entry);
		expect(readStub(JSON.stringify(s))).toEqual(s);
		expect(readStub(JSON.stringify({ ...s, body: {} }))).toBeNull();
		expect(readStub(JSON.stringify({ ...s, private: false }))).toBeNull();
		expect(readStub(JSON.stringify({ ...s, seq: 0 }))).toBeNull();
		expect(readStub(JSON.stringify({ ...s, author: 'nobody' }))).toBeNull();
		expect(readStub(JSON.stringify({ ...s, type: 'Credit' }))).toBeNull();
		expect(readStub('{"private":true')).toBeNull();
		expect(readStub(JSON.stringify({ ...s, seen: [] }))).toBeNull();
		expect(readStub(JSON.stringify({ ...s, seen: ['x'] }))).toBeNull();
	});
});
