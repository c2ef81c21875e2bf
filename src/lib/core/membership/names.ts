/**
 * The text rules for names (a circle's, a member's) and the commons (threat model T34). A name is
 * shown next to a key everywhere; these rules keep it from hiding or reordering what is shown:
 *
 * - no **refused character** (below): controls, direction overrides and invisible format
 *   characters, and lone surrogates (text no UTF-8 can carry);
 * - **stored exactly as written**: trimmed and in Unicode NFC. Writers trim and normalise before
 *   signing; readers never normalise, they refuse text that is not already so, so the same bytes
 *   get the same verdict everywhere.
 *
 * The refused characters are an explicit list of code points, not a Unicode property such as
 * `\p{Cf}`: a property grows with each Unicode version, and two engines of different ages would
 * then disagree about the same bytes. Joiners that scripts and emoji need (U+200C, U+200D),
 * variation selectors and tag characters (flag emoji) are allowed. Look-alike letters from other
 * scripts are not refused: a name is never an identity, the key next to it is.
 */
import { reject, type Rejection } from '../host/domain';

/** The longest name (a circle's or a member's), in UTF-16 code units after trimming. */
export const NAME_MAX = 80;

/**
 * The refused characters, as ranges of UTF-16 code units (all in the Basic Multilingual Plane):
 * C0 controls and DEL to C1 controls, soft hyphen, Arabic letter mark, zero width space,
 * left-to-right and right-to-left marks, line and paragraph separators, the embeddings and
 * overrides (U+202A–U+202E), word joiner and invisible operators (U+2060–U+2064), the isolates
 * (U+2066–U+2069), the deprecated format characters (U+206A–U+206F), and the byte order mark.
 */
export const REFUSED_RANGES: readonly (readonly [number, number])[] = [
	[0x0000, 0x001f],
	[0x007f, 0x009f],
	[0x00ad, 0x00ad],
	[0x061c, 0x061c],
	[0x200b, 0x200b],
	[0x200e, 0x200f],
	[0x2028, 0x202e],
	[0x2060, 0x2064],
	[0x2066, 0x206f],
	[0xfeff, 0xfeff]
];

const hex = (n: number) => n.toString(16).padStart(4, '0');
const REFUSED = new RegExp(
	`[${REFUSED_RANGES.map(([a, b]) => (a === b ? `\\u${hex(a)}` : `\\u${hex(a)}-\\u${hex(b)}`)).join('')}]`
);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a refused character or a lone surrogate. */
export const hasRefusedCharacter = (text: string): boolean => REFUSED.test(text) || LONE_SURROGATE.test(text);

/** What a writer stores: trimmed, in NFC. */
export const normalizeText = (text: string): string => text.trim().normalize('NFC');

/**
 * A reader's check that stored text is exactly as a writer stores it: `surrounding-spaces` when it
 * is not trimmed, `text-not-nfc` when it is not in NFC; null when it is.
 */
export const checkStoredText = (text: string): Rejection | null => {
	if (text !== text.trim()) return reject('surrounding-spaces');
	if (text !== text.normalize('NFC')) return reject('text-not-nfc');
	return null;
};

/** Checks a person's display name; returns what is wrong (a code the UI words), or null when fine. */
export const checkMemberName = (name: string): Rejection | null => {
	const n = name.trim();
	if (!n) return reject('member-name');
	if (n.length > NAME_MAX) return reject('member-name-length', { max: NAME_MAX });
	// No control, direction or invisible format character (names.ts, T34).
	if (hasRefusedCharacter(n)) return reject('member-name-control');
	return null;
};
