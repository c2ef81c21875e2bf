// A circle with years of history for the sync tests: H2's demo generator padded to 20,000
// entries, as an export file plus an invite. Generating and signing takes about a minute,
// so the result is cached in the OS temp folder by seed and by the core's source (a history
// generated under older rules would be set aside by the new ones).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { demoCircle } from '$lib/core/demo';
import { Ledger } from '$lib/core/ledger';
import { entryId } from '$lib/core/entry';
import type { CircleId, EntryId } from '$lib/core/types';
import { appendEntry } from '$lib/sync/circle-doc';
import { exportCircle } from '$lib/sync/file';
import { inviteLink } from '$lib/sync/invite';
import { coreHash } from '../support/core-hash';

export interface BigCircle {
	circle: CircleId;
	name: string;
	genesis: EntryId;
	secret: string;
	file: string;
	/** What every phone must show once it holds the whole circle. */
	count: number;
	head: string;
	/** Entries the generator produced (some may be quarantined by design). */
	entries: number;
}

export function bigCircle(seed = 'circulate-e2e-big', entries = 20_000): BigCircle {
	const cache = join(tmpdir(), `circulate-${seed}-${entries}-${coreHash()}.json`);
	if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as BigCircle;
	const demo = demoCircle(seed, { entries });
	const doc = new Y.Doc();
	for (const e of demo.entries) appendEntry(doc, e);
	const ledger = new Ledger(demo.circle);
	ledger.add(
		demo.entries.map((entry) => ({ entry, sigValid: true })),
		demo.end
	);
	const state = ledger.state();
	const big: BigCircle = {
		circle: demo.circle,
		name: demo.name,
		genesis: entryId(demo.entries[0]!),
		secret: '5e'.repeat(32),
		file: exportCircle(doc, { id: demo.circle, name: demo.name }, demo.end).text,
		count: ledger.accepted.length,
		head: state.head,
		entries: demo.entries.length
	};
	writeFileSync(cache, JSON.stringify(big));
	return big;
}

export const bigInvite = (big: BigCircle, base: string): string =>
	inviteLink(base, { circle: big.circle, secret: big.secret, genesis: big.genesis, name: big.name });
