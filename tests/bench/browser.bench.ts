/**
 * The browser targets of DESIGN.md §7, in headless Chromium against a production build:
 *
 * - start-up, offline, of a circle of 20,000 entries already in IndexedDB, to interactive
 *   (the circle page's h1 and its ledger shown: the page shows them once the saved doc is
 *   read and the ledger folded), at full speed and with the CPU throttled 4x, with the longest
 *   main-thread task meanwhile, beside y-indexeddb alone loading the same doc;
 * - the first sync of those 20,000 entries to a new phone by QR pairing, at full speed and with
 *   both phones' CPUs throttled 4x, until the new phone shows every entry, with the longest
 *   main-thread task on either phone meanwhile (needs the private network namespace: `bash
 *   tests/e2e/support/netns-run.sh npx vitest run --project bench tests/bench/browser.bench.ts`;
 *   `npm run bench` does that), beside a bare whole-state Yjs sync of the same doc over a data
 *   channel (and in memory).
 *
 * Numbers are printed, never asserted: a miss prints MISS and the run completes. Run some rows
 * only with vitest's name filter, e.g. `-t "setup|start-up|prints"` (the setup row is needed). The app
 * served is ./build, or $CIRCULATE_E2E_BUILD (`VITE_E2E_HOOK=1 CIRCULATE_OUT=dir npx vite build`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'rolldown';
import {
	hasRoutableInterface,
	launchBrowser,
	newDevice,
	startServer,
	waitForServiceWorkerControl,
	type AppServer,
	type Device
} from '../e2e/support/index.js';
import { bigCircle, bigInvite, type BigCircle } from '../e2e/sync-big';
import { auditFacts } from '../e2e/sync-helpers';

const rows: string[] = [];
const report = (what: string, value: string, target: string, ok: boolean, note = '') =>
	rows.push(
		`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(46)} ${value.padStart(12)}   ${target ? `target ${target}` : ''}${note ? `   ${note}` : ''}`
	);
const ms = (x: number) => `${x.toFixed(0)} ms`;
const RUNS = Number(process.env.CIRCULATE_BENCH_RUNS ?? 3);
/** A folder to write Chromium CPU profiles of the first start-up into (open them in DevTools). */
const PROFILE = process.env.CIRCULATE_BENCH_PROFILE;

const startProfile = async (page: Page) => {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	return {
		async stop(name: string) {
			const { profile } = await cdp.send('Profiler.stop');
			mkdirSync(PROFILE!, { recursive: true });
			const file = joinPath(PROFILE!, `${name}.cpuprofile`);
			writeFileSync(file, JSON.stringify(profile));
			console.log(`CPU profile: ${file}`);
		}
	};
};
const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

let server: AppServer;
let browser: Browser;
let big: BigCircle;
let base: string;
let baselineScript: string;
const devices: Device[] = [];

beforeAll(async () => {
	big = bigCircle(); // cached in the OS temp folder by tests/e2e/sync-big.ts
	server = await startServer();
	browser = await launchBrowser();
	base = server.url.replace(/\/$/, '');
	const bundle = await build({
		input: new URL('./support/yjs-baseline.ts', import.meta.url).pathname,
		platform: 'browser',
		output: { format: 'iife', name: 'YjsBaseline' },
		write: false
	});
	baselineScript = bundle.output[0].code;
}, 600_000);

afterAll(async () => {
	for (const d of devices) await d.close().catch(() => undefined);
	await browser?.close();
	await server?.close();
});

const device = async (name: string) => {
	const d = await newDevice(browser, name);
	devices.push(d);
	return d;
};

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

/** A phone that asked to join the big circle (so the circle is on it) and imported its history. */
const join = async (page: Page, person: string) => {
	await page.goto(bigInvite(big, base));
	await page.getByLabel('Your name').fill(person);
	await page.getByRole('button', { name: 'Ask to join' }).click();
	await page.getByLabel('Join request code', { exact: true }).waitFor();
};

const settled = async (page: Page) => {
	let last = { count: -1, head: '' };
	for (let i = 0; i < 120; i++) {
		last = await auditFacts(page, base, big.circle);
		if (last.count >= big.count) return last;
		await page.waitForTimeout(1000);
	}
	return last;
};

/** Waits for the circle page to be interactive; the page's own clock at that moment (ms since navigation). */
const interactiveAt = async (page: Page, name: string): Promise<number> => {
	const handle = await page.waitForFunction(
		(n) => {
			const h1 = document.querySelector('h1');
			const ledger = document.querySelector('.ledger li');
			return h1?.textContent?.trim() === n && ledger ? performance.now() : false;
		},
		name,
		{ polling: 'raf', timeout: 120_000 }
	);
	return (await handle.jsonValue()) as number;
};

let ana: Device;

it('setup (not measured): a phone holding the 20,000-entry circle', async () => {
	ana = await device('ana');
	await measureChannel(ana.context);
	await join(ana.page, 'Ana');
	await waitForServiceWorkerControl(ana.page);
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
	const facts = await settled(ana.page);
	if (facts.count !== big.count) throw new Error(`the circle settled at ${facts.count} of ${big.count}`);
	console.log(`setup: ${big.entries} entries imported, ${facts.count} counted`);
}, 900_000);

/** Records the longest main-thread task (PerformanceObserver 'longtask') on every page of a context. */
const longTaskScript = () => {
	const w = window as unknown as { __longest: number };
	w.__longest = 0;
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
		}).observe({ type: 'longtask', buffered: true });
	} catch {
		/* no long task timing here */
	}
};

/**
 * Start-up offline of the big circle on a cold page (a new tab: the doc is read from IndexedDB,
 * nothing is in memory), CPU throttled `throttle` times: to interactive, the longest main-thread
 * task meanwhile, and y-indexeddb alone loading the same doc on a page where the app does not run.
 */
const startup = async (throttle: number, target: number) => {
	const label = throttle > 1 ? `, CPU throttled ${throttle}x` : '';
	await ana.goOffline();
	const runs: number[] = [];
	const tasks: number[] = [];
	const bare: number[] = [];
	let entries = 0;
	const syncMs: number[] = [];
	let bytes = 0;
	for (let r = 0; r < RUNS; r++) {
		const page = await ana.context.newPage();
		await page.addInitScript(longTaskScript);
		const cdp = await ana.context.newCDPSession(page);
		if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
		const profile = PROFILE && r === 0 ? await startProfile(page) : null;
		await page.goto(`${base}/circle/${big.circle}`);
		runs.push(await interactiveAt(page, big.name));
		if (profile) await profile.stop(throttle > 1 ? `startup-throttled-${throttle}x` : 'startup');
		// Long tasks are reported after they end: give the observer a moment.
		await page.waitForTimeout(300);
		tasks.push(await longest(page));
		await page.close();

		// The same doc, read by y-indexeddb alone, on a page of the same origin where the app does not run.
		const plain = await ana.context.newPage();
		await plain.goto(`${base}/manifest.webmanifest`);
		await plain.addScriptTag({ content: baselineScript });
		const pcdp = await ana.context.newCDPSession(plain);
		if (throttle > 1) await pcdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
		const b = await plain.evaluate(
			(name) =>
				(
					window as unknown as {
						YjsBaseline: {
							loadDoc(n: string): Promise<{ ms: number; entries: number; syncMs: number; bytes: number }>;
						};
					}
				).YjsBaseline.loadDoc(name),
			`circulate-circle-${big.circle}`
		);
		bare.push(b.ms);
		syncMs.push(b.syncMs);
		entries = b.entries;
		bytes = b.bytes;
		await plain.close();
	}
	await ana.goOnline();
	if (entries < big.entries) throw new Error(`the bare load read ${entries} of ${big.entries} entries`);
	const t = best(runs);
	report(
		`start-up offline, ${big.entries} entries, to interactive${label}`,
		ms(t),
		`< ${target} ms`,
		t < target,
		`median ${ms(median(runs))}; y-indexeddb alone${label} ${ms(best(bare))}, ratio ${(t / best(bare)).toFixed(2)}x`
	);
	const long = median(tasks);
	report(
		`  longest main-thread task during it${label}`,
		ms(long),
		'< 200 ms',
		long < 200,
		`median of ${tasks.length}; runs ${tasks.map(ms).join(', ')} (PerformanceObserver longtask)`
	);
	if (throttle === 1) startupBaseline = { syncMs: best(syncMs), bytes };
};

it('start-up offline of a circle of 20,000 entries, to interactive', () => startup(1, 1200), 900_000);

it('start-up offline of a circle of 20,000 entries, CPU throttled 4x', () => startup(4, 4000), 900_000);

let startupBaseline: { syncMs: number; bytes: number } | null = null;

/** Records the longest main-thread task (PerformanceObserver 'longtask') since the last reset. */
const watchLongTasks = (context: BrowserContext) => context.addInitScript(longTaskScript);
const longest = (p: Page) => p.evaluate(() => (window as unknown as { __longest: number }).__longest);

/** A bare Yjs whole-state sync of Ana's saved doc over a data channel, on a page of her origin. */
const bareChannelSync = async (throttle: number) => {
	const plain = await ana.context.newPage();
	await plain.goto(`${base}/manifest.webmanifest`);
	await plain.addScriptTag({ content: baselineScript });
	const cdp = await ana.context.newCDPSession(plain);
	if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
	const r = await plain.evaluate(
		(name) =>
			(
				window as unknown as {
					YjsBaseline: { channelSync(n: string): Promise<{ ms: number; entries: number; bytes: number }> };
				}
			).YjsBaseline.channelSync(name),
		`circulate-circle-${big.circle}`
	);
	await plain.close();
	return r;
};

/**
 * The first sync of the big circle to a new phone by QR pairing, both phones' CPUs throttled
 * `throttle` times (CDP Emulation.setCPUThrottlingRate): until the new phone says it is in sync
 * (which it says once every entry that came is checked and shown), the longest main-thread task
 * on either phone meanwhile, and a bare Yjs sync of the same doc over a data channel beside it.
 */
const firstSync = async (person: string, throttle: number, target: number) => {
	const label = throttle > 1 ? `, CPU throttled ${throttle}x` : '';
	if (!hasRoutableInterface()) {
		rows.push(
			`skip first sync${label}: WebRTC needs the network namespace (bash tests/e2e/support/netns-run.sh ...)`
		);
		return;
	}
	const ben = await device(person);
	await measureChannel(ben.context);
	await watchLongTasks(ben.context);
	await watchLongTasks(ana.context);
	await join(ben.page, person);
	const a = ana.page;
	const b = ben.page;
	await a.goto(`${base}/circle/${big.circle}/sync`);
	await b.goto(`${base}/circle/${big.circle}/sync`);
	for (const p of [a, b]) {
		const cdp = await p.context().newCDPSession(p);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
	}
	await a.getByRole('button', { name: 'Show a code to start' }).click();
	const offerBox = a.getByLabel('Offer code', { exact: true });
	await offerBox.waitFor({ timeout: 60_000 });
	const offer = await offerBox.inputValue();
	await b.getByRole('button', { name: 'Scan the other phone’s code' }).click();
	await b.getByLabel('Or paste the other phone’s offer code', { exact: true }).fill(offer);
	await b.getByRole('button', { name: 'Use this code' }).click();
	const answerBox = b.getByLabel('Answer code', { exact: true });
	await answerBox.waitFor({ timeout: 60_000 });
	const answer = await answerBox.inputValue();
	await a.getByLabel('Or paste the other phone’s answer code', { exact: true }).fill(answer);
	// The clock starts when the second code is in: from here on it is the phones' work.
	const profiles = PROFILE ? await Promise.all([startProfile(a), startProfile(b)]) : [];
	await Promise.all(
		[a, b].map((p) => p.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0)))
	);
	const t0 = Date.now();
	await a.getByRole('button', { name: 'Use this code' }).click();
	const end = async (p: Page) => {
		const status = p.getByRole('status').filter({ hasText: /in sync —|failed|closed|could not/ });
		await status.first().waitFor({ timeout: 600_000 });
		return { text: (await status.first().innerText()).trim(), at: Date.now() };
	};
	const [ea, eb] = await Promise.all([end(a), end(b)]);
	const shown = eb.at - t0;
	const transfer = Math.max(ea.at, eb.at) - t0;
	const [longA, longB] = await Promise.all([longest(a), longest(b)]);
	if (profiles.length) {
		const tag = throttle > 1 ? `-throttled-${throttle}x` : '';
		await profiles[0]!.stop(`sync-sender${tag}`);
		await profiles[1]!.stop(`sync-receiver${tag}`);
	}
	for (const p of [a, b]) {
		const cdp = await p.context().newCDPSession(p);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	}
	if (!/in sync —/.test(eb.text)) throw new Error(`the new phone says: ${eb.text}`);
	const facts = await settled(b);
	const maxMessage = Math.max(
		...(await Promise.all(
			[a, b].map((p) => p.evaluate(() => (window as unknown as { __maxDc: number }).__maxDc))
		))
	);
	const complete = facts.count === big.count && facts.head === big.head;
	const bare = await bareChannelSync(throttle);
	report(
		`first sync of ${big.entries} entries (QR)${label}`,
		ms(shown),
		`< ${target} ms`,
		shown < target && complete,
		`until the new phone shows every entry; ${complete ? 'complete' : `INCOMPLETE ${facts.count}/${big.count}`}; both done ${ms(transfer)}; largest message ${maxMessage} B; bare Yjs whole-state sync over a data channel${label} ${ms(bare.ms)} (${(bare.bytes / 1024).toFixed(0)} KiB, ratio ${(shown / bare.ms).toFixed(1)}x)` +
			(startupBaseline && throttle === 1 ? `; in memory ${ms(startupBaseline.syncMs)}` : '')
	);
	const long = Math.max(longA, longB);
	report(
		`  longest main-thread task during it${label}`,
		ms(long),
		'< 200 ms',
		long < 200,
		`sender ${ms(longA)}, new phone ${ms(longB)} (PerformanceObserver longtask)`
	);
};

it('first sync of 20,000 entries to a new phone by QR pairing', () => firstSync('ben', 1, 5000), 900_000);

it(
	'first sync of 20,000 entries by QR pairing, CPU throttled 4x',
	() => firstSync('cai', 4, 15000),
	1_200_000
);

it('prints the report', () => {
	console.log(['', 'Circulate browser benchmarks (DESIGN.md §7)', ...rows, ''].join('\n'));
});
