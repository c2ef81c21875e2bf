// The public record a published snapshot shows on /verify: read from the same fold as the
// circle's phones, only after every signature was checked; a forged entry adds nothing to it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditExport } from '$lib/sync/audit';
import { publishCircle } from '$lib/sync/file';
import { appendEntry } from '$lib/sync/circle-doc';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { demoCircle, signerFor } from '$lib/core/demo';
import { entryId, signEntry } from '$lib/core/entry';
import type { Entry } from '$lib/core/types';

const demo = demoCircle('record-test', { days: 200 });
const published = (entries: readonly Entry[]) => {
	const doc = new Y.Doc();
	for (const e of entries) appendEntry(doc, e);
	return publishCircle(doc, { id: demo.circle, name: demo.name }, demo.end).text;
};

describe('the public record of a published snapshot', () => {
	const r = auditExport(published(demo.entries), demo.end);

	it('shows the circle’s decisions, rotations, handoffs and scorecard, newest first', () => {
		expect(r.verified).toBe(true);
		const rec = r.record;
		expect(rec.founded).toBeLessThan(demo.end);
		expect(rec.charter.length).toBeGreaterThan(0);
		expect(rec.charter[0]!.version).toBe(Math.max(...rec.charter.map((c) => c.version)));
		expect(rec.mandates.length).toBeGreaterThan(0);
		expect(rec.terms.length).toBeGreaterThan(10);
		expect(rec.terms.every((t) => t.start <= demo.end)).toBe(true);
		expect(rec.terms[0]!.start).toBeGreaterThanOrEqual(rec.terms.at(-1)!.start);
		// every sealed draw recomputes to the same holders
		expect(rec.terms.some((t) => t.seal === 'matches')).toBe(true);
		expect(rec.terms.some((t) => t.seal === 'flagged')).toBe(false);
		const names = new Set(r.members.map((m) => m.name));
		for (const t of rec.terms) for (const h of t.holders) expect(names.has(h)).toBe(true);
		expect(rec.handoffs.length).toBeGreaterThan(0);
		expect(rec.scorecard.decisions).toBeGreaterThanOrEqual(0);
	});

	it('a forged mandate, signed by a key that is not a member, is set aside and is not on the record', async () => {
		const model = demo.entries.find((e) => e.type === 'mandate.propose')!;
		const mallory = ed25519.keygen(new Uint8Array(32).fill(7));
		const { sig: _sig, ...unsigned } = {
			...model,
			author: bytesToHex(mallory.publicKey) as Entry['author'],
			seq: 1,
			prev: null,
			body: { ...(model.body as object), task: 'Hand the shed keys to Mallory' }
		};
		const outsider = await signEntry(unsigned, signerFor(mallory.secretKey));
		const r2 = auditExport(published([...demo.entries, outsider]), demo.end);
		expect(r2.verified).toBe(false);
		expect(r2.quarantined.map((q) => q.id)).toContain(entryId(outsider));
		expect(r2.record.mandates.map((m) => m.task)).not.toContain('Hand the shed keys to Mallory');
		expect(r2.record.mandates).toEqual(r.record.mandates);
	});
});
