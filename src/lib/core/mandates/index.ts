/** The mandates domain's public face. */
export * from './mandate';
export * from './domain';
