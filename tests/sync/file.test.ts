import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEntry, entriesOf } from '$lib/sync/circle-doc';
import * as file from '$lib/sync/file';
import type { CircleId } from '$lib/core/types';
import { CIRCLE, makeEntries } from './support/entries';

const ELM = { id: CIRCLE, name: 'Elm St Tools' };
const GARDEN = { id: 'cd'.repeat(16) as CircleId, name: 'Garden Co-op' };
const NOW = Date.UTC(2026, 10, 23, 12);

const snapshot = (d: Y.Doc) => Y.encodeStateAsUpdate(d).join(',');

const setup = async () => {
	const entries = await makeEntries(6);
	const a = new Y.Doc();
	entries.forEach((e) => appendEntry(a, e));
	return { a, entries };
};

describe('export files', () => {
	it('whole export imports into an empty device and into one that has part of it', async () => {
		const { a } = await setup();
		const { text, envelope } = file.exportCircle(a, ELM, NOW);
		expect(envelope).toMatchObject({
			format: 'circulate-export',
			version: 1,
			circle: CIRCLE,
			circleName: 'Elm St Tools',
			kind: 'whole'
		});
		const b = new Y.Doc();
		expect(file.importInto(b, ELM, text)).toEqual({ newEntries: 6, incomplete: false });
		expect(entriesOf(b).toJSON()).toEqual(entriesOf(a).toJSON());
		// importing again changes nothing
		const before = snapshot(b);
		expect(file.importInto(b, ELM, text).newEntries).toBe(0);
		expect(snapshot(b)).toBe(before);
		expect(file.fileName(envelope)).toBe('elm-st-tools-whole-2026-11-23.circulate.json');
	});

	it('delta export carries only what the other device lacks, and merges', async () => {
		const { a } = await setup();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const more = await makeEntries(3, CIRCLE, 'Later');
		more.forEach((e) => appendEntry(a, e));
		// b tells a what it has, as a QR code
		const code = file.encodeStateVectorCode(CIRCLE, b);
		expect(code).toMatch(/^CV1:[A-Z2-7]+$/);
		const { circle, sv } = file.decodeStateVectorCode(code.toLowerCase());
		expect(circle).toBe(CIRCLE);
		const whole = file.exportCircle(a, ELM, NOW);
		const delta = file.exportCircle(a, ELM, NOW, sv);
		expect(delta.envelope.kind).toBe('delta');
		expect(delta.envelope.length).toBeLessThan(whole.envelope.length);
		expect(file.importInto(b, ELM, delta.text)).toEqual({ newEntries: 3, incomplete: false });
		expect(entriesOf(b).toJSON()).toEqual(entriesOf(a).toJSON());
	});

	it('a delta made for another device says it is incomplete here, and completes later', async () => {
		const { a } = await setup();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		(await makeEntries(2, CIRCLE, 'More')).forEach((e) => appendEntry(a, e));
		const delta = file.exportCircle(a, ELM, NOW, Y.encodeStateVector(b));
		const c = new Y.Doc(); // has nothing
		expect(file.importInto(c, ELM, delta.text).incomplete).toBe(true);
		file.importInto(c, ELM, file.exportCircle(a, ELM, NOW).text);
		expect(entriesOf(c).toJSON()).toEqual(entriesOf(a).toJSON());
	});

	it('bad files get a clear error and change nothing', async () => {
		const { a } = await setup();
		const { text, envelope } = file.exportCircle(a, ELM, NOW);
		const b = new Y.Doc();
		appendEntry(b, (await makeEntries(1, CIRCLE, 'Own'))[0]!);
		const before = snapshot(b);
		const foreign = file.exportCircle(a, GARDEN, NOW).text;
		const newer = JSON.stringify({ ...envelope, version: 2 });
		const tampered = JSON.stringify({ ...envelope, sha256: '0'.repeat(64) });
		const badContent = JSON.stringify({ ...envelope, update: 'AAAA' + envelope.update.slice(4) });
		const table: [string, string, RegExp][] = [
			['corrupt', 'PK\u0003\u0004 this is a zip', /not a Circulate export/],
			['empty', '', /not a Circulate export/],
			['other JSON', '{"hello":1}', /not a Circulate export/],
			['truncated', text.slice(0, Math.floor(text.length / 2)), /damaged or incomplete.*cut short/],
			[
				'foreign',
				foreign,
				/^This file belongs to circle 'Garden Co-op', not 'Elm St Tools'\. Nothing was imported\.$/
			],
			['newer', newer, /made by a newer Circulate/],
			['tampered checksum', tampered, /does not match its checksum/],
			['damaged content', badContent, /damaged or incomplete/]
		];
		for (const [name, t, re] of table) {
			expect(() => file.importInto(b, ELM, t), name).toThrow(re);
			expect(() => file.importInto(b, ELM, t), name).toThrow(/Nothing was imported\.$/);
			expect(snapshot(b), name).toBe(before);
		}
	});

	it('a wrong state-vector code says so', () => {
		expect(() => file.decodeStateVectorCode('CO1:ABC')).toThrow(/not a Circulate “what I have” code/);
		expect(() => file.decodeStateVectorCode('CV1:AB')).toThrow(/does not read/);
	});
});
