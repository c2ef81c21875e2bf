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
	it('creates one secret and keeps signaling URLs in the doc', () => {
		const doc = new Y.Doc();
		expect(cs.readSecret(doc)).toBeNull();
		const s = cs.ensureSecret(doc);
		expect(s).toMatch(/^[0-9a-f]{64}$/);
		expect(cs.ensureSecret(doc)).toBe(s);
		cs.adoptSecret(doc, 'ff'.repeat(32));
		expect(cs.readSecret(doc)).toBe(s);
		cs.writeSignaling(doc, [' wss://a.example ', 'wss://a.example', '', 'ws://127.0.0.1:4444']);
		expect(cs.readSignaling(doc)).toEqual(['wss://a.example', 'ws://127.0.0.1:4444']);
		metaOf(doc).set(cs.SIGNALING, 'nonsense');
		expect(cs.readSignaling(doc)).toEqual([]);
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

describe('STUN servers', () => {
	it('are none by default, checked, and kept in the doc', () => {
		const doc = new Y.Doc();
		expect(cs.readStun(doc)).toEqual([]);
		expect(cs.checkStunUrl('stun:stun.example.org:3478')).toBeNull();
		expect(cs.checkStunUrl('stun:10.0.0.1')).toBeNull();
		expect(cs.checkStunUrl('https://stun.example.org')).toMatch(/looks like/);
		cs.writeStun(doc, ['stun:a.example:3478', 'stun:a.example:3478', 'http://nope']);
		expect(cs.readStun(doc)).toEqual(['stun:a.example:3478']);
	});
});
