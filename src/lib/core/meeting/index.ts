/** The meeting domain's public face: the agenda, the closing summary, who is passed over and why. */
export * from './book';
export * from './domain';
export * from './judge';
export * from './hook';
export * from './settings';
