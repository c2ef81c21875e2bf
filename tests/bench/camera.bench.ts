/**
 * The camera-only path (issue 12): how much a circle's week is, how many codes carry it, how
 * long a phone takes to make and to read one code, and so how many codes a second the two ends
 * could manage on this machine; beside the same read of a pairing code (the QR path a phone
 * already reads at a glance). tests/e2e/sync-camera-only.e2e.ts films it end to end in Chromium.
 *
 * Numbers are printed, never asserted.
 */
import { it } from 'vitest';
import * as Y from 'yjs';
import { demoCircle } from '$lib/core/demo';
import { appendEntry } from '$lib/sync/circle-doc';
import { cameraPayload } from '$lib/sync/camera-transfer';
import { FountainReceiver, fountainSender } from '$lib/sync/fountain';
import { decodePixels, qrModules, qrPixels } from '$lib/sync/qr';

const time = (f: () => void, n: number): number => {
	const t0 = performance.now();
	for (let i = 0; i < n; i++) f();
	return (performance.now() - t0) / n;
};

it('the camera-only path: a week of 150 entries', () => {
	const demo = demoCircle('circulate-bench-week', { entries: 1200 });
	const doc = new Y.Doc();
	const cut = demo.entries.length - 150;
	for (const e of demo.entries.slice(0, cut)) appendEntry(doc, e);
	const sv = Y.encodeStateVector(doc);
	for (const e of demo.entries.slice(cut)) appendEntry(doc, e);
	const payload = cameraPayload(doc, { id: demo.circle, name: demo.name }, demo.end, sv);
	const sender = fountainSender(payload);
	const frame = sender.frame(sender.k + 3);
	const version = (qrModules(frame).length - 17) / 4;
	const makeMs = time(() => qrModules(sender.frame(sender.k + 5)), 20);
	const pixels = qrPixels(frame, 4);
	const readMs = time(() => decodePixels(pixels), 10);
	const pairing = qrPixels('CO1:' + 'A'.repeat(250), 4);
	const pairingMs = time(() => decodePixels(pairing), 10);
	// A fifth lost: how many codes the receiver reads before it has everything.
	const rx = new FountainReceiver();
	let shown = 0;
	let read = 0;
	for (let i = 0; rx.data === null; i++, shown++)
		if (i % 5 !== 2 && (read++, rx.add(sender.frame(i)) === 'done')) break;
	const fps = Math.min(1000 / 220, 1000 / readMs);
	console.log(
		[
			'',
			'Circulate camera-only path (issue 12)',
			`a week: 150 entries, ${payload.length} B to carry; ${sender.k} codes of ${Math.round((frame.length * 2) / 3)} B of data each (QR version ${version}, error correction M)`,
			`making one code: ${makeMs.toFixed(1)} ms; reading one (jsQR, ${pixels.width} px): ${readMs.toFixed(1)} ms; a pairing code: ${pairingMs.toFixed(1)} ms`,
			`with a fifth of the codes missed: ${read} read of ${shown + 1} shown; at ${fps.toFixed(1)} codes a second (the sender shows one each 220 ms): ${((shown + 1) / fps).toFixed(1)} s of pointing   target < 30 s`,
			''
		].join('\n')
	);
});
