/**
 * How the discussion domain's reaction codes read: a word from the messages (looked up when read: a
 * message area loads with its screen). Words, not emoji: every phone's fonts show them.
 */
import type { Reaction } from '$lib/core/discussion';
import { m } from '$lib/i18n';

export const reactionWord: Record<Reaction, () => string> = {
	support: () => m.discussion_reaction_support(),
	thanks: () => m.discussion_reaction_thanks(),
	unsure: () => m.discussion_reaction_unsure(),
	concern: () => m.discussion_reaction_concern()
};
