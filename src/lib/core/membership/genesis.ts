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
import { refuse, reject, type Rejection } from '../host/domain';

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

/** Checks what a person typed; returns what is wrong (a code the UI words), or null when fine. */
export const checkCircleText = (name: string, commons: string): Rejection | null => {
	if (!name.trim()) return reject('circle-name');
	if (name.trim().length > NAME_MAX) return reject('circle-name-length', { max: NAME_MAX });
	if (commons.trim().length > TEXT_MAX) return reject('commons-length', { max: TEXT_MAX });
	return null;
};

/** The founder's first entry; throws a RuleError when the name, commons or seed will not do. */
export const createGenesis = (input: GenesisInput): UnsignedEntry<GenesisBody> => {
	const problem = checkCircleText(input.name, input.commons);
	if (problem) refuse(problem.code, problem.params);
	if (!isHex(input.seed, 32)) refuse('genesis-seed-hex');
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
