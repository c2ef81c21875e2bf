import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CircleId, EntryId } from '$lib/core/types';
import { appendEntry, metaOf } from '$lib/sync/circle-doc';
import * as cs from '$lib/sync/circle-sync';
import { CIRCLE, makeEntries } from './support/entries';

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

	it('warns when the history received does not start with the invited genesis', async () => {
		const [genesis] = await makeEntries(1);
		const doc = new Y.Doc();
		expect(cs.checkGenesis(CIRCLE, doc)).toBeNull();
		const id = appendEntry(doc, genesis!);
		expect(cs.findGenesis(doc)).toBe(id);
		cs.rememberInvite(CIRCLE, id);
		expect(cs.checkGenesis(CIRCLE, doc)).toBeNull();
		cs.rememberInvite(CIRCLE, 'ee'.repeat(32) as EntryId);
		expect(cs.checkGenesis(CIRCLE, doc)).toMatch(/does not start with the circle your invite named/);
	});
});
