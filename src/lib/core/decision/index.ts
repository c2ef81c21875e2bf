/** The decision domain's public face: its book, view and entry builders. */
export * from './book';
export * from './domain';
