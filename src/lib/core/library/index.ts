/** The library domain's public face: the circle's lending library. */
export * from './book';
export * from './view';
export * from './domain';
export * from './handover-code';
