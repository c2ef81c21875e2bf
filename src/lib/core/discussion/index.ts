/** The discussion domain's public face: questions, replies and reactions on a proposal. */
export * from './book';
export * from './domain';
