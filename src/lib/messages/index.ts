/**
 * Every sentence a person reads about a code from the core, worded from the message files in the
 * member's language (src/lib/i18n): rule outcomes and builder refusals (rules.ts), why an entry
 * was set aside (quarantine.ts), the credit flags (credit.ts). Plain TypeScript with no Svelte and
 * no sync, so the UI, the state modules and the `npm run verify` report share it; the core never
 * imports it (eslint.config.js).
 */
import { wordFailuresWith } from '$lib/sync/failure';
import { ruleText } from './rules';

export * from './rules';
export * from './quarantine';
export * from './credit';
export * from './privacy';

// The sync layer's errors are codes; their `message` reads as the sentence here (sync/failure.ts).
wordFailuresWith(ruleText);
