/**
 * Witnesses (docs/protocol/witness.md): after entries by another member arrive, the phone of a
 * member acknowledges them with a `witness.ack` naming them, so they take effect now on every
 * phone; it never answers an acknowledgement alone (two phones would answer each other for ever).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openIdbStore } from '$lib/device/store';
import { AppState } from '$lib/state/app.svelte';
import { closeSession } from '$lib/state/circles';
import { ACK_DELAY_MS } from '$lib/state/circle-session';
import { appendEntry } from '$lib/sync/circle-doc';
import { entryId } from '$lib/core/entry';
import * as membership from '$lib/core/membership/fold';
import { ACK } from '$lib/core/witness';
import { joinRequestOf, person, sign } from '../core/helpers';

const settle = () => new Promise((r) => setTimeout(r, ACK_DELAY_MS + 300));

describe('acknowledging what others wrote', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.UTC(2026, 10, 23, 10));
	});
	afterEach(() => vi.useRealTimers());

	it('a member’s phone acknowledges another member’s entry once, and not an acknowledgement', async () => {
		const app = new AppState(() => openIdbStore('test-acknowledge'));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		const session = view.session;
		await session.settled();
		const ana = person('Ana', 'ack');
		await session.writeWith(app.identity!, (slot) =>
			membership.admit(slot, joinRequestOf(ana, Date.now(), id))
		);
		await session.settled();
		// Ana's phone writes a note a minute later and syncs it here.
		vi.setSystemTime(Date.now() + 60_000);
		const note = sign(
			membership.draft(session.ledger.nextFor(ana.key, Date.now()), 'note.post', { text: 'hi' }),
			ana
		);
		appendEntry(view.doc, note);
		await session.settled();
		expect(session.ledger.effectiveAt(entryId(note))).toBe(null);
		await settle();
		await session.settled();
		const acks = () => session.ledger.accepted.filter((e) => e.type === ACK);
		expect(acks()).toHaveLength(1);
		expect(acks()[0]!.seen).toEqual([entryId(note)]);
		expect(session.ledger.effectiveAt(entryId(note))).toBe(acks()[0]!.hlc[0]);
		expect(view.snapshot.entries.find((x) => x.id === entryId(note))?.counts).toBe(acks()[0]!.hlc[0]);
		// Ana's phone acknowledges Maya's acknowledgement: nothing more is written here.
		vi.setSystemTime(Date.now() + 60_000);
		const back = sign(membership.draft(session.ledger.nextFor(ana.key, Date.now()), ACK, {}), ana);
		appendEntry(view.doc, back);
		await session.settled();
		await settle();
		await session.settled();
		expect(acks()).toHaveLength(2);
		expect(acks().filter((e) => e.author === app.identity!.publicKey)).toHaveLength(1);
		await closeSession(id);
	});

	it('acknowledges an entry that arrives under its author’s acknowledgement (the two crossed)', async () => {
		const app = new AppState(() => openIdbStore('test-acknowledge-crossed'));
		await app.start();
		await app.createIdentity('Maya');
		const id = await app.createCircle('Elm Street Tools', 'the shed');
		const view = app.circle(id)!;
		const session = view.session;
		await session.settled();
		const ana = person('Ana', 'ack-crossed');
		await session.writeWith(app.identity!, (slot) =>
			membership.admit(slot, joinRequestOf(ana, Date.now(), id))
		);
		await session.settled();
		// Ana renames, then her phone acknowledges what it got from Maya before Maya's own
		// acknowledgement of the rename could be written: the head Maya holds is an acknowledgement.
		vi.setSystemTime(Date.now() + 60_000);
		const note = sign(
			membership.draft(session.ledger.nextFor(ana.key, Date.now()), 'note.post', { text: 'hi' }),
			ana
		);
		appendEntry(view.doc, note);
		await session.settled();
		vi.setSystemTime(Date.now() + 1_000);
		const theirs = sign(membership.draft(session.ledger.nextFor(ana.key, Date.now()), ACK, {}), ana);
		appendEntry(view.doc, theirs);
		await session.settled();
		expect(session.ledger.headsOfOthers(app.identity!.publicKey).map((e) => e.type)).toEqual([ACK]);
		await settle();
		await session.settled();
		const mine = session.ledger.accepted.filter(
			(e) => e.type === ACK && e.author === app.identity!.publicKey
		);
		expect(mine).toHaveLength(1);
		expect(session.ledger.effectiveAt(entryId(note))).toBe(mine[0]!.hlc[0]);
		// and nothing more after it: Ana's acknowledgement alone is not answered again
		await settle();
		await session.settled();
		expect(session.ledger.accepted.filter((e) => e.type === ACK)).toHaveLength(2);
		await closeSession(id);
	});
});
