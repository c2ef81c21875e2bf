/**
 * The first entry of every circle: the founder declares it exists. Its author is the
 * first member; its seed is the first lottery seed (reseeded later by dice ceremonies).
 */
import {
	ENTRY_VERSION,
	type CircleId,
	type Entry,
	type MemberKey,
	type Millis,
	type UnsignedEntry
} from '../types';
import { isHex } from '../bytes';

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
	circle: CircleId;
	founderKey: MemberKey;
	founderName: string;
	name: string;
	commons: string;
	seed: string;
	now: Millis;
}

export const NAME_MAX = 80;
export const TEXT_MAX = 280;

/** Checks what a person typed; returns a message to show them, or null when fine. */
export const checkCircleText = (name: string, commons: string): string | null => {
	if (!name.trim()) return 'Give the circle a name.';
	if (name.trim().length > NAME_MAX) return `Keep the name under ${NAME_MAX} characters.`;
	if (commons.trim().length > TEXT_MAX) return `Keep the commons under ${TEXT_MAX} characters.`;
	return null;
};

export const createGenesis = (input: GenesisInput): UnsignedEntry<GenesisBody> => {
	const problem = checkCircleText(input.name, input.commons);
	if (problem) throw new Error(problem);
	if (!isHex(input.seed, 32)) throw new Error('the genesis seed must be 32 bytes of hex');
	return {
		v: ENTRY_VERSION,
		circle: input.circle,
		author: input.founderKey,
		seq: 1,
		prev: null,
		hlc: [input.now, 0],
		type: GENESIS,
		body: {
			name: input.name.trim(),
			commons: input.commons.trim(),
			founder: input.founderName.trim(),
			seed: input.seed
		}
	};
};

export const isGenesis = (e: Entry): e is Entry<GenesisBody> => e.type === GENESIS && e.seq === 1;
