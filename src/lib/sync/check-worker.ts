/**
 * Checks stored entries off the page's thread (issue 12, item 1): for each `[id, text]` it
 * reads the text as an entry under its key (stored-entry.ts: canonical bytes, SHA-256 = id)
 * and verifies its signature, exactly as the page would (same functions, same verdicts).
 * Asked with `{ n, items }`, answers `{ n, results }`, one per item in order:
 * `[1, signature valid]` or `[0, rejection]`. Asked with `{ n, items, hashOnly: true }` (texts
 * verified before, at start-up), it answers per item whether the text's SHA-256 is its id.
 */
import { bytesToHex, hexToBytes, sha256Hex } from '$lib/core/bytes';
import { signingBytes } from '$lib/core/entry';
import type { Entry } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';
import { readEntry, signingBytesOfText } from './stored-entry';
import type { CheckRequest, CheckResult } from './checker';

const scope = self as unknown as Worker;

const verifyAll = async (entries: Entry[], messages: Uint8Array[]): Promise<boolean[]> => {
	const one = (e: Entry, m: Uint8Array) =>
		ed.verify(hexToBytes(e.sig), m, hexToBytes(e.author)).catch(() => false);
	try {
		return await ed.verifyMany(
			entries.map((e, i) => ({
				signature: hexToBytes(e.sig),
				message: messages[i]!,
				publicKey: hexToBytes(e.author)
			}))
		);
	} catch {
		return Promise.all(entries.map((e, i) => one(e, messages[i]!).catch(() => false)));
	}
};

/** Whether each text's SHA-256 is its id, with WebCrypto (noble where it fails). */
const hashAll = (items: [string, string][]): Promise<boolean[]> =>
	Promise.all(
		items.map(async ([id, text]) => {
			try {
				const d = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
				return bytesToHex(d) === id;
			} catch {
				return sha256Hex(text) === id;
			}
		})
	);

const encoder = new TextEncoder();

scope.onmessage = async (event: MessageEvent<CheckRequest>) => {
	const { n, items, hashOnly } = event.data;
	const hashes = await hashAll(items);
	if (hashOnly) {
		scope.postMessage({ n, results: hashes });
		return;
	}
	const results: CheckResult[] = new Array(items.length);
	const read: Entry[] = [];
	const messages: Uint8Array[] = [];
	const at: number[] = [];
	items.forEach(([id, text], i) => {
		const r = readEntry(id, text, false, hashes[i]);
		if (r.ok) {
			read.push(r.entry);
			messages.push(signingBytesOfText(text, r.entry) ?? signingBytes(r.entry));
			at.push(i);
		} else results[i] = [0, r.problem];
	});
	const verdicts = await verifyAll(read, messages);
	verdicts.forEach((ok, k) => (results[at[k]!] = [1, ok]));
	scope.postMessage({ n, results });
};
