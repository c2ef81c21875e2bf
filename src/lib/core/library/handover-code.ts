/**
 * A handover code (DESIGN.md §11: "a handover both phones confirm (one shows a code, the other
 * scans)"). The keeper's phone signs an offer (this item, handed over at `at`, due back at `due`,
 * a fresh nonce) with the keeper's key and shows it as a QR code; the borrower's phone scans it,
 * shows the terms, and on "I have it" signs a `library.handover` entry that carries the keeper's
 * signature. One entry, confirmed by both keys; no network needed at the handover.
 *
 *   CL1:<circle id, 32 hex>:<item, 64 hex>:<keeper key, 64 hex>:<at>:<due>:<nonce, 32 hex>:<signature, 128 hex>
 *
 * The signature covers canonical([HANDOVER_TAG, circle, item, keeper, at, due, nonce]), so a code
 * is good for one circle and one item, and a nonce lends once (the fold refuses a second use).
 * Decoding is total: any text gives a code's fields or a rejection code, and a payment code says so.
 */
import * as canonical from '../canonical';
import * as ed from '../ed25519';
import { hexToBytes, isHex } from '../bytes';
import { reject, type Rejection } from '../host/domain';
import type { CircleId, EntryId, MemberKey, Millis } from '../types';

export const HANDOVER_PREFIX = 'CL1:';
export const HANDOVER_TAG = 'circulate/library-handover/v1';

export interface HandoverOffer {
	item: EntryId;
	lender: MemberKey;
	/** The real handover time (the keeper may date it back). */
	at: Millis;
	due: Millis;
	/** 16 random bytes, hex: one code lends once. */
	nonce: string;
}

export interface HandoverCode extends HandoverOffer {
	circle: CircleId;
	/** The keeper's signature over `offerBytes`, hex. */
	sig: string;
}

export const offerBytes = (circle: string, o: HandoverOffer): Uint8Array =>
	canonical.encode([HANDOVER_TAG, circle, o.item, o.lender, o.at, o.due, o.nonce]);

export const offerSignatureOk = (circle: string, o: HandoverOffer, sig: string): boolean =>
	isHex(sig, 64) && ed.verify(hexToBytes(sig), offerBytes(circle, o), hexToBytes(o.lender));

export const encodeHandoverCode = (c: HandoverCode): string =>
	`${HANDOVER_PREFIX}${c.circle}:${c.item}:${c.lender}:${c.at}:${c.due}:${c.nonce}:${c.sig}`;

type Read = { ok: true; code: HandoverCode } | { ok: false; rejection: Rejection };

const instant = (s: string | undefined): number | null =>
	s !== undefined && /^[0-9]{1,16}$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : null;

export const decodeHandoverCode = (text: string): Read => {
	const t = text.trim();
	if (t.startsWith('CP1:')) return { ok: false, rejection: reject('handover-code-payment') };
	if (!t.startsWith(HANDOVER_PREFIX)) return { ok: false, rejection: reject('handover-code-not-one') };
	const [circle, item, lender, at, due, nonce, sig, ...rest] = t.slice(HANDOVER_PREFIX.length).split(':');
	const a = instant(at);
	const d = instant(due);
	if (
		rest.length ||
		!isHex(circle, 16) ||
		!isHex(item, 32) ||
		!isHex(lender, 32) ||
		a === null ||
		d === null ||
		!isHex(nonce, 16) ||
		!isHex(sig, 64)
	)
		return { ok: false, rejection: reject('handover-code-not-one') };
	return {
		ok: true,
		code: {
			circle: circle as CircleId,
			item: item as EntryId,
			lender: lender as MemberKey,
			at: a,
			due: d,
			nonce: nonce!,
			sig: sig!
		}
	};
};

/**
 * A code as the borrower's phone reads it for `circle`: refused when it is another circle's, the
 * reader's own (the keeper scanning their own screen), or not signed by the keeper it names.
 */
export const readHandoverCode = (text: string, circle: CircleId, me: MemberKey | null): Read => {
	const d = decodeHandoverCode(text);
	if (!d.ok) return d;
	if (d.code.circle !== circle) return { ok: false, rejection: reject('handover-code-other-circle') };
	if (d.code.lender === me) return { ok: false, rejection: reject('handover-code-own') };
	if (!offerSignatureOk(circle, d.code, d.code.sig))
		return { ok: false, rejection: reject('handover-code-signature') };
	return d;
};
