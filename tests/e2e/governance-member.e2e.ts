// A member's phone uses every governance action of issue 3 through the screens: step down
// (and see the handoff celebrated), declare an absence, propose a bench and support another's,
// propose a mandate (for consent; never held by its proposer), draft and propose a charter version, run a dice
// ceremony, call a reset. Every
// write is a signed entry the rules accept (the audit view lists none without effect), and
// the open forms pass axe.
import { describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, useE2E, callHook } from './support/index.js';
import { arrivesFrom, holdDemoAs } from './demo-member';
import * as canonical from '$lib/core/canonical';
import type { Json } from '$lib/core/canonical';
import { DAY_MS, HOUR_MS, startOfUtcDay } from '$lib/core/calendar';
import { demoCircle } from '$lib/core/demo';
import { decodeEntry, entryId, signEntry } from '$lib/core/entry';
import { replay } from '$lib/core/circle';
import { secondRemoval } from '$lib/core/membership/fold';
import { BENCH, BENCH_SECOND, benchBody, benchSecondBody } from '$lib/core/rotation';
import * as ed from '$lib/core/ed25519';
import type { EntryId } from '$lib/core/types';
import * as ceremony from '$lib/core/seeds/ceremony';
import * as seedsDomain from '$lib/core/seeds/domain';

const hook = callHook;

describe('a member acting on the governance screens', () => {
	const e2e = useE2E();

	test('step down, absence, mandate, charter proposal, dice ceremony, reset call', async () => {
		const now = Date.now();
		const demo = demoCircle('e2e-member', {
			days: 45,
			start: startOfUtcDay(now) - 46 * DAY_MS + 9 * HOUR_MS
		});
		const gov = replay(demo.circle, demo.entries, now).state(now);
		const role = gov.roles.find((r) => r.role.id === 'facilitator')!;
		const me = demo.keys.find((k) => k.key === role.current!.holders[0])!;

		const { page } = await e2e.device('member');
		const base = e2e.url('/').replace(/\/$/, '');
		await holdDemoAs(page, base, demo, me);
		const circle = `${base}/circle/${demo.circle}`;

		// Step down, with a note for the wall.
		await page.goto(`${circle}/now`);
		await page.getByRole('heading', { name: 'Your duties' }).waitFor();
		await page.getByText(`You hold ${role.role.name} until`).waitFor();
		await page.getByRole('button', { name: 'Step down' }).first().click();
		await page.getByLabel('A note for the circle (optional)').fill('Thank you, everyone — over to you!');
		await expectAccessible(page, 'now, step-down form open');
		await page.getByRole('button', { name: `Hand over ${role.role.name}` }).click();
		await page.getByText('Handed over. Thank you for your service').waitFor();
		await page.goto(`${circle}/handoffs`);
		await page.getByText('Thank you, everyone — over to you!').waitFor();

		// An absence declared in advance.
		await page.goto(`${circle}/now`);
		await page.getByLabel('Note (optional)').fill('Harvest week');
		await page.getByRole('button', { name: 'Declare my absence' }).click();
		await page.getByText('Recorded. Draws frozen after now leave you out').waitFor();
		await page.getByText(/Away .*Harvest week/).waitFor();

		// A temperature check: someone who keeps holding the floor rotates out of facilitation, once
		// the charter's threshold of members (three) support it: nobody benches anyone alone.
		const loud = demo.keys.find((k) => k.key !== me.key)!;
		await page.getByLabel('Who rotates out').selectOption({ label: loud.name });
		await page.getByLabel('What the check showed').fill('Held the floor in three meetings running');
		await expectAccessible(page, 'now, temperature check filled in');
		await page.getByRole('heading', { name: 'Temperature check' }).scrollIntoViewIfNeeded();
		await page.getByRole('button', { name: 'Propose the bench' }).click();
		await page.getByText(`Proposed. ${loud.name} sits out once enough members support it`).waitFor();
		await page.getByText(/1 of 3 supporters: .* needs 2 more/).waitFor();
		// Another member proposes benching someone else from every role; this phone supports it.
		const others = demo.keys.filter((k) => k.key !== me.key && k.key !== loud.key);
		const [proposer, quiet, backer, backer2] = others;
		const putSigned = (author: (typeof demo.keys)[number], type: string, body: Json) =>
			arrivesFrom(page, demo, author, type, body);
		await putSigned(
			proposer!,
			BENCH,
			benchBody(quiet!.key, null, Date.now() + 20 * DAY_MS, 'Talked over everyone at the harvest meeting')
		);
		await page.getByRole('button', { name: `Support benching ${quiet!.name}` }).click();
		await page.getByText(/2 of 3 supporters: .* needs 1 more/).waitFor();
		await screenshot(page, 'now-temperature-check');
		// Two more members support this phone's proposal from their phones: it takes effect.
		const written = (await hook(page, 'entries', demo.circle)) as [string, string][];
		const mine = written
			.map(([id, text]) => [id, decodeEntry(JSON.parse(text))] as const)
			.find(([, e]) => e.type === BENCH && e.author === me.key)!;
		await putSigned(backer!, BENCH_SECOND, benchSecondBody(mine[0] as EntryId));
		await putSigned(backer2!, BENCH_SECOND, benchSecondBody(mine[0] as EntryId));
		await page
			.getByText(/benched from Facilitator until .*Held the floor in three meetings running/)
			.waitFor();

		// A mandate goes to the circle's consent; whoever proposed it never holds it.
		await page.goto(`${circle}/mandates`);
		await page.getByLabel('The task').fill('Paint the shed door');
		await expectAccessible(page, 'mandates, propose form');
		await page.getByRole('button', { name: 'Propose for consent' }).click();
		const card = page.locator('article.proposal', { hasText: 'Paint the shed door' });
		await card.waitFor();
		expect(await card.innerText()).toContain(`Proposed by ${me.name} (you)`);
		await card.getByText('You proposed it, so you will not hold it').waitFor();
		expect(await card.getByRole('button', { name: 'I’ll hold it' }).count()).toBe(0);
		// Questions and reactions on a mandate, as on a decision (discussion v2): not answers.
		await card.getByLabel('Ask a clarifying question').fill('Which colour?');
		await card.getByRole('button', { name: 'Ask', exact: true }).click();
		await card.getByText('Which colour?').waitFor();

		// A charter version drafted and proposed; the proposer's proposal counts as consent.
		await page.goto(`${circle}/charter`);
		await page.getByRole('button', { name: 'Draft a new version' }).click();
		await page.getByRole('button', { name: 'Start from the version in force' }).click();
		await page.getByLabel('Charter text (shared draft)').fill('We share tools, not power. Recall needs two.');
		await page.getByLabel('Recall needs').fill('2');
		// The draft proposes this phone's own offset; the test keeps the circle on UTC (no change).
		await page.getByLabel('Circle time').selectOption({ label: 'UTC+00:00' });
		await expectAccessible(page, 'charter, draft form');
		await page.getByRole('button', { name: 'Propose this version' }).click();
		const proposal = page.locator('article.proposal', { hasText: `Proposed by ${me.name} (you)` });
		await proposal.waitFor();
		await proposal.getByText('You consented').waitFor();
		await proposal.getByText(/^1 of \d+ answered$/).waitFor();
		await proposal.getByRole('heading', { name: 'What changes' }).waitFor();
		await proposal.locator('.changes li strong', { hasText: /^Recall needs$/ }).waitFor();

		// A dice ceremony: two real dice, rolled and typed into this phone before it commits; other
		// phones at the table commit too, until a close may count enough of them (never one alone).
		await page.getByLabel('Physical dice (optional, digits 1–6)').fill('6616');
		await page.getByRole('button', { name: 'Start a dice ceremony' }).click();
		const close = page.getByRole('button', { name: 'Close the commitments' });
		await close.waitFor();
		expect(await close.isDisabled()).toBe(true);
		const seedEntries = async () =>
			((await hook(page, 'entries', demo.circle)) as [string, string][]).map(
				([id, text]) => [id as EntryId, decodeEntry(JSON.parse(text))] as const
			);
		// This phone's newest commit (the demo's own ceremony, long complete, has commits too).
		const committed = (await seedEntries())
			.filter(([, e]) => e.type === seedsDomain.COMMIT && e.author === me.key)
			.sort(([, a], [, b]) => b.hlc[0] - a.hlc[0])[0]![1];
		const cid = (committed.body as { ceremony: string }).ceremony;
		const seen = replay(
			demo.circle,
			(await seedEntries()).map(([, e]) => e),
			Date.now()
		);
		const members = seen.ledger.state().members;
		const table = demo.keys
			.filter((k) => k.key !== me.key && members.get(k.key)?.until === null)
			.slice(0, seen.state(Date.now()).closeQuorum - 1);
		const tableValues = table.map((_, i) => String(i + 1).repeat(64));
		for (const [i, k] of table.entries())
			await putSigned(k, seedsDomain.COMMIT, ceremony.commitBody(cid, k.key, tableValues[i]!, ''));
		await expectAccessible(page, 'charter, dice ceremony before the close');
		await close.click();
		await page.getByText(/Closed/).waitFor();
		await page.getByRole('button', { name: 'Reveal this phone’s value' }).click();
		await page.getByText('Waiting for every counted phone to reveal.').waitFor();
		const closeId = (await seedEntries()).find(
			([, e]) => e.type === seedsDomain.CLOSE && (e.body as { ceremony: string }).ceremony === cid
		)![0];
		for (const [i, k] of table.entries())
			await putSigned(k, seedsDomain.REVEAL, ceremony.revealBody(cid, closeId, tableValues[i]!, ''));
		await page.getByRole('button', { name: 'Record the new seed' }).click();
		await page.getByText(/from a dice ceremony, .*, dice 6616/).waitFor();

		// A reset call: 1 of 3.
		await page.goto(`${circle}/reset`);
		await page.getByLabel('Why (the circle will read this)').fill('Trying the button.');
		await page.getByRole('button', { name: 'Call a hard reset' }).click();
		await page.getByRole('button', { name: 'Yes, call the reset' }).click();
		await page.getByText('1 of 3').waitFor();
		await page.getByText('You have called a reset.').waitFor();

		// Removal: proposed here, supported by another member whose entry arrives from their phone.
		await page.goto(circle);
		const target = demo.keys.find((k) => k.key !== me.key)!;
		await page.getByRole('button', { name: 'Propose removing a member' }).click();
		await page.getByLabel('Member to remove').selectOption({ label: target.name });
		await page.getByLabel('Why (the circle will read this)').fill('Has not come for a year');
		await expectAccessible(page, 'overview, removal form open');
		await page.getByRole('button', { name: 'Propose removal' }).click();
		await page.getByText('Proposed. It takes effect only when enough members support it.').waitFor();
		await page.getByText(`Remove ${target.name}?`).waitFor();
		await page.getByText(/^\s*1 of \d+ supporters/).waitFor();
		const stored = (await hook(page, 'entries', demo.circle)) as [string, string][];
		const all = stored.map(([, text]) => decodeEntry(JSON.parse(text)));
		const removal = all.find((e) => e.type === 'member.remove.propose')!;
		const supporter = demo.keys.find((k) => k.key !== me.key && k.key !== target.key)!;
		const again = replay(demo.circle, all, Date.now()).ledger;
		const support = await signEntry(
			secondRemoval(again.nextFor(supporter.key, Date.now()), entryId(removal) as EntryId),
			(m) => ed.sign(m, supporter.secretKey)
		);
		await hook(page, 'putEntries', demo.circle, demo.keys[0]!.key, demo.name, [
			[entryId(support), canonical.encodeText(support as unknown as Json)]
		]);
		await page.getByText(/^\s*2 of \d+ supporters/).waitFor();
		await page.getByRole('heading', { name: 'Removing a member' }).scrollIntoViewIfNeeded();
		await screenshot(page, 'overview-removal');

		// Every write had its effect.
		await page.goto(`${circle}/audit`);
		await page.getByRole('heading', { name: 'Counted, but without effect' }).waitFor();
		expect(await page.locator('ul.rejected').count()).toBe(0);
		expect(await page.getByText('Nothing: every entry on this phone checked out.').count()).toBe(1);
	});
});
