// The compact pairing codes carry enough for real Chromium: two peer connections that
// only ever see each other's rebuilt SDP (offer code -> answer code) open a data channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, requireRoutableInterface } from './support/index.js';
import * as sdp from '$lib/sync/sdp';

let browser: Browser;
beforeAll(async () => {
	requireRoutableInterface();
	browser = await launchBrowser();
});
afterAll(async () => browser?.close());

// One retry: a failed first attempt on a loaded two-core machine is network timing; two in a row fail.
describe('pairing codes in Chromium', { retry: 1 }, () => {
	it('an offer and an answer rebuilt from codes under 300 characters open a data channel', async () => {
		const ctxA = await browser.newContext();
		const ctxB = await browser.newContext();
		const a = await ctxA.newPage();
		const b = await ctxB.newPage();
		const gather = `(pc) => new Promise((r) => { if (pc.iceGatheringState === 'complete') r();
			pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()); setTimeout(r, 4000); })`;
		const offer = await a.evaluate(async (g) => {
			const gather = eval(g);
			const pc = new RTCPeerConnection({ iceServers: [] });
			const dc = pc.createDataChannel('circulate-sync');
			(window as unknown as Record<string, unknown>).pc = pc;
			(window as unknown as Record<string, unknown>).opened = new Promise((r) =>
				dc.addEventListener('open', () => r(true))
			);
			dc.addEventListener('message', (ev) => ((window as unknown as Record<string, unknown>).got = ev.data));
			await pc.setLocalDescription(await pc.createOffer());
			await gather(pc);
			return pc.localDescription!.sdp;
		}, gather);
		const offerCode = sdp.encodeCode(offer, 'offer');
		expect(offerCode.length).toBeLessThan(300);
		const answer = await b.evaluate(
			async ([g, remote]) => {
				const gather = eval(g!);
				const pc = new RTCPeerConnection({ iceServers: [] });
				pc.addEventListener('datachannel', (ev) => {
					const send = () => ev.channel.send('hello from B');
					if (ev.channel.readyState === 'open') send();
					else ev.channel.addEventListener('open', send, { once: true });
				});
				(window as unknown as Record<string, unknown>).pc = pc;
				await pc.setRemoteDescription({ type: 'offer', sdp: remote! });
				await pc.setLocalDescription(await pc.createAnswer());
				await gather(pc);
				return pc.localDescription!.sdp;
			},
			[gather, sdp.toSdp(sdp.decodeCode(offerCode, 'offer'))]
		);
		const answerCode = sdp.encodeCode(answer, 'answer');
		expect(answerCode.length).toBeLessThan(300);
		await a.evaluate(
			async (remote) => {
				const w = window as unknown as { pc: RTCPeerConnection; opened: Promise<boolean> };
				await w.pc.setRemoteDescription({ type: 'answer', sdp: remote });
				await w.opened;
			},
			sdp.toSdp(sdp.decodeCode(answerCode, 'answer'))
		);
		// polled on a timer: the default (animation frames) may not run in a page that is not in front
		await a.waitForFunction(() => (window as unknown as { got?: string }).got === 'hello from B', null, {
			polling: 100
		});
		await ctxA.close();
		await ctxB.close();
	});
});
