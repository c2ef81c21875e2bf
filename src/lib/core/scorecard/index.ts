/** The scorecard domain's public face: the circle's sovereignty scorecard. */
export * from './book';
export * from './view';
export * from './domain';
