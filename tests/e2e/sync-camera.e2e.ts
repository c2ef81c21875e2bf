// The camera path: the offer QR code is rendered to a video file and fed through
// Chromium's fake camera on the other phone, which reads it (jsQR here: Linux Chromium has
// no BarcodeDetector) and pairs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newDevice, requireRoutableInterface, screenshot, useE2E } from './support/index.js';
import { foundCircle } from './sync-helpers';
import { qrPixels } from '$lib/sync/qr';

const e2e = useE2E();
let camBrowser: Browser | undefined;
afterAll(async () => camBrowser?.close());

/** One still frame (Y4M, 4:2:0) showing `text` as a QR code, black on white, centred. */
const qrVideo = (text: string): string => {
	const W = 640;
	const H = 480;
	const qr = qrPixels(text, 5);
	const y = new Uint8Array(W * H).fill(235);
	const ox = Math.floor((W - qr.width) / 2);
	const oy = Math.floor((H - qr.height) / 2);
	for (let r = 0; r < qr.height; r++)
		for (let c = 0; c < qr.width; c++)
			if (qr.data[(r * qr.width + c) * 4] === 0) y[(oy + r) * W + ox + c] = 16;
	const uv = new Uint8Array((W / 2) * (H / 2)).fill(128);
	const file = join(mkdtempSync(join(tmpdir(), 'circulate-cam-')), 'qr.y4m');
	const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
	writeFileSync(file, Buffer.concat([header, Buffer.from('FRAME\n'), y, uv, uv]));
	return file;
};

// One retry: a failed first attempt on a loaded two-core machine is network timing; two in a row fail.
describe('scanning with the camera', { retry: 1 }, () => {
	it('a phone reads the offer QR code through its camera and the two pair', async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await maya.page.goto(`${base}/circle/${circle}/invite`);
		const link = await maya.page.getByLabel('Invite link', { exact: true }).inputValue();
		await maya.page.goto(`${base}/circle/${circle}/sync`);
		await maya.page.getByRole('button', { name: 'Show a code to start' }).click();
		const offer = await maya.page.getByLabel('Offer code', { exact: true }).inputValue();
		// the QR Maya's screen shows carries exactly that code
		expect(await maya.page.getByRole('img', { name: /Pairing code 1 of 2/ }).getAttribute('data-code')).toBe(
			offer
		);

		camBrowser = await launchBrowser({
			args: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${qrVideo(offer)}`]
		});
		const ravi = await newDevice(camBrowser, 'ravi', { permissions: ['camera'] });
		await ravi.page.goto(link);
		await ravi.page.getByLabel('Your name').fill('Ravi');
		await ravi.page.getByRole('button', { name: 'Ask to join' }).click();
		await ravi.page.getByRole('link', { name: 'Pair to receive the circle' }).click();
		await ravi.page.getByRole('button', { name: 'Scan the other phone’s code' }).click();
		await ravi.page.getByRole('button', { name: 'Scan with the camera' }).click();
		const answer = await ravi.page.getByLabel('Answer code', { exact: true });
		await answer.waitFor({ timeout: 30_000 });
		await screenshot(ravi.page, 'sync-camera-answer');
		await maya.page
			.getByLabel('Or paste the other phone’s answer code', { exact: true })
			.fill(await answer.inputValue());
		await maya.page.getByRole('button', { name: 'Use this code' }).click();
		await ravi.page
			.getByRole('status')
			.filter({ hasText: /in sync — 2 new entries, 1 new member/ })
			.waitFor({ timeout: 60_000 });
		await maya.page
			.getByRole('status')
			.filter({ hasText: /in sync — nothing new/ })
			.waitFor({ timeout: 60_000 });
		await ravi.close();
	});
});
