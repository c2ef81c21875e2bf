/** The witness domain's public face. */
export * from './domain';
