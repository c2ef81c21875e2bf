import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from '$lib/core/bytes';
import * as canonical from '$lib/core/canonical';
import { appendEntry, entriesOf, metaOf, readEntries } from '$lib/sync/circle-doc';
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
			version: 2,
			circle: CIRCLE,
			circleName: 'Elm St Tools',
			kind: 'whole'
		});
		const b = new Y.Doc();
		expect(file.importInto(b, ELM, text)).toEqual({ newEntries: 6, private: 0, incomplete: false });
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
		expect(file.importInto(b, ELM, delta.text)).toEqual({ newEntries: 3, private: 0, incomplete: false });
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
		const newer = JSON.stringify({ ...envelope, version: 3 });
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

/** Gzip of `mib` MiB of zeros, built from one compressed MiB repeated: the test never holds the zeros. */
const zerosBomb = (mib: number): Buffer => {
	const zeros = Buffer.alloc(1 << 20);
	// A sync flush ends the piece byte-aligned and unfinished, with no reference outside itself,
	// so copies of it concatenate into one deflate stream; [3, 0] is a final empty block.
	const piece = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
	let crc = 0;
	for (let i = 0; i < mib; i++) crc = crc32(zeros, crc);
	const trailer = Buffer.alloc(8);
	trailer.writeUInt32LE(crc, 0);
	trailer.writeUInt32LE((mib * (1 << 20)) % 2 ** 32, 4);
	const header = Buffer.from([31, 139, 8, 0, 0, 0, 0, 0, 0, 255]);
	return Buffer.concat([header, ...Array<Buffer>(mib).fill(piece), Buffer.from([3, 0]), trailer]);
};

describe('published snapshots', () => {
	it('carry the signed entries only, and import them without touching settings or the draft', async () => {
		const { a, entries } = await setup();
		metaOf(a).set('secret', 'ab'.repeat(32));
		metaOf(a).set('signaling', ['wss://theirs.example']);
		a.getText('charter-draft').insert(0, 'their draft');
		entriesOf(a).set('ee'.repeat(32), 'not an entry');
		const { text, envelope, entries: n } = file.publishCircle(a, ELM, NOW);
		expect(envelope).toMatchObject({ version: 2, kind: 'published', base: null });
		expect(n).toBe(6);
		expect(file.fileName(envelope)).toBe('elm-st-tools-published-2026-11-23.circulate.json');
		const inside = file.readPublished(file.readExport(text).update);
		expect([...inside.share.keys()]).toEqual(['entries']);
		expect(entriesOf(inside).toJSON()).toEqual(
			Object.fromEntries(entries.map((e) => [appendEntry(new Y.Doc(), e), canonical.encodeText(e)]))
		);
		// A phone with its own settings, part of the entries and a wrong text under one id.
		const b = new Y.Doc();
		metaOf(b).set('secret', 'cd'.repeat(32));
		b.getText('charter-draft').insert(0, 'our draft');
		appendEntry(b, entries[0]!);
		const shadowed = appendEntry(new Y.Doc(), entries[1]!);
		entriesOf(b).set(shadowed, JSON.stringify(entries[1], null, 1));
		expect(file.importInto(b, ELM, text)).toEqual({ newEntries: 5, private: 0, incomplete: false });
		expect(metaOf(b).toJSON()).toEqual({ secret: 'cd'.repeat(32) });
		expect(b.getText('charter-draft').toString()).toBe('our draft');
		expect(readEntries(b)).toEqual({
			entries: expect.arrayContaining(entries.map((e) => expect.objectContaining({ entry: e }))) as unknown,
			unreadable: []
		});
		expect(file.importInto(b, ELM, text).newEntries).toBe(0);
	});

	it('refuse a published file that carries more than entries', async () => {
		const { a } = await setup();
		metaOf(a).set('secret', 'ab'.repeat(32));
		const update = Y.encodeStateAsUpdate(a);
		const { envelope } = file.publishCircle(a, ELM, NOW);
		const forged = JSON.stringify({
			...envelope,
			length: update.length,
			sha256: sha256Hex(update),
			update: gzipSync(update).toString('base64')
		});
		expect(() => file.importInto(new Y.Doc(), ELM, forged)).toThrow(
			/This published snapshot carries more than signed entries \(meta\).*Nothing was imported\.$/
		);
	});
});

describe('file limits: each refused with a reason, changing nothing', () => {
	const refuses = async (text: string, re: RegExp) => {
		const b = new Y.Doc();
		appendEntry(b, (await makeEntries(1, CIRCLE, 'Own'))[0]!);
		const before = snapshot(b);
		let message = '';
		try {
			file.importInto(b, ELM, text);
		} catch (err) {
			message = (err as Error).message;
		}
		expect(message).toMatch(re);
		expect(message).toMatch(/Nothing was imported\.$/);
		expect(snapshot(b)).toBe(before);
	};

	it('refuses a gzip bomb quickly, without unpacking it', async () => {
		const { a } = await setup();
		const { envelope } = file.exportCircle(a, ELM, NOW);
		const bomb = zerosBomb(200);
		expect(bomb.length).toBeLessThan(400_000);
		const timed = (text: string): [string, number] => {
			const t = performance.now();
			try {
				file.readExport(text);
			} catch (err) {
				return [(err as Error).message, performance.now() - t];
			}
			return ['read', performance.now() - t];
		};
		// Declared honestly: 200 MiB is over the limit, refused before unpacking anything.
		const honest = JSON.stringify({
			...envelope,
			length: 200 * (1 << 20),
			sha256: '0'.repeat(64),
			update: bomb.toString('base64')
		});
		const [said, ms] = timed(honest);
		expect(said).toMatch(/holds 200 MiB, more than the 64 MiB this app reads from one file/);
		expect(ms).toBeLessThan(2000);
		await refuses(honest, /more than the 64 MiB/);
		// Declared as the small export it pretends to be: unpacking stops at the declared length,
		// having allocated about a megabyte, not 200.
		const lying = JSON.stringify({ ...envelope, update: bomb.toString('base64') });
		const before = process.memoryUsage().arrayBuffers;
		const [said2, ms2] = timed(lying);
		expect(said2).toMatch(
			new RegExp(`unpacks to more than the ${envelope.length.toLocaleString('en-US')} bytes it declares`)
		);
		expect(ms2).toBeLessThan(2000);
		expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * (1 << 20));
		await refuses(lying, /unpacks to more than/);
	});

	it('refuses a file whose declared length is smaller (or larger) than its content', async () => {
		const { a } = await setup();
		const { envelope } = file.exportCircle(a, ELM, NOW);
		await refuses(
			JSON.stringify({ ...envelope, length: envelope.length - 1 }),
			/unpacks to more than the [\d,]+ bytes it declares/
		);
		await refuses(
			JSON.stringify({ ...envelope, length: envelope.length + 1 }),
			/does not match its checksum/
		);
	});

	it('refuses more entries than a file may hold', async () => {
		// 100,001 values under entries (the limit counts Yjs items that carry content).
		const doc = new Y.Doc();
		const map = entriesOf(doc);
		doc.transact(() => {
			for (let i = 0; i <= file.MAX_FILE_ENTRIES; i++) map.set(`k${i}`, 'x');
		});
		const { text } = file.exportCircle(doc, ELM, NOW);
		await refuses(text, /holds 100,001 entries, more than the 100,000 this app reads from one file/);
	}, 30_000);

	it('refuses base64 that is not the standard alphabet with padding', async () => {
		const { a } = await setup();
		const { envelope, text } = file.exportCircle(a, ELM, NOW);
		expect(() => file.readExport(text)).not.toThrow();
		// Base64 that ends in padding (one more byte, if needed: the alphabet is checked first).
		const bytes = Buffer.from(envelope.update, 'base64');
		const u = (bytes.length % 3 ? bytes : Buffer.concat([bytes, Buffer.from([0])])).toString('base64');
		const unpadded = u.replace(/=+$/, '');
		expect(unpadded).not.toBe(u);
		const table: [string, string, RegExp][] = [
			[
				'URL-safe alphabet',
				u.replace(/\+/g, '-').replace(/\//g, '_'),
				/"[-_]" at character [\d,]+, which is not in the base64 alphabet/
			],
			[
				'line breaks',
				u.slice(0, 76) + '\n' + u.slice(76),
				/"\\n" at character 77, which is not in the base64 alphabet/
			],
			['a space', ' ' + u, /" " at character 1/],
			['missing padding', unpadded, /cut short or lacks its = padding/],
			[
				'stray bits',
				u.slice(0, unpadded.length - 1) +
					String.fromCharCode(unpadded.charCodeAt(unpadded.length - 1) + 1) +
					u.slice(unpadded.length),
				/stray bits/
			],
			[
				'padding inside',
				u.slice(0, 8) + '=' + u.slice(9),
				/"[A-Za-z0-9+/]" at character 10|"=" at character 9/
			]
		];
		for (const [name, update, re] of table) {
			expect(update, name).not.toBe(u);
			const t = JSON.stringify({ ...envelope, update });
			expect(() => file.readExport(t), name).toThrow(re);
			expect(() => file.readExport(t), name).toThrow(
				/carry the file itself instead\)\. Nothing was imported\.$/
			);
		}
	});

	it('reads only single-member gzip with a plain header and a matching trailer', async () => {
		const { a } = await setup();
		const { envelope } = file.exportCircle(a, ELM, NOW);
		const update = Y.encodeStateAsUpdate(a);
		const with_ = (packed: Buffer) => JSON.stringify({ ...envelope, update: packed.toString('base64') });
		expect(file.readExport(with_(gzipSync(update))).update).toEqual(update);
		const empty = gzipSync(Buffer.alloc(0));
		const table: [string, Buffer, RegExp][] = [
			['two members', Buffer.concat([gzipSync(update), empty]), /not one gzip member/],
			['a trailing byte', Buffer.concat([gzipSync(update), Buffer.from([0])]), /does not unpack/],
			['a cut trailer', gzipSync(update).subarray(0, -4), /does not unpack/],
			[
				'a file name in the header',
				Buffer.from([...gzipSync(update)].map((x, i) => (i === 3 ? 8 : x))),
				/not gzip with a plain header/
			],
			['zlib, not gzip', Buffer.from(deflateRawSync(update)), /not gzip/]
		];
		const badCrc = gzipSync(update);
		badCrc[badCrc.length - 8]! ^= 1;
		table.push(['a wrong CRC-32', badCrc, /does not match its gzip checksum/]);
		for (const [name, packed, re] of table) expect(() => file.readExport(with_(packed)), name).toThrow(re);
	});

	it('checks every envelope member and refuses members it does not know', async () => {
		const { a } = await setup();
		const { envelope, text } = file.exportCircle(a, ELM, NOW);
		expect(Object.keys(JSON.parse(text) as object)).toEqual([
			'format',
			'version',
			'circle',
			'circleName',
			'kind',
			'created',
			'base',
			'compression',
			'length',
			'sha256',
			'update'
		]);
		const table: [string, Record<string, unknown>, RegExp][] = [
			['an extra member', { ...envelope, note: 'hi' }, /fields this format does not have: note/],
			['created as text', { ...envelope, created: '2026-11-23' }, /no date/],
			['a fractional length', { ...envelope, length: envelope.length + 0.5 }, /no content/],
			['an upper-case checksum', { ...envelope, sha256: envelope.sha256.toUpperCase() }, /no content/],
			['a base on a whole export', { ...envelope, base: 'AAAA' }, /bad base/],
			['a delta without base', { ...envelope, kind: 'delta' }, /bad base/],
			['published in format 1', { ...envelope, version: 1, kind: 'published' }, /unknown kind/],
			['a version as text', { ...envelope, version: '2' }, /format version does not read/],
			['an array', [envelope] as unknown as Record<string, unknown>, /not a Circulate export/]
		];
		for (const [name, o, re] of table) expect(() => file.readExport(JSON.stringify(o)), name).toThrow(re);
		// A version 1 file (an older Circulate's whole or delta export) still reads.
		const v1 = { ...envelope, version: 1 };
		expect(file.readExport(JSON.stringify(v1)).update).toEqual(file.readExport(text).update);
		expect(sha256Hex(file.readExport(text).update)).toBe(envelope.sha256);
	});
});
