/**
 * The composition root: the one place that opens a circle's ledger with its domains. The app,
 * `npm run verify`, the demo generator, the benchmarks and every test go through `openCircle`,
 * so the rules are wired one way only (the removal threshold once lived in three places).
 *
 *   const circle = openCircle(id, { founder });
 *   circle.add(arrivals, now);          // the ledger decides what counts, the domains what it means
 *   circle.state(now);                  // every domain's view at `now`, composed for the screens
 */
import { Ledger, type AddResult, type Arrival, type LedgerOptions } from './ledger';
import { DomainHost, type Rejected } from './host/host';
import { registry as defaultRegistry, charter, mandates, reset, rotation, seeds } from './domains';
import type { Registry } from './host/registry';
import type { AnyDomain } from './host/domain';
import type { RemovalThreshold } from './membership/fold';
import type { CharterStatus } from './charter/book';
import { closeQuorum, type CeremonyProgress, type SeedRecord } from './seeds/ceremony';
import { rosterAt } from './membership/view';
import type { SeedsView } from './seeds/domain';
import type { Mandate } from './mandates/mandate';
import type { ResetEvent, ResetStatus } from './reset/reset';
import type { RotationView } from './rotation/view';
import type { CircleId, Entry, Millis } from './types';

export interface OpenOptions extends Omit<LedgerOptions, 'removalThreshold' | 'host'> {
	/** Another set of domains (tests run an "older" phone with one removed). */
	registry?: Registry;
}

/** A completed reset with the seed the seeds domain drew from it. */
export interface ResetRecord extends ResetEvent {
	seed: string;
}

/** Everything the governance screens read, composed from the domains' views at `now`. */
export interface GovernanceState extends Omit<RotationView, 'span'> {
	now: Millis;
	/** Midnight UTC of the genesis day: every role's term 0 starts here. */
	epoch: Millis;
	genesisAt: Millis;
	charter: CharterStatus;
	mandates: Mandate[];
	reset: Omit<ResetStatus, 'history'> & { history: ResetRecord[] };
	seeds: SeedRecord[];
	ceremonies: CeremonyProgress[];
	/** The fewest commitments a dice ceremony's close counts now (seeds.md). */
	closeQuorum: number;
	/** Accepted entries that had no effect in their domain, with the reason as a code. */
	rejected: Rejected[];
	/** Accepted entries of types this phone does not know, counted by type: kept, no effect. */
	unknownTypes: { type: string; count: number }[];
}

export class Circle {
	readonly ledger: Ledger;
	readonly host: DomainHost;

	constructor(
		readonly id: CircleId,
		options: OpenOptions = {}
	) {
		const { registry = defaultRegistry, ...rest } = options;
		this.host = new DomainHost(registry, id);
		const host = this.host;
		const hasCharter = registry.domains.includes(charter as AnyDomain);
		this.ledger = new Ledger(id, {
			...rest,
			host,
			removalThreshold: hasCharter ? charterRemovalThreshold(() => host.book(charter)) : undefined
		});
	}

	add(arrivals: readonly Arrival[], now: Millis): AddResult {
		return this.ledger.add(arrivals, now);
	}

	/** One domain's view at `now`. */
	view<V>(domain: { name: string } & AnyDomain, now: Millis): V {
		return this.host.view(domain, now, { members: this.ledger.state().members }) as V;
	}

	/** The governance screens' state at `now` (needs the governance domains registered). */
	state(now: Millis): GovernanceState {
		const members = { members: this.ledger.state().members };
		const v = <V>(d: AnyDomain): V => this.host.view(d, now, members) as V;
		const rot = v<RotationView>(rotation);
		const s = v<SeedsView>(seeds);
		const r = v<ResetStatus>(reset);
		const { span: _span, ...rotationState } = rot;
		return {
			now,
			epoch: s.epoch,
			genesisAt: s.genesisAt,
			...rotationState,
			charter: v<CharterStatus>(charter),
			mandates: v<Mandate[]>(mandates),
			reset: {
				...r,
				history: r.history.map((e) => ({
					...e,
					seed: s.seeds.find((x) => x.source === 'reset' && x.entry === e.entry)?.seed ?? ''
				}))
			},
			seeds: s.seeds,
			ceremonies: s.ceremonies,
			closeQuorum: closeQuorum(rosterAt(members, now).length),
			rejected: this.host.rejected.slice(),
			unknownTypes: this.host.unknownTypes()
		};
	}
}

/** Removals and recalls, like benches, always take at least two members. */
const NOBODY_ALONE = 2;

export const openCircle = (id: CircleId, options: OpenOptions = {}): Circle => new Circle(id, options);

/**
 * The charter's removal rule: `thresholds.removal` distinct members under the charter in force
 * at the deciding entry, but never more than the other active members (a small circle can
 * still act) and never fewer than two (nobody removes anyone alone: threat model T17, so in a
 * circle of two nobody can remove the other). The charter book is read as folded up to that entry.
 */
const charterRemovalThreshold =
	(book: () => ReturnType<typeof charter.init>): RemovalThreshold =>
	({ state, target, at }) => {
		const others = state.roster.filter((k) => k !== target).length;
		return Math.max(NOBODY_ALONE, Math.min(book().contentAt(at[0]).thresholds.removal, others));
	};

/**
 * A circle rebuilt from entries already accepted elsewhere (their signatures were checked
 * there): for "verify this draw", for tests and tools that compare a fresh fold with a kept one.
 */
export const replay = (
	id: CircleId,
	entries: readonly Entry[],
	now: Millis,
	options: OpenOptions = {}
): Circle => {
	const c = openCircle(id, options);
	c.add(
		entries.map((entry) => ({ entry, sigValid: true })),
		now
	);
	return c;
};
