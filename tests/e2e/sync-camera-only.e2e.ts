// The camera-only path (issue 12, item 4): no radio at all. The receiving phone shows what it has,
// the sending phone shows what it lacks as a moving sequence of fountain-coded QR codes, and the
// receiving phone films them through Chromium's fake camera: a video made of the sender's own
// codes with a fifth of them dropped at random (a camera misses frames), looping as a camera
// would keep seeing the screen. A circle's week (~150 entries) arrives whole and verified.
import { mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { launchBrowser, newDevice, screenshot, useE2E } from './support/index.js';
import { expectAccessible } from './support/axe.js';
import { auditFacts } from './sync-helpers';
import { demoCircle } from '$lib/core/demo';
import { entryId } from '$lib/core/entry';
import { Ledger } from '$lib/core/ledger';
import { appendEntry } from '$lib/sync/circle-doc';
import { encodeStateVectorCode, exportCircle } from '$lib/sync/file';
import { inviteLink } from '$lib/sync/invite';
import { qrPixels } from '$lib/sync/qr';

const e2e = useE2E();
let camBrowser: Browser | undefined;
afterAll(async () => camBrowser?.close());

/** A Y4M video (4:2:0) showing each code in turn, black on white, centred; `fps` codes a second. */
const codesVideo = (codes: string[], fps: number): string => {
	const first = qrPixels(codes[0]!, 4);
	const S = first.width + 12 + ((first.width + 12) % 2);
	const file = join(mkdtempSync(join(tmpdir(), 'circulate-film-')), 'codes.y4m');
	const fd = openSync(file, 'w');
	writeSync(fd, Buffer.from(`YUV4MPEG2 W${S} H${S} F${fps}:1 Ip A1:1 C420jpeg\n`));
	const uv = new Uint8Array((S / 2) * (S / 2)).fill(128);
	for (const code of codes) {
		const qr = qrPixels(code, 4);
		const y = new Uint8Array(S * S).fill(235);
		const o = Math.floor((S - qr.width) / 2);
		for (let r = 0; r < qr.height; r++)
			for (let c = 0; c < qr.width; c++)
				if (qr.data[(r * qr.width + c) * 4] === 0) y[(o + r) * S + o + c] = 16;
		writeSync(fd, Buffer.from('FRAME\n'));
		writeSync(fd, y);
		writeSync(fd, uv);
		writeSync(fd, uv);
	}
	closeSync(fd);
	return file;
};

/**
 * A circle's history as two files: the receiving phone's (all but the last week of 150 entries)
 * and the sending phone's (all of it), from one document, so the first is a prefix of the second.
 */
const aWeekBehind = (base: string) => {
	const demo = demoCircle('circulate-e2e-week', { entries: 1200 });
	const ref = { id: demo.circle, name: demo.name };
	const doc = new Y.Doc();
	const cut = demo.entries.length - 150;
	for (const e of demo.entries.slice(0, cut)) appendEntry(doc, e);
	const behind = exportCircle(doc, ref, demo.end).text;
	const have = encodeStateVectorCode(demo.circle, doc);
	for (const e of demo.entries.slice(cut)) appendEntry(doc, e);
	const ledger = new Ledger(demo.circle);
	ledger.add(
		demo.entries.map((entry) => ({ entry, sigValid: true })),
		demo.end
	);
	return {
		circle: demo.circle,
		behind,
		have,
		whole: exportCircle(doc, ref, demo.end).text,
		invite: inviteLink(base, {
			circle: demo.circle,
			secret: '5e'.repeat(32),
			genesis: entryId(demo.entries[0]!),
			name: demo.name
		}),
		facts: { count: ledger.accepted.length, head: ledger.state().head }
	};
};

/** A phone that asked to join by the invite (so the circle is on it) and imported `file`. */
const holding = async (
	page: Page,
	invite: string,
	base: string,
	circle: string,
	person: string,
	file: string
) => {
	await page.goto(invite);
	await page.getByLabel('Your name').fill(person);
	await page.getByRole('button', { name: 'Ask to join' }).click();
	await page.getByLabel('Join request code', { exact: true }).waitFor();
	await page.goto(`${base}/circle/${circle}/sync`);
	await page.getByLabel('Import a file').setInputFiles({
		name: 'history.circulate.json',
		mimeType: 'application/json',
		buffer: Buffer.from(file)
	});
	await page
		.getByRole('status')
		.getByText(/^Imported \d+ new entries\.$/)
		.waitFor({ timeout: 120_000 });
};

describe('the camera-only path', () => {
	it('a week of entries crosses by filming a sequence of codes, a fifth of them missed', async () => {
		const base = e2e.url('/').replace(/\/$/, '');
		const week = aWeekBehind(base);

		// The sending phone holds the whole history; the receiving one (below) all but the last week.
		const ana = await e2e.device('ana');
		await holding(ana.page, week.invite, base, week.circle, 'Ana', week.whole);
		const have = week.have;
		const camera = ana.page.getByRole('region', { name: 'Camera only' });
		await camera.getByRole('button', { name: 'Send: show codes to the other phone' }).click();
		await camera.getByLabel('Or paste its “what I have” code for the camera path').fill(have);
		await camera.getByRole('button', { name: 'Use this code' }).click();
		const frame = camera.getByRole('img', { name: /^Camera code \d+$/ });
		await frame.waitFor();
		const needed = Number(
			(await camera.getByRole('status').innerText()).match(/needs about (\d+) of them/)?.[1] ?? NaN
		);
		expect(needed).toBeGreaterThan(10);
		await screenshot(ana.page, 'sync-camera-only-sending');
		await expectAccessible(ana.page, 'sending by camera');

		// Film the sender's own codes: 1.5 times what is needed, then drop a fifth at random.
		const codes = new Set<string>();
		while (codes.size < Math.ceil(needed * 1.5) + 8) {
			codes.add((await frame.getAttribute('data-code'))!);
			await ana.page.waitForTimeout(60);
		}
		let seed = 0x5eed;
		const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		const filmed = [...codes].filter(() => rand() >= 0.2);
		const bytesPerCode = Math.round(((filmed[0]!.length - 4) * 2) / 3);
		await camera.getByRole('button', { name: 'Done: stop showing codes' }).click();

		camBrowser = await launchBrowser({
			args: [
				'--use-fake-device-for-media-stream',
				`--use-file-for-fake-video-capture=${codesVideo(filmed, 5)}`
			]
		});
		const ravi = await newDevice(camBrowser, 'ravi', { permissions: ['camera'] });
		try {
			await holding(ravi.page, week.invite, base, week.circle, 'Ravi', week.behind);
			const cam = ravi.page.getByRole('region', { name: 'Camera only' });
			await cam.getByRole('button', { name: 'Receive: film the other phone' }).click();
			// The code it shows is the one the sender was given.
			expect(await cam.getByRole('img', { name: 'What this phone has' }).getAttribute('data-code')).toBe(
				have
			);
			await screenshot(ravi.page, 'sync-camera-only-have');
			const t0 = Date.now();
			await cam.getByRole('button', { name: 'Step 2: film the other phone’s codes' }).click();
			await cam.getByRole('progressbar', { name: 'Codes read' }).waitFor();
			await expect
				.poll(async () => Number(await cam.getByRole('progressbar').getAttribute('aria-valuenow')), {
					timeout: 60_000
				})
				.toBeGreaterThan(needed / 3);
			await screenshot(ravi.page, 'sync-camera-only-filming');
			await expectAccessible(ravi.page, 'filming codes');
			await cam
				.getByRole('status')
				.getByText(/^Imported \d+ new entries\.$/)
				.waitFor({ timeout: 120_000 });
			const seconds = (Date.now() - t0) / 1000;
			console.log(
				`camera-only: ${needed} codes needed, ${filmed.length} of ${codes.size} in the film (${bytesPerCode} B each, 5 a second); arrived in ${seconds.toFixed(1)} s`
			);
			expect(await auditFacts(ravi.page, base, week.circle)).toEqual(week.facts);
		} finally {
			await ravi.close();
		}
	}, 400_000);
});
