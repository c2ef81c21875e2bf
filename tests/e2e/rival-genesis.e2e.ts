// Threat model T19: a phone that joined by invite is handed, by file, a rival genesis for its
// circle's id — signed by a key of the attacker's own and dated a day before the real one, as a
// modified app can. The circle id is bound to its founder's key and genesis seed, so the rival
// founds nothing: the phone still shows the real founder, members and history, and lists the
// rival as set aside in Audit. (Before v2 the joined phone's ledger took the earliest genesis:
// the attacker became "founder" and every real member's entries were set aside.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import * as membership from '$lib/core/membership/fold';
import { entryId } from '$lib/core/entry';
import type { CircleId } from '$lib/core/types';
import { appendEntry } from '$lib/sync/circle-doc';
import { publishCircle } from '$lib/sync/file';
import { genesisOf, person, sign } from '../core/helpers';
import { screenshot, useE2E } from './support/index.js';
import { auditFacts, foundCircle, inviteAndAdmit, ledgerView } from './sync-helpers';

const e2e = useE2E();
const DAY = 24 * 60 * 60 * 1000;

const exportWhole = async (page: Page): Promise<string> => {
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export the whole circle' }).click();
	return readFileSync((await (await download).path())!, 'utf8');
};

const importFile = async (page: Page, text: string, name: string) => {
	await page
		.getByLabel('Import a file')
		.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
};

/** A file in the app's own export format holding Mallory's genesis for `circle` and a note after it. */
const rivalFile = (circle: CircleId, name: string) => {
	const mallory = person('Mallory', 'rival-genesis-e2e');
	const at = Date.now() - DAY;
	const genesis = genesisOf(mallory, at, circle);
	const claim = sign(
		membership.draft(
			{ circle, author: mallory.key, seq: 2, prev: entryId(genesis), hlc: [at + 60_000, 0] },
			'note.post',
			{ text: 'I founded this circle' }
		),
		mallory
	);
	const doc = new Y.Doc();
	appendEntry(doc, genesis);
	appendEntry(doc, claim);
	return { text: publishCircle(doc, { id: circle, name }, Date.now()).text, genesis, claim };
};

describe('a rival genesis delivered by file (T19)', () => {
	it('a phone that joined by invite keeps the real founder, members and history; Audit lists the rival', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');

		// Ravi's phone joined by invite: it gets the real history by file, as sync-files does.
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		const whole = await exportWhole(maya.page);
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await importFile(ravi.page, whole, 'elm.circulate.json');
		await ravi.page
			.getByRole('status')
			.getByText(/^Imported \d+ new entr/)
			.waitFor();
		const real = await ledgerView(maya.page, base, circle);
		expect(await ledgerView(ravi.page, base, circle)).toEqual(real);
		const realFacts = await auditFacts(maya.page, base, circle);

		// The attack: a file carrying a back-dated genesis for the same circle id by another key.
		const rival = rivalFile(circle as CircleId, 'Elm St Tools');
		await ravi.page.goto(`${base}/circle/${circle}/sync`);
		await importFile(ravi.page, rival.text, 'elm-real.circulate.json');
		await ravi.page.getByRole('status').getByText('Imported 2 new entries.').waitFor();
		await expect(
			ravi.page.getByText(/does not start with the circle your invite named/).count()
		).resolves.toBe(0);

		// Nothing changed in what the phone counts: same founder, members, history and ledger hash.
		const after = await ledgerView(ravi.page, base, circle);
		expect(after).toEqual(real);
		expect(after.members.join('\n')).toMatch(/Maya/);
		expect(after.members.join('\n')).not.toMatch(/Mallory/);
		const facts = await auditFacts(ravi.page, base, circle);
		expect(facts).toEqual(realFacts);

		// Audit lists both rival entries as set aside, the genesis with the reason.
		const nonMember = ravi.page.getByRole('region', { name: 'Written by a non-member' });
		await nonMember.waitFor();
		const items = nonMember.getByRole('listitem');
		const genesisItem = items.filter({ hasText: entryId(rival.genesis).slice(0, 12) });
		await expect(genesisItem.innerText()).resolves.toMatch(/does not found this circle/);
		const claimItem = items.filter({ hasText: entryId(rival.claim).slice(0, 12) });
		await expect(claimItem.innerText()).resolves.toMatch(/before the circle was founded/);
		await screenshot(ravi.page, 'rival-genesis-audit', { fullPage: true });
	});
});
