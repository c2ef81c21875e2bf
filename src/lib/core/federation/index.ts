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
	DECIDE,
	REASON_MAX,
	MANDATE_MAX_DAYS,
	type CircleDecisionBook,
	type DecideVote,
	type CircleMandate,
	type FederationBook,
	type FederationLink,
	type MandateBody
} from './domain';
export * from './carry';
