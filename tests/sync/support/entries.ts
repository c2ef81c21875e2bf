/**
 * Real signed entries for sync tests: genesis entries of one circle with distinct seeds. Only
 * the storage and the sync paths see them: they all name `circle`, though a circle id is bound
 * to one founder and seed (core circleIdFor), so a ledger founds the circle with none of them.
 */
import { bytesToHex } from '$lib/core/bytes';
import { signEntry } from '$lib/core/entry';
import { createGenesis } from '$lib/core/membership/genesis';
import type { CircleId, Entry } from '$lib/core/types';
import * as ed from '$lib/device/ed25519';

export const CIRCLE = 'ab'.repeat(16) as CircleId;

export const makeEntries = async (
	n: number,
	circle: CircleId = CIRCLE,
	name = 'Elm Street Tools'
): Promise<Entry[]> => {
	const pair = await ed.generateKeyPair();
	const out: Entry[] = [];
	for (let i = 0; i < n; i++) {
		const seed = new Uint8Array(32);
		seed[0] = i & 0xff;
		seed[1] = i >> 8;
		const unsigned = {
			...createGenesis({
				founderKey: pair.publicKey,
				founderName: 'Maya',
				name,
				commons: 'the shed',
				seed: bytesToHex(seed),
				now: 1_700_000_000_000 + i
			}),
			circle
		};
		out.push(await signEntry(unsigned, (m) => ed.sign(pair.secretKey, m)));
	}
	return out;
};
