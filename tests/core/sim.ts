/**
 * A small world for convergence tests: people with real keys on a few devices write
 * entries (honest ones, forks, forgeries, future-dated, foreign and non-member ones)
 * against their own device's ledger and sync now and then. Everything written is
 * collected, so a test can deliver it elsewhere in any order.
 */
import * as hlc from '$lib/core/hlc';
import * as membership from '$lib/core/membership/fold';
import { circleIdFor, createGenesis } from '$lib/core/membership/genesis';
import { Ledger, type Arrival, type LedgerOptions } from '$lib/core/ledger';
import { entryId, verifySignature } from '$lib/core/entry';
import { RuleError } from '$lib/core/host/domain';
import { bytesToHex, sha256Bytes, sha256Hex, utf8ToBytes } from '$lib/core/bytes';
import { GENESIS_SEED, OTHER_CIRCLE, T0, joinRequestOf, person, sign, type Person } from './helpers';
import type { Entry, EntryId, Millis } from '$lib/core/types';

export const PEOPLE: Person[] = ['Maya', 'Ana', 'Bo', 'Zoë', 'Ünal', 'Cy', 'Dee'].map((n) =>
	person(n, 'sim')
);
/** The simulated circle: founded by PEOPLE[0] with the test seed, so its id is bound to both. */
export const CIRCLE = circleIdFor(PEOPLE[0]!.key, GENESIS_SEED);

export type What =
	| 'note'
	| 'admit'
	| 'leave'
	| 'propose'
	| 'second'
	| 'rename'
	| 'fork'
	| 'forge'
	| 'future'
	| 'foreign'
	| 'genesis'
	| 'broken'
	| 'backwards'
	| 'gap';

export type Action =
	| { kind: 'write'; who: number; what: What; target: number; dt: number }
	| { kind: 'sync'; a: number; b: number };

const MIN = 60_000;

export interface World {
	entries: Entry[];
	arrival: (e: Entry) => Arrival;
	end: Millis;
}

/** Runs the actions; returns every entry written. Deterministic in its inputs. */
export const simulate = (
	actions: readonly Action[],
	devices: number,
	skews: readonly number[],
	options: LedgerOptions = {}
): World => {
	const verdicts = new Map<EntryId, boolean>();
	const arrival = (e: Entry): Arrival => {
		const id = entryId(e);
		let v = verdicts.get(id);
		if (v === undefined) verdicts.set(id, (v = verifySignature(e)));
		return { entry: e, sigValid: v, id };
	};
	const ledgers = Array.from({ length: devices }, () => new Ledger(CIRCLE, options));
	const all: Entry[] = [];
	let clock = T0;
	const nowOn = (d: number) => clock + (skews[d] ?? 0) * MIN;
	const put = (d: number, ...es: Entry[]) => {
		all.push(...es);
		ledgers[d]!.add(es.map(arrival), nowOn(d));
	};
	const founder = PEOPLE[0]!;
	put(
		0,
		sign(
			createGenesis({
				founderKey: founder.key,
				founderName: founder.name,
				name: 'Elm Street Tools',
				commons: 'tools',
				seed: GENESIS_SEED,
				now: T0
			}),
			founder
		)
	);
	// A circle of four to start with, known to every device, so removals can reach a majority.
	for (const p of PEOPLE.slice(1, 4)) {
		clock += MIN;
		put(
			0,
			sign(
				membership.admit(ledgers[0]!.nextFor(founder.key, nowOn(0)), joinRequestOf(p, clock, CIRCLE)),
				founder
			)
		);
	}
	for (const l of ledgers.slice(1)) l.add(all.map(arrival), nowOn(1));
	for (const act of actions) {
		if (act.kind === 'sync') {
			const a = act.a % devices;
			const b = act.b % devices;
			const from = ledgers[b]!;
			const have = [
				...from.accepted,
				...from.pending,
				...from.quarantine.flatMap((q) => (q.entry ? [q.entry] : []))
			];
			ledgers[a]!.add(have.map(arrival), nowOn(a));
			continue;
		}
		clock += act.dt * 1000;
		// Removals need members: those acts are by the first four (the starting members).
		const whoIndex = act.what === 'propose' || act.what === 'second' ? act.who % 4 : act.who % PEOPLE.length;
		const who = PEOPLE[whoIndex]!;
		const other = PEOPLE[act.target % PEOPLE.length]!;
		const d = whoIndex % devices;
		const l = ledgers[d]!;
		const now = nowOn(d);
		const slot = l.nextFor(who.key, now);
		const noteOf = (text: string, s = slot) => sign(membership.draft(s, 'note.post', { text }), who);
		try {
			switch (act.what) {
				case 'note':
					put(d, noteOf(`note ${act.target}`));
					break;
				case 'admit':
					if (other === who) put(d, noteOf('self'));
					else put(d, sign(membership.admit(slot, joinRequestOf(other, now - act.target, CIRCLE)), who));
					break;
				case 'leave':
					put(d, sign(membership.leave(slot), who));
					break;
				case 'propose':
					if (other === who) put(d, noteOf('no'));
					else put(d, sign(membership.proposeRemoval(slot, other.key, `reason ${act.target}`), who));
					break;
				case 'second': {
					// Word of a proposal travels faster than its entry: second any proposal written so far.
					const open = all.filter(
						(e) => e.type === membership.REMOVE_PROPOSE && (e.body as { member: string }).member !== who.key
					);
					const p = open[open.length - 1 - (act.target % Math.min(2, Math.max(1, open.length)))];
					// Whoever learnt of it has seen its stamp, so their clock is past it (HLC receive).
					const at = p && hlc.compare(slot.hlc, p.hlc) <= 0 ? hlc.receive(slot.hlc, p.hlc, now) : slot.hlc;
					put(
						d,
						p
							? sign(membership.secondRemoval({ ...slot, hlc: at }, entryId(p)), who)
							: noteOf('nothing to second')
					);
					break;
				}
				case 'rename':
					put(d, sign(membership.rename(slot, `Tools ${act.target}`), who));
					break;
				case 'fork':
					put(d, noteOf('fork a'), noteOf('fork b', { ...slot, hlc: [slot.hlc[0] + (act.target % 3), 0] }));
					break;
				case 'forge':
					put(d, { ...noteOf('forged'), author: other.key });
					break;
				case 'future':
					put(d, noteOf('from the future', { ...slot, hlc: [now + 11 * MIN + act.target * 1000, 0] }));
					break;
				case 'foreign':
					put(d, noteOf('elsewhere', { ...slot, circle: OTHER_CIRCLE }));
					break;
				case 'broken':
					// A device that lost track of its own log: right seq, prev pointing nowhere.
					if (slot.seq > 1)
						put(d, noteOf('lost my place', { ...slot, prev: sha256Hex(`nowhere ${act.target}`) as EntryId }));
					break;
				case 'backwards':
					put(d, noteOf('clock went back', { ...slot, hlc: [T0, act.target] }));
					break;
				case 'gap':
					// An entry beyond a seq that never arrives: pending for ever.
					put(
						d,
						noteOf('beyond a gap', {
							...slot,
							seq: slot.seq + 1,
							prev: sha256Hex(`missing ${act.target}`) as EntryId
						})
					);
					break;
				case 'genesis':
					put(
						d,
						sign(
							{
								// A modified app: a genesis naming this circle, by any key (T19).
								...createGenesis({
									founderKey: who.key,
									founderName: who.name,
									name: 'Rival',
									commons: '',
									seed: bytesToHex(sha256Bytes(utf8ToBytes(`rival ${act.target}`))),
									now: now - act.target * MIN
								}),
								circle: CIRCLE
							},
							who
						)
					);
					break;
			}
		} catch (err) {
			// Builders refuse some inputs (a member admitting themself...): that is their job.
			if (!(err instanceof RuleError)) throw err;
		}
	}
	return { entries: all, arrival, end: clock + 60 * MIN };
};

/** Everything two ledgers must agree on. */
export const snapshot = (l: Ledger) => {
	const s = l.state();
	return {
		accepted: [...l.acceptedIdList],
		quarantine: l.quarantine.map((q) => `${q.id} ${q.reason} ${q.detail} ${JSON.stringify(q.params)}`),
		pending: l.pending.map(entryId),
		head: s.head,
		name: s.name,
		founder: s.founder,
		roster: [...s.roster],
		members: [...s.members.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
		removals: s.removals
	};
};

/** mulberry32: a tiny seeded PRNG for shuffles in tests (never in the core). */
export const rng = (seed: number) => {
	let a = seed >>> 0;
	return (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
};

export const shuffle = <T>(xs: readonly T[], r: () => number): T[] => {
	const out = [...xs];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(r() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
};

/** Splits into consecutive batches of random sizes (some empty). */
export const batches = <T>(xs: readonly T[], r: () => number): T[][] => {
	const out: T[][] = [];
	let i = 0;
	while (i < xs.length) {
		const n = Math.floor(r() * 6);
		out.push(xs.slice(i, i + n));
		i += n;
	}
	return out;
};
