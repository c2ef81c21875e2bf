/**
 * What the governance screens read today, over the open circle's state: the composed
 * `GovernanceState` (every governance domain's view at the app clock, core/circle.ts), who
 * this device is, and names. Writes go through the circle's per-domain intents
 * (`gov.intents.charter.consent(id)`, state/intents/); sealing due draws is a duty of the
 * circle's state (state/duties.ts), not of any screen. A screen that needs one domain only
 * can read `circle.domain(d).value` instead.
 */
import type { GovernanceState } from '$lib/core/circle';
import type { Holding } from '$lib/core/rotation';
import type { MemberKey, Millis } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import { Reading, unowned } from './domain-view.svelte';
import type { Intents } from './intents';
import { verifyDraw, type DrawCheck } from './intents/rotation';
import { committedValue } from './intents/seeds';
import { needsFor, type Need } from './needs';
import { dueContext } from './due';
import { m as msg } from '$lib/i18n';
import { wordGovernance } from './role-words';

export class GovernanceView {
	readonly #state: Reading<GovernanceState>;

	constructor(readonly view: CircleView) {
		this.#state = new Reading(view, (book, t) => wordGovernance(book.state(t)), view.clock);
	}

	/** The governance at the app clock's `now`, recomputed when the ledger changes or the clock ticks. */
	get state(): GovernanceState {
		return this.#state.value;
	}

	/** The governance at `t` from the ledger as it is now (not reactive). */
	compute(t: Millis): GovernanceState {
		return this.#state.at(t);
	}

	get intents(): Intents {
		return this.view.intents;
	}

	get draft() {
		return this.view.draft;
	}

	get me(): MemberKey | null {
		return this.view.signer.me();
	}

	/** True when this device's identity is an active member (it may write). */
	get isMember(): boolean {
		const me = this.me;
		return !!me && this.view.snapshot.members.some((m) => m.key === me);
	}

	nameOf = (key: MemberKey): string => {
		const m = this.view.snapshot.everyone.get(key);
		return m ? m.name : msg.overview_member_fallback({ short: key.slice(0, 8) });
	};

	/** What waits for this device's member now (state/needs.ts), recomputed with the state. */
	get needs(): Need[] {
		const s = this.state;
		return needsFor(
			s,
			this.view.snapshot.removals,
			this.isMember ? this.me : null,
			dueContext(this.view.session.book, s)
		);
	}

	/** Recomputes a draw from scratch (a fresh fold of the whole ledger) and compares it with its seal. */
	verifyDraw(h: Pick<Holding, 'role' | 'term' | 'segment'>): DrawCheck {
		return verifyDraw(this.view.session, h, this.nameOf, this.view.signer.now());
	}

	/** The value this phone committed to in a dice ceremony, if it still has it. */
	committedValue(id: string): string | null {
		return committedValue(this.view.session.circle, id);
	}
}

/**
 * What waits for this device's member in a circle at `now`, without making the circle's
 * GovernanceView: for Home and the tab badge, which read it inside their own `$derived`. A
 * view made there would belong to that derived and stop updating once it re-ran or its page
 * went away (the Charter screen then showed a consent only after a reload).
 */
export const needsOf = (view: CircleView, now: Millis): Need[] => {
	const snap = view.snapshot;
	if (!snap.loaded || !snap.founded) return [];
	const me = view.signer.me();
	const member = !!me && snap.members.some((m) => m.key === me);
	if (!member) return [];
	const s = wordGovernance(view.session.book.state(now));
	return needsFor(s, snap.removals, me, dueContext(view.session.book, s));
};

const views = new WeakMap<CircleView, GovernanceView>();

/** One governance view per open circle, shared by every screen. */
export const governanceFor = (view: CircleView): GovernanceView => {
	let g = views.get(view);
	if (!g) {
		// Made unowned (domain-view.svelte.ts): made inside the screen that first asks, it would stop
		// updating once that screen went away (a consent appearing only after a reload).
		g = unowned(() => new GovernanceView(view));
		views.set(view, g);
	}
	return g;
};

/** For screens under /circle/[id]: `const gov = useGovernance(); gov().state.holders`. */
export const useGovernance = (): (() => GovernanceView) => {
	const circle = useCircle();
	return () => governanceFor(circle());
};
