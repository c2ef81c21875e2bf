/** Federations (issue 14): a ledger of circles, delegates' certificates, withdrawal without penalty. */
export * from './certificate';
export * from './fold';
