// A circle of 20,000 entries makes its first full sync to a new phone, by QR pairing and
// by room: the same entry count and ledger hash on every phone, and no data-channel
// message over 16 KiB (every RTCDataChannel.send is measured in the page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { callHook, requireRoutableInterface, screenshot, useE2E } from './support/index.js';
import { auditFacts, joinRoomUi, pair, roomInSync, startSignaling } from './sync-helpers';
import { bigCircle, bigInvite, type BigCircle } from './sync-big';

const e2e = useE2E();
let big: BigCircle;
let signal: Awaited<ReturnType<typeof startSignaling>>;

beforeAll(async () => {
	big = bigCircle();
	signal = await startSignaling();
}, 300_000);
afterAll(() => signal?.stop());

/** Records the largest message any data channel on the page sends. */
const measureChannel = (context: BrowserContext) =>
	context.addInitScript(() => {
		const w = window as unknown as { __maxDc: number };
		w.__maxDc = 0;
		const send = RTCDataChannel.prototype.send;
		RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: string | Blob | ArrayBuffer) {
			const n = typeof data === 'string' ? data.length : data instanceof Blob ? data.size : data.byteLength;
			w.__maxDc = Math.max(w.__maxDc, n);
			return (send as (d: unknown) => void).call(this, data);
		} as typeof send;
	});
const maxSent = (page: Page) => page.evaluate(() => (window as unknown as { __maxDc: number }).__maxDc);

const join = async (page: Page, base: string, person: string) => {
	await page.goto(bigInvite(big, base));
	await page.getByLabel('Your name').fill(person);
	await page.getByRole('button', { name: 'Ask to join' }).click();
	await page.getByLabel('Join request code', { exact: true }).waitFor();
};

/**
 * Waits on the page itself until every entry is checked, folded and stored (a page load before that
 * would cut the storing short, and each load re-reads 20,000 entries: on a loaded machine the looking
 * starved the work), then looks once at the audit screen, as a person would.
 */
const settled = async (page: Page, base: string) => {
	await expect
		.poll(async () => (await callHook<{ accepted: number }>(page, 'summary', big.circle)).accepted, {
			timeout: 240_000,
			interval: 2000
		})
		.toBeGreaterThanOrEqual(big.count);
	return auditFacts(page, base, big.circle, 120_000);
};

describe('a circle with years of history', () => {
	it('first full sync of 20,000 entries by QR pairing and by room: complete, chunked', async () => {
		requireRoutableInterface();
		expect(big.entries).toBeGreaterThanOrEqual(20_000);
		const base = e2e.url('/').replace(/\/$/, '');
		const ana = await e2e.device('ana');
		const ben = await e2e.device('ben');
		const cai = await e2e.device('cai');
		for (const d of [ana, ben, cai]) await measureChannel(d.context);

		// Ana's phone gets the circle from a file (the demo history)
		await join(ana.page, base, 'Ana');
		await ana.page.goto(`${base}/circle/${big.circle}/sync`);
		await ana.page.getByLabel('Import a file').setInputFiles({
			name: 'demo.circulate.json',
			mimeType: 'application/json',
			buffer: Buffer.from(big.file)
		});
		await ana.page
			.getByRole('status')
			.getByText(`Imported ${big.entries.toLocaleString('en')} new entries.`)
			.waitFor({ timeout: 120_000 });
		expect(await settled(ana.page, base)).toEqual({ count: big.count, head: big.head });

		// Ben's new phone: first full sync by QR pairing
		await join(ben.page, base, 'Ben');
		const t0 = Date.now();
		const ends = await pair(ana.page, ben.page, base, big.circle);
		console.log(`pairing: first sync of ${big.entries} entries took ${Date.now() - t0} ms`);
		expect(ends.b).toMatch(
			new RegExp(`in sync — ${big.entries.toLocaleString('en').replace(/,/g, ',?')} new entries`)
		);
		await screenshot(ben.page, 'sync-large-pair', { fullPage: false });
		expect(await settled(ben.page, base)).toEqual({ count: big.count, head: big.head });

		// Cai's new phone: first full sync through the room
		await join(cai.page, base, 'Cai');
		await joinRoomUi(ana.page, base, big.circle, signal.url);
		await joinRoomUi(cai.page, base, big.circle, signal.url);
		const t1 = Date.now();
		expect(await roomInSync(cai.page, 240_000)).toMatch(
			new RegExp(`in sync — ${big.entries.toLocaleString('en').replace(/,/g, ',?')} new entries`)
		);
		console.log(`room: first sync of ${big.entries} entries took ${Date.now() - t1} ms`);
		expect(await settled(cai.page, base)).toEqual({ count: big.count, head: big.head });

		for (const d of [ana, ben, cai]) expect(await maxSent(d.page), d.name).toBeLessThanOrEqual(16 * 1024);
		expect(await maxSent(ana.page)).toBeGreaterThan(8 * 1024); // the channel really carried the history
	}, 900_000);
});
