/**
 * A federation at scale, simulated (issue 14, item 6): `circles` circles of `members` people in
 * one federation over `days` of plausible activity, deterministically from `seed`. What happens:
 *
 * - the first circle founds the federation; the others join over its first four months, each
 *   through a delegate's certificate signed by a majority of its roster;
 * - every circle renews its delegate's mandate about every 88 days (a 92-day window), often with
 *   another delegate, sometimes with a changed roster (one member out, one in), signed by a
 *   majority of the roster the federation last recorded;
 * - a proposal every fortnight (some with a levy), answered within ten days by about three
 *   quarters of the circles taking part (consent, aside, now and then an objection with a reason);
 * - contributions about every six weeks per circle;
 * - protocols published by delegates, and forked (one parameter changed) by others;
 * - a few withdrawals (half by the delegate, half by the exit number of the circle's own members),
 *   and a few attempts to rejoin afterwards (which the rules refuse: a withdrawal is for good);
 * - the coordinator is drawn among circles by the fold (`coordinators`), not written.
 *
 * Every entry is signed, chained (seq, prev) and names the newest entries of other authors it
 * holds (`seen`), as a phone writes them (state/federation-docs.ts). Test and bench code only.
 */
import * as ed from '../../../src/lib/core/ed25519';
import { bytesToHex, sha256Bytes, sha256Hex, utf8ToBytes } from '../../../src/lib/core/bytes';
import * as canonical from '../../../src/lib/core/canonical';
import { entryId, signingBytes } from '../../../src/lib/core/entry';
import {
	certificate,
	createMandate,
	exitNotice,
	federationEntry,
	federationIdFor,
	majority,
	signExit,
	signMandate,
	FED_ANSWER,
	FED_CERTIFY,
	FED_CONTRIBUTE,
	FED_GENESIS,
	FED_JOIN,
	FED_PROPOSE,
	FED_TEMPLATE,
	FED_WITHDRAW,
	type Certificate,
	type FederationId
} from '../../../src/lib/core/federation';
import { forkTemplate, hashTemplate, type Template } from '../../../src/lib/core/protocols/template';
import type { Json } from '../../../src/lib/core/canonical';
import type { CircleId, Entry, EntryId, MemberKey, Millis } from '../../../src/lib/core/types';

export const DAY = 86_400_000;
const HOUR = 3_600_000;
export const SIM_T0: Millis = Date.UTC(2026, 0, 5, 9, 0, 0);
export const SIM_ISSUE = 'regional food alliance';

export interface SimOptions {
	seed: string;
	circles: number;
	members: number;
	days: number;
}

interface Who {
	name: string;
	key: MemberKey;
	secret: Uint8Array;
}

interface SimCircle {
	id: CircleId;
	roster: Who[];
	/** The roster the federation last recorded (what the next certificate needs a majority of). */
	recorded: Who[];
	delegate: Who;
	serial: number;
	rosterSeq: number;
	joinAt: Millis;
	withdrawn: boolean;
	certs: Certificate[];
	/** Newcomers added so far (for names). */
	newcomers: number;
}

export interface Simulation {
	federation: FederationId;
	entries: Entry[];
	/** Each circle's latest certificate. */
	certificates: Certificate[];
	end: Millis;
	/** How many entries of each type were written, and how many attempts the rules refuse by design. */
	written: Record<string, number>;
	rejoinAttempts: number;
	/** Every simulated member's secret, by key (to write one more entry as one of them). */
	secrets: Map<string, Uint8Array>;
}

/** A small seeded generator (mulberry32), from the seed's SHA-256. */
const rng = (seed: string) => {
	const b = sha256Bytes(utf8ToBytes(`federation-sim:${seed}`));
	let a = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, below: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
};

const personOf = (seed: string, name: string, secrets: Map<string, Uint8Array>): Who => {
	const secret = sha256Bytes(utf8ToBytes(`federation-sim-key:${seed}:${name}`));
	const key = bytesToHex(ed.publicKeyOf(secret)) as MemberKey;
	secrets.set(key, secret);
	return { name, secret, key };
};

const sortedKeys = (ws: readonly Who[]) => ws.map((w) => w.key).sort();

type Event = { at: Millis; order: number; run: () => void };

export const simulateFederation = (o: SimOptions): Simulation => {
	const r = rng(o.seed);
	const end = SIM_T0 + o.days * DAY;
	const fseed = sha256Hex(`federation-sim-seed:${o.seed}`);
	const circles: SimCircle[] = [];
	const secrets = new Map<string, Uint8Array>();
	for (let i = 0; i < o.circles; i++) {
		const roster = Array.from({ length: o.members }, (_, j) => personOf(o.seed, `c${i}-m${j}`, secrets));
		circles.push({
			id: sha256Hex(`federation-sim-circle:${o.seed}:${i}`).slice(0, 32) as CircleId,
			roster,
			recorded: roster,
			delegate: roster[0]!,
			serial: 0,
			rosterSeq: 10,
			joinAt: i === 0 ? SIM_T0 : SIM_T0 + DAY + Math.floor(r.next() * 120 * DAY),
			withdrawn: false,
			certs: [],
			newcomers: 0
		});
	}
	const founder = circles[0]!.delegate;
	const federation = federationIdFor(founder.key, fseed);

	// The phones' writing: each author's chain, a clock after everything written, the newest heads.
	const entries: Entry[] = [];
	const last = new Map<string, { seq: number; id: EntryId; at: Millis }>();
	const written: Record<string, number> = {};
	let clock = 0;
	const write = (author: Who, at: Millis, type: string, body: { [k: string]: Json }): Entry => {
		const stamp = Math.max(at, clock + 1);
		clock = stamp;
		const mine = last.get(author.key);
		const seen = [...last.entries()]
			.filter(([k]) => k !== author.key)
			.sort((a, b) => b[1].at - a[1].at)
			.slice(0, 8)
			.map(([, v]) => v.id);
		const u = federationEntry({
			federation,
			author: author.key,
			seq: (mine?.seq ?? 0) + 1,
			prev: mine?.id ?? null,
			at: stamp,
			type,
			body,
			seen
		});
		const e: Entry = { ...u, sig: bytesToHex(ed.sign(signingBytes(u), author.secret)) };
		entries.push(e);
		last.set(author.key, { seq: u.seq, id: entryId(e), at: stamp });
		written[type] = (written[type] ?? 0) + 1;
		return e;
	};

	/** A new certificate for `c`: `delegate`, a 92-day window from `at`, signed by a majority of the recorded roster. */
	const certify = (c: SimCircle, at: Millis): Certificate => {
		c.serial++;
		c.rosterSeq += 1 + r.below(40);
		const m = createMandate({
			federation,
			circle: c.id,
			delegate: c.delegate.key,
			issue: SIM_ISSUE,
			from: at - HOUR,
			until: at - HOUR + 92 * DAY,
			roster: sortedKeys(c.roster),
			rosterSeq: c.rosterSeq,
			exit: Math.min(3, majority(c.roster.length)),
			serial: c.serial
		});
		const inBoth = c.recorded.filter((w) => c.roster.some((x) => x.key === w.key));
		const signers = inBoth.slice(0, majority(c.recorded.length));
		const cert = certificate(
			m,
			signers.map((s) => signMandate(m, { key: s.key, sign: (b) => ed.sign(b, s.secret) }))
		);
		c.certs.push(cert);
		c.recorded = c.roster;
		return cert;
	};

	// Events in time order (then creation order); an event may schedule later ones (answers).
	const events: Event[] = [];
	let order = 0;
	const at = (t: Millis, run: () => void) => {
		if (t >= end) return;
		const e = { at: t, order: order++, run };
		let lo = 0;
		let hi = events.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			const x = events[mid]!;
			if (x.at < e.at || (x.at === e.at && x.order < e.order)) lo = mid + 1;
			else hi = mid;
		}
		events.splice(lo, 0, e);
	};
	const taking = () => circles.filter((c) => c.serial > 0 && !c.withdrawn);

	// Founding and joins.
	at(SIM_T0, () => {
		const c = circles[0]!;
		write(c.delegate, SIM_T0, FED_GENESIS, {
			name: 'Valley Food Alliance',
			purpose: 'Buy, store and share food across the valley',
			seed: fseed,
			consentDays: 14,
			termDays: 90,
			cert: certify(c, SIM_T0)
		});
	});
	for (const c of circles.slice(1))
		at(c.joinAt, () => {
			write(c.delegate, c.joinAt, FED_JOIN, { cert: certify(c, c.joinAt) });
		});

	// Mandates renewed about every 88 days: often another delegate, sometimes another roster.
	for (const c of circles)
		for (let t = c.joinAt + 88 * DAY; t < end; t += 86 * DAY + Math.floor(r.next() * 4 * DAY)) {
			const when = t;
			at(when, () => {
				if (c.withdrawn) return;
				if (r.chance(0.25)) {
					const out = 1 + r.below(c.roster.length - 1);
					const gone = c.roster[out]!;
					if (gone.key !== c.delegate.key) {
						c.newcomers++;
						const idx = circles.indexOf(c);
						c.roster = [
							...c.roster.filter((w) => w !== gone),
							personOf(o.seed, `c${idx}-new${c.newcomers}`, secrets)
						];
					}
				}
				if (r.chance(0.6)) c.delegate = c.roster[r.below(c.roster.length)]!;
				write(c.delegate, when, FED_CERTIFY, { cert: certify(c, when) });
			});
		}

	// A proposal every fortnight, answered within ten days by about three quarters of the circles.
	for (let t = SIM_T0 + 7 * DAY; t < end; t += 14 * DAY) {
		const when = t + Math.floor(r.next() * DAY);
		at(when, () => {
			const now = taking();
			if (now.length === 0) return;
			const by = now[r.below(now.length)]!;
			const levy = r.chance(0.3)
				? now
						.filter(() => r.chance(0.2))
						.slice(0, 8)
						.map((c) => ({ circle: c.id, amount: 10 + r.below(90) }))
				: [];
			const p = write(by.delegate, when, FED_PROPOSE, {
				circle: by.id,
				issue: SIM_ISSUE,
				title: `Joint order ${Math.round((when - SIM_T0) / DAY)}`,
				text: 'Flour, oil and lentils from the mill and the co-op, delivered to the hall.',
				levy
			});
			const pid = entryId(p);
			for (const c of now) {
				if (!r.chance(0.75)) continue;
				const t2 = when + HOUR + Math.floor(r.next() * 10 * DAY);
				const roll = r.next();
				const answer = roll < 0.85 ? 'consent' : roll < 0.95 ? 'aside' : 'object';
				at(t2, () => {
					if (c.withdrawn) return;
					write(c.delegate, t2, FED_ANSWER, {
						proposal: pid,
						circle: c.id,
						answer,
						...(answer === 'object' ? { reason: 'Too dear for us this season' } : {})
					});
				});
			}
		});
	}

	// Contributions about every six weeks per circle.
	for (const c of circles)
		for (let t = c.joinAt + 20 * DAY; t < end; t += 35 * DAY + Math.floor(r.next() * 20 * DAY)) {
			const when = t;
			at(when, () => {
				if (c.withdrawn) return;
				write(c.delegate, when, FED_CONTRIBUTE, {
					circle: c.id,
					issue: SIM_ISSUE,
					what: 'Storage space and a van for the month',
					amount: 5 + r.below(60)
				});
			});
		}

	// Protocols: originals now and then, forks of what is there with one parameter changed.
	const templates: Template[] = [];
	const kinds = ['charter', 'rotation', 'ritual', 'practice'] as const;
	const publishes = Math.max(2, Math.round(o.circles / 4));
	const forks = Math.max(2, Math.round(o.circles / 2));
	for (let k = 0; k < publishes + forks; k++) {
		const when = SIM_T0 + 30 * DAY + Math.floor(r.next() * (o.days - 40) * DAY);
		const isFork = k >= publishes;
		at(when, () => {
			const now = taking();
			if (now.length === 0) return;
			const by = now[r.below(now.length)]!;
			let t: Template;
			if (isFork && templates.length > 0) {
				const parent = templates[r.below(templates.length)]!;
				t = forkTemplate(
					parent,
					{ consentWindowDays: 1 + r.below(30) },
					{ name: `${parent.name} (fork ${k})` }
				);
			} else
				t = {
					v: 1,
					kind: kinds[k % kinds.length]!,
					name: `Way of working ${k}`,
					text: 'Rounds of consent; a facilitator drawn by lot; a review every season.',
					params: [
						{ key: 'consentWindowDays', type: 'number', default: 7, min: 1, max: 30 },
						{ key: 'openingRound', type: 'boolean', default: true }
					],
					parent: null
				};
			templates.push(t);
			write(by.delegate, when, FED_TEMPLATE, { template: t, published: true, hash: hashTemplate(t) });
		});
	}

	// A few withdrawals (by the delegate, or by the exit number of members), a few attempts to rejoin.
	const leavers = Math.max(1, Math.round(o.circles / 12));
	let rejoinAttempts = 0;
	for (let k = 0; k < leavers; k++) {
		const c = circles[1 + ((k * 7 + r.below(3)) % (o.circles - 1))]!;
		const when = SIM_T0 + Math.floor((0.3 + 0.6 * r.next()) * o.days * DAY);
		const byMembers = k % 2 === 1;
		at(when, () => {
			if (c.withdrawn || c.serial === 0) return;
			if (byMembers) {
				const signers = c.recorded.filter((w) => w.key !== c.delegate.key).slice(0, 3);
				const notice = exitNotice(
					federation,
					c.id,
					signers.map((s) => signExit(federation, c.id, { key: s.key, sign: (b) => ed.sign(b, s.secret) }))
				);
				write(signers[0]!, when, FED_WITHDRAW, { circle: c.id, notice });
			} else write(c.delegate, when, FED_WITHDRAW, { circle: c.id });
			c.withdrawn = true;
		});
		if (k % 2 === 0)
			at(when + 60 * DAY, () => {
				if (!c.withdrawn) return;
				rejoinAttempts++;
				// The circle's members sign a new certificate to come back: the rules refuse it.
				c.withdrawn = false;
				const cert = certify(c, when + 60 * DAY);
				c.withdrawn = true;
				write(c.delegate, when + 60 * DAY, FED_JOIN, { cert });
			});
	}

	for (let i = 0; i < events.length; i++) events[i]!.run();
	return {
		federation,
		entries,
		certificates: circles.filter((c) => c.certs.length > 0).map((c) => c.certs[c.certs.length - 1]!),
		end,
		written,
		rejoinAttempts,
		secrets
	};
};

/** A certificate's size as carried: its canonical JSON bytes. */
export const certificateBytes = (c: Certificate): number => canonical.encode(c).length;
