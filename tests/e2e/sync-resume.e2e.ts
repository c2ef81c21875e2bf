// Issue 12, item 2: a first sync of 20,000 entries cut halfway (the new phone's data channel drops
// at half the bytes, then its tab is closed before it has checked all that came) keeps every slice
// that arrived, checked at the next start; pairing again sends only the rest,
// and the new phone ends with every entry once (the same count and ledger hash as the sender).
// Progress counts entries checked, not bytes: "Syncing — 8,250 of 20,000 entries checked".
import { copyFileSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireRoutableInterface, screenshot, useE2E } from './support/index.js';
import { auditFacts } from './sync-helpers';
import { bigCircle, bigInvite, type BigCircle } from './sync-big';

const e2e = useE2E();
let big: BigCircle;

beforeAll(() => {
	big = bigCircle();
}, 900_000);

const TIMEOUT = 120_000;

/** Keeps a screenshot for the README (docs/screenshots). */
const keep = async (page: Page, name: string) => {
	const shot = await screenshot(page, name);
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};

const join = async (page: Page, base: string, person: string) => {
	await page.goto(bigInvite(big, base));
	await page.getByLabel('Your name').fill(person);
	await page.getByRole('button', { name: 'Ask to join' }).click();
	await page.getByLabel('Join request code', { exact: true }).waitFor();
};

/** The audit screen's facts; a look that times out (a loaded machine, a long fold) counts as none. */
const look = async (page: Page, base: string) => {
	try {
		return await auditFacts(page, base, big.circle);
	} catch {
		return { count: -1, head: '' };
	}
};

const settled = (page: Page, base: string) => settledAtLeast(page, base, big.count);

/** Both phones on Sync; the codes carried across as a camera would. */
const startPairing = async (a: Page, b: Page, base: string, cutAt?: number) => {
	await a.goto(`${base}/circle/${big.circle}/sync`);
	await b.goto(`${base}/circle/${big.circle}/sync`);
	if (cutAt) await b.evaluate((n) => ((window as unknown as { __cutAt: number }).__cutAt = n), cutAt);
	await a.getByRole('button', { name: 'Show a code to start' }).click();
	const offerBox = a.getByLabel('Offer code', { exact: true });
	await offerBox.waitFor({ timeout: TIMEOUT });
	await b.getByRole('button', { name: 'Scan the other phone’s code' }).click();
	await b
		.getByLabel('Or paste the other phone’s offer code', { exact: true })
		.fill(await offerBox.inputValue());
	await b.getByRole('button', { name: 'Use this code' }).click();
	const answerBox = b.getByLabel('Answer code', { exact: true });
	await answerBox.waitFor({ timeout: TIMEOUT });
	await a
		.getByLabel('Or paste the other phone’s answer code', { exact: true })
		.fill(await answerBox.inputValue());
	await a.getByRole('button', { name: 'Use this code' }).click();
};

/**
 * Drops the page's data channel once `window.__cutAt` bytes have come in over it (the radio
 * going out of range mid-sync): the message that crosses the mark is not delivered.
 */
const cuttable = (page: Page) =>
	page.context().addInitScript(() => {
		const w = window as unknown as { __cutAt?: number; __got: number };
		w.__got = 0;
		const add = RTCDataChannel.prototype.addEventListener;
		RTCDataChannel.prototype.addEventListener = function (
			this: RTCDataChannel,
			type: string,
			cb: EventListenerOrEventListenerObject,
			opts?: boolean | AddEventListenerOptions
		) {
			if (type !== 'message' || typeof cb !== 'function') return add.call(this, type, cb, opts);
			const wrapped = (ev: Event) => {
				const data = (ev as MessageEvent).data as ArrayBuffer | string;
				w.__got += typeof data === 'string' ? data.length : data.byteLength;
				if (w.__cutAt !== undefined && w.__got > w.__cutAt) {
					if (this.readyState === 'open') this.close();
					return;
				}
				cb.call(this, ev);
			};
			return add.call(this, type, wrapped, opts);
		} as typeof add;
	});

const PROGRESS = /Syncing — ([\d,]+) of ([\d,]+) entries checked/;
const num = (s: string) => Number(s.replace(/,/g, ''));

describe('a first sync cut halfway', () => {
	it('keeps what arrived, and the next sync sends only the rest: every entry, once', async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const ana = await e2e.device('ana');
		const ben = await e2e.device('ben');

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
			.waitFor({ timeout: 300_000 });
		expect(await settled(ana.page, base)).toEqual({ count: big.count, head: big.head });

		await cuttable(ben.page);
		await join(ben.page, base, 'Ben');
		// The channel drops at about half of a first sync's 3.3 MB on the wire.
		await startPairing(ana.page, ben.page, base, 1_600_000);
		// Progress counts entries: the other phone announced them all, and they are checked as they come.
		// (read in one go: the line gives way to the cut's message at any moment)
		const announced = await ben.page.waitForFunction(
			(source) => {
				const re = new RegExp(source);
				for (const el of document.querySelectorAll('[role="status"]')) {
					const m = re.exec(el.textContent ?? '');
					if (m) return m[2]!;
				}
				return false;
			},
			PROGRESS.source,
			{ timeout: TIMEOUT, polling: 50 }
		);
		expect(num((await announced.jsonValue()) as string)).toBe(big.entries);
		// The channel drops at half: the phone says so, and that nothing that arrived is lost.
		await ben.page
			.getByRole('status')
			.filter({ hasText: /closed before the sync finished/ })
			.first()
			.waitFor({ timeout: TIMEOUT * 2 });
		// Then the tab is closed, before it has checked everything that came.
		await ben.page.close();

		// The phone opens the circle again: what arrived is there, checked.
		const again = await ben.context.newPage();
		// (the start-up checks what the cut left unchecked: the count settles once two looks agree)
		const kept = (await steady(again, base)).count;
		console.log(`kept after the cut: ${kept} of ${big.count}`);
		expect(kept).toBeGreaterThan(big.count * 0.2);
		expect(kept).toBeLessThan(big.count * 0.8);

		await again.emulateMedia({ colorScheme: 'dark' });
		await startPairing(ana.page, again, base);
		const rest = again.getByRole('status').filter({ hasText: PROGRESS });
		if (
			await rest
				.first()
				.isVisible({ timeout: 30_000 })
				.catch(() => false)
		) {
			const m = PROGRESS.exec(await rest.first().innerText());
			// The plan of the second sync names only what this phone still lacks.
			if (m) expect(num(m[2]!)).toBeLessThanOrEqual(big.entries - kept + 50);
			await keep(again, 'sync-resume-progress-dark');
		}
		const end = async (p: Page) => {
			const status = p.getByRole('status').filter({ hasText: /in sync —|failed|closed|could not/ });
			await status.first().waitFor({ timeout: TIMEOUT * 2 });
			return (await status.first().innerText()).trim();
		};
		const [ea, eb] = await Promise.all([end(ana.page), end(again)]);
		expect(ea).toMatch(/in sync —/);
		const m = /in sync — ([\d,]+) new entries/.exec(eb);
		expect(m, eb).not.toBeNull();
		// Only the rest came: what was kept was not sent again.
		expect(num(m![1]!)).toBeLessThanOrEqual(big.entries - kept + 50);
		await keep(again, 'sync-resume-done-dark');
		expect(await settled(again, base)).toEqual({ count: big.count, head: big.head });
	}, 900_000);
});

// The looks below end by a deadline, not a number of tries: each look opens the circle afresh, which
// on a loaded machine takes seconds, so a count that never comes fails here with what was seen
// (and the fixture prints each page) instead of running into the test's own timeout.
const LOOKING = 240_000;

/** The audit facts once the ledger holds at least `n` entries, or the last look at the deadline. */
const settledAtLeast = async (page: Page, base: string, n: number, within = LOOKING) => {
	const deadline = Date.now() + within;
	let last = { count: -1, head: '' };
	do {
		last = await look(page, base);
		if (last.count >= n) return last;
		await page.waitForTimeout(2000);
	} while (Date.now() < deadline);
	return last;
};

/** The audit facts once two looks two seconds apart agree on a count above zero. */
const steady = async (page: Page, base: string, within = LOOKING) => {
	const deadline = Date.now() + within;
	let last = await settledAtLeast(page, base, 1);
	while (Date.now() < deadline) {
		await page.waitForTimeout(2000);
		const now = await look(page, base);
		if (now.count > 0 && now.count === last.count) return now;
		last = now;
	}
	return last;
};
