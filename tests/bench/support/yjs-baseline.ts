/**
 * The plain-Yjs baselines of the browser bench, bundled into the page by itself: the
 * same Y.Doc the app keeps for a circle, loaded with y-indexeddb alone (no ledger, no
 * verdicts, no interface), and a whole-state sync between two bare docs in memory.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

/** Loads the doc saved under `name` and reads every entry; the time it took, in ms. */
export async function loadDoc(
	name: string
): Promise<{ ms: number; entries: number; syncMs: number; bytes: number }> {
	const t0 = performance.now();
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(name, doc);
	await persistence.whenSynced;
	const map = doc.getMap<string>('entries');
	let entries = 0;
	for (const value of map.values()) if (JSON.parse(value)) entries++;
	const ms = performance.now() - t0;
	// A first sync with nothing on the other side, in memory: one whole-state update.
	const t1 = performance.now();
	const update = Y.encodeStateAsUpdate(doc);
	const other = new Y.Doc();
	Y.applyUpdate(other, update);
	const copied = other.getMap<string>('entries').size;
	const syncMs = performance.now() - t1;
	if (copied !== map.size) throw new Error(`bare sync copied ${copied} of ${map.size}`);
	await persistence.destroy();
	return { ms, entries, syncMs, bytes: update.length };
}

/**
 * A bare Yjs first sync of the doc saved under `name` over a WebRTC data channel (two peer
 * connections on this page, host candidates only): the whole state as one update, cut into
 * 16 KiB messages as the app's frames are, with the same backpressure, applied at the other
 * end when whole. The time from the first byte sent to the update applied, in ms.
 */
export async function channelSync(name: string): Promise<{ ms: number; entries: number; bytes: number }> {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(name, doc);
	await persistence.whenSynced;
	const a = new RTCPeerConnection();
	const b = new RTCPeerConnection();
	a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
	b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
	const dc = a.createDataChannel('bare', { ordered: true });
	dc.binaryType = 'arraybuffer';
	const incoming = new Promise<RTCDataChannel>((resolve) => (b.ondatachannel = (e) => resolve(e.channel)));
	await a.setLocalDescription(await a.createOffer());
	await b.setRemoteDescription(a.localDescription!);
	await b.setLocalDescription(await b.createAnswer());
	await a.setRemoteDescription(b.localDescription!);
	const rx = await incoming;
	rx.binaryType = 'arraybuffer';
	if (dc.readyState !== 'open') await new Promise((r) => (dc.onopen = r));
	const other = new Y.Doc();
	const t0 = performance.now();
	const update = Y.encodeStateAsUpdate(doc);
	const done = new Promise<void>((resolve) => {
		const parts: Uint8Array[] = [];
		let got = 0;
		rx.onmessage = (e) => {
			const part = new Uint8Array(e.data as ArrayBuffer);
			parts.push(part);
			got += part.length;
			if (got < update.length) return;
			const whole = new Uint8Array(got);
			let at = 0;
			for (const p of parts) {
				whole.set(p, at);
				at += p.length;
			}
			Y.applyUpdate(other, whole);
			resolve();
		};
	});
	const FRAME = 16 * 1024;
	dc.bufferedAmountLowThreshold = 256 * 1024;
	for (let i = 0; i < update.length; i += FRAME) {
		if (dc.bufferedAmount > 1024 * 1024) await new Promise((r) => (dc.onbufferedamountlow = r));
		dc.send(update.slice(i, i + FRAME));
	}
	await done;
	const ms = performance.now() - t0;
	const entries = other.getMap('entries').size;
	a.close();
	b.close();
	await persistence.destroy();
	return { ms, entries, bytes: update.length };
}
