/**
 * A payee's code (DESIGN.md §11: "in person by scanning the payee's code"): the payee's phone shows
 * it as a QR code, the payer's phone reads it and fills in its payment form, and the payer still
 * checks the numbers and signs. It carries nothing secret and signs nothing: whoever shows a code can
 * only ask to be paid.
 *
 *   CP1:<circle id, 32 hex>:<payee key, 64 hex>:<amount in the unit's steps, or empty>:<memo, URI-encoded>
 *
 * Decoding is total: any text gives a code's fields or a rejection code.
 */
import { isHex } from '../bytes';
import { reject, type Rejection } from '../host/domain';
import type { CircleId, MemberKey } from '../types';
import { AMOUNT_MAX } from './economy';

export const PAY_PREFIX = 'CP1:';
export const PAY_MEMO_MAX = 280;

export interface PayCode {
	circle: CircleId;
	payee: MemberKey;
	/** In the unit's smallest steps, or null: the payer types it. */
	amount: number | null;
	memo: string;
}

export const encodePayCode = (c: PayCode): string =>
	`${PAY_PREFIX}${c.circle}:${c.payee}:${c.amount ?? ''}:${encodeURIComponent(c.memo.slice(0, PAY_MEMO_MAX))}`;

export const decodePayCode = (
	text: string
): { ok: true; code: PayCode } | { ok: false; rejection: Rejection } => {
	const t = text.trim();
	if (!t.startsWith(PAY_PREFIX)) return { ok: false, rejection: reject('pay-code-not-one') };
	const [circle, payee, amount, memo, ...rest] = t.slice(PAY_PREFIX.length).split(':');
	if (rest.length || memo === undefined || !isHex(circle, 16) || !isHex(payee, 32))
		return { ok: false, rejection: reject('pay-code-not-one') };
	let n: number | null = null;
	if (amount) {
		n = /^[1-9][0-9]{0,9}$/.test(amount) ? Number(amount) : NaN;
		if (!Number.isSafeInteger(n) || n > AMOUNT_MAX)
			return { ok: false, rejection: reject('pay-code-amount') };
	}
	let m: string;
	try {
		m = decodeURIComponent(memo);
	} catch {
		return { ok: false, rejection: reject('pay-code-not-one') };
	}
	return {
		ok: true,
		code: { circle: circle as CircleId, payee: payee as MemberKey, amount: n, memo: m.slice(0, PAY_MEMO_MAX) }
	};
};

/** A code as this phone reads it for `circle`: refused when it is another circle's, or this member's own. */
export const readPayCode = (
	text: string,
	circle: CircleId,
	me: MemberKey | null
): { ok: true; code: PayCode } | { ok: false; rejection: Rejection } => {
	const d = decodePayCode(text);
	if (!d.ok) return d;
	if (d.code.circle !== circle) return { ok: false, rejection: reject('pay-code-other-circle') };
	if (d.code.payee === me) return { ok: false, rejection: reject('pay-code-self') };
	return d;
};
