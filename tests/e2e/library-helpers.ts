// A handover both phones confirm (issue 9, item 2), as the e2e stories drive it: the keeper's
// phone opens the item's "Hand over…", sets the days (and how long ago), shows the handover code;
// the borrower's phone scans it — here pasted, as the camera would read it — checks the terms and
// taps "I have it". Returns the code's text.
import type { Page } from 'playwright-core';

export const itemCard = (page: Page, name: string) =>
	page.locator('li.item', { has: page.getByRole('heading', { name }) });

export const showHandoverCode = async (
	keeper: Page,
	item: string,
	opts: { days?: number; minutesAgo?: number } = {}
): Promise<string> => {
	const card = itemCard(keeper, item);
	await card.getByRole('button', { name: 'Hand over…' }).click();
	if (opts.days !== undefined) await card.getByLabel('For (days)').fill(String(opts.days));
	if (opts.minutesAgo !== undefined)
		await card.getByLabel('Handed over (minutes ago)').fill(String(opts.minutesAgo));
	await card.getByRole('button', { name: 'Show the handover code' }).click();
	const svg = card.getByRole('img', { name: `Handover code for ${item}` });
	await svg.waitFor();
	return (await svg.getAttribute('data-code'))!;
};

/** The borrower's phone (on the Library screen) scans `code` by pasting it, and confirms. */
export const scanHandover = async (borrower: Page, code: string): Promise<void> => {
	const box = borrower.getByRole('region', { name: 'Scan a handover' });
	const open = box.getByRole('button', { name: 'Scan the keeper’s code' });
	const paste = box.getByLabel('Or paste the handover code');
	await open.or(paste).first().waitFor();
	if (await open.isVisible()) await open.click();
	await paste.fill(code);
	await box.getByRole('button', { name: 'Use this code' }).click();
	await box.getByRole('button', { name: 'I have it' }).click();
	await box
		.getByRole('status')
		.getByText(/^Recorded: /)
		.waitFor();
};

export const handOver = async (
	keeper: Page,
	borrower: Page,
	item: string,
	opts: { days?: number; minutesAgo?: number } = {}
): Promise<void> => {
	const code = await showHandoverCode(keeper, item, opts);
	await scanHandover(borrower, code);
	await itemCard(keeper, item).getByRole('button', { name: 'Done' }).click();
};
