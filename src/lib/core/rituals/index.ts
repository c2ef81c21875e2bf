/** The rituals domain's public face: decompression rituals the circle adds to its calendar. */
export * from './domain';
export * from './occurrences';
