/** The credit domain's public face: mutual credit in the circle's own unit. */
export * from './economy';
export * from './book';
export * from './view';
export * from './domain';
export * from './pay-code';
