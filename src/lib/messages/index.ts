/**
 * Every sentence a person reads about a code from the core, in one place ready for
 * translation: rule outcomes and builder refusals (rules.ts), and why an entry was set aside
 * (quarantine.ts). Plain TypeScript with no Svelte and no sync, so the UI, the state modules
 * and the `npm run verify` report share it; the core never imports it (eslint.config.js).
 */
export * from './rules';
export * from './quarantine';
export * from './credit';
