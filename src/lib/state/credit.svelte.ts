/**
 * What the Credit screen reads: the credit view at the app clock with forked accounts flagged
 * (the ledger sees forks, the domain does not: core/credit markForks), who this device is, and
 * names. Writes go through `circle.intents.credit` (state/intents/credit.ts).
 */
import { DEFAULT_UNIT, markForks, type CreditView } from '$lib/core/credit';
import { credit } from '$lib/core/domains';
import type { MemberKey } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import { Reading, unowned } from './domain-view.svelte';
import type { Intents } from './intents';
import { m as msg } from '$lib/i18n';

/**
 * The core's default unit ('hours', for a charter that names none) is an English constant every
 * phone shares; a circle that kept it reads it in each member's language. A unit the circle named
 * itself is shown as written. Display only: amounts and limits never read the unit.
 */
const wordUnit = (v: CreditView): CreditView =>
	v.economy.unit === DEFAULT_UNIT ? { ...v, economy: { ...v.economy, unit: msg.credit_default_unit() } } : v;

export class CreditState {
	readonly #view: Reading<CreditView>;

	constructor(readonly circle: CircleView) {
		this.#view = new Reading(
			circle,
			(book, t) => wordUnit(markForks(book.view<CreditView>(credit, t), book.ledger.forks)),
			circle.clock
		);
	}

	get view(): CreditView {
		return this.#view.value;
	}

	get intents(): Intents['credit'] {
		return this.circle.intents.credit;
	}

	get me(): MemberKey | null {
		return this.circle.signer.me();
	}

	get isMember(): boolean {
		const me = this.me;
		return !!me && this.circle.snapshot.members.some((m) => m.key === me);
	}

	nameOf = (key: string): string => {
		if (key === 'commons') return msg.common_the_commons();
		const m = this.circle.snapshot.everyone.get(key as MemberKey);
		return m ? m.name : msg.overview_member_fallback({ short: key.slice(0, 8) });
	};
}

const states = new WeakMap<CircleView, CreditState>();

/** For screens under /circle/[id]: `const credit = useCredit(); credit().view.accounts`. */
export const useCredit = (): (() => CreditState) => {
	const circle = useCircle();
	return () => {
		const view = circle();
		let s = states.get(view);
		if (!s) {
			// Shared by every screen: made unowned, or it would stop updating with the first screen.
			s = unowned(() => new CreditState(view));
			states.set(view, s);
		}
		return s;
	};
};
