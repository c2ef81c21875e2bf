// Threat model T22 (issue 8, item 4): after a removal, the room secret rotates, sealed to the
// remaining members only. Three members are in the circle's room on the bundled signaling server;
// Zoë is removed (in a circle of three the charter's threshold is both other members: Maya
// proposes, Ravi supports). Ravi's phone notices, writes the new secret, and both remaining phones
// move to the new room while in it; Zoë's phone, still trying, is left alone in the old room and
// receives nothing written after. (Before this change the secret never changed: all three stayed in
// one room and Zoë received every new entry.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as canonical from '$lib/core/canonical';
import type { Json } from '$lib/core/canonical';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import { replay } from '$lib/core/circle';
import * as ed from '$lib/core/ed25519';
import { decodeEntry, entryId, signEntry } from '$lib/core/entry';
import { rename, secondRemoval } from '$lib/core/membership/fold';
import type { CircleId, Entry, EntryId, MemberKey, UnsignedEntry } from '$lib/core/types';
import { exportBackupText } from '$lib/device/identity';
import { requireRoutableInterface, screenshot, useE2E, callHook } from './support/index.js';
import { foundCircle, inviteAndAdmit, joinRoomUi, pair, roomInSync, startSignaling } from './sync-helpers';

const e2e = useE2E();
let signal: Awaited<ReturnType<typeof startSignaling>>;
beforeAll(async () => {
	signal = await startSignaling();
});
afterAll(() => signal?.stop());

const hook = callHook;

const entriesOn = async (page: Page, circle: string): Promise<Entry[]> =>
	((await hook(page, 'entries', circle)) as [string, string][]).map(([, text]) =>
		decodeEntry(JSON.parse(text))
	);

/** Ravi's key is made here, so the test can sign as Ravi (his phone restores it from a backup). */
const RAVI_SECRET = sha256Bytes(utf8ToBytes('room-rotation e2e: Ravi'));
const RAVI = bytesToHex(ed.publicKeyOf(RAVI_SECRET)) as MemberKey;

/** Signs an entry as Ravi from his phone's ledger and puts it on his phone (as if he had tapped). */
const writeAsRavi = async (
	page: Page,
	circle: string,
	build: (slot: ReturnType<ReturnType<typeof replay>['ledger']['nextFor']>) => UnsignedEntry
): Promise<EntryId> => {
	const all = await entriesOn(page, circle);
	const now = Date.now();
	const ledger = replay(circle as CircleId, all, now).ledger;
	const entry = await signEntry(build(ledger.nextFor(RAVI, now)), (m) => ed.sign(m, RAVI_SECRET));
	const id = entryId(entry) as EntryId;
	const genesis = all.find((e) => e.type === 'circle.genesis')!;
	await hook(page, 'putEntries', circle, genesis.author, 'Garden Co-op', [
		[id, canonical.encodeText(entry as unknown as Json)]
	]);
	return id;
};

const waitFor = async (what: string, check: () => Promise<boolean>, timeout = 120_000) => {
	const end = Date.now() + timeout;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`timed out waiting for ${what}`);
};

const phonesConnected = async (page: Page): Promise<number> => {
	const text = await page
		.getByRole('status')
		.filter({ hasText: /In the room/ })
		.first()
		.innerText();
	return Number(/(\d+) phones? connected/.exec(text)?.[1] ?? NaN);
};

describe('the room after a removal', { retry: 1 }, () => {
	it('the remaining members meet in a new room; the removed member’s phone finds nobody and receives nothing new', async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const zoe = await e2e.device('zoe');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Garden Co-op');

		// Ravi's phone holds a key the test knows (restored from a backup), then joins by invite.
		await ravi.page.goto(base);
		await ravi.page.waitForFunction(() => '__circulate' in window);
		const backup = await exportBackupText(
			{ name: 'Ravi', publicKey: RAVI, secretKey: RAVI_SECRET, created: Date.now() },
			'correct horse battery'
		);
		await hook(ravi.page, 'restoreIdentity', backup, 'correct horse battery');
		await maya.page.goto(`${base}/circle/${circle}/invite`);
		const link = await maya.page.getByLabel('Invite link', { exact: true }).inputValue();
		await ravi.page.goto(link.replace(/^https?:\/\/[^/]+/, base));
		await ravi.page.getByRole('button', { name: 'Ask to join' }).click();
		const request = await ravi.page.getByLabel('Join request code', { exact: true }).inputValue();
		await maya.page.getByLabel('Or paste their join request code', { exact: true }).fill(request);
		await maya.page.getByRole('button', { name: 'Use this code' }).click();
		await maya.page.getByRole('button', { name: 'Admit Ravi' }).click();
		await maya.page.getByText('Ravi is admitted').waitFor();
		await inviteAndAdmit(maya.page, zoe.page, base, circle, 'Zoë');

		// The room server is a signed setting; the others get it (and their admissions) in person.
		await joinRoomUi(maya.page, base, circle, signal.url);
		await pair(maya.page, ravi.page, base, circle);
		await pair(maya.page, zoe.page, base, circle);

		// Maya proposes Zoë's removal (1 of 2).
		await maya.page.goto(`${base}/circle/${circle}`);
		await maya.page.getByRole('button', { name: 'Propose removing a member' }).click();
		await maya.page.getByLabel('Member to remove').selectOption({ label: 'Zoë' });
		await maya.page.getByLabel('Why (the circle will read this)').fill('Moved away and asked us to');
		await maya.page.getByRole('button', { name: 'Propose removal' }).click();
		await maya.page.getByText('Remove Zoë?').waitFor();
		const proposal = (await entriesOn(maya.page, circle)).find((e) => e.type === 'member.remove.propose')!;

		// All three in the room, in sync.
		for (const p of [maya.page, ravi.page, zoe.page]) await joinRoomUi(p, base, circle, signal.url);
		const pages = { maya: maya.page, ravi: ravi.page, zoe: zoe.page };
		await Promise.all(Object.values(pages).map((p) => roomInSync(p))).catch(async (e) => {
			for (const [who, p] of Object.entries(pages))
				console.log(`${who}'s room screen:`, (await p.locator('main').innerText()).slice(0, 2000));
			throw e;
		});
		const oldSecretRooms = (await entriesOn(maya.page, circle)).filter((e) => e.type === 'settings.rekey');
		expect(oldSecretRooms).toHaveLength(1);
		await waitFor('the proposal on Ravi’s phone', async () =>
			(await entriesOn(ravi.page, circle)).some((e) => entryId(e) === entryId(proposal))
		);

		// Ravi supports it (2 of 2): Zoë is removed, and a new secret is sealed to Maya and Ravi.
		await writeAsRavi(ravi.page, circle, (slot) => secondRemoval(slot, entryId(proposal) as EntryId));
		const rotated = async (p: Page) =>
			(await entriesOn(p, circle)).filter((e) => e.type === 'settings.rekey').length >= 2;
		await waitFor('the rotation on Ravi’s phone', () => rotated(ravi.page));
		await waitFor('the rotation on Maya’s phone (through the room)', () => rotated(maya.page));
		const rekeys = (await entriesOn(maya.page, circle)).filter((e) => e.type === 'settings.rekey');
		for (const r of rekeys.slice(1))
			expect(Object.keys((r.body as { sealed: object }).sealed).sort()).toEqual(
				[RAVI, (await entriesOn(maya.page, circle)).find((e) => e.type === 'circle.genesis')!.author].sort()
			);

		// The old room closes 20 seconds later: Zoë is alone in it; Maya and Ravi meet in the new one.
		await waitFor('Zoë alone in the old room', async () => (await phonesConnected(zoe.page)) === 0, 90_000);
		await waitFor('Maya and Ravi in the new room', async () => {
			const [m, r] = [await phonesConnected(maya.page), await phonesConnected(ravi.page)];
			return m === 1 && r === 1;
		});
		await roomInSync(maya.page);
		await zoe.page
			.getByText('The circle’s current room: the room secret was not sealed to this phone’s member.')
			.waitFor();

		// Something new, written after the rotation, reaches Maya and never Zoë.
		const after = await writeAsRavi(ravi.page, circle, (slot) => rename(slot, 'Garden Co-op (after)'));
		await waitFor('the new entry on Maya’s phone', async () =>
			(await entriesOn(maya.page, circle)).some((e) => entryId(e) === after)
		);
		// Zoë keeps trying: she leaves and joins again, and still finds nobody.
		await zoe.page.getByRole('button', { name: 'Leave the room' }).click();
		await zoe.page.getByRole('button', { name: 'Join the room' }).click();
		await zoe.page.getByText(/In the room/).waitFor();
		await new Promise((r) => setTimeout(r, 10_000));
		expect(await phonesConnected(zoe.page)).toBe(0);
		expect((await entriesOn(zoe.page, circle)).some((e) => entryId(e) === after)).toBe(false);
		await screenshot(zoe.page, 'room-rotation-removed', { fullPage: true });
		await screenshot(maya.page, 'room-rotation-remaining', { fullPage: true });
	});
});
