// Proves the ground the sync tests stand on: two devices (separate browser contexts) open a WebRTC
// data channel to each other, the offer and answer carried by the test as a QR code would carry them
// (non-trickle: each side waits until ICE gathering is complete). It must run inside the private
// network namespace (tests/e2e/support/netns-run.sh), where the only routable addresses are 10.77.0.x.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { allowPageErrors, insideTestNetns, requireRoutableInterface, useE2E } from './support/index.js';

interface Described {
	type: RTCSdpType;
	sdp: string;
}

/** Creates a peer connection on the page; the offerer also creates the data channel. */
async function createPeer(page: Page, role: 'offer' | 'answer', remote?: Described): Promise<Described> {
	return page.evaluate(
		async ({ role, remote }) => {
			const pc = new RTCPeerConnection({ iceServers: [] });
			const w = window as unknown as { pc: RTCPeerConnection; channel?: RTCDataChannel; received: string[] };
			w.pc = pc;
			w.received = [];
			const adopt = (channel: RTCDataChannel) => {
				w.channel = channel;
				channel.onmessage = (event) => w.received.push(String(event.data));
			};
			if (role === 'offer') adopt(pc.createDataChannel('smoke'));
			else pc.ondatachannel = (event) => adopt(event.channel);

			const gathered = new Promise<void>((resolve) => {
				pc.addEventListener('icegatheringstatechange', () => {
					if (pc.iceGatheringState === 'complete') resolve();
				});
			});
			if (remote) await pc.setRemoteDescription(remote);
			await pc.setLocalDescription(role === 'offer' ? await pc.createOffer() : await pc.createAnswer());
			if (pc.iceGatheringState !== 'complete') await gathered;
			const local = pc.localDescription!;
			return { type: local.type, sdp: local.sdp };
		},
		{ role, remote }
	);
}

/** The IPv4 host candidates in an SDP ("a=candidate:... typ host"). */
function hostCandidates(sdp: string): string[] {
	return sdp
		.split(/\r?\n/)
		.filter((line) => line.startsWith('a=candidate:') && line.includes(' typ host'))
		.map((line) => line.split(' ')[4] ?? '')
		.filter((address) => /^\d+\.\d+\.\d+\.\d+$/.test(address));
}

// One retry: a failed first attempt on a loaded two-core machine is network timing; two in a row fail.
describe('WebRTC between two devices', { retry: 1 }, () => {
	const e2e = useE2E();

	test('a data channel opens with offer and answer carried by hand', async () => {
		requireRoutableInterface();
		const alice = await e2e.device('alice');
		const bob = await e2e.device('bob');
		// Any same-origin page will do; the app's own pages are not needed for this smoke test.
		// A text file as the page: Chromium asks for the favicon the app's pages would name.
		allowPageErrors(/\/favicon\.ico:0:0: Failed to load resource: the server responded with a status of 404/);
		await alice.page.goto(e2e.url('/robots.txt'));
		await bob.page.goto(e2e.url('/robots.txt'));

		const offer = await createPeer(alice.page, 'offer');
		const offered = hostCandidates(offer.sdp);
		expect(offered.length, 'the offer has IPv4 host candidates').toBeGreaterThan(0);
		if (insideTestNetns()) {
			// Inside the namespace the only addresses are ours: nothing can leave the machine.
			for (const address of offered) expect(address).toMatch(/^10\.77\.0\.\d+$/);
		}

		const answer = await createPeer(bob.page, 'answer', offer);
		expect(hostCandidates(answer.sdp).length).toBeGreaterThan(0);
		await alice.page.evaluate(async (answer) => {
			await (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription(answer);
		}, answer);

		const opened = (page: Page) =>
			page.waitForFunction(
				() => (window as unknown as { channel?: RTCDataChannel }).channel?.readyState === 'open',
				undefined,
				{ timeout: 20_000 }
			);
		await Promise.all([opened(alice.page), opened(bob.page)]);

		await alice.page.evaluate(() =>
			(window as unknown as { channel: RTCDataChannel }).channel.send('hello from alice')
		);
		await bob.page.evaluate(() =>
			(window as unknown as { channel: RTCDataChannel }).channel.send('hello from bob')
		);
		const received = (page: Page) =>
			page
				.waitForFunction(() => (window as unknown as { received: string[] }).received.length > 0)
				.then(() => page.evaluate(() => (window as unknown as { received: string[] }).received));
		expect(await received(bob.page)).toEqual(['hello from alice']);
		expect(await received(alice.page)).toEqual(['hello from bob']);

		// The connection runs over a host candidate pair (no relay, no server in between).
		const pair = await alice.page.evaluate(async () => {
			const stats = await (window as unknown as { pc: RTCPeerConnection }).pc.getStats();
			const all = [...stats.values()] as Record<string, unknown>[];
			const transport = all.find((s) => s.type === 'transport');
			const chosen = all.find((s) => s.id === transport?.selectedCandidatePairId);
			const local = all.find((s) => s.id === chosen?.localCandidateId);
			const remote = all.find((s) => s.id === chosen?.remoteCandidateId);
			return { local: local?.candidateType, remote: remote?.candidateType, address: local?.address };
		});
		expect(pair).toMatchObject({ local: 'host', remote: 'host' });
	});
});
