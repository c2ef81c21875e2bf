/** The reciprocity domain's public face: a mirror of who gives and who receives, not a ranking. */
export * from './book';
export * from './signals';
export * from './view';
export * from './domain';
