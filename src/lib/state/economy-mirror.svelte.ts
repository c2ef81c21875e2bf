/**
 * What the Reciprocity and Scorecard screens read: each domain's view at the app clock, who this
 * device is, names, and the intents. Made once per circle view (never inside a component's
 * derived, which would own and drop it).
 */
import type { ReciprocityView } from '$lib/core/reciprocity';
import type { ScorecardView } from '$lib/core/scorecard';
import { reciprocity, scorecard } from '$lib/core/domains';
import type { MemberKey } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import type { Intents } from './intents';
import type { DomainView } from './domain-view.svelte';
import { m as msg } from '$lib/i18n';

export class EconomyMirror {
	readonly #mirror: DomainView<typeof reciprocity>;
	readonly #score: DomainView<typeof scorecard>;

	constructor(readonly circle: CircleView) {
		this.#mirror = circle.domain(reciprocity);
		this.#score = circle.domain(scorecard);
	}

	get mirror(): ReciprocityView {
		return this.#mirror.value;
	}

	get score(): ScorecardView {
		return this.#score.value;
	}

	get now(): number {
		return this.circle.clock.now;
	}

	get intents(): Pick<Intents, 'reciprocity' | 'scorecard'> {
		return this.circle.intents;
	}

	get me(): MemberKey | null {
		return this.circle.signer.me();
	}

	get isMember(): boolean {
		const me = this.me;
		return !!me && this.circle.snapshot.members.some((m) => m.key === me);
	}

	get name(): string {
		return this.circle.snapshot.name;
	}

	get members(): { key: MemberKey; name: string }[] {
		return this.circle.snapshot.members.map((m) => ({ key: m.key, name: m.name }));
	}

	/** A member's name; null is the whole circle (the screen words it). */
	nameOf = (key: string | null, circle = msg.common_the_circle()): string => {
		if (key === null) return circle;
		const m = this.circle.snapshot.everyone.get(key as MemberKey);
		return m ? m.name : msg.overview_member_fallback({ short: key.slice(0, 8) });
	};
}

const states = new WeakMap<CircleView, EconomyMirror>();

export const useEconomyMirror = (): (() => EconomyMirror) => {
	const circle = useCircle();
	return () => {
		const view = circle();
		let s = states.get(view);
		if (!s) {
			s = new EconomyMirror(view);
			states.set(view, s);
		}
		return s;
	};
};
