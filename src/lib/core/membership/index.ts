/** Membership, the ledger's acceptance policy: genesis, join requests, the fold and its builders. */
export * from './genesis';
export * from './join';
export * from './names';
export * from './fold';
export * from './view';
export * from './domain';
