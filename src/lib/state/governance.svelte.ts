/**
 * Governance as reactive reads: runs the core's `Governance` over the open circle's
 * accepted entries and membership, at a ticking `now` (once a minute, and whenever the
 * ledger changes), and exposes the intents of the governance screens as signed writes.
 *
 * "The first phone that notices records the draw": whenever this device is a member and
 * a term has begun whose freeze point has passed and nobody has sealed it yet
 * (`state.seals.due`), it writes the `rotation.seal` entries. Concurrent seals from other
 * phones are harmless: the lowest entry id wins, on every phone.
 */
import * as ceremony from '$lib/core/seeds';
import * as seeds from '$lib/core/seeds/domain';
import * as charter from '$lib/core/charter/domain';
import * as mandate from '$lib/core/mandates/domain';
import { TASK_MAX } from '$lib/core/mandates';
import * as reset from '$lib/core/reset/domain';
import { absenceBody, benchBody, stepdownBody } from '$lib/core/rotation/domain';
import { openCircle, type GovernanceState } from '$lib/core/circle';
import { SEAL, verify, type SealBody } from '$lib/core/rotation';
import type { Holding } from '$lib/core/rotation';
import type { CharterContent } from '$lib/core/charter/content';
import type { ProposalView } from '$lib/core/charter';
import type { EntryId, MemberKey, Millis } from '$lib/core/types';
import type { Identity } from '$lib/device/identity';
import { charterDraftOf } from '$lib/sync/circle-doc';
import { randomHex } from './circle-session';
import type { CircleView } from './circle.svelte';
import { app } from './app.svelte';
import { useCircle } from './context';

/** How often the clock ticks for the screens (term boundaries are at whole hours or days). */
export const TICK_MS = 30_000;
/** At most this many seals are written in one go (a phone catching up on a long absence). */
export const SEAL_BATCH = 24;

export interface GovernanceDeps {
	now: () => Millis;
	identity: () => Identity | null;
	/** Problems a person should see. */
	onProblem: (err: unknown) => void;
	/** Whether this device writes due seals (on by default). */
	autoSeal?: boolean;
}

export class GovernanceView {
	now = $state.raw(0);
	/** Seals this device wrote (for the screen and for tests). */
	sealsWritten = $state.raw(0);

	// Bookkeeping, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #sealing = new Set<string>();
	#timer: ReturnType<typeof setInterval> | null = null;

	/** The governance at `now`, recomputed when the ledger changes or the clock ticks. */
	readonly state: GovernanceState = $derived.by(() => {
		void this.view.snapshot;
		// The clock ticks for boundaries; a change in the ledger reads the time afresh, so an
		// entry written a moment ago (a reset, a step-down) is never "in the future".
		return this.compute(Math.max(this.now, this.deps.now()));
	});

	constructor(
		readonly view: CircleView,
		private readonly deps: GovernanceDeps
	) {
		this.now = deps.now();
	}

	/** The governance at `t` from the ledger as it is now (not reactive). */
	compute(t: Millis): GovernanceState {
		return this.view.session.book.state(t);
	}

	/** Starts the clock; returns the stop function (call it on destroy). */
	start(): () => void {
		this.#timer ??= setInterval(() => this.tick(), TICK_MS);
		return () => this.stop();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Moves the clock to the device's time. */
	tick(): void {
		this.now = this.deps.now();
	}

	get me(): MemberKey | null {
		return this.deps.identity()?.publicKey ?? null;
	}

	/** True when this device's identity is an active member (it may write). */
	get isMember(): boolean {
		const me = this.me;
		return !!me && this.view.snapshot.members.some((m) => m.key === me);
	}

	nameOf = (key: MemberKey): string => {
		const m = this.view.snapshot.everyone.get(key);
		return m ? m.name : `member ${key.slice(0, 8)}`;
	};

	/** Recomputes a draw from scratch (a fresh fold of the whole ledger) and compares it with its seal. */
	verifyDraw(h: Pick<Holding, 'role' | 'term' | 'segment'>): { verdict: string; message: string } {
		const ledger = this.view.session.ledger;
		const refolded = openCircle(ledger.circle);
		refolded.add(
			ledger.accepted.map((entry, i) => ({ entry, sigValid: true, id: ledger.acceptedIdList[i] })),
			this.deps.now()
		);
		const fresh = refolded.state(this.deps.now());
		const again = fresh.history.find(
			(x) => x.role === h.role && x.term === h.term && x.segment === h.segment
		);
		if (!again) return { verdict: 'missing', message: 'This draw is no longer in the history.' };
		const v = { verdict: verify(again) };
		const names = (keys: readonly MemberKey[]) => keys.map(this.nameOf).join(' and ') || 'nobody';
		if (v.verdict === 'matches')
			return { verdict: 'matches', message: `Matches the sealed draw: ${names(again.computed)}.` };
		if (v.verdict === 'unsealed')
			return { verdict: 'unsealed', message: `Not sealed yet; the rule picks ${names(again.computed)}.` };
		const same =
			again.seal!.holders.length === again.computed.length &&
			again.seal!.holders.every((m, i) => m === again.computed[i]);
		return {
			verdict: 'flagged',
			message: same
				? `Flagged: same holder (${names(again.computed)}), but the inputs differ — entries arrived after the seal.`
				: `Flagged: expected ${names(again.computed)}, the seal says ${names(again.seal!.holders)}.`
		};
	}

	// ---- writes ----

	#identity(): Identity {
		const id = this.deps.identity();
		if (!id) throw new Error('Choose your name first.');
		if (!this.isMember) throw new Error('Only members of this circle can do that.');
		return id;
	}

	#write(type: string, body: Parameters<CircleView['session']['write']>[2]): Promise<EntryId> {
		return this.view.session.write(this.#identity(), type, body);
	}

	/** Writes the seals that are due (first phone past a boundary). Returns how many it wrote. */
	async writeDueSeals(): Promise<number> {
		if (this.deps.autoSeal === false || !this.isMember) return 0;
		const due = this.compute(this.deps.now())
			.seals.due.filter((s) => !this.#sealing.has(sealKey(s)))
			.slice(0, SEAL_BATCH);
		if (due.length === 0) return 0;
		for (const s of due) this.#sealing.add(sealKey(s));
		let n = 0;
		try {
			for (const body of due) {
				await this.#write(SEAL, body);
				n++;
			}
		} catch (err) {
			this.deps.onProblem(err);
		} finally {
			for (const s of due) this.#sealing.delete(sealKey(s));
		}
		this.sealsWritten += n;
		return n;
	}

	stepDown(role: string, term: number, note: string): Promise<EntryId> {
		return this.#write('role.stepdown', stepdownBody(role, term, note.trim()));
	}

	declareAbsence(from: Millis, until: Millis, note: string): Promise<EntryId> {
		if (!(until > from)) throw new Error('The absence must end after it starts.');
		return this.#write('member.absence', absenceBody(from, until, note.trim()));
	}

	/**
	 * Records a temperature check's outcome: "if the same individuals dominate discussions,
	 * they rotate out of facilitation for a predefined period". `role` null benches from every role.
	 */
	bench(member: MemberKey, role: string | null, until: Millis, reason: string): Promise<EntryId> {
		if (!reason.trim()) throw new Error('Say what the temperature check showed.');
		if (!(until > this.deps.now())) throw new Error('The bench must end after today.');
		return this.#write('member.bench', benchBody(member, role, until, reason.trim()));
	}

	proposeMandate(task: string, sunset: Millis): Promise<EntryId> {
		if (!task.trim()) throw new Error('Say what the mandate is for.');
		if (task.trim().length > TASK_MAX) throw new Error(`Keep the task under ${TASK_MAX} characters.`);
		return this.#write(mandate.PROPOSE, mandate.proposeBody(task, sunset));
	}

	mandateDone(id: EntryId): Promise<EntryId> {
		return this.#write(mandate.DONE, mandate.doneBody(id));
	}

	recallVote(id: EntryId, reason: string): Promise<EntryId> {
		return this.#write(mandate.RECALL_VOTE, mandate.recallVoteBody(id, reason.trim()));
	}

	callReset(reason: string): Promise<EntryId> {
		return this.#write(reset.CALL, reset.callBody(reason.trim()));
	}

	proposeCharter(content: CharterContent, text: string): Promise<EntryId> {
		return this.#write(charter.PROPOSE, charter.proposalBody(content, text));
	}

	consent(proposal: EntryId): Promise<EntryId> {
		return this.#write(charter.CONSENT, charter.consentBody(proposal));
	}

	object(proposal: EntryId, reason: string): Promise<EntryId> {
		if (!reason.trim()) throw new Error('An objection needs a reason the circle can answer.');
		return this.#write(charter.OBJECT, charter.objectionBody(proposal, reason.trim()));
	}

	ratify(p: ProposalView): Promise<EntryId> {
		return this.#write(charter.RATIFY, charter.ratifyBody(p));
	}

	// ---- the dice ceremony: this phone's secret value waits in local storage until it reveals ----

	/** Starts a ceremony (this phone commits first) and returns its id. */
	async startCeremony(): Promise<string> {
		const id = randomHex(16);
		await this.commitCeremony(id);
		return id;
	}

	async commitCeremony(id: string): Promise<EntryId> {
		const me = this.#identity();
		const value = randomHex(32);
		rememberValue(this.view.session.circle, id, value);
		return this.#write(seeds.COMMIT, ceremony.commitBody(id, me.publicKey, value));
	}

	/** The value this phone committed to, if it still has it. */
	committedValue(id: string): string | null {
		return recallValue(this.view.session.circle, id);
	}

	revealCeremony(id: string): Promise<EntryId> {
		const value = recallValue(this.view.session.circle, id);
		if (!value) throw new Error('This phone no longer has the value it committed to; start a new ceremony.');
		return this.#write(seeds.REVEAL, ceremony.revealBody(id, value));
	}

	completeCeremony(id: string, dice: string): Promise<EntryId> {
		const now = this.compute(this.deps.now());
		const c = now.ceremonies.find((x) => x.ceremony === id);
		if (!c || !c.ready) throw new Error('Every phone that committed must reveal first.');
		const previous = now.seeds.at(-1)?.seed ?? '';
		return this.#write(seeds.CEREMONY, ceremony.ceremonyBody(id, previous, c.reveals, dice.trim()));
	}

	// ---- the collaborative charter draft (Y.Text in the circle's doc) ----

	get draftText(): string {
		return charterDraftOf(this.view.doc).toString();
	}

	/** Follows changes to the shared draft; returns the unsubscribe function. */
	onDraft(listener: (text: string) => void): () => void {
		const text = charterDraftOf(this.view.doc);
		const handler = () => listener(text.toString());
		text.observe(handler);
		return () => text.unobserve(handler);
	}

	/** Replaces the draft with `next`, as the smallest edit (so concurrent edits elsewhere merge). */
	setDraft(next: string): void {
		const text = charterDraftOf(this.view.doc);
		const prev = text.toString();
		if (prev === next) return;
		let a = 0;
		while (a < prev.length && a < next.length && prev[a] === next[a]) a++;
		let b = 0;
		while (
			b < prev.length - a &&
			b < next.length - a &&
			prev[prev.length - 1 - b] === next[next.length - 1 - b]
		)
			b++;
		this.view.doc.transact(() => {
			if (prev.length - a - b > 0) text.delete(a, prev.length - a - b);
			if (next.length - a - b > 0) text.insert(a, next.slice(a, next.length - b));
		});
	}
}

const sealKey = (s: SealBody) => `${s.role}/${s.term}/${s.segment}`;

const storageKey = (circle: string, id: string) => `circulate-ceremony-${circle}-${id}`;

const rememberValue = (circle: string, id: string, value: string): void => {
	try {
		globalThis.localStorage?.setItem(storageKey(circle, id), value);
	} catch {
		memory.set(storageKey(circle, id), value);
	}
	memory.set(storageKey(circle, id), value);
};

const recallValue = (circle: string, id: string): string | null => {
	try {
		const v = globalThis.localStorage?.getItem(storageKey(circle, id));
		if (v) return v;
	} catch {
		// private mode: the in-memory copy below
	}
	return memory.get(storageKey(circle, id)) ?? null;
};

// A fallback store for private mode, not state.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const memory = new Map<string, string>();

const views = new WeakMap<CircleView, GovernanceView>();

/** One governance view per open circle, shared by every screen. */
export const governanceFor = (view: CircleView, deps: GovernanceDeps): GovernanceView => {
	let g = views.get(view);
	if (!g) {
		g = new GovernanceView(view, deps);
		views.set(view, g);
	}
	return g;
};

/** The app's clock, identity and notices. */
export const appGovernanceDeps: GovernanceDeps = {
	now: () => Date.now(),
	identity: () => app.identity,
	onProblem: (err) => app.report(err)
};

/** For screens under /circle/[id]: `const gov = useGovernance(); gov().state.holders`. */
export const useGovernance = (): (() => GovernanceView) => {
	const circle = useCircle();
	return () => governanceFor(circle(), appGovernanceDeps);
};
