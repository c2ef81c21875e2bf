/**
 * Circulate's domain core. Read this file to learn the domain: every export below is
 * pure (time and seeds are inputs), so the same entries and the same `now` give the
 * same state on every device.
 */
export * from './types';
export * as bytes from './bytes';
export * as canonical from './canonical';
export * as ed25519 from './ed25519';
export * as entry from './entry';
export * as genesis from './genesis';
export * as hlc from './hlc';
export * as order from './order';
export * as quarantine from './quarantine';
export * as join from './join';
export * as circleState from './state';
export * as membership from './membership';
export * as ledger from './ledger';
export * as random from './random';
export * as calendar from './calendar';
export * as membershipView from './membership-view';
export * as charter from './charter';
export * as ceremony from './ceremony';
export * as reset from './reset';
export * as rotation from './rotation';
export * as seal from './seal';
export * as mandate from './mandate';
export * as governance from './governance';
export * as demo from './demo';
