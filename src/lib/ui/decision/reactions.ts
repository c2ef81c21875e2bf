/**
 * How the discussion domain's reaction codes read and look: a word from the messages (looked up when
 * read: a message area loads with its screen), a small glyph.
 */
import type { Reaction } from '$lib/core/discussion';
import { m } from '$lib/i18n';

export const reactionWord: Record<Reaction, () => string> = {
	support: () => m.discussion_reaction_support(),
	thanks: () => m.discussion_reaction_thanks(),
	unsure: () => m.discussion_reaction_unsure(),
	concern: () => m.discussion_reaction_concern()
};

/** Decoration only (aria-hidden): the word is what a screen reader reads. */
export const reactionGlyph: Record<Reaction, string> = {
	support: '👍',
	thanks: '🙏',
	unsure: '🤔',
	concern: '⚠️'
};
