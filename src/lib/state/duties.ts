/**
 * Duties: what a member's phone writes on its own when the time comes, without anyone
 * pressing a button — sealing a term's draw (the first phone past a boundary records
 * it), and a new room secret once someone has left or was removed; later, reminding of a loan. The runner belongs to the open circle's state
 * (CircleView starts it when the circle is opened, and stops it when the circle is closed),
 * not to a screen: it looks again whenever the ledger changes and at every tick of the app
 * clock, and writes only while this device's identity is an active member.
 *
 * An item being written is not written again by a run that starts meanwhile; at most
 * `batch` items of a duty are written per run (a phone catching up on a long absence writes
 * the rest on the next look, after the first ones are folded).
 */
import type { Circle } from '$lib/core/circle';
import type { Millis } from '$lib/core/types';
import type { CircleSession } from './circle-session';
import type { Clock } from './clock.svelte';
import { ratifyDuty } from './intents/charter';
import { sealDuty } from './intents/rotation';
import { rekeyDuty, shareDuty } from './intents/settings';
import type { Signer } from './intents/signer';

export interface Duty<T> {
	name: string;
	/** What is due at `now`, read from the domains' views. */
	due(book: Circle, now: Millis): readonly T[];
	/** Tells items apart, so one being written is not written twice. */
	key(item: T): string;
	/** Writes one item. */
	perform(s: Signer, item: T): Promise<unknown>;
	/** At most this many items per run. */
	batch: number;
}

/** Every duty, in the order they run. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const DUTIES: readonly Duty<any>[] = [sealDuty, ratifyDuty, rekeyDuty, shareDuty];

export interface DutiesDeps {
	clock: Pick<Clock, 'onTick'>;
	/** Problems a person should see. */
	onProblem: (err: unknown) => void;
}

export class Duties {
	/** Items this device wrote for its duties (for tests). */
	written = 0;
	readonly #inFlight = new Set<string>();
	readonly #runs = new Set<Promise<number>>();
	#stop: (() => void) | null = null;

	constructor(
		private readonly session: CircleSession,
		private readonly signer: Signer,
		private readonly deps: DutiesDeps,
		readonly duties: readonly Duty<unknown>[] = DUTIES
	) {}

	/** Looks now and then whenever the ledger changes or the clock ticks; returns `stop`. */
	start(): () => void {
		if (!this.#stop) {
			const look = () => void this.run();
			const offChange = this.session.onChange(look);
			const offTick = this.deps.clock.onTick(look);
			// Not at once: the circle may be opened while a screen is being computed.
			queueMicrotask(look);
			this.#stop = () => {
				offChange();
				offTick();
			};
		}
		return () => this.stop();
	}

	stop(): void {
		this.#stop?.();
		this.#stop = null;
	}

	get running(): boolean {
		return this.#stop !== null;
	}

	/** Performs what is due now; resolves to how many entries it wrote. */
	run(): Promise<number> {
		const run = this.#run();
		this.#runs.add(run);
		void run.finally(() => this.#runs.delete(run));
		return run;
	}

	/** Resolves once every run started so far has finished (for tests). */
	async settled(): Promise<void> {
		while (this.#runs.size) await Promise.all([...this.#runs]);
	}

	async #run(): Promise<number> {
		let n = 0;
		for (const duty of this.duties) n += await this.#perform(duty);
		return n;
	}

	async #perform<T>(duty: Duty<T>): Promise<number> {
		if (!this.signer.isMember() || this.signer.mustCatchUp()) return 0;
		const keyOf = (item: T) => `${duty.name}:${duty.key(item)}`;
		const due = duty
			.due(this.session.book, this.signer.now())
			.filter((item) => !this.#inFlight.has(keyOf(item)))
			.slice(0, duty.batch);
		if (due.length === 0) return 0;
		for (const item of due) this.#inFlight.add(keyOf(item));
		let n = 0;
		try {
			for (const item of due) {
				await duty.perform(this.signer, item);
				n++;
			}
		} catch (err) {
			this.deps.onProblem(err);
		} finally {
			for (const item of due) this.#inFlight.delete(keyOf(item));
		}
		this.written += n;
		return n;
	}
}
