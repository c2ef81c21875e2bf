import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CircleId, EntryId } from '$lib/core/types';
import { Ledger } from '$lib/core/ledger';
import { appendEntry, metaOf, readEntries } from '$lib/sync/circle-doc';
import * as cs from '$lib/sync/circle-sync';
import { CIRCLE } from './support/entries';
import { CIRCLE as CORE_CIRCLE, T0, arrival, genesisOf, person } from '../core/helpers';

// localStorage for the node test environment
const mem = new Map<string, string>();
beforeEach(() => {
	mem.clear();
	(globalThis as unknown as { localStorage: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = {
		getItem: (k) => mem.get(k) ?? null,
		setItem: (k, v) => void mem.set(k, v)
	};
});

describe('circle sync settings', () => {
	it('keeps the secret an invite carried on this device, and nothing in the doc', () => {
		const doc = new Y.Doc();
		expect(cs.readInviteSecret(CIRCLE)).toBeNull();
		cs.rememberInviteSecret(CIRCLE, 'ab'.repeat(32), 1234);
		cs.rememberInviteSecret(CIRCLE, 'not a secret', 5678);
		expect(cs.readInviteSecret(CIRCLE)).toEqual({ secret: 'ab'.repeat(32), at: 1234 });
		expect(metaOf(doc).size).toBe(0);
	});

	it('keeps a short sync log, newest first', () => {
		const c = CIRCLE as CircleId;
		for (let i = 0; i < 40; i++) cs.addLog(c, { at: i, via: 'file', peer: 'x', result: `r${i}`, ok: true });
		const log = cs.readLog(c);
		expect(log).toHaveLength(30);
		expect(log[0]!.result).toBe('r39');
	});

	it('warns when the genesis the ledger accepted is not the invited one, whatever sits first in the doc', () => {
		const maya = person('Maya');
		const real = genesisOf(maya);
		// A rival for the same circle id, back-dated (a modified app, threat-model.md T19).
		const rival = genesisOf(person('Bo'), T0 - 60_000, CORE_CIRCLE);
		const doc = new Y.Doc();
		const rivalId = appendEntry(doc, rival);
		const realId = appendEntry(doc, real);
		const ledger = new Ledger(CORE_CIRCLE);
		ledger.add(
			readEntries(doc).entries.map((s) => arrival(s.entry)),
			T0
		);
		const accepted = ledger.state().genesis;
		expect(accepted).toBe(realId);
		expect(cs.checkGenesis(CORE_CIRCLE, accepted)).toBeNull();
		cs.rememberInvite(CORE_CIRCLE, realId);
		expect(cs.checkGenesis(CORE_CIRCLE, accepted)).toBeNull();
		expect(cs.checkGenesis(CORE_CIRCLE, null)).toBeNull();
		// An invite that named another genesis (the rival's, say) is flagged.
		cs.rememberInvite(CORE_CIRCLE, rivalId);
		expect(cs.checkGenesis(CORE_CIRCLE, accepted)).toMatch(
			/does not start with the circle your invite named/
		);
		cs.rememberInvite(CORE_CIRCLE, 'ee'.repeat(32) as EntryId);
		expect(cs.checkGenesis(CORE_CIRCLE, accepted)).toMatch(
			/does not start with the circle your invite named/
		);
	});
});
