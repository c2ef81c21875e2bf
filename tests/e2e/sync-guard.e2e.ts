// Yjs lets any peer delete a map key with a tiny update. A file (or peer) carrying such a
// deletion must not remove entries from the ledger: the device puts them back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useE2E } from './support/index.js';
import { auditFacts, foundCircle, inviteAndAdmit, ledgerView } from './sync-helpers';
import { exportCircle, readExport } from '$lib/sync/file';
import { entriesOf } from '$lib/sync/circle-doc';
import type { CircleId } from '$lib/core/types';

const e2e = useE2E();

describe('nothing lost', () => {
	it('an update that deletes entries does not remove them from the ledger', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		const download = maya.page.waitForEvent('download');
		await maya.page.getByRole('button', { name: 'Export the whole circle' }).click();
		const whole = readFileSync((await (await download).path())!, 'utf8');
		// the attacker: takes the circle, deletes every entry, and ships only the deletion
		const doc = new Y.Doc();
		Y.applyUpdate(doc, readExport(whole).update);
		const sv = Y.encodeStateVector(doc);
		const ids = [...entriesOf(doc).keys()];
		expect(ids).toHaveLength(4); // genesis, the first room secret, the admission, the share
		doc.transact(() => ids.forEach((id) => entriesOf(doc).delete(id)));
		const attack = exportCircle(doc, { id: circle as CircleId, name: 'Elm St Tools' }, Date.now(), sv).text;
		const before = await auditFacts(maya.page, base, circle);
		const ledgerBefore = await ledgerView(maya.page, base, circle);
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		await maya.page.getByLabel('Import a file').setInputFiles({
			name: 'attack.circulate.json',
			mimeType: 'application/json',
			buffer: Buffer.from(attack)
		});
		await maya.page
			.getByRole('status')
			.getByText(/Imported/)
			.waitFor();
		expect(await auditFacts(maya.page, base, circle)).toEqual(before);
		expect(await ledgerView(maya.page, base, circle)).toEqual(ledgerBefore);
		// after a reload, the entries are still there (the repair was saved)
		await maya.page.reload();
		expect(await auditFacts(maya.page, base, circle)).toEqual(before);
	});
});
