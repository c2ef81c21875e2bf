// Pair audits and the mentorship inversion (issue 10, items 4 and 5), with every phone's clock
// pinned: five members join an hour apart; a quarter later the rotation's audit pair interviews
// the others on their own phones by tapping names (answers kept in that phone's storage only),
// one auditor proposes the aggregate, the other previews its map and co-signs; a third phone shows
// the map with the named clique and brokers, its table twin, and the listening timer. No interview
// answer is in any entry. Then the newest member logs a mentorship session with the most senior and
// reflects; the senior's phone shows both. axe light and dark; screenshots for the README.
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHook, expectAccessible, screenshot, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit } from './sync-helpers';

const e2e = useE2E();
const CIRCLE = 'Elm St Tools';
const TIMEOUT = 60_000;
const NAMES = ['Maya', 'Ravi', 'Ilse', 'Kwame', 'Ada'];
/** The circle as the interviews describe it: Maya, Ravi and Ilse turn to each other; Ilse and Kwame link it to Ada. */
const TIES: [string, string][] = [
	['Maya', 'Ravi'],
	['Maya', 'Ilse'],
	['Ravi', 'Ilse'],
	['Ilse', 'Kwame'],
	['Kwame', 'Ada']
];

/** Carries every entry `from` holds to `to` (what a sync does). */
const carry = async (from: Page, to: Page, circle: string) => {
	const raw = await callHook<[string, string][]>(from, 'entries', circle);
	const founder = raw
		.map(([, text]) => JSON.parse(text) as { type: string; author: string })
		.find((e) => e.type === 'circle.genesis')!.author;
	await callHook(to, 'putEntries', circle, founder, CIRCLE, raw);
};
const syncAll = async (pages: Page[], circle: string) => {
	for (const p of pages.slice(1)) await carry(p, pages[0]!, circle);
	for (const p of pages.slice(1)) await carry(pages[0]!, p, circle);
};
const keep = (shot: string, name: string) => {
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(shot, `docs/screenshots/${name}.png`);
};
/** Switches to dark and waits until a button's colours have finished their transition. */
const dark = async (page: Page, button: string) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await expect
		.poll(
			() => page.getByRole('button', { name: button }).evaluate((b) => getComputedStyle(b).backgroundColor),
			{
				timeout: TIMEOUT
			}
		)
		.not.toBe('rgb(47, 107, 79)');
	let last = '';
	await expect
		.poll(
			async () => {
				const now = await page
					.getByRole('button', { name: button })
					.evaluate((b) => getComputedStyle(b).backgroundColor);
				const same = now === last;
				last = now;
				return same;
			},
			{ timeout: TIMEOUT, interval: 400 }
		)
		.toBe(true);
};
/** Waits until the page's main content reads `text` (however it is split into elements). */
const reads = (page: Page, text: string) =>
	expect.poll(() => page.locator('main').innerText(), { timeout: TIMEOUT }).toContain(text);
const setClock = async (pages: Page[], at: Date) => {
	for (const p of pages) await p.clock.setFixedTime(at);
};

describe('pair audits and the mentorship inversion', () => {
	it(
		'two auditor phones interview and co-sign; a third shows the map; a mentorship session and reflection',
		{ timeout: 600_000 },
		async () => {
			const base = e2e.url('/').replace(/\/$/, '');
			const start = Date.parse('2026-03-04T09:00:00Z');
			const pages: Page[] = [];
			for (const n of NAMES) {
				const page = (await e2e.device(`audit-${n.toLowerCase()}`)).page;
				await page.clock.setFixedTime(new Date(start));
				pages.push(page);
			}
			const byName = new Map(NAMES.map((n, i) => [n, pages[i]!]));
			const [maya] = pages as [Page];
			const circle = await foundCircle(maya, base, 'Maya', CIRCLE);
			for (const [i, n] of NAMES.slice(1).entries()) {
				// Each joins an hour after the one before: the join order is the seniority order.
				await setClock(pages, new Date(start + (i + 1) * 3_600_000));
				await inviteAndAdmit(maya, byName.get(n)!, base, circle, n);
				await carry(maya, byName.get(n)!, circle);
				// Every phone in the circle so far has every entry, as phones that meet often do.
				await syncAll(pages.slice(0, i + 2), circle);
			}
			// Another round carries the acknowledgements back: an admission takes effect when another
			// member's phone has it (docs/protocol/witness.md); one nobody witnessed before the quarter
			// turns would be judged then, with its join request long expired.
			type Raw = {
				type: string;
				author: string;
				hlc: [number, number];
				body: { name?: string; member?: string };
			};
			const witnessed = async (p: Page, by: string, name: string) => {
				const es = (await callHook<[string, string][]>(p, 'entries', circle)).map(
					([, t]) => JSON.parse(t) as Raw
				);
				const admit = (n: string) => es.find((e) => e.type === 'member.admit' && e.body.name === n);
				const adm = admit(name);
				const me = admit(by)?.body.member;
				return (
					!!adm &&
					es.some(
						(e) =>
							e.type === 'witness.ack' &&
							e.author === me &&
							(e.hlc[0] > adm.hlc[0] || (e.hlc[0] === adm.hlc[0] && e.hlc[1] > adm.hlc[1]))
					)
				);
			};
			await expect.poll(() => witnessed(byName.get('Ravi')!, 'Ravi', 'Ada'), { timeout: TIMEOUT }).toBe(true);
			await syncAll(pages, circle);

			// A quarter later, in the audit pair's second term: the rotation drew two of the five.
			await setClock(pages, new Date(start + 100 * 86_400_000));
			await maya.goto(`${base}/circle/${circle}/pair-audit`);
			const line = maya.getByText(/^This quarter’s pair:/);
			await line.waitFor({ timeout: TIMEOUT });
			const pairText = await line.locator('strong').innerText();
			const auditors = NAMES.filter((n) => pairText.includes(n));
			expect(auditors).toHaveLength(2);
			const [first, second] = auditors as [string, string];
			const third = NAMES.find((n) => !auditors.includes(n))!;
			const [pa, pb, pc] = [byName.get(first)!, byName.get(second)!, byName.get(third)!];

			// The first auditor interviews everyone else: each names whom they are tied to.
			await pa.goto(`${base}/circle/${circle}/pair-audit`);
			await pa.getByRole('heading', { name: /^Your interviews/ }).waitFor({ timeout: TIMEOUT });
			// The roster is preloaded: every other member, once the phone has read the whole circle.
			await expect
				.poll(() => pa.getByRole('button', { name: /^Interview / }).count(), { timeout: TIMEOUT })
				.toBe(4);
			for (const who of NAMES.filter((n) => n !== first)) {
				await pa.getByRole('button', { name: `Interview ${who}`, exact: true }).click();
				const form = pa.getByRole('group', { name: `Interview with ${who}` });
				const work = form.getByRole('group', { name: `Whom does ${who} turn to for circle work?` });
				for (const [a, b] of TIES) {
					const other = a === who ? b : b === who ? a : null;
					if (other) await work.getByRole('checkbox', { name: other }).check();
				}
				if (who === 'Ada')
					await form
						.getByRole('group', { name: 'Whom does Ada rarely hear from?' })
						.getByRole('checkbox', { name: 'Ravi' })
						.check();
				if (who === NAMES.find((n) => n !== first)) await expectAccessible(pa, 'pair audit (an interview)');
				await pa.getByRole('button', { name: `Keep ${who}’s answers on this phone` }).click();
			}
			// The answers are on this phone only, in its own storage.
			const stored = await pa.evaluate(() =>
				Object.keys(localStorage).filter((k) => k.startsWith('circulate.pairaudit.'))
			);
			expect(stored).toHaveLength(1);
			await pa.getByRole('button', { name: 'Propose the ties' }).click();
			// Proposed: the button gives way to the line saying whom it waits for.
			await pa
				.getByRole('button', { name: 'Propose the ties' })
				.waitFor({ state: 'detached', timeout: TIMEOUT });
			expect(await pa.locator('p.flag').allInnerTexts()).toContainEqual(
				expect.stringMatching(/ties from 4 interviews\) waits for/)
			);

			// The second auditor sees the proposal, its map, and co-signs it.
			await carry(pa, pb, circle);
			await pb.goto(`${base}/circle/${circle}/pair-audit`);
			await pb.getByRole('button', { name: 'Co-sign these ties' }).waitFor({ timeout: TIMEOUT });
			expect(await pb.locator('main').innerText()).toContain(`${first} proposes ties from 4 interviews`);
			await pb.getByRole('button', { name: 'Co-sign these ties' }).click();
			await pb.getByText(/^This quarter’s audit counts/).waitFor({ timeout: TIMEOUT });

			// A third phone receives both signatures and draws the same map.
			await carry(pb, pc, circle);
			await carry(pb, pa, circle);
			await pc.goto(`${base}/circle/${circle}/pair-audit`);
			await pc.getByText(/^This quarter’s audit counts/).waitFor({ timeout: TIMEOUT });
			const facts = pc.locator('dl.facts').last();
			const cliques = await facts.locator('dt:has-text("Cliques") + dd').innerText();
			for (const n of ['Maya', 'Ravi', 'Ilse']) expect(cliques).toContain(n);
			expect(cliques).not.toContain('Kwame');
			const brokers = await facts.locator('dt:has-text("Brokers") + dd').innerText();
			expect(brokers).toContain('Ilse');
			expect(brokers).toContain('Kwame');
			expect(brokers).not.toContain('Maya');
			await expect
				.poll(() => pc.getByRole('img', { name: /^Network map: 5 members, 5 ties/ }).count(), {
					timeout: TIMEOUT
				})
				.toBe(1);
			const row = pc.getByRole('row', { name: /^Ravi/ });
			expect(await row.innerText()).toMatch(/Ravi\s+2\s+/);
			// Nothing an interviewee said is in any entry: only the aggregate.
			const raw = await callHook<[string, string][]>(pc, 'entries', circle);
			const bodies = raw.map(([, text]) => JSON.parse(text) as { type: string; body: unknown });
			expect(bodies.filter((e) => e.type === 'pairaudit.ties')).toHaveLength(1);
			for (const e of bodies) {
				const text = JSON.stringify(e.body);
				expect(text).not.toMatch(/"(work|outside|rarely)"/);
			}

			// The presentation: the others listen until the shared silence passes.
			await pc.getByRole('button', { name: 'Start the silence' }).click();
			await pc.getByText('Counting the silence…').waitFor({ timeout: TIMEOUT });
			await pc.getByRole('button', { name: 'Someone spoke: start the silence again' }).click();
			await pc.getByRole('button', { name: 'Stop' }).click();

			await pc
				.getByRole('heading', { name: 'The circle’s network' })
				.evaluate((h) => h.scrollIntoView({ block: 'start' }));
			await pc.evaluate(() => window.scrollBy(0, -80));
			await expectAccessible(pc, 'pair audit (the map)');
			keep(await screenshot(pc, 'phone-pair-audit-map'), 'phone-pair-audit-map');
			await dark(pc, 'Start the silence');
			await pc
				.getByRole('heading', { name: 'The circle’s network' })
				.evaluate((h) => h.scrollIntoView({ block: 'start' }));
			await pc.evaluate(() => window.scrollBy(0, -80));
			await expectAccessible(pc, 'pair audit (the map, dark)');
			keep(await screenshot(pc, 'phone-pair-audit-map-dark'), 'phone-pair-audit-map-dark');
			await pc.emulateMedia({ colorScheme: 'light' });

			// The mentorship inversion: Ada (newest) teaches Maya (most senior), Kwame teaches Ravi.
			await syncAll(pages, circle);
			const ada = byName.get('Ada')!;
			await ada.goto(`${base}/circle/${circle}/mentorship`);
			await reads(ada, 'Ada teaches Maya');
			await reads(ada, 'Kwame teaches Ravi');
			await ada.getByLabel('What was taught').fill('Patching a bike tyre');
			await ada.getByRole('button', { name: 'Log the session' }).click();
			await ada.getByRole('radio', { name: 'Yes' }).check();
			await ada.getByLabel('A note (optional)').fill('Maya asked the best questions');
			await ada.getByRole('button', { name: 'Sign my reflection' }).click();
			await reads(ada, 'Ada would do it again: “Maya asked the best questions”');
			await expectAccessible(ada, 'mentorship');
			await dark(ada, 'Log the session');
			await ada.evaluate(() => window.scrollTo(0, 0));
			await expectAccessible(ada, 'mentorship (dark)');
			keep(await screenshot(ada, 'phone-mentorship-dark'), 'phone-mentorship-dark');
			await ada.emulateMedia({ colorScheme: 'light' });
			await ada.evaluate(() => window.scrollTo(0, 0));
			keep(await screenshot(ada, 'phone-mentorship'), 'phone-mentorship');

			await carry(ada, maya, circle);
			await maya.goto(`${base}/circle/${circle}/mentorship`);
			const sessions = maya.getByRole('list', { name: 'Sessions of Ada and Maya' });
			await expect.poll(() => sessions.innerText(), { timeout: TIMEOUT }).toContain('Patching a bike tyre');
			await reads(maya, 'Ada would do it again: “Maya asked the best questions”');
		}
	);
});
