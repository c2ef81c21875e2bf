/** The charter domain's public face: its content, book, comparison and entry builders. */
export * from './content';
export * from './book';
export * from './diff';
export * from './domain';
