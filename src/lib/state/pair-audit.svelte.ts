/**
 * What the Pair audit and Mentorship screens read and do (issue 10, items 4 and 5).
 *
 * **Private answers stay on this phone.** An auditor's interviews (who named whom, prompt by prompt)
 * are kept in this browser's localStorage under `circulate.pairaudit.<circle>.<auditor>.<term>`:
 * never signed, never in the circle's Yjs document, never in an export or a sync. Only the aggregate
 * (`aggregate` in core/pairaudit) is proposed to the ledger, and it counts once the other auditor
 * co-signs it. docs/protocol/pairaudit.md and the threat model say the same.
 */
import { mentorship, pairaudit } from '$lib/core/domains';
import {
	aggregate,
	type Interview,
	type PairAuditView,
	type PendingAudit,
	type TiesBody
} from '$lib/core/pairaudit';
import type { MentorshipView } from '$lib/core/mentorship';
import type { EntryId, MemberKey } from '$lib/core/types';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import type { DomainView } from './domain-view.svelte';
import { refuse } from '$lib/core/host/domain';
import { m as msg } from '$lib/i18n';

const STORE_PREFIX = 'circulate.pairaudit';

const storage = (): Storage | null => {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
};

const isKeys = (x: unknown): x is MemberKey[] => Array.isArray(x) && x.every((k) => typeof k === 'string');

/** Reads this phone's interviews back leniently: anything unreadable is dropped, never thrown. */
const readInterviews = (raw: string | null): Record<string, Interview> => {
	if (!raw) return {};
	try {
		const parsed = JSON.parse(raw) as { v?: number; answers?: Record<string, unknown> };
		const out: Record<string, Interview> = {};
		for (const [who, a] of Object.entries(parsed.answers ?? {})) {
			const x = a as Partial<Interview>;
			if (isKeys(x.work) && isKeys(x.outside) && isKeys(x.rarely))
				out[who] = { work: x.work, outside: x.outside, rarely: x.rarely };
		}
		return out;
	} catch {
		return {};
	}
};

export class PairAuditState {
	readonly #audit: DomainView<typeof pairaudit>;
	readonly #mentorship: DomainView<typeof mentorship>;
	/** This phone's interviews for the current term, by interviewee (private: never synced). */
	answers = $state<Record<string, Interview>>({});
	#loadedKey: string | null = null;

	constructor(readonly circle: CircleView) {
		this.#audit = circle.domain(pairaudit);
		this.#mentorship = circle.domain(mentorship);
	}

	get view(): PairAuditView {
		return this.#audit.value;
	}
	get mentorship(): MentorshipView {
		return this.#mentorship.value;
	}
	get now(): number {
		return this.circle.clock.now;
	}
	get intents() {
		return { audit: this.circle.intents.pairaudit, mentorship: this.circle.intents.mentorship };
	}
	get me(): MemberKey | null {
		return this.circle.signer.me();
	}
	get isMember(): boolean {
		const me = this.me;
		return !!me && this.circle.snapshot.members.some((m) => m.key === me);
	}
	get members(): { key: MemberKey; name: string }[] {
		return this.circle.snapshot.members
			.map((m) => ({ key: m.key, name: m.name }))
			.sort((a, b) => a.name.localeCompare(b.name) || (a.key < b.key ? -1 : 1));
	}
	nameOf = (key: string): string => {
		const m = this.circle.snapshot.everyone.get(key as MemberKey);
		return m ? m.name : msg.overview_member_fallback({ short: key.slice(0, 8) });
	};

	/** True when this phone's member is one of the pair auditing now. */
	get isAuditor(): boolean {
		const me = this.me;
		return !!me && !!this.view.pair?.auditors.includes(me);
	}

	/** The key this phone's interviews for the current term live under (null: not an auditor now). */
	get storageKey(): string | null {
		const p = this.view.pair;
		const me = this.me;
		return p && me && p.auditors.includes(me)
			? `${STORE_PREFIX}.${this.circle.session.circle}.${me}.${p.term}`
			: null;
	}

	/** Reads this phone's interviews for the current term (call when the screen opens or the term turns). */
	load(): void {
		const key = this.storageKey;
		if (key === this.#loadedKey) return;
		this.#loadedKey = key;
		this.answers = key ? readInterviews(storage()?.getItem(key) ?? null) : {};
	}

	#persist(): void {
		const key = this.storageKey;
		if (!key) return;
		storage()?.setItem(key, JSON.stringify({ v: 1, answers: this.answers }));
	}

	/** Keeps one member's answers on this phone only. */
	saveInterview(who: MemberKey, answers: Interview): void {
		this.answers = { ...this.answers, [who]: answers };
		this.#persist();
	}

	forgetInterview(who: MemberKey): void {
		const next = { ...this.answers };
		delete next[who];
		this.answers = next;
		this.#persist();
	}

	/** Deletes every interview this phone holds for the current term. */
	forgetAll(): void {
		const key = this.storageKey;
		this.answers = {};
		if (key) storage()?.removeItem(key);
	}

	/** The other auditor's proposal this phone may merge its interviews into, or co-sign. */
	get partnerProposal(): PendingAudit | null {
		const me = this.me;
		return this.view.pending.filter((p) => p.proposer !== me).at(-1) ?? null;
	}

	/** This phone's own proposal waiting for the other auditor. */
	get myProposal(): PendingAudit | null {
		const me = this.me;
		return this.view.pending.filter((p) => p.proposer === me).at(-1) ?? null;
	}

	/** The aggregate this phone would propose: its interviews, added to the other auditor's waiting proposal. */
	draftBody(): TiesBody {
		const p = this.view.pair;
		if (!p) return refuse('no-audit-pair');
		// A plain map handed to the core once, never kept or watched.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const interviews = new Map(Object.entries(this.answers) as [MemberKey, Interview][]);
		return aggregate(
			p.term,
			this.members.map((m) => m.key),
			interviews,
			this.partnerProposal?.body ?? null
		);
	}

	propose(): Promise<EntryId> {
		return this.intents.audit.propose(this.draftBody());
	}

	agree(ties: EntryId): Promise<EntryId> {
		return this.intents.audit.agree(ties);
	}
}

const states = new WeakMap<CircleView, PairAuditState>();

export const usePairAudit = (): (() => PairAuditState) => {
	const circle = useCircle();
	return () => {
		const view = circle();
		let s = states.get(view);
		if (!s) {
			s = new PairAuditState(view);
			states.set(view, s);
		}
		return s;
	};
};
