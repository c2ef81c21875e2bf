/** Federations (issue 14): a ledger of circles, delegates' certificates, withdrawal without penalty. */
export * from './certificate';
export * from './fold';
export {
	federation,
	mandateBody,
	MANDATE,
	SIGN,
	EXIT,
	CARRY,
	MANDATE_MAX_DAYS,
	type CircleMandate,
	type FederationBook,
	type FederationLink,
	type MandateBody
} from './domain';
export * from './carry';
