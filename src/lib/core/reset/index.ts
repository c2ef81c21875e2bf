/** The reset domain's public face. */
export * from './reset';
export * from './domain';
