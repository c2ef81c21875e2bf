/**
 * `npm run bench`: the core targets of DESIGN.md §7, each beside a plain-Yjs baseline
 * doing the same work (the same entries in a bare Y.Map), so the figure printed is our
 * overhead, not only our time. These are measurements, never pass/fail tests: a miss
 * prints MISS and the run still completes.
 */
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import * as Y from 'yjs';
import { demoCircle, type DemoCircle } from '../src/lib/core/demo';
import { Ledger } from '../src/lib/core/ledger';
import { Governance } from '../src/lib/core/governance';
import { encodeEntry, entryId, signingBytes } from '../src/lib/core/entry';
import { hexToBytes, utf8Decode } from '../src/lib/core/bytes';
import { verifyMany, verifyStrict } from '../src/lib/device/ed25519';
import type { Entry } from '../src/lib/core/types';

const rows: string[] = [];
const report = (what: string, value: string, target: string, ok: boolean, baseline = '') =>
	rows.push(
		`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(46)} ${value.padStart(12)}   target ${target}${baseline ? `   ${baseline}` : ''}`
	);
const time = <T>(f: () => T): [T, number] => {
	const t0 = performance.now();
	const r = f();
	return [r, performance.now() - t0];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

let big: DemoCircle;

it('generates a 100k-entry demo circle (setup, not measured)', () => {
	big = demoCircle('bench', { entries: 100_000 });
	console.log(`generated ${big.entries.length} entries`);
}, 600_000);

it('reducer: full fold of 100k entries, then appending one', () => {
	const arrivals = big.entries.map((entry) => ({ entry, sigValid: true }));
	const last = arrivals.pop()!;
	const now = big.end + 60_000;
	const ledger = new Ledger(big.circle);
	const gov = new Governance();
	const [, fold] = time(() => {
		ledger.add(arrivals, now);
		gov.update(ledger.accepted, ledger.state(), ledger.acceptedIdList).state(now);
	});
	const [, append] = time(() => {
		ledger.add([last], now);
		gov.update(ledger.accepted, ledger.state(), ledger.acceptedIdList).state(now);
	});
	const [, baseline] = time(() => {
		const doc = new Y.Doc();
		const map = doc.getMap<string>('entries');
		doc.transact(() => {
			for (const e of big.entries) map.set(entryId(e), utf8Decode(encodeEntry(e)));
		});
	});
	report(
		`full fold of ${arrivals.length} entries (ledger + governance)`,
		ms(fold),
		'< 300 ms',
		fold < 300,
		`bare Y.Map insert ${ms(baseline)}, ratio ${(fold / baseline).toFixed(2)}x`
	);
	report('append one entry', ms(append), '< 1 ms', append < 1);
	if (ledger.accepted.length !== big.entries.length)
		throw new Error(`only ${ledger.accepted.length} accepted`);
}, 600_000);

it('storage: bytes stored per entry vs its canonical bytes', () => {
	const sample = big.entries.slice(0, 20_000);
	const canonical = sample.reduce((n, e) => n + encodeEntry(e).length, 0);
	const doc = new Y.Doc();
	const map = doc.getMap<string>('entries');
	doc.transact(() => {
		for (const e of sample) map.set(entryId(e), utf8Decode(encodeEntry(e)));
	});
	const stored = Y.encodeStateAsUpdate(doc).length;
	const ratio = stored / canonical;
	report(
		'Y.Doc bytes / canonical bytes (20k entries)',
		`${ratio.toFixed(3)}x`,
		'<= 1.3x',
		ratio <= 1.3,
		`${(stored / sample.length).toFixed(0)} B/entry stored`
	);
});

it('signature verification: only new entries, WebCrypto where it exists', async () => {
	const sample: Entry[] = big.entries.slice(0, 5_000);
	const items = sample.map((e) => ({
		signature: hexToBytes(e.sig),
		message: signingBytes(e),
		publicKey: hexToBytes(e.author)
	}));
	const t0 = performance.now();
	const verdicts = await verifyMany(items);
	const fast = performance.now() - t0;
	const [, strict] = time(() =>
		items.slice(0, 1000).forEach((i) => verifyStrict(i.signature, i.message, i.publicKey))
	);
	if (verdicts.some((v) => !v)) throw new Error('a valid signature failed to verify');
	const perSec = (items.length / fast) * 1000;
	report(
		'verifications per second (device path)',
		`${perSec.toFixed(0)}/s`,
		'>= 5000/s',
		perSec >= 5000,
		`noble only: ${((1000 / strict) * 1000).toFixed(0)}/s`
	);
});

it('JavaScript shipped for first load (gzip)', () => {
	const build = join(import.meta.dirname, '../build');
	const index = join(build, 'index.html');
	if (!existsSync(index)) {
		rows.push('skip JavaScript size: no build/ (npm run bench builds first)');
		return;
	}
	const html = readFileSync(index, 'utf8');
	const scripts = new Set([...html.matchAll(/(?:href|src)="([^"]+\.js)"/g)].map((m) => m[1]!));
	// Kit's start/app entries are imported from an inline script; follow their static imports.
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) scripts.add(m[1]!);
	const seen = new Set<string>();
	const visit = (rel: string) => {
		const file = join(build, rel.replace(/^\.?\//, ''));
		if (seen.has(file) || !existsSync(file)) return;
		seen.add(file);
		const src = readFileSync(file, 'utf8');
		for (const m of src.matchAll(/(?:^|[;\s])import\s*(?:[^'"]*?from\s*)?["']\.\/([^"']+\.js)["']/g))
			visit(join(rel, '..', m[1]!));
	};
	scripts.forEach(visit);
	const gz = [...seen].reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
	report(
		`first-load JS, ${seen.size} files (gzip)`,
		`${(gz / 1024).toFixed(1)} KB`,
		'<= 150 KB',
		gz <= 150 * 1024
	);
});

it('prints the report', () => {
	console.log(['', 'Circulate benchmarks (DESIGN.md §7)', ...rows, ''].join('\n'));
});
