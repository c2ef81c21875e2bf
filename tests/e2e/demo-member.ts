// A phone that holds a demo circle as one of its members, and entries that arrive on it from the
// other members' phones as a sync would bring them (no reload): the set-up several e2e tests share.
import type { Page } from 'playwright-core';
import * as canonical from '$lib/core/canonical';
import type { Json } from '$lib/core/canonical';
import type { DemoCircle, DemoKey } from '$lib/core/demo';
import { decodeEntry, entryId, signEntry } from '$lib/core/entry';
import { replay } from '$lib/core/circle';
import { draft } from '$lib/core/membership/fold';
import { exportBackupText } from '$lib/device/identity';
import * as ed from '$lib/core/ed25519';
import type { EntryId } from '$lib/core/types';
import { callHook } from './support/index.js';

/** Opens the app on `base`, restores `me`'s identity and puts the demo's whole history on the phone. */
export const holdDemoAs = async (page: Page, base: string, demo: DemoCircle, me: DemoKey): Promise<void> => {
	await page.goto(base);
	await page.waitForFunction(() => '__circulate' in window);
	const backup = await exportBackupText(
		{ name: me.name, publicKey: me.key, secretKey: me.secretKey, created: Date.now() },
		'correct horse battery'
	);
	await callHook(page, 'restoreIdentity', backup, 'correct horse battery');
	await callHook(
		page,
		'putEntries',
		demo.circle,
		demo.keys[0]!.key,
		demo.name,
		demo.entries.map((e) => [entryId(e), canonical.encodeText(e as unknown as Json)])
	);
};

/** `author` signs an entry after what the phone holds; it arrives on the phone as a sync would. */
export const arrivesFrom = async (
	page: Page,
	demo: DemoCircle,
	author: DemoKey,
	type: string,
	body: Json
): Promise<EntryId> => {
	const stored = await callHook<[string, string][]>(page, 'entries', demo.circle);
	const ledger = replay(
		demo.circle,
		stored.map(([, text]) => decodeEntry(JSON.parse(text))),
		Date.now()
	).ledger;
	const e = await signEntry(draft(ledger.nextFor(author.key, Date.now()), type, body), (m) =>
		ed.sign(m, author.secretKey)
	);
	await callHook(page, 'putEntries', demo.circle, demo.keys[0]!.key, demo.name, [
		[entryId(e), canonical.encodeText(e as unknown as Json)]
	]);
	return entryId(e) as EntryId;
};
