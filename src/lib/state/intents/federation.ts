/**
 * The federation domain's intents, the circle's side (issue 14): propose a delegate's mandate,
 * sign one (the member's own Ed25519 signature over the mandate, written into the circle's
 * ledger), sign the circle's exit, and record a carry. Each checks what the fold would refuse
 * first (codes, worded from rule_<code> in the message files) and signs one entry.
 */
import { bytesToHex } from '$lib/core/bytes';
import * as ed from '$lib/core/ed25519';
import { refuse } from '$lib/core/host/domain';
import {
	CARRY,
	DECIDE,
	EXIT,
	REASON_MAX,
	answerBytes,
	MANDATE,
	MANDATE_MAX_DAYS,
	SIGN,
	exitBytes,
	mandateBody,
	mandateBytes,
	type CircleMandate,
	type MandateBody
} from '$lib/core/federation';
import type { EntryId } from '$lib/core/types';
import type { Signer } from './signer';

const DAY = 86_400_000;

/** Proposes a mandate: `days` from now, for one issue, to one member. */
export const proposeMandate = (
	s: Signer,
	input: {
		federation: string;
		name: string;
		issue: string;
		delegate: string;
		serial: number;
		exit: number;
		days: number;
	}
): Promise<EntryId> => {
	if (!input.issue.trim()) refuse('fed-cert-issue', { max: 80 });
	if (!input.name.trim()) refuse('fed-link-name', { max: 120 });
	if (!(input.days >= 1 && input.days <= MANDATE_MAX_DAYS))
		refuse('fed-cert-window', { max: MANDATE_MAX_DAYS });
	const from = s.now();
	const body: MandateBody = {
		federation: input.federation,
		name: input.name,
		issue: input.issue,
		delegate: input.delegate,
		serial: input.serial,
		exit: input.exit,
		from,
		until: from + Math.round(input.days) * DAY
	};
	return s.sign(MANDATE, { ...mandateBody(body) });
};

/** Signs a mandate as this member (the signature the certificate carries). */
export const signMandate = (s: Signer, cm: CircleMandate): Promise<EntryId> => {
	const me = s.member();
	if (!cm.mandate.roster.includes(me.publicKey)) refuse('fed-cert-nonmember', { key: me.publicKey });
	if (cm.sigs.some((x) => x.key === me.publicKey)) refuse('fed-link-signed');
	return s.sign(SIGN, { mandate: cm.id, sig: bytesToHex(ed.sign(mandateBytes(cm.mandate), me.secretKey)) });
};

/** Signs "our circle leaves this federation" as this member. */
export const signExit = (s: Signer, federation: string): Promise<EntryId> => {
	const me = s.member();
	return s.sign(EXIT, {
		federation,
		sig: bytesToHex(ed.sign(exitBytes(federation, s.session.circle), me.secretKey))
	});
};

/** Records a carry: how many federation entries, how many new since the last carry, their digest. */
export const recordCarry = (
	s: Signer,
	federation: string,
	summary: { entries: number; fresh: number; digest: string }
): Promise<EntryId> =>
	s.sign(CARRY, { federation, entries: summary.entries, fresh: summary.fresh, digest: summary.digest });

/**
 * Signs this circle's answer to a federation proposal as this member (`federation.decide`): once a
 * majority of the roster signed one answer, it is the circle's, and its delegate relays it.
 */
export const decideAnswer = (
	s: Signer,
	input: { federation: string; proposal: string; answer: 'consent' | 'aside' | 'object'; reason: string }
): Promise<EntryId> => {
	const reason = input.answer === 'object' ? input.reason.trim() : '';
	if (input.answer === 'object' && !reason) refuse('fed-decide-body', { max: REASON_MAX });
	if (reason.length > REASON_MAX) refuse('fed-decide-body', { max: REASON_MAX });
	const me = s.member();
	return s.sign(DECIDE, {
		federation: input.federation,
		proposal: input.proposal,
		answer: input.answer,
		reason,
		sig: bytesToHex(
			ed.sign(
				answerBytes(input.federation, s.session.circle, input.proposal, input.answer, reason),
				me.secretKey
			)
		)
	});
};

export const intents = { proposeMandate, signMandate, signExit, recordCarry, decideAnswer };
