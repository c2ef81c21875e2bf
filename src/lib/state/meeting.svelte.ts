/**
 * What the Meeting screen reads and does: the agenda and the judged meetings (the rotation's view
 * judges each close against the facilitator's stretches), who may close a meeting now, who is passed
 * over and why; and the meeting in progress on this phone — the talk-time meter.
 *
 * The meter counts with a monotonic clock (performance.now intervals; the wall clock only dates the
 * meeting), pauses while the page is hidden, keeps the screen awake while it runs (Wake Lock, where
 * the browser has it), and writes the meeting in progress to this phone's device store on every
 * speaker change (and every second while it runs, and as the page goes), so a reload or a killed app resumes with
 * the talk times intact: the meter comes back paused, at what it had counted.
 */
import { decision, meeting, rotation } from '$lib/core/domains';
import type { DecisionView } from '$lib/core/decision';
import {
	stretchOf,
	type JudgedClose,
	type MeetingView,
	type PassOver,
	type RecordedAnswer
} from '$lib/core/meeting';
import type { RotationView } from '$lib/core/rotation';
import type { EntryId, MemberKey } from '$lib/core/types';
import { app } from './app.svelte';
import type { CircleView } from './circle.svelte';
import { useCircle } from './context';
import type { DomainView } from './domain-view.svelte';
import { refuse } from '$lib/core/host/domain';
import { m as msg } from '$lib/i18n';

/** Who holds the floor: a member present, several at once, silence, or nobody (paused). */
export type Speaker = MemberKey | 'several' | 'silence';

/** The meeting in progress, as kept on this phone (times in milliseconds of the meter). */
export interface MeetingDraft {
	v: 1;
	/** Wall-clock instant and day it opened. */
	started: number;
	date: string;
	stage: 'present' | 'running' | 'round';
	present: MemberKey[];
	talk: Record<string, number>;
	several: number;
	silence: number;
	/** The speaker when last written; null: paused. */
	speaker: Speaker | null;
	/** Agenda items taken, in order, and the one in hand. */
	items: string[];
	current: string | null;
	minutes: string;
	decisions: string[];
	/** For each decision, whether it needed permission from outside the circle (default: no). */
	outside?: boolean[];
	/**
	 * The consent round taken on this phone: answers recorded for members present, per proposal
	 * and version (the latest per member wins), and the proposal in hand.
	 */
	answers?: RecordedAnswer[];
	proposal?: string | null;
	round: Record<string, { moment: string; named: MemberKey[] }>;
	victories: string;
	/** True when this record was read back after a reload: the meter waits for a tap. */
	interrupted?: boolean;
}

/** While the meter runs, what it counted is written at least this often (a killed app loses less). */
const PERSIST_EVERY_MS = 1000;

const localDate = (t: number): string => {
	const d = new Date(t);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

export class MeetingState {
	readonly #meeting: DomainView<typeof meeting>;
	readonly #rotation: DomainView<typeof rotation>;
	readonly #decision: DomainView<typeof decision>;
	/** The meeting in progress (null: none on this phone; undefined: not read yet). */
	draft = $state<MeetingDraft | null | undefined>(undefined);
	/** performance.now() when the current speaker's stretch began (null: paused). */
	#segStart: number | null = null;
	/** Ticks while the meter runs, so the shares on screen move. */
	tick = $state(0);
	#timer: ReturnType<typeof setInterval> | null = null;
	#lastWrite = 0;
	#wake: { release(): Promise<void> } | null = null;
	wakeLock = $state<'held' | 'unavailable' | 'off'>('off');
	#off: (() => void) | null = null;

	constructor(readonly circle: CircleView) {
		this.#meeting = circle.domain(meeting);
		this.#rotation = circle.domain(rotation);
		this.#decision = circle.domain(decision);
	}

	get view(): MeetingView {
		return this.#meeting.value;
	}
	get rotation(): RotationView {
		return this.#rotation.value;
	}
	get now(): number {
		return this.circle.clock.now;
	}
	get intents() {
		return this.circle.intents.meeting;
	}
	/** The decision domain's intents (this phone's member answers, and the proposer amends). */
	get decisionIntents() {
		return this.circle.intents.decision;
	}
	/** Every decision proposal (the consent round takes the open ones; a summary names them). */
	get decisions(): DecisionView[] {
		return this.#decision.value;
	}
	get openDecisions(): DecisionView[] {
		return this.decisions.filter((d) => d.status === 'open');
	}
	get me(): MemberKey | null {
		return this.circle.signer.me();
	}
	get members(): { key: MemberKey; name: string }[] {
		return this.circle.snapshot.members.map((m) => ({ key: m.key, name: m.name }));
	}
	nameOf = (key: string): string => {
		const m = this.circle.snapshot.everyone.get(key as MemberKey);
		return m ? m.name : msg.overview_member_fallback({ short: key.slice(0, 8) });
	};

	/** Every meeting closed, newest first, with whether it counts. */
	get meetings(): JudgedClose[] {
		return [...this.rotation.meetings].reverse();
	}

	/** Who sits out facilitation now because of the meetings, with the reason. */
	get passedOver(): PassOver[] {
		const now = this.now;
		// One line per member: the stretch that lasts longest (a later meeting may extend it).
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const latest = new Map<MemberKey, PassOver>();
		for (const p of this.rotation.passedOver)
			if (p.from <= now && now < p.until && (latest.get(p.member)?.until ?? -Infinity) < p.until)
				latest.set(p.member, p);
		return [...latest.values()];
	}

	/** The facilitator's stretch now: the holder, then the rest of the draw in order. */
	get facilitation(): { holders: MemberKey[]; order: MemberKey[] } | null {
		const role = this.rotation.roles.find((r) => r.role.id === 'facilitator');
		const h = role?.current;
		return h ? { holders: h.holders, order: stretchOf(h).order.slice() } : null;
	}

	/** The next facilitator term: who is drawn, from when, and who its draw passes over. */
	get nextFacilitation(): { holders: MemberKey[]; start: number; passedOver: MemberKey[] } | null {
		const h = this.rotation.roles.find((r) => r.role.id === 'facilitator')?.next;
		return h
			? {
					holders: h.holders,
					start: h.start,
					passedOver: h.draw.excluded.filter((x) => x.reason === 'passed-over').map((x) => x.member)
				}
			: null;
	}

	/** Who may close a meeting with `present` now: the first of the facilitator's order present. */
	closerFor(present: readonly MemberKey[]): MemberKey | null {
		return this.facilitation?.order.find((m) => present.includes(m)) ?? null;
	}

	// ---- the meeting in progress ----

	#key(): string {
		return this.circle.session.circle;
	}

	/** Reads the meeting in progress from the device store and starts watching the page. */
	async load(): Promise<void> {
		const rec = (await app.store.get('meetings', this.#key()).catch(() => undefined)) as
			MeetingDraft | undefined;
		this.draft = rec && rec.v === 1 ? { ...rec, interrupted: rec.speaker !== null || rec.interrupted } : null;
		if (this.draft) this.draft.speaker = null;
		this.#watch();
	}

	#watch(): void {
		if (this.#off || typeof document === 'undefined') return;
		const onVisibility = () => {
			if (document.visibilityState === 'hidden') this.#hide();
			else this.#show();
		};
		// Leaving or reloading: what the running stretch counted goes in before the page goes.
		const onHide = () => this.#hide();
		document.addEventListener('visibilitychange', onVisibility);
		window.addEventListener('pagehide', onHide);
		this.#off = () => {
			document.removeEventListener('visibilitychange', onVisibility);
			window.removeEventListener('pagehide', onHide);
		};
	}

	/** Stops watching the page (the screen went away); the record stays. */
	dispose(): void {
		this.#flush();
		void this.#persist();
		this.#stopTimer();
		void this.#releaseWake();
		this.#off?.();
		this.#off = null;
	}

	open(): void {
		const now = this.circle.signer.now();
		const me = this.me;
		this.draft = {
			v: 1,
			started: now,
			date: localDate(now),
			stage: 'present',
			present: me ? [me] : [],
			talk: {},
			several: 0,
			silence: 0,
			speaker: null,
			items: [],
			current: null,
			minutes: '',
			decisions: [],
			outside: [],
			answers: [],
			proposal: null,
			round: {},
			victories: ''
		};
		void this.#persist();
	}

	togglePresent(m: MemberKey): void {
		const d = this.draft;
		if (!d) return;
		d.present = d.present.includes(m) ? d.present.filter((x) => x !== m) : [...d.present, m].sort();
		void this.#persist();
	}

	begin(): void {
		const d = this.draft;
		if (!d || d.present.length === 0) return;
		d.stage = 'running';
		for (const m of d.present) d.talk[m] ??= 0;
		void this.#persist();
	}

	/** Milliseconds counted for `who`, the running stretch included. */
	counted(who: Speaker): number {
		void this.tick;
		const d = this.draft;
		if (!d) return 0;
		const base = who === 'several' ? d.several : who === 'silence' ? d.silence : (d.talk[who] ?? 0);
		const live = d.speaker === who && this.#segStart !== null ? performance.now() - this.#segStart : 0;
		return base + live;
	}

	/** The talk share of each member present, live (of the members' talk, not silence). */
	get shares(): { member: MemberKey; ms: number; share: number }[] {
		const d = this.draft;
		if (!d) return [];
		const rows = d.present.map((m) => ({ member: m, ms: this.counted(m) }));
		const total = rows.reduce((s, r) => s + r.ms, 0);
		return rows.map((r) => ({ ...r, share: total > 0 ? r.ms / total : 0 }));
	}

	/** The speaker now (tap to switch; tapping the speaker again pauses). */
	speak(who: Speaker | null): void {
		const d = this.draft;
		if (!d) return;
		this.#flush();
		d.speaker = d.speaker === who ? null : who;
		d.interrupted = false;
		if (d.speaker !== null && document.visibilityState !== 'hidden') {
			this.#segStart = performance.now();
			this.#startTimer();
			void this.#acquireWake();
		} else {
			this.#stopTimer();
			void this.#releaseWake();
		}
		void this.#persist();
	}

	take(item: string | null): void {
		const d = this.draft;
		if (!d) return;
		d.current = item;
		if (item && !d.items.includes(item)) d.items = [...d.items, item];
		void this.#persist();
	}

	/** Minutes, decisions, round answers and victories: written as they are typed. */
	edit(change: (d: MeetingDraft) => void): void {
		if (!this.draft) return;
		change(this.draft);
		void this.#persist();
	}

	/** Adds a decision written in the meeting, with whether it needed outside permission. */
	addDecision(text: string, outside: boolean): void {
		const t = text.trim();
		if (!t) return;
		this.edit((x) => {
			const flags = x.decisions.map((_, i) => x.outside?.[i] === true);
			x.decisions = [...x.decisions, t];
			x.outside = [...flags, outside];
		});
	}

	removeDecision(i: number): void {
		this.edit((x) => {
			const flags = x.decisions.map((_, j) => x.outside?.[j] === true);
			x.decisions = x.decisions.filter((_, j) => j !== i);
			x.outside = flags.filter((_, j) => j !== i);
		});
	}

	/** The proposal the consent round is on (null: none). */
	takeProposal(id: string | null): void {
		this.edit((x) => (x.proposal = id));
	}

	/** The answer recorded on this phone for `member` to a proposal's version, if any. */
	recorded(decisionId: string, version: number, member: MemberKey): RecordedAnswer | null {
		return (
			this.draft?.answers?.find(
				(a) => a.decision === decisionId && a.version === version && a.member === member
			) ?? null
		);
	}

	/**
	 * Records a member's answer on the shared phone (they say it aloud; the close carries it). An
	 * objection needs its reason; answering again replaces the answer; null takes it back.
	 */
	record(
		decisionId: string,
		version: number,
		member: MemberKey,
		answer: RecordedAnswer['answer'] | null,
		note = ''
	): boolean {
		// An objection without its reason is not recorded (the screen asks for it).
		if (answer === 'object' && !note.trim()) return false;
		this.edit((x) => {
			const rest = (x.answers ?? []).filter(
				(a) => !(a.decision === decisionId && a.version === version && a.member === member)
			);
			x.answers = answer
				? [...rest, { decision: decisionId, version, member, answer, note: note.trim() }]
				: rest;
		});
		return true;
	}

	/** To the least-heard round: the meter stops. */
	toRound(): void {
		this.speak(null);
		if (this.draft) this.draft.stage = 'round';
		void this.#persist();
	}

	backToMeeting(): void {
		if (this.draft) this.draft.stage = 'running';
		void this.#persist();
	}

	/** Signs the one closing entry, then forgets the meeting in progress. */
	async close(): Promise<EntryId> {
		const d = this.draft;
		if (!d) return refuse('no-meeting');
		this.speak(null);
		// A plain value handed to the builder, not state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const talkMs = new Map(d.present.map((m) => [m, d.talk[m] ?? 0]));
		// Answers to proposals this phone knows, every version taken in the meeting: an amended
		// proposal's earlier round stays in the record (the objection that led to the amendment);
		// the decision domain counts only the current version's.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const versions = new Map(this.decisions.map((x) => [x.id as string, x.version]));
		const answers = (d.answers ?? []).filter((a) => a.version <= (versions.get(a.decision) ?? 0));
		const id = await this.intents.close({
			date: d.date,
			started: d.started,
			talkMs,
			severalMs: d.several,
			silenceMs: d.silence,
			items: d.items,
			decisions: d.decisions,
			outside: d.decisions.map((_, i) => d.outside?.[i] === true),
			minutes: d.minutes,
			round: d.present.map((m) => ({
				member: m,
				moment: d.round[m]?.moment ?? '',
				named: d.round[m]?.named ?? []
			})),
			victories: d.victories.split('\n'),
			closer: this.me ?? undefined,
			answers
		});
		await this.discard();
		return id;
	}

	async discard(): Promise<void> {
		this.#stopTimer();
		void this.#releaseWake();
		this.#segStart = null;
		this.draft = null;
		await app.store.delete('meetings', this.#key()).catch(() => {});
	}

	/** Adds the running stretch to its speaker's total. */
	#flush(): void {
		const d = this.draft;
		if (!d || d.speaker === null || this.#segStart === null) return;
		const t = performance.now();
		const ms = Math.max(0, t - this.#segStart);
		this.#segStart = t;
		if (d.speaker === 'several') d.several += ms;
		else if (d.speaker === 'silence') d.silence += ms;
		else d.talk[d.speaker] = (d.talk[d.speaker] ?? 0) + ms;
	}

	#hide(): void {
		this.#flush();
		this.#segStart = null;
		this.#stopTimer();
		void this.#releaseWake();
		void this.#persist();
	}

	#show(): void {
		if (this.draft?.speaker != null) {
			this.#segStart = performance.now();
			this.#startTimer();
			void this.#acquireWake();
		}
	}

	#startTimer(): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => {
			this.tick++;
			if (performance.now() - this.#lastWrite > PERSIST_EVERY_MS) {
				this.#flush();
				void this.#persist();
			}
		}, 250);
	}

	#stopTimer(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.tick++;
	}

	async #persist(): Promise<void> {
		const d = this.draft;
		if (!d) return;
		this.#lastWrite = performance.now();
		await app.store.put('meetings', this.#key(), $state.snapshot(d)).catch(() => {});
	}

	async #acquireWake(): Promise<void> {
		const nav = navigator as Navigator & {
			wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
		};
		if (this.#wake) return;
		if (!nav.wakeLock) {
			this.wakeLock = 'unavailable';
			return;
		}
		try {
			this.#wake = await nav.wakeLock.request('screen');
			this.wakeLock = 'held';
		} catch {
			this.wakeLock = 'unavailable';
		}
	}

	async #releaseWake(): Promise<void> {
		const w = this.#wake;
		this.#wake = null;
		if (this.wakeLock === 'held') this.wakeLock = 'off';
		await w?.release().catch(() => {});
	}
}

const states = new WeakMap<CircleView, MeetingState>();

export const useMeeting = (): (() => MeetingState) => {
	const circle = useCircle();
	return () => {
		const view = circle();
		let s = states.get(view);
		if (!s) {
			s = new MeetingState(view);
			states.set(view, s);
		}
		return s;
	};
};
