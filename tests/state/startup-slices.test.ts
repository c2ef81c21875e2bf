/**
 * Start-up of a long saved history (issue 12, item 3): the session folds it in slices in the
 * total order, telling the screen how far it is, with the circle's name from the first slice and
 * no members until the end (so no duty or intent acts on a history half read); the result is the
 * one fold of the same entries at once.
 */
import { describe, expect, it } from 'vitest';
import { demoCircle } from '$lib/core/demo';
import { MemoryStore } from '$lib/device/store';
import * as circleDoc from '$lib/sync/circle-doc';
import * as verdicts from '$lib/sync/verdicts';
import { CircleSession, type CircleSnapshot } from '$lib/state/circle-session';
import { entryId } from '$lib/core/entry';

const demo = demoCircle('startup-slices', { days: 60 });
const now = demo.end + 60_000;

const open = async (foldSlice: number) => {
	const store = new MemoryStore();
	// This phone verified every entry when it arrived: start-up verifies none again.
	await verdicts.saveVerdicts(
		store,
		demo.circle,
		demo.entries.map((e) => [entryId(e), true] as const)
	);
	const { doc } = circleDoc.openCircleDoc(demo.circle, false);
	for (const e of demo.entries) circleDoc.appendEntry(doc, e);
	const session = new CircleSession(demo.circle, {
		store,
		persistent: false,
		now: () => now,
		onProblem: (err) => {
			throw err;
		},
		foldSlice
	});
	const seen: CircleSnapshot[] = [];
	session.onChange(() => seen.push(session.snapshot));
	await session.settled();
	const final = session.snapshot;
	session.close();
	await circleDoc.closeCircleDoc(demo.circle);
	return { seen, final };
};

describe('opening a long saved history', () => {
	it('folds in slices with progress, the name first, members only at the end, and the same result', async () => {
		const total = demo.entries.length;
		expect(total).toBeGreaterThan(100);
		const sliced = await open(40);
		const reading = sliced.seen.filter((s) => s.reading);
		expect(reading.length).toBe(Math.ceil(total / 40) - 1);
		expect(reading.map((s) => s.reading!.done)).toEqual(reading.map((_, i) => (i + 1) * 40));
		for (const s of reading) {
			expect(s.reading!.total).toBe(total);
			expect(s.loaded).toBe(false);
			expect(s.name).toBe(demo.name);
			expect(s.members).toEqual([]);
			expect(s.entries).toEqual([]);
		}
		expect(sliced.final.loaded).toBe(true);
		expect(sliced.final.reading).toBeNull();

		const whole = await open(Infinity);
		expect(whole.seen.some((s) => s.reading)).toBe(false);
		expect(sliced.final.head).toBe(whole.final.head);
		expect(sliced.final.entries.map((e) => [e.id, e.counts])).toEqual(
			whole.final.entries.map((e) => [e.id, e.counts])
		);
		expect(sliced.final.members).toEqual(whole.final.members);
		expect(sliced.final.quarantine).toEqual(whole.final.quarantine);
		expect(sliced.final.entries).toHaveLength(total);
	});
});
