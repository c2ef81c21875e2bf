// Three phones, each with its own offline edit, sync pairwise by QR in a random order:
// every phone ends with the identical ledger. The order comes from a seed printed on failure.
import { describe, expect, it } from 'vitest';
import { requireRoutableInterface, useE2E } from './support/index.js';
import { foundCircle, inviteAndAdmit, ledgerView, pair, rename } from './sync-helpers';

const e2e = useE2E();

const shuffle = <T>(xs: T[], seed: number): T[] => {
	let x = seed >>> 0 || 1;
	const next = () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
	const out = [...xs];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out.map((p) => (next() < 0.5 ? p : ([...(p as unknown[])].reverse() as T)));
};

// One retry: a failed first attempt on a loaded two-core machine is network timing; two in a row fail.
describe('three phones', { retry: 1 }, () => {
	const seed = Number(process.env.SYNC_SEED ?? Date.now() % 1_000_000);
	it(`random pairwise syncs in random order give identical state (seed ${seed})`, async () => {
		requireRoutableInterface();
		const base = e2e.url('/').replace(/\/$/, '');
		const maya = await e2e.device('maya');
		const ravi = await e2e.device('ravi');
		const sam = await e2e.device('sam');
		const circle = await foundCircle(maya.page, base, 'Maya', 'Elm St Tools');
		await inviteAndAdmit(maya.page, ravi.page, base, circle, 'Ravi');
		await inviteAndAdmit(maya.page, sam.page, base, circle, 'Sam');
		await pair(maya.page, ravi.page, base, circle);
		await pair(maya.page, sam.page, base, circle);
		// each writes while apart
		await rename(maya.page, base, circle, 'Elm St Tools (Maya)');
		await rename(ravi.page, base, circle, 'Elm St Tools (Ravi)');
		await rename(sam.page, base, circle, 'Elm St Tools (Sam)');
		const phones = [maya, ravi, sam];
		const pairs: [number, number][] = [
			[0, 1],
			[1, 2],
			[0, 2]
		];
		const order = [...shuffle(pairs, seed), ...shuffle(pairs, seed + 1)];
		console.log(`seed ${seed}: ${order.map(([a, b]) => `${phones[a]!.name}→${phones[b]!.name}`).join(', ')}`);
		for (const [a, b] of order) await pair(phones[a]!.page, phones[b]!.page, base, circle);
		const views = [];
		for (const p of phones) views.push(await ledgerView(p.page, base, circle));
		expect(views[1], `seed ${seed}`).toEqual(views[0]);
		expect(views[2], `seed ${seed}`).toEqual(views[0]);
		expect(views[0]!.ledger.filter((l) => l.includes('Renamed the circle'))).toHaveLength(3);
		expect(views[0]!.members).toHaveLength(3);
	}, 600_000);
});
