// TURN servers beside STUN (issue 12, item 5): the circle lists a TURN server's address (a
// signed setting); each phone keeps its own sign-in for it, never in the ledger; a phone without
// one leaves the server out and says so, and the room still opens and syncs. The TURN address
// here is a loopback port where nothing listens (all test traffic stays on this machine): the
// phones find each other on their own addresses, as on one Wi-Fi.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRoutableInterface, screenshot, useE2E } from './support/index.js';
import {
	foundCircle,
	inviteAndAdmit,
	joinRoomUi,
	pair,
	rename,
	roomInSync,
	startSignaling
} from './sync-helpers';

const e2e = useE2E();
const TURN = 'turn:127.0.0.1:3479';
const PASSWORD = 'compost-and-copper-42';
let signal: Awaited<ReturnType<typeof startSignaling>>;
beforeAll(async () => {
	signal = await startSignaling();
});
afterAll(() => signal?.stop());

describe('a TURN server', { retry: 1 }, () => {
	it('is listed by the circle, signed in to on each phone, never written to the ledger; the room still syncs', async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		// What each phone's connections are given (the room's RTCPeerConnection configs).
		for (const d of [maya, ravi])
			await d.context.addInitScript(() => {
				const w = window as unknown as { __ice: RTCIceServer[][] };
				w.__ice = [];
				const Real = RTCPeerConnection;
				window.RTCPeerConnection = class extends Real {
					constructor(config?: RTCConfiguration) {
						w.__ice.push(config?.iceServers ?? []);
						super(config);
					}
				};
			});
		/** The ICE servers of each connection the page made. */
		const iceOf = (page: typeof maya.page) =>
			page.evaluate(() => (window as unknown as { __ice: RTCIceServer[][] }).__ice);
		const circle = await foundCircle(maya.page, base, 'Maya', 'Garden Co-op');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await pair(maya.page, ravi.page, base, circle);

		// Maya adds the TURN server: its sign-in form opens, saying the server is not used yet.
		const m = maya.page;
		await m.goto(`${base}/circle/${circle}/sync`);
		await m.getByText('Across different networks (STUN and TURN)').click();
		await m.getByLabel('STUN or TURN server address').fill(TURN);
		await m.getByRole('button', { name: 'Add server' }).click();
		const logins = m.getByRole('list', { name: 'TURN sign-ins on this phone' });
		await logins.getByText('not used by this phone until you type its sign-in').waitFor();
		await m.getByLabel(`User name for ${TURN}`).fill('garden');
		await m.getByLabel(`Password for ${TURN}`).fill(PASSWORD);
		expect(await m.getByLabel(`Password for ${TURN}`).getAttribute('type')).toBe('password');
		await m.getByRole('button', { name: 'Keep this sign-in on this phone' }).click();
		await m.getByRole('status').filter({ hasText: 'Kept on this phone.' }).waitFor();
		await logins.getByText('signed in on this phone as').waitFor();
		await screenshot(m, 'sync-turn', { fullPage: true });
		await logins.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		for (const scheme of ['light', 'dark'] as const) {
			await m.emulateMedia({ colorScheme: scheme });
			await screenshot(m, `phone-turn-${scheme}`);
		}
		await m.emulateMedia({ colorScheme: 'light' });

		// Kept across a reload, on this phone only.
		await m.reload();
		await m.getByText('Across different networks (STUN and TURN)').click();
		await logins.getByText('signed in on this phone as').waitFor();

		// Both join the room: Maya's phone offers the TURN server with its sign-in, Ravi's has none
		// (he receives the address with Maya's entries and is told it is not used on his phone).
		await rename(ravi.page, base, circle, 'Garden Co-op & Kitchen');
		await joinRoomUi(m, base, circle, signal.url);
		await joinRoomUi(ravi.page, base, circle, signal.url);
		await Promise.all([roomInSync(m, 45_000), roomInSync(ravi.page, 45_000)]).catch(async (e) => {
			for (const [who, d] of [
				['maya', maya],
				['ravi', ravi]
			] as const)
				console.log(`${who}'s room screen:`, (await d.page.locator('main').innerText()).slice(0, 2000));
			throw e;
		});
		expect((await iceOf(m)).flat()).toContainEqual({ urls: TURN, username: 'garden', credential: PASSWORD });
		const ravis = await iceOf(ravi.page);
		expect(ravis.length).toBeGreaterThan(0); // he connected, with no TURN server
		expect(JSON.stringify(ravis)).not.toContain('turn:');
		await ravi.page.getByRole('button', { name: 'Leave the room' }).click();
		await ravi.page.reload();
		await ravi.page
			.getByText('The circle lists a TURN server this phone has no sign-in for')
			.waitFor({ timeout: 30_000 });
		await ravi.page.getByText('Across different networks (STUN and TURN)').click();
		await ravi.page
			.getByRole('list', { name: 'TURN sign-ins on this phone' })
			.getByText('not used by this phone until you type its sign-in')
			.waitFor({ timeout: 30_000 });

		// The whole circle, exported: the address is there, the password nowhere.
		await m.getByRole('button', { name: 'Leave the room' }).click();
		const download = m.waitForEvent('download');
		await m.getByRole('button', { name: 'Export the whole circle' }).click();
		const file = readFileSync((await (await download).path())!, 'utf8');
		expect(file.length).toBeGreaterThan(1000);
		expect(file).not.toContain(PASSWORD);
		expect(file).not.toContain(Buffer.from(PASSWORD).toString('base64').slice(0, 16));
	});
});
