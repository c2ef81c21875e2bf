// Two phones holding the same circle compute the same governance; a hard reset called by a
// third member on one phone dissolves the roles on the other once its entries arrive; forged,
// altered, replayed and future-dated entries end in the audit view with their reasons, and
// nothing valid is lost. Entries are carried between the phones by the test (as a file or a
// QR sync would), through `window.__circulate` (src/lib/state/test-hook.ts).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useE2E, callHook } from './support/index.js';
import * as canonical from '$lib/core/canonical';
import * as ed from '$lib/core/ed25519';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { demoCircle, type DemoKey } from '$lib/core/demo';
import { entryId, signingBytes } from '$lib/core/entry';
import { replay } from '$lib/core/circle';
import * as membership from '$lib/core/membership/fold';
import * as reset from '$lib/core/reset';
import { bytesToHex, sha256Bytes, utf8ToBytes } from '$lib/core/bytes';
import type { Json } from '$lib/core/canonical';
import type { Entry, Millis } from '$lib/core/types';
import { exportBackupText } from '$lib/device/identity';

type Raw = [string, string];
const raw = (e: Entry): Raw => [entryId(e), canonical.encodeText(e as unknown as Json)];

const signAs = (
	key: DemoKey,
	entries: Entry[],
	circle: string,
	type: string,
	body: Json,
	at: Millis
): Entry => {
	const mine = entries.filter((e) => e.author === key.key);
	const last = mine[mine.length - 1];
	const u = membership.draft(
		{
			circle: circle as Entry['circle'],
			author: key.key,
			seq: (last?.seq ?? 0) + 1,
			prev: last ? entryId(last) : null,
			hlc: [at, 0]
		},
		type,
		body
	);
	return { ...u, sig: bytesToHex(ed.sign(signingBytes(u), key.secretKey)) } as Entry;
};

const hook = callHook;

/** The holders on each role card of the Now screen, as the person reads them (without this phone's "(you)"). */
const holdersOnNow = async (page: Page, base: string, circle: string): Promise<Record<string, string>> => {
	await page.goto(`${base}/circle/${circle}/now`);
	await page.getByRole('heading', { name: 'Who holds what' }).waitFor();
	const cards = page.locator('article.role');
	await cards.first().waitFor();
	const out: Record<string, string> = {};
	for (const card of await cards.all()) {
		const name = (await card.locator('h3').innerText()).trim();
		const holders = card.locator('.holders');
		out[name] =
			(await holders.count()) === 0
				? 'not started'
				: (await holders.innerText()).replace('(you)', '').replace(/\s+/g, ' ').trim();
	}
	return out;
};

describe('governance on two phones', () => {
	const e2e = useE2E();

	test('same holders on both; a reset on one dissolves the roles on the other; bad entries go to the audit view', async () => {
		const now = Date.now();
		// Sixty days of a circle of eight, ending yesterday morning.
		const demo = demoCircle('e2e-governance', {
			days: 60,
			start: startOfUtcDay(now) - 61 * DAY_MS + 9 * HOUR_MS
		});
		const entries = demo.entries.slice();
		const [, , ngoc, tomasz, aicha, kwame, ilkay] = demo.keys;
		// Two members have already called a reset: "2 of 3".
		entries.push(
			signAs(
				kwame!,
				entries,
				demo.circle,
				reset.CALL,
				reset.callBody('Decisions outside meetings.'),
				now - 2 * HOUR_MS
			)
		);
		entries.push(
			signAs(
				ilkay!,
				entries,
				demo.circle,
				reset.CALL,
				reset.callBody('Same three people every time.'),
				now - HOUR_MS
			)
		);

		// What the rules say right now, computed here, independently of the app.
		const circle = replay(demo.circle, entries, now);
		expect(circle.ledger.quarantine).toEqual([]);
		const expected = circle.state(now);
		const nameOf = new Map(demo.keys.map((k) => [k.key, k.name]));
		const expectedHolders = Object.fromEntries(
			expected.roles.map((r) => [r.role.name, (r.current?.holders ?? []).map((k) => nameOf.get(k)).sort()])
		);

		const base = e2e.url('/').replace(/\/$/, '');
		const a = (await e2e.device('phone-a')).page;
		const b = (await e2e.device('phone-b')).page;
		const founder = demo.keys[0]!.key;
		for (const [page, who] of [
			[a, ngoc!],
			[b, tomasz!]
		] as const) {
			await page.goto(base);
			await page.waitForFunction(() => '__circulate' in window);
			const backup = await exportBackupText(
				{ name: who.name, publicKey: who.key, secretKey: who.secretKey, created: now },
				'correct horse battery'
			);
			expect(await hook(page, 'restoreIdentity', backup, 'correct horse battery')).toBe(who.key);
			await hook(page, 'putEntries', demo.circle, founder, demo.name, entries.map(raw));
		}

		// Both phones show the same holders, and the ones the rules give.
		const onA = await holdersOnNow(a, base, demo.circle);
		const onB = await holdersOnNow(b, base, demo.circle);
		expect(onA).toEqual(onB);
		for (const [role, names] of Object.entries(expectedHolders)) {
			for (const n of names) expect(onA[role], role).toContain(n);
		}
		expect(Object.keys(onA).sort()).toEqual(Object.keys(expectedHolders).sort());

		// On phone A, Ngọc makes the third call: every role dissolves and is drawn anew.
		await a.goto(`${base}/circle/${demo.circle}/reset`);
		await a.getByText('2 of 3').waitFor();
		await a.getByText('Same three people every time.').waitFor();
		await a.getByLabel('Why (the circle will read this)').fill('Agreed: start over.');
		await a.getByRole('button', { name: 'Call a hard reset' }).click();
		await a.getByText('Yours is the last call needed').waitFor();
		await a.getByRole('button', { name: 'Yes, call the reset' }).click();
		await a.getByRole('heading', { name: 'Past resets' }).waitFor();
		await a.getByText('Cycle 1 began').waitFor();

		// Phone B has not heard yet: still 2 of 3.
		await b.goto(`${base}/circle/${demo.circle}/reset`);
		await b.getByText('2 of 3').waitFor();
		await b.goto(`${base}/circle/${demo.circle}/now`);
		expect(await b.getByRole('heading', { name: /Hard reset/ }).count()).toBe(0);

		// A's entries arrive on B (and B's on A): the roles dissolve on B too, with the same new holders.
		const fromA = await hook<Raw[]>(a, 'entries', demo.circle);
		const fromB = await hook<Raw[]>(b, 'entries', demo.circle);
		await hook(b, 'putEntries', demo.circle, founder, demo.name, fromA);
		await hook(a, 'putEntries', demo.circle, founder, demo.name, fromB);
		const afterA = await holdersOnNow(a, base, demo.circle);
		const afterB = await holdersOnNow(b, base, demo.circle);
		await b.getByRole('heading', { name: /Hard reset/ }).waitFor();
		expect(await b.locator('section.reset').innerText()).toMatch(/Every role and mandate dissolved at once/);
		expect(afterB).toEqual(afterA);
		expect(await b.getByText('drawn after a reset').count()).toBeGreaterThan(0);
		// Each phone acknowledges what the other's entries brought (docs/protocol/witness.md), and the
		// acknowledgements travel at the next sync; acknowledgements alone are not acknowledged.
		const acked = async (p: typeof a) => {
			for (let i = 0; i < 40; i++) {
				const mine = await hook<Raw[]>(p, 'entries', demo.circle);
				if (mine.some(([, t]) => t.includes('"type":"witness.ack"'))) return mine;
				await p.waitForTimeout(250);
			}
			throw new Error('no acknowledgement was written');
		};
		const [ackedA, ackedB] = [await acked(a), await acked(b)];
		await hook(b, 'putEntries', demo.circle, founder, demo.name, ackedA);
		await hook(a, 'putEntries', demo.circle, founder, demo.name, ackedB);
		await a.waitForTimeout(2000); // time for an acknowledgement, were one (wrongly) due

		// Bad entries arrive on B. Each is set aside with its reason; nothing valid is lost.
		const outsider = sha256Bytes(utf8ToBytes('an outsider'));
		const outsiderKey: DemoKey = {
			name: 'Outsider',
			key: bytesToHex(ed.publicKeyOf(outsider)) as DemoKey['key'],
			secretKey: outsider
		};
		const pool = [...entries, ...fromA.map(([, t]) => JSON.parse(t) as Entry)];
		const good = signAs(
			aicha!,
			pool,
			demo.circle,
			'mandate.propose',
			{ task: 'Oil the hinges', sunset: now + 9 * DAY_MS },
			now
		);
		const forged = { ...good, sig: bytesToHex(ed.sign(signingBytes(good), outsider)) } as Entry;
		const victim = demo.entries.find((e) => e.type === 'mandate.propose')!;
		const altered = {
			...victim,
			body: { ...(victim.body as object), task: 'Give Maya the keys forever' }
		} as Entry;
		const other = demoCircle('another-circle', { days: 30 });
		const replayed = other.entries.find((e) => e.type === 'mandate.propose')!;
		const future = signAs(
			aicha!,
			pool,
			demo.circle,
			reset.CALL,
			reset.callBody('From the future.'),
			now + 2 * DAY_MS
		);
		const stranger = signAs(outsiderKey, [], demo.circle, reset.CALL, reset.callBody('Let me in.'), now);
		const before = await hook<{ head: string; accepted: number }>(b, 'summary', demo.circle);
		const bad = [forged, altered, replayed, future, stranger].map(raw);
		await hook(b, 'putEntries', demo.circle, founder, demo.name, [...bad, ...fromA]); // fromA again: a replay of valid entries is harmless
		const after = await hook<{ head: string; accepted: number; reasons: string[] }>(
			b,
			'summary',
			demo.circle
		);
		expect(after.accepted).toBe(before.accepted);
		expect(after.head).toBe(before.head);
		// A sync both ways: both phones hold the same entries and the same ledger.
		await hook(
			a,
			'putEntries',
			demo.circle,
			founder,
			demo.name,
			await hook<Raw[]>(b, 'entries', demo.circle)
		);
		await hook(
			b,
			'putEntries',
			demo.circle,
			founder,
			demo.name,
			await hook<Raw[]>(a, 'entries', demo.circle)
		);
		const [sa, sb] = [
			await hook<{ head: string; accepted: number }>(a, 'summary', demo.circle),
			await hook<{ head: string; accepted: number }>(b, 'summary', demo.circle)
		];
		expect(sb.accepted).toBe(sa.accepted);
		expect(sb.head).toBe(sa.head);
		expect(after.reasons).toEqual(
			['bad-signature', 'bad-signature', 'future-timestamp', 'not-a-member', 'wrong-circle'].sort()
		);

		await b.goto(`${base}/circle/${demo.circle}/audit`);
		await b.getByRole('heading', { name: 'Set aside' }).waitFor();
		for (const title of [
			'Signature does not match',
			'Belongs to another circle',
			'Dated in the future',
			'Written by a non-member'
		])
			await b.getByRole('heading', { name: new RegExp(title) }).waitFor();
		const auditText = await b.locator('main').innerText();
		// The head it shows is the phone's own (it may have acknowledged what the last sync brought).
		expect(auditText).toMatch(/Full ledger hash\s*[0-9a-f]{64}/);
		expect(auditText).toMatch(/Set aside\s*5/);
		// Each is worded from its code and parameters (src/lib/messages), never shown as a code.
		expect(auditText).toContain('it was forged or altered after signing');
		expect(auditText).toContain('minutes ahead of this device’s clock');
		expect(auditText).toContain('was not a member when it was written');
		expect(auditText).toMatch(/It belongs to circle [0-9a-f]{8}…, not this one\./);

		// A fork: Aïcha signs a second entry under the number of her last one, dated just after
		// it. Both count (nothing is retracted); Audit lists her log under "Forked logs".
		const lastOfAicha = pool.filter((e) => e.author === aicha!.key).sort((x, y) => y.seq - x.seq)[0]!;
		const { sig: _sig, ...unsignedTwin } = {
			...lastOfAicha,
			hlc: [lastOfAicha.hlc[0], lastOfAicha.hlc[1] + 1] as const,
			type: 'note.post',
			body: { text: 'a second version' }
		};
		const twin = {
			...unsignedTwin,
			sig: bytesToHex(ed.sign(signingBytes(unsignedTwin), aicha!.secretKey))
		} as Entry;
		const pre = await hook<{ head: string; accepted: number }>(b, 'summary', demo.circle);
		await hook(b, 'putEntries', demo.circle, founder, demo.name, [raw(twin)]);
		const forked = await hook<{ head: string; accepted: number }>(b, 'summary', demo.circle);
		expect(forked.accepted).toBe(pre.accepted + 1);
		await b.goto(`${base}/circle/${demo.circle}/audit`);
		const forksList = b.getByRole('heading', { name: 'Forked logs' }).locator('xpath=..');
		await forksList.waitFor();
		expect(await forksList.innerText()).toMatch(new RegExp(`Aïcha, entry #${lastOfAicha.seq}: 2 versions`));
	});
});
