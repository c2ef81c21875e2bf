/**
 * Circulate's domain core. Read this file to learn the domain: every export below is pure
 * (time and seeds are inputs), so the same entries and the same `now` give the same state on
 * every device. Where to start reading:
 *
 * 1. `entry` and `ledger`: what a signed entry is, and what counts (signature, chain, member,
 *    time). The ledger's acceptance policy is `membership`.
 * 2. `host/domain`: what a domain is (entry types with total decoders, a book, a view with a
 *    span of validity), and `domains`: the one list of them, in fold order.
 * 3. `circle`: the composition root that opens a ledger with its domains.
 * 4. Each domain's folder: `membership`, `charter`, `reset`, `seeds`, `rotation`, `mandates`.
 */
export * from './types';
export * as bytes from './bytes';
export * as canonical from './canonical';
export * as ed25519 from './ed25519';
export * as entry from './entry';
export * as hlc from './hlc';
export * as order from './order';
export * as quarantine from './quarantine';
export * as circleState from './state';
export * as ledger from './ledger';
export * as random from './random';
export * as calendar from './calendar';
export * as domain from './host/domain';
export * as domains from './domains';
export * as circle from './circle';
export * as demo from './demo';
