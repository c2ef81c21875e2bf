// Shared steps for the sync end-to-end tests: people do these with their phones; the
// tests carry each code from one page to the other the way a camera would.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const TIMEOUT = 60_000;

/** First run and a new circle; returns the circle id. */
export async function foundCircle(
	page: Page,
	base: string,
	person: string,
	circleName: string
): Promise<string> {
	await page.goto(base);
	await page.getByLabel('Your name').fill(person);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByLabel('Circle name').fill(circleName);
	await page.getByLabel('What does it steward?').fill('the shed');
	await page.getByRole('button', { name: 'Create circle' }).click();
	await page.getByRole('heading', { level: 1, name: circleName }).waitFor();
	const id = /\/circle\/([0-9a-f]{32})/.exec(page.url())?.[1];
	if (!id) throw new Error(`no circle id in ${page.url()}`);
	return id;
}

const codeOf = async (page: Page, label: string): Promise<string> => {
	const box = page.getByLabel(label, { exact: true });
	await box.waitFor({ timeout: TIMEOUT });
	return box.inputValue();
};

const paste = async (page: Page, label: string, code: string) => {
	await page.getByLabel(label, { exact: true }).fill(code);
	await page.getByRole('button', { name: 'Use this code' }).click();
};

/** Member `a` invites `b`; `b` asks to join; `a` admits. */
export async function inviteAndAdmit(
	a: Page,
	b: Page,
	base: string,
	circle: string,
	person: string
): Promise<void> {
	await a.goto(`${base}/circle/${circle}/invite`);
	const link = await codeOf(a, 'Invite link');
	expect(link).toMatch(/\/join#CI1:/);
	await b.goto(link.replace(/^https?:\/\/[^/]+/, base));
	await b.getByLabel('Your name').fill(person);
	await b.getByRole('button', { name: 'Ask to join' }).click();
	const request = await codeOf(b, 'Join request code');
	const shares = await sharesOn(a, circle);
	await paste(a, 'Or paste their join request code', request);
	await a.getByRole('button', { name: `Admit ${person}` }).click();
	await a.getByText(`${person} is admitted`).waitFor({ timeout: TIMEOUT });
	// The admitter's phone then shares the room secret with the newcomer (a settings.share entry,
	// docs/protocol/settings.md): wait for it, so what the test counts next does not depend on timing.
	const until = Date.now() + TIMEOUT;
	while ((await sharesOn(a, circle)) <= shares) {
		if (Date.now() > until) throw new Error(`${person}'s admitter never shared the room secret`);
		await a.waitForTimeout(200);
	}
}

/** How many settings.share entries the phone holds (through the e2e hook). */
const sharesOn = (page: Page, circle: string): Promise<number> =>
	page.evaluate(async (circle) => {
		const hook = (window as unknown as { __circulate?: { entries(c: string): Promise<[string, string][]> } })
			.__circulate;
		if (!hook) return 0;
		const all = await hook.entries(circle);
		return all.filter(([, text]) => text.includes('"type":"settings.share"')).length;
	}, circle);

/** Pairs two phones on the circle's Sync screen, `a` showing the first code; waits for both ends. */
export async function pair(
	a: Page,
	b: Page,
	base: string,
	circle: string
): Promise<{ a: string; b: string }> {
	await a.goto(`${base}/circle/${circle}/sync`);
	await b.goto(`${base}/circle/${circle}/sync`);
	await a.getByRole('button', { name: 'Show a code to start' }).click();
	const offer = await codeOf(a, 'Offer code');
	expect(offer.length).toBeLessThan(300);
	await b.getByRole('button', { name: 'Scan the other phone’s code' }).click();
	await paste(b, 'Or paste the other phone’s offer code', offer);
	const answer = await codeOf(b, 'Answer code');
	expect(answer.length).toBeLessThan(300);
	await paste(a, 'Or paste the other phone’s answer code', answer);
	const end = async (p: Page) => {
		const status = p.getByRole('status').filter({ hasText: /in sync —|failed|closed|could not/ });
		await status.first().waitFor({ timeout: TIMEOUT * 2 });
		return (await status.first().innerText()).trim();
	};
	const [ea, eb] = await Promise.all([end(a), end(b)]);
	expect(ea).toMatch(/in sync —/);
	expect(eb).toMatch(/in sync —/);
	return { a: ea, b: eb };
}

/** What a person sees of the ledger and the members, in order: two phones in sync show the same. */
export async function ledgerView(
	page: Page,
	base: string,
	circle: string
): Promise<{ ledger: string[]; members: string[]; name: string }> {
	await page.goto(`${base}/circle/${circle}`);
	const ledger = page.getByRole('region', { name: 'Ledger' }).getByRole('listitem');
	await ledger.first().waitFor();
	const members = page.getByRole('region', { name: /^Members/ }).getByRole('listitem');
	return {
		name: await page.getByRole('heading', { level: 1 }).innerText(),
		// A phone acknowledges what a sync brought (witness.md) after the sync, so its acknowledgement
		// and the "seen" marks reach the other phone only at the next sync: the history is compared.
		ledger: (await ledger.allInnerTexts())
			.filter((t) => !t.startsWith('Received the circle’s latest entries'))
			.map((t) => t.replace(/ · (not yet seen by another member|counts from .*)$/s, '')),
		// "you" marks this phone's own member; everything else must match across phones
		members: (await members.allInnerTexts()).map((t) => t.replace(/ you\b/, ''))
	};
}

/** Renames the circle from its overview (a signed entry by this member). */
export async function rename(page: Page, base: string, circle: string, name: string): Promise<void> {
	await page.goto(`${base}/circle/${circle}`);
	await page.getByRole('button', { name: 'Rename circle' }).click();
	await page.getByLabel('New name').fill(name);
	await page.getByRole('button', { name: 'Save name' }).click();
	await page.getByRole('region', { name: 'Ledger' }).getByText(name).first().waitFor();
}

/** Starts `npm run signal` (y-webrtc's bundled server) on a free loopback port; returns its ws URL. */
export async function startSignaling(): Promise<{ url: string; port: number; stop(): void }> {
	const { spawn } = await import('node:child_process');
	const net = await import('node:net');
	const port = await new Promise<number>((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const p = (s.address() as { port: number }).port;
			s.close(() => resolve(p));
		});
	});
	const child = spawn(process.execPath, ['src/cli/signal.js'], {
		env: { ...process.env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('signaling server did not start')), 10_000);
		child.stdout!.on('data', (d: Buffer) => {
			if (d.toString().includes('Circulate signaling')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', (code) => reject(new Error(`signaling server exited with ${code}`)));
	});
	return { url: `ws://127.0.0.1:${port}`, port, stop: () => child.kill() };
}

/** Adds a room server on the Sync screen and joins the room. */
export async function joinRoomUi(page: Page, base: string, circle: string, url: string): Promise<void> {
	await page.goto(`${base}/circle/${circle}/sync`);
	const list = page.getByRole('list', { name: 'Room servers' });
	if (!(await list.getByText(url).count())) {
		await page.getByLabel('Room server address').fill(url);
		await page.getByRole('button', { name: 'Add room server' }).click();
		await list.getByText(url).waitFor();
	}
	await page.getByRole('button', { name: 'Join the room' }).click();
	await page.getByText(/In the room/).waitFor();
}

/** Waits until the room shows a connected phone in sync. */
export async function roomInSync(page: Page, timeout = TIMEOUT * 2): Promise<string> {
	const item = page
		.getByRole('list', { name: 'Connected phones' })
		.getByRole('listitem')
		.filter({ hasText: /in sync —/ });
	await item.first().waitFor({ timeout });
	return (await item.first().innerText()).trim();
}

/** The audit screen's count and ledger hash (`timeout`: for a phone reading a long history on load). */
export async function auditFacts(
	page: Page,
	base: string,
	circle: string,
	timeout?: number
): Promise<{ count: number; head: string }> {
	await page.goto(`${base}/circle/${circle}/audit`);
	const dd = (label: string) =>
		page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
	// The screen shows the hash short and grouped ("Ledger hash") and in full ("Full ledger hash").
	await dd('Full ledger hash').waitFor({ timeout });
	return {
		// Written as the app's language writes numbers (2,075): digits only.
		count: Number((await dd('Entries counted').innerText()).replace(/\D/g, '')),
		head: (await dd('Full ledger hash').innerText()).trim()
	};
}
