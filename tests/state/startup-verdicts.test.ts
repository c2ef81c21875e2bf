/**
 * Start-up trusts a remembered verdict only for the bytes it was made for (issue 12, item 3;
 * threat-model.md "Start-up"): a text this phone verified before is parsed, not checked again,
 * once the worker (here: the page, WebCrypto) confirms that it still hashes to its id. The
 * attack: a peer overwrites a verified entry's text in the saved doc (T24, T29) with other text
 * under the same id, here a copy with another body and the original signature, or another
 * entry's text, and the phone opens the circle later. The verdict must not carry over.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as canonical from '$lib/core/canonical';
import { demoCircle, signerFor } from '$lib/core/demo';
import { entryId, signEntry } from '$lib/core/entry';
import type { Entry } from '$lib/core/types';
import { MemoryStore } from '$lib/device/store';
import * as circleDoc from '$lib/sync/circle-doc';
import * as verdicts from '$lib/sync/verdicts';
import { CircleSession } from '$lib/state/circle-session';

// With workers, the fold starts before the hashes are confirmed, and a changed text makes the
// session fold again without it; without, the hashes come first. Both paths are attacked below.
const workers = vi.hoisted(() => ({ on: false }));
vi.mock('$lib/sync/checker', async (original) => ({
	...(await original<typeof import('$lib/sync/checker')>()),
	usesWorker: () => workers.on
}));

const demo = demoCircle('startup-verdicts', { days: 20 });
const now = demo.end + 60_000;

/** A phone that verified every entry of the demo, whose saved doc then had `tamper` done to it. */
const open = async (
	tamper: (map: ReturnType<typeof circleDoc.entriesOf>) => void,
	/** Ids this phone never verified (they arrived since, say). */
	unknown = new Set<string>()
) => {
	const store = new MemoryStore();
	await verdicts.saveVerdicts(
		store,
		demo.circle,
		demo.entries.map((e) => [entryId(e), true] as const).filter(([id]) => !unknown.has(id))
	);
	const { doc } = circleDoc.openCircleDoc(demo.circle, false);
	for (const e of demo.entries) circleDoc.appendEntry(doc, e);
	tamper(circleDoc.entriesOf(doc));
	const session = new CircleSession(demo.circle, {
		store,
		persistent: false,
		now: () => now,
		onProblem: (err) => {
			throw err;
		},
		foldSlice: 50
	});
	await session.settled();
	const snap = session.snapshot;
	const known = await verdicts.loadVerdicts(store, demo.circle);
	session.close();
	await circleDoc.closeCircleDoc(demo.circle);
	return { snap, known };
};

/** A late entry with a text body to change (not the genesis, not someone's admission). */
const victim = [...demo.entries]
	.reverse()
	.find((e) => e.type !== 'circle.genesis' && e.type !== 'member.admit')!;
const victimId = entryId(victim);

describe.each([
	['hashes confirmed first', false],
	['fold overlapping the hashes, then folded again', true]
])('start-up with remembered verdicts (%s)', (_, overlap) => {
	beforeEach(() => {
		workers.on = overlap;
	});

	it('opens an untouched history without verifying again, with every entry', async () => {
		const { snap } = await open(() => {});
		expect(snap.loaded).toBe(true);
		expect(snap.entries.map((e) => e.id)).toContain(victimId);
		expect(snap.quarantine.filter((q) => q.detail === 'stored-unreadable')).toEqual([]);
	});

	it('a verified entry whose stored text was changed to a copy with another body (old signature) is set aside', async () => {
		const forged: Entry = { ...victim, body: { forged: 'by a peer' } };
		const { snap, known } = await open((map) => map.set(victimId, canonical.encodeText(forged)));
		expect(snap.entries.map((e) => e.id)).not.toContain(victimId);
		expect(snap.entries.some((e) => JSON.stringify(e.entry.body).includes('by a peer'))).toBe(false);
		expect(snap.quarantine).toContainEqual(
			expect.objectContaining({ id: victimId, reason: 'malformed', detail: 'stored-unreadable' })
		);
		// The stored verdict stays: it is about the real bytes (whose hash is the id), should they
		// come back, and it never applies to others (each opening checks the hash again).
		expect(known.get(victimId)).toBe(true);
	});

	it("a verified entry's id holding another real entry's text is set aside, the other entry still counts", async () => {
		const other = demo.entries.find((e) => e !== victim && e.type !== 'circle.genesis')!;
		const { snap } = await open((map) => map.set(victimId, canonical.encodeText(other)));
		expect(snap.entries.map((e) => e.id)).not.toContain(victimId);
		expect(snap.entries.map((e) => e.id)).toContain(entryId(other));
		expect(snap.quarantine).toContainEqual(
			expect.objectContaining({ id: victimId, reason: 'malformed', detail: 'stored-unreadable' })
		);
	});

	it('the same text with other white space under a known id is set aside (not canonical)', async () => {
		const { snap } = await open((map) => map.set(victimId, canonical.encodeText(victim).replace('{', '{ ')));
		expect(snap.entries.map((e) => e.id)).not.toContain(victimId);
		expect(snap.quarantine).toContainEqual(
			expect.objectContaining({ id: victimId, detail: 'stored-unreadable' })
		);
	});
});

describe('admissions checked ahead of the fold (WebCrypto verdicts by the whole join request)', () => {
	it("an admission carrying a join request changed after the joiner signed it is refused, though the admitter's signature is good", async () => {
		const admits = demo.entries.filter((e) => e.type === 'member.admit');
		const real = admits[0]!;
		const body = real.body as { member: string; name: string; request: { name: string } };
		const admitter = demo.keys.find((k) => k.key === real.author)!;
		// A modified app: the admitter signs an admission whose request names someone else.
		const { sig: _sig, ...unsigned } = real;
		const forged = await signEntry(
			{ ...unsigned, body: { ...body, name: 'Mallory', request: { ...body.request, name: 'Mallory' } } },
			signerFor(admitter.secretKey)
		);
		const forgedId = entryId(forged);
		const { snap } = await open(
			(map) => {
				map.delete(entryId(real));
				map.set(forgedId, canonical.encodeText(forged));
			},
			new Set([forgedId])
		);
		expect(snap.entries.map((e) => e.id)).not.toContain(forgedId);
		expect(snap.quarantine).toContainEqual(
			expect.objectContaining({ id: forgedId, reason: 'invalid-body', detail: 'request-signature' })
		);
		expect(snap.members.map((m) => m.key)).not.toContain(body.member);
	});
});
