/** The settings domain's public face. */
export * from './settings';
export * from './domain';
