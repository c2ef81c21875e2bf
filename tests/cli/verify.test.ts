import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { main, reportLocale } from '../../src/cli/verify';
import { auditExport } from '$lib/sync/audit';
import { formatReport } from '$lib/messages/report';
import { RECORD_SLOT, pageWithRecord, recordLines } from '$lib/sync/record-page';
import { exportCircle, publishCircle, readExport } from '$lib/sync/file';
import { appendEntry, entriesOf, readEntries } from '$lib/sync/circle-doc';
import { demoCircle, signerFor } from '$lib/core/demo';
import { encodeText } from '$lib/core/canonical';
import { entryId, signEntry } from '$lib/core/entry';
import type { CircleId, Entry, EntryId } from '$lib/core/types';

const demo = demoCircle('audit-test', { days: 120 });
const docWith = (entries: readonly Entry[] = demo.entries) => {
	const doc = new Y.Doc();
	for (const e of entries) appendEntry(doc, e);
	return doc;
};
const snapshot = (doc: Y.Doc) => exportCircle(doc, { id: demo.circle, name: demo.name }, demo.end).text;

/** Runs `npm run verify` (its main) on the text; returns the exit code and what it printed. */
const dir = mkdtempSync(join(tmpdir(), 'circulate-verify-'));
let files = 0;
const verify = (text: string, ...flags: string[]): { code: number; out: string } => {
	const path = join(dir, `snapshot-${++files}.circulate.json`);
	writeFileSync(path, text);
	const lines: string[] = [];
	const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
	const err = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')));
	try {
		return { code: main([path, ...flags], {}), out: lines.join('\n') };
	} finally {
		log.mockRestore();
		err.mockRestore();
	}
};

describe('auditing a published snapshot', () => {
	it('verifies an honest circle: every entry accepted, every seal matches', () => {
		const r = auditExport(snapshot(docWith()), demo.end);
		expect(r.accepted).toBe(demo.entries.length);
		expect(r.quarantined).toEqual([]);
		expect(r.seals.flagged).toEqual([]);
		expect(r.holes).toEqual([]);
		expect(r.forks).toEqual([]);
		expect(r.verified).toBe(true);
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
		expect(r.verified).toBe(false);
		expect(formatReport(r)).toContain('problems found');
		// …and names it by what its text says: type, the author's seq, the author
		const line = formatReport(r)
			.split('\n')
			.find((l) => l.includes('f'.repeat(12)));
		expect(line).toContain(`${victim.type}, #${victim.seq} by `);
	});

	it('checks a record page too; one byte changed in it names the entry (issue 14, item 5)', () => {
		const entries = demo.entries.map((entry) => ({ id: entryId(entry), entry }));
		const lines = recordLines({ id: demo.circle, name: demo.name }, demo.end, entries);
		const page = pageWithRecord(
			`<html><script type="application/x-circulate-record" id="circulate-record">${RECORD_SLOT}</script><script>document.write('✓ Verified')</script></html>`,
			lines
		);
		const ok = verify(page, '--now', new Date(demo.end).toISOString());
		expect(ok.code).toBe(0);
		expect(ok.out).toMatch(/Result +verified/);
		const victim = entries.find((e) => e.entry.type === 'mandate.propose')!;
		// One byte of its signature, in its own line.
		const changed = page
			.split('\n')
			.map((l) =>
				l.startsWith(`${victim.id} `)
					? l.replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === '0' ? '1' : '0'}`)
					: l
			)
			.join('\n');
		expect(changed).not.toBe(page);
		const bad = verify(changed, '--now', new Date(demo.end).toISOString());
		expect(bad.code).toBe(1);
		const named = bad.out.split('\n').find((l) => l.includes(victim.id.slice(0, 12)))!;
		expect(named).toContain(`mandate.propose, #${victim.entry.seq} by `);
	});

	it('refuses a file that is not a Circulate export with a clear message', () => {
		expect(() => auditExport('{"hello":1}', demo.end)).toThrow(/not a Circulate export/);
	});
});

describe('npm run verify catches omissions (issue 8, item 7)', () => {
	const fixture = readFileSync(join(import.meta.dirname, '../fixtures/demo-circle.circulate.json'), 'utf8');
	const NOW = '2026-03-03T12:00:00Z';
	/** The fixture's entries, and a file of the same circle holding only some of them. */
	const fixtureOf = () => {
		const { envelope, update } = readExport(fixture);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		return { envelope, entries: readEntries(doc).entries.map((s) => s.entry) };
	};
	const rewrite = (entries: readonly Entry[]): string => {
		const { envelope } = fixtureOf();
		const ref = { id: envelope.circle, name: envelope.circleName };
		return publishCircle(docWith(entries), ref, envelope.created).text;
	};

	it('reports in the language asked for, else the terminal’s, else English (issue 11)', () => {
		const de = verify(fixture, '--now', NOW, '--lang', 'de');
		expect(de.code).toBe(0);
		expect(de.out.split('\n')[2]).toBe('Jetzt         2026-03-03T12:00:00.000Z (mit --now angegeben)');
		expect(de.out).toMatch(/Ergebnis +geprüft: jeder Eintrag ist von einem Mitglied signiert/);
		const es = verify(fixture, '--lang', 'es-MX', '--now', NOW);
		expect(es.out).toMatch(/Resultado +verificado/);
		expect(reportLocale(undefined, { LANG: 'de_DE.UTF-8' })).toBe('de');
		expect(reportLocale(undefined, { LC_ALL: 'es_ES.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('es');
		expect(reportLocale(undefined, { LANG: 'tr_TR.UTF-8' })).toBe('en');
		expect(reportLocale('en', { LANG: 'de_DE.UTF-8' })).toBe('en');
		expect(reportLocale(undefined, { LANG: 'C' })).toBe('en');
		expect(verify(fixture, '--now', NOW).out).toMatch(/Result +verified/);
	}, 120_000); // several runs of the CLI, each folding the demo: slow on a loaded machine, never a hang

	it('passes the demo snapshot as it is, and says which now it used', () => {
		const given = verify(fixture, '--now', NOW);
		expect(given.out).toMatch(/Result\s+verified/);
		expect(given.out.split('\n')[2]).toBe('Now         2026-03-03T12:00:00.000Z (given with --now)');
		expect(given.code).toBe(0);
		const made = verify(fixture);
		const created = new Date(fixtureOf().envelope.created).toISOString();
		expect(made.out.split('\n')[2]).toMatch(new RegExp(`^Now +${created} \\(when the snapshot was made`));
		expect(made.code).toBe(0);
	}, 120_000); // several runs of the CLI, each folding the demo: slow on a loaded machine, never a hang

	it('fails with an entry cut out of the middle of an author chain, naming the author and the seq', () => {
		const { entries } = fixtureOf();
		const byAuthor = new Map<string, Entry[]>();
		for (const e of entries) byAuthor.set(e.author, [...(byAuthor.get(e.author) ?? []), e]);
		const [author, chain] = [...byAuthor].find(([, c]) => c.length >= 4)!;
		chain.sort((a, b) => a.seq - b.seq);
		const cut = chain[chain.length - 2]!;
		const text = rewrite(entries.filter((e) => e !== cut));
		const r = verify(text, '--now', NOW);
		expect(r.code).toBe(1);
		expect(r.out).not.toMatch(/Result\s+verified/);
		const report = auditExport(text, Date.parse(NOW));
		const name = report.members.find((m) => m.key === author)!.name;
		expect(report.holes).toEqual([{ author, name, missing: [{ from: cut.seq, to: cut.seq }], after: 1 }]);
		expect(r.out).toContain(`Holes       1 author’s chain lacks entries this snapshot left out`);
		expect(r.out).toContain(
			`  ${name} (${author.slice(0, 8)})  #${cut.seq} missing; 1 later entry waits for it`
		);
	}, 120_000); // several runs of the CLI, each folding the demo: slow on a loaded machine, never a hang

	it('T38: a tail left out that other members saw is listed as unseen, with who saw it, and fails', () => {
		// Someone's last entries, cut from the snapshot: no hole (nothing of theirs after them), but
		// later entries by others name them in `seen` (witness.md).
		const named = new Map<EntryId, Entry>();
		for (const e of demo.entries) for (const id of e.seen ?? []) named.set(id, e);
		const byId = new Map(demo.entries.map((e) => [entryId(e), e]));
		const tailOf = (e: Entry) => demo.entries.filter((x) => x.author === e.author && x.seq >= e.seq);
		const [cutId, namer] = [...named].find(
			([id, by]) =>
				byId.get(id)!.author !== by.author &&
				tailOf(byId.get(id)!).every((x) => !/^(member|circle|settings|charter)\./.test(x.type))
		)!;
		const victim = byId.get(cutId)!;
		const kept = demo.entries.filter((e) => !(e.author === victim.author && e.seq >= victim.seq));
		const honest = auditExport(snapshot(docWith()), demo.end);
		expect(honest.unseen).toEqual([]);
		const text = snapshot(docWith(kept));
		const r = auditExport(text, demo.end);
		expect(r.holes.filter((h) => h.author === victim.author)).toEqual([]);
		const listed = r.unseen.find((u) => u.id === cutId)!;
		expect(listed.namedBy).toContainEqual({
			author: namer.author,
			name: r.members.find((m) => m.key === namer.author)?.name ?? namer.author.slice(0, 8),
			seq: namer.seq
		});
		expect(r.verified).toBe(false);
		const out = formatReport(r);
		expect(out).toMatch(/Unseen +\d+ entr(y|ies) members saw (is|are) missing from this snapshot/);
		expect(out).toContain(`  ${cutId.slice(0, 12)}  seen by `);
	});

	it('lists every hole of every author, every fork and every entry held as future-dated', async () => {
		const byAuthor = (k: string) => demo.entries.filter((e) => e.author === k).sort((a, b) => a.seq - b.seq);
		const [maya, ravi] = demo.keys.filter((k) => byAuthor(k.key).length >= 6);
		const mayas = byAuthor(maya!.key);
		const ravis = byAuthor(ravi!.key);
		// Maya's #2 and #4-#5 cut; Ravi signs his #3 twice (a later copy); Ravi's next entry is dated next week.
		const cut = new Set([mayas[1], mayas[3], mayas[4]].map((e) => entryId(e!)));
		const third = ravis[2]!;
		const twin = await signEntry(
			{ ...third, body: { ...(third.body as object), note: 'twin' }, sig: undefined } as never,
			signerFor(ravi!.secretKey)
		);
		const last = ravis[ravis.length - 1]!;
		const later = await signEntry(
			{
				v: last.v,
				circle: last.circle,
				author: last.author,
				seq: last.seq + 1,
				prev: entryId(last),
				hlc: [demo.end + 7 * 86_400_000, 0],
				type: 'note.later',
				body: {}
			},
			signerFor(ravi!.secretKey)
		);
		const entries = [...demo.entries.filter((e) => !cut.has(entryId(e))), twin, later];
		const r = auditExport(snapshot(docWith(entries)), demo.end);
		expect(r.verified).toBe(false);
		expect(r.holes).toEqual([
			expect.objectContaining({
				author: maya!.key,
				missing: [
					{ from: mayas[1]!.seq, to: mayas[1]!.seq },
					{ from: mayas[3]!.seq, to: mayas[4]!.seq }
				]
			})
		]);
		expect(r.forks).toEqual([
			{
				author: ravi!.key,
				name: expect.any(String),
				seq: third.seq,
				ids: [entryId(third), entryId(twin)].sort()
			}
		]);
		expect(r.future).toEqual([
			{ id: entryId(later), author: ravi!.key, name: expect.any(String), seq: later.seq, at: later.hlc[0] }
		]);
		const text = formatReport(r);
		expect(text).toContain(`#${mayas[1]!.seq}, #${mayas[3]!.seq}–#${mayas[4]!.seq} missing`);
		expect(text).toContain(`#${third.seq} signed 2 times`);
		expect(text).toMatch(/Future +1 entry is dated more than ten minutes after now/);
		expect(text).toContain(`${r.future[0]!.name} (${ravi!.key.slice(0, 8)}) #${later.seq}, dated `);
	}, 120_000); // several runs of the CLI, each folding the demo: slow on a loaded machine, never a hang
});

describe('publishing without secrets (issue 8, item 4)', () => {
	const ref = { id: demo.circle as CircleId, name: demo.name };

	it('a published snapshot holds the signed entries and nothing else, and verifies', () => {
		const doc = docWith();
		// What a v1 phone kept in the doc's `meta` map (v2 keeps settings in signed entries).
		const secret = 'ab'.repeat(32);
		doc.getMap('meta').set('secret', secret);
		doc.getMap('meta').set('signaling', ['wss://signal.example']);
		doc.getText('charter-draft').insert(0, 'a draft nobody signed');
		const whole = exportCircle(doc, ref, demo.end).text;
		const published = publishCircle(doc, ref, demo.end);
		expect(published.envelope.kind).toBe('published');
		expect(published.entries).toBe(demo.entries.length);
		// The bytes of the decoded document: no settings, no draft, no secret.
		const { update } = readExport(published.text);
		const bytes = Buffer.from(update).toString('latin1');
		expect(bytes).not.toContain(secret);
		for (const word of ['meta', 'secret', 'signaling', 'wss://', 'charter-draft', 'a draft nobody'])
			expect(bytes, word).not.toContain(word);
		expect(Buffer.from(readExport(whole).update).toString('latin1')).toContain(secret);
		// Verify passes on it; on the whole export it warns.
		const r = auditExport(published.text, demo.end);
		expect(r).toMatchObject({ kind: 'published', verified: true, carriesSettings: false });
		expect(r.accepted).toBe(demo.entries.length);
		expect(formatReport(r)).not.toContain('Warning');
		const w = auditExport(whole, demo.end);
		expect(w.carriesSettings).toBe(true);
		expect(formatReport(w)).toMatch(/Warning +this file carries the circle’s settings and room secret/);
	});

	it('the fixture in the README is a published snapshot and carries no secret', () => {
		const text = readFileSync(join(import.meta.dirname, '../fixtures/demo-circle.circulate.json'), 'utf8');
		const { envelope, update } = readExport(text);
		expect(envelope.kind).toBe('published');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		expect([...doc.share.keys()]).toEqual(['entries']);
	});
});
