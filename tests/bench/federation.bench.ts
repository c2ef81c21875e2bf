/**
 * `npm run bench`, the federation's rows (issue 14, item 6): 50 circles × 10 members in one
 * federation over 3 years of plausible activity (support/federation-sim.ts, deterministic from
 * its seed), and what it costs: the ledger's size (entries, bytes as a file, gzip), each circle's
 * certificate, a full fold (a phone opening the federation with no verdicts kept, and again with
 * them), one entry appended, a carried file merged, and a first carry into a new phone. Each
 * beside a baseline measured in the same run: the same entries' canonical bytes, parsing the same
 * file, checking the same signatures alone, a circle ledger of the same entry count (the demo
 * circle, folded and appended to the same way). Measurements, never pass/fail: a miss prints MISS.
 * CIRCULATE_FED_SCALE=circles,members,days changes the size (e.g. 10,10,365 for a quick look).
 */
import { gzipSync } from 'node:zlib';
import { it } from 'vitest';
import * as ed from '../../src/lib/core/ed25519';
import { hexToBytes } from '../../src/lib/core/bytes';
import { encodeEntry, entryId, signingBytes, verifySignature } from '../../src/lib/core/entry';
import {
	coordinators,
	federationEntry,
	federationFileText,
	foldFederation,
	mandateBytes,
	takeCarried,
	participants,
	proposalStatus,
	readFederationFile,
	FED_CONTRIBUTE,
	foldMemo
} from '../../src/lib/core/federation';
import { demoCircle } from '../../src/lib/core/demo';
import { openCircle } from '../../src/lib/core/circle';
import type { Arrival } from '../../src/lib/core/ledger';
import type { Entry } from '../../src/lib/core/types';
import { bytesToHex } from '../../src/lib/core/bytes';
import { certificateBytes, simulateFederation, DAY, SIM_ISSUE } from './support/federation-sim';

const rows: string[] = [];
const report = (what: string, value: string, target: string, ok: boolean, baseline = '') =>
	rows.push(
		`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(46)} ${value.padStart(12)}   ${target ? `target ${target}` : ''}${baseline ? `   ${baseline}` : ''}`
	);
const time = (f: () => unknown): number => {
	const t0 = performance.now();
	f();
	return performance.now() - t0;
};
const best = (runs: number, f: () => unknown): number => {
	let b = Infinity;
	for (let i = 0; i < runs; i++) b = Math.min(b, time(f));
	return b;
};
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)} ms`);
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
const RUNS = Number(process.env.CIRCULATE_BENCH_RUNS ?? 3);
const [CIRCLES, MEMBERS, DAYS] = (process.env.CIRCULATE_FED_SCALE ?? '50,10,1095').split(',').map(Number) as [
	number,
	number,
	number
];

it('federation at scale: 50 circles × 10 members, 3 years', () => {
	const t0 = performance.now();
	const sim = simulateFederation({ seed: 'scale', circles: CIRCLES, members: MEMBERS, days: DAYS });
	const generated = performance.now() - t0;
	const n = sim.entries.length;
	const now = sim.end;
	const verdicts = foldMemo();
	const state = foldFederation(sim.federation, sim.entries, verdicts);
	const certSigs = sim.entries.reduce((k, e) => {
		const c = (e.body as { cert?: { sigs: unknown[] } }).cert;
		return k + (c ? c.sigs.length : 0);
	}, 0);
	rows.push(
		`     ${CIRCLES} circles × ${MEMBERS} members, ${DAYS} days: ${n} entries written in ${ms(generated)} ` +
			`(${Object.entries(sim.written)
				.map(([t, k]) => `${t.replace(/^(federation|protocol)\./, '')} ${k}`)
				.join(', ')}); ` +
			`${participants(state).length} circles take part at the end, ${state.refused.length} refused ` +
			`(${sim.rejoinAttempts} rejoin attempts), ${state.templates.size} protocols, ` +
			`${coordinators(state, now).length} coordinator terms; ${certSigs} certificate signatures`
	);

	// Size: the file a delegate carries, and gzip of it, beside the same entries' canonical bytes.
	const text = federationFileText(sim.federation, sim.entries);
	const gz = gzipSync(Buffer.from(text)).length;
	const canonicalBytes = sim.entries.reduce((k, e) => k + encodeEntry(e).length, 0);
	const certInFile = sim.entries.reduce((k, e) => {
		const c = (e.body as { cert?: never }).cert;
		return k + (c ? certificateBytes(c) : 0);
	}, 0);
	report(
		`federation ledger: ${n} entries as a file`,
		kib(text.length),
		'(info)',
		true,
		`canonical bytes ${kib(canonicalBytes)} (${Math.round(canonicalBytes / n)} B an entry); certificates ${Math.round((100 * certInFile) / text.length)}%`
	);
	const seenBytes = sim.entries.reduce((k, e) => k + (e.seen ? JSON.stringify(e.seen).length + 8 : 0), 0);
	const answers = sim.written['federation.answer'] ?? 0;
	rows.push(
		`     of the bytes: certificates ${Math.round((100 * certInFile) / text.length)}%, causal references (seen) ` +
			`${Math.round((100 * seenBytes) / text.length)}%; answers are ${Math.round((100 * answers) / n)}% of entries`
	);
	report(
		'federation ledger as a file, gzip',
		kib(gz),
		'(info)',
		true,
		`${(text.length / gz).toFixed(1)}× smaller`
	);
	const sizes = sim.certificates.map(certificateBytes);
	report(
		`a circle's certificate (${MEMBERS} on the roster)`,
		`${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)} B`,
		'(info)',
		true,
		`largest ${Math.max(...sizes)} B; an average entry ${Math.round(canonicalBytes / n)} B`
	);

	// A full fold, as a phone opening the federation: no verdicts kept (every signature checked).
	const cold = time(() => foldFederation(sim.federation, sim.entries));
	const sigsAlone = time(() => {
		for (const e of sim.entries) verifySignature(e);
		for (const e of sim.entries) {
			const c = (e.body as { cert?: { mandate: never; sigs: { key: string; sig: string }[] } }).cert;
			if (!c) continue;
			const bytes = mandateBytes(c.mandate);
			for (const s of c.sigs) ed.verify(hexToBytes(s.sig), bytes, hexToBytes(s.key));
		}
	});
	const parse = best(RUNS, () => JSON.parse(text));
	report(
		`full fold, ${n} entries, every signature checked`,
		ms(cold),
		'< 1.5 s',
		cold < 1500,
		`signatures alone ${ms(sigsAlone)}; JSON.parse of the file ${ms(parse)}`
	);

	// A circle ledger of the same entry count, for the baselines below (verdicts given, as a device keeps them).
	const demo = demoCircle('federation-bench', { entries: n, members: 8 });
	const arrivals: Arrival[] = demo.entries.map((entry) => ({ entry, sigValid: true }));
	const circleFold = best(RUNS, () => {
		const c = openCircle(demo.circle, { trustDecoded: true });
		c.add(arrivals.slice(0, -1), demo.end + 60_000);
		c.state(demo.end + 60_000);
	});
	const warm = best(RUNS, () => foldFederation(sim.federation, sim.entries, verdicts));
	report(
		`full fold, ${n} entries, verdicts kept`,
		ms(warm),
		'< 300 ms',
		warm < 300,
		`a circle of ${demo.entries.length} entries (every domain): ${ms(circleFold)}`
	);

	// One entry appended: a contribution by a delegate still taking part. The federation refolds.
	const p = participants(state).find((x) => x.seats.some((s) => s.from <= now - DAY && now - DAY < s.until))!;
	const seat = p.seats.find((s) => s.issue === SIM_ISSUE)!;
	const mine = sim.entries.filter((e) => e.author === seat.delegate).sort((a, b) => b.seq - a.seq)[0];
	const u = federationEntry({
		federation: sim.federation,
		author: seat.delegate,
		seq: (mine?.seq ?? 0) + 1,
		prev: mine ? entryId(mine) : null,
		at: Math.max(now - DAY, ...sim.entries.map((e) => e.hlc[0] + 1)),
		type: FED_CONTRIBUTE,
		body: { circle: p.circle, issue: SIM_ISSUE, what: 'One more crate', amount: 3 }
	});
	const extra: Entry = { ...u, sig: bytesToHex(ed.sign(signingBytes(u), sim.secrets.get(seat.delegate)!)) };
	const plusOne = [...sim.entries, extra];
	const append = best(RUNS, () => foldFederation(sim.federation, plusOne, verdicts));
	const after = foldFederation(sim.federation, plusOne, verdicts);
	if (after.contributions.length !== state.contributions.length + 1)
		throw new Error('the appended entry did not count');
	const circle = openCircle(demo.circle, { trustDecoded: true });
	circle.add(arrivals.slice(0, -1), demo.end + 60_000);
	circle.state(demo.end + 60_000);
	const circleAppend = time(() => {
		circle.add(arrivals.slice(-1), demo.end + 60_000);
		circle.state(demo.end + 60_000);
	});
	report(
		'appending one entry (a refold, verdicts kept)',
		ms(append),
		'< 1 ms',
		append < 1,
		`the circle's append, same count: ${ms(circleAppend)}`
	);

	// A carried file merged: a phone that has the first 2¾ years gets the whole ledger.
	const cut = sim.end - 91 * DAY;
	const held = sim.entries.filter((e) => e.hlc[0] < cut);
	const heldVerdicts = foldMemo();
	foldFederation(sim.federation, held, heldVerdicts);
	let added = 0;
	const merge = best(1, () => {
		const v = { verdicts: new Map(heldVerdicts.verdicts), read: heldVerdicts.read };
		const carried = readFederationFile(text);
		// As the app takes it: each new entry read, placed and its signature checked (takeCarried).
		const m = takeCarried(sim.federation, held, carried.entries);
		added = m.added;
		foldFederation(sim.federation, m.entries, v);
	});
	report(
		`merging a carried file (${added} new of ${n})`,
		ms(merge),
		'< 5 s',
		merge < 5000,
		`JSON.parse of the same file ${ms(parse)}`
	);

	// A first carry into a new delegate's phone: the whole file read, every signature checked.
	const first = time(() => {
		const carried = readFederationFile(text);
		foldFederation(sim.federation, carried.entries, foldMemo());
	});
	report(
		`first carry into a new phone (${n} entries)`,
		ms(first),
		'< 5 s',
		first < 5000,
		`signatures alone ${ms(sigsAlone)}`
	);

	// Governance at this size: how proposals end, and how the coordinator's lottery spreads.
	const ends = { answers: 0, deadline: 0, lapsed: 0, open: 0 };
	for (const q of state.proposals.values()) {
		const st = proposalStatus(state, q, now);
		if (st.kind === 'in-force') ends[st.by]++;
		else if (st.kind === 'lapsed') ends.lapsed++;
		else ends.open++;
	}
	const terms = coordinators(state, now);
	rows.push(
		`     ${state.proposals.size} proposals: ${ends.answers} in force by every answer, ${ends.deadline} by the deadline ` +
			`(silence), ${ends.lapsed} lapsed on an objection, ${ends.open} open; ${terms.length} coordinator terms ` +
			`served by ${new Set(terms.map((x) => x.circle)).size} of ${CIRCLES} circles`
	);
	const draws = best(RUNS, () => coordinators(state, now));
	report(`coordinator draws, ${coordinators(state, now).length} terms`, ms(draws), '(info)', true);
}, 1_800_000);

it('prints the federation report', () => {
	console.log(
		['', 'Federation at scale (best of runs; the cold fold and merges once):', ...rows, ''].join('\n')
	);
});
