/**
 * The first entry of every circle: the founder declares it exists. Its author is the
 * first member; its seed is the first lottery seed (reseeded later by dice ceremonies).
 *
 * The circle id is bound to its genesis (protocol v2, threat model T19): it is derived from
 * the founder's key and the genesis seed (`circleIdFor`), so a genesis by any other key, or
 * with any other seed, names another circle. A phone that joined by invite, by file or by
 * pairing needs no word from anyone about who founded the circle: the id says it.
 */
import {
	ENTRY_VERSION,
	type CircleId,
	type Entry,
	type MemberKey,
	type Millis,
	type UnsignedEntry
} from '../types';
import { concatBytes, bytesToHex, hexToBytes, isHex, sha256Bytes, utf8ToBytes } from '../bytes';
import { refuse, reject, type Rejection } from '../host/domain';
import { NAME_MAX, checkMemberName, hasRefusedCharacter, normalizeText } from './names';

export const GENESIS = 'circle.genesis';

export interface GenesisBody {
	[key: string]: string;
	/** The circle's name, e.g. "Elm Street Tool Library". */
	name: string;
	/** The commons the circle stewards, e.g. "tools in the shed behind no. 14". */
	commons: string;
	/** The founder's display name. */
	founder: string;
	/** 32 random bytes in hex, supplied by the founder's device: the first lottery seed. */
	seed: string;
}

export interface GenesisInput {
	founderKey: MemberKey;
	founderName: string;
	name: string;
	commons: string;
	seed: string;
	now: Millis;
}

/** The tag of the circle id's construction (a new construction gets a new tag). */
export const CIRCLE_ID_TAG = 'circulate/circle/v2:';

/**
 * The id of the circle founded by `founder` with genesis seed `seed` (both 32 bytes in hex):
 * the first 16 bytes of SHA-256(UTF-8("circulate/circle/v2:") || founder || seed), in hex.
 * Both inputs have a fixed length, so no two different pairs share an encoding; finding
 * another (key, seed) for a given id is a 128-bit preimage search.
 */
export const circleIdFor = (founder: MemberKey, seed: string): CircleId => {
	if (!isHex(founder, 32)) refuse('genesis-founder-key');
	if (!isHex(seed, 32)) refuse('genesis-seed-hex');
	const digest = sha256Bytes(concatBytes(utf8ToBytes(CIRCLE_ID_TAG), hexToBytes(founder), hexToBytes(seed)));
	return bytesToHex(digest.slice(0, 16)) as CircleId;
};

/**
 * Whether a genesis founds the circle it names: its `circle` is the id derived from its
 * author and its body's seed. Anything else founds nothing, on every phone.
 */
export const isBoundGenesis = (e: Pick<Entry, 'circle' | 'author' | 'body'>): boolean => {
	const seed = (e.body as Record<string, unknown> | null)?.seed;
	return isHex(e.author, 32) && isHex(seed, 32) && e.circle === circleIdFor(e.author, seed);
};

export { NAME_MAX };
export const TEXT_MAX = 280;

/**
 * Checks a circle's name and commons, as typed or as stored; returns what is wrong (a code the UI
 * words), or null when fine. No control, direction or invisible format character (names.ts, T34).
 */
export const checkCircleText = (name: string, commons: string): Rejection | null => {
	if (!name.trim()) return reject('circle-name');
	if (name.trim().length > NAME_MAX) return reject('circle-name-length', { max: NAME_MAX });
	if (hasRefusedCharacter(name)) return reject('circle-name-control');
	if (commons.trim().length > TEXT_MAX) return reject('commons-length', { max: TEXT_MAX });
	if (hasRefusedCharacter(commons)) return reject('commons-control');
	return null;
};

/**
 * The founder's first entry, for the circle `circleIdFor(founderKey, seed)`; throws a
 * RuleError when the name, commons, founder's name, key or seed will not do. Text is stored
 * trimmed and in NFC, as readers require.
 */
export const createGenesis = (input: GenesisInput): UnsignedEntry<GenesisBody> => {
	const problem = checkCircleText(input.name, input.commons) ?? checkMemberName(input.founderName);
	if (problem) refuse(problem.code, problem.params);
	return {
		v: ENTRY_VERSION,
		circle: circleIdFor(input.founderKey, input.seed),
		author: input.founderKey,
		seq: 1,
		prev: null,
		hlc: [input.now, 0],
		type: GENESIS,
		body: {
			name: normalizeText(input.name),
			commons: normalizeText(input.commons),
			founder: normalizeText(input.founderName),
			seed: input.seed
		}
	};
};

export const isGenesis = (e: Entry): e is Entry<GenesisBody> => e.type === GENESIS && e.seq === 1;
