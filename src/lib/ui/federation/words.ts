/**
 * The federation screens' words for the core's codes (core/federation) and for what changed in a
 * federation's ledger. Every refusal the federation's rules give has a sentence in federation.json
 * (`federation_err_<code>`), in the member's language; anything else falls back to errorText.
 * Messages are looked up when called (`m` is filled when the language loads).
 */
import { m } from '$lib/i18n';
import type { Rejection } from '$lib/core/host/domain';
import type { Entry } from '$lib/core/types';
import type { FederationState } from '$lib/core/federation';
import { errorText } from '$lib/messages';

type Words = Record<string, ((x?: Record<string, unknown>) => string) | undefined>;

/** The message key of a federation code: 'fed-cert-quorum' → 'federation_err_cert_quorum'. */
export const errKey = (code: string): string =>
	`federation_err_${code.replace(/^fed-/, '').replaceAll('-', '_')}`;

/** The sentence for a refusal (a federation code in the member's language when it has one). */
export const fedText = (r: Rejection): string => {
	const f = (m as unknown as Words)[errKey(r.code)];
	if (!r.code.startsWith('fed-') || !f) return errorText({ rejection: r });
	const params = r.params ?? {};
	return f({ max: '', have: '', need: '', ...params });
};

/** The sentence for a thrown error: a federation code worded, anything else as errorText. */
export const fedError = (err: unknown): string => {
	const r = (err as { rejection?: Rejection })?.rejection;
	return r && typeof r.code === 'string' ? fedText(r) : errorText(err);
};

/** The circle an entry speaks for or about. */
const circleOf = (e: Entry): string => {
	const b = e.body as Record<string, unknown>;
	if (typeof b.circle === 'string') return b.circle;
	const cert = b.cert as { mandate?: { circle?: unknown } } | undefined;
	return typeof cert?.mandate?.circle === 'string' ? cert.mandate.circle : '';
};

/** One line of "what changed since the last carry". */
export const describeChange = (
	e: Entry,
	id: string,
	state: FederationState,
	circleName: (id: string) => string
): string => {
	if (state.refused.some((r) => r.id === id))
		return `${m.federation_change_other()}: ${fedText(state.refused.find((r) => r.id === id)!.rejection)}`;
	const circle = circleName(circleOf(e));
	const b = e.body as Record<string, unknown>;
	switch (e.type) {
		case 'federation.genesis':
			return m.federation_change_genesis({ circle });
		case 'federation.join':
			return m.federation_change_join({ circle });
		case 'federation.certify':
			return m.federation_change_certify({ circle });
		case 'federation.propose':
			return m.federation_change_propose({ circle, title: String(b.title ?? '') });
		case 'federation.answer': {
			const p = typeof b.proposal === 'string' ? state.proposals.get(b.proposal as never) : undefined;
			return m.federation_change_answer({ circle, title: p?.title ?? '' });
		}
		case 'federation.contribute':
			return m.federation_change_contribute({ circle });
		case 'federation.withdraw':
			return m.federation_change_withdraw({ circle });
		default:
			return m.federation_change_other();
	}
};
