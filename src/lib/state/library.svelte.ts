/**
 * What the Library screen reads: the library view at the app clock (holds, loans and overdue are
 * derived there from the entries and the time), who this device is, names, and the intents.
 */
import type { LibraryView } from '$lib/core/library';
import { library } from '$lib/core/domains';
import type { MemberKey } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import type { Intents } from './intents';
import type { DomainView } from './domain-view.svelte';
import { m } from '$lib/i18n';

export class LibraryState {
	/** Made with the state, not inside a component's derived (which would own and drop it). */
	readonly #view: DomainView<typeof library>;

	constructor(readonly circle: CircleView) {
		this.#view = circle.domain(library);
	}

	get view(): LibraryView {
		return this.#view.value;
	}

	get now(): number {
		return this.circle.clock.now;
	}

	get intents(): Intents['library'] {
		return this.circle.intents.library;
	}

	get me(): MemberKey | null {
		return this.circle.signer.me();
	}

	get isMember(): boolean {
		const me = this.me;
		return !!me && this.circle.snapshot.members.some((m) => m.key === me);
	}

	get members(): { key: MemberKey; name: string }[] {
		return this.circle.snapshot.members.map((m) => ({ key: m.key, name: m.name }));
	}

	nameOf = (key: string | null): string => {
		if (key === null) return m.library_the_circle();
		const member = this.circle.snapshot.everyone.get(key as MemberKey);
		return member ? member.name : m.overview_member_fallback({ short: key.slice(0, 8) });
	};
}

const states = new WeakMap<CircleView, LibraryState>();

export const useLibrary = (): (() => LibraryState) => {
	const circle = useCircle();
	return () => {
		const view = circle();
		let s = states.get(view);
		if (!s) {
			s = new LibraryState(view);
			states.set(view, s);
		}
		return s;
	};
};
