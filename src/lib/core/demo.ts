/**
 * "Explore a demo circle": a circle of eight with a year of history, generated
 * deterministically from a seed, used by the app, the tests and the benchmarks.
 * Every member has their own Ed25519 key, derived from the seed with SHA-256 (a demo
 * key is public knowledge: never use one for a real circle). Entries are signed with
 * @noble/curves through ed25519.ts, synchronously, so the core stays pure.
 *
 * The year: genesis; the others join over the first days (one name is "Zoë", one
 * "Ngọc", one "İlkay"); a charter is proposed, consented and ratified; a dice ceremony
 * reseeds the lottery; every term is sealed by whoever's phone passes the boundary first;
 * mandates are proposed, done, recalled or left to their sunset; a member benched from
 * facilitation after a temperature check; an absence declared in advance; a steward
 * steps down; a member leaves; three members press reset; the charter is re-ratified
 * after an objection is withdrawn. Through the year members pay each other in hours (mutual
 * credit, always within the payer's floor as an honest phone would; one member is paid so often
 * that their account runs over its ceiling), ask each other for hours, and the member who
 * leaves has their residual written off to the commons by a circle decision. Members record what
 * they give each other (hours, skills, meals, care; loans count on their own): Tomasz gives most
 * of it and carries the circle, Kwame drifts quiet for the last fifty days, so the reciprocity
 * mirror has its warnings to show; now and then a repair, a decision or a sufficiency round goes on
 * the scorecard, seconded by another member. `entries` pads
 * the year with more payments and mandates so benchmarks get a large ledger.
 */
import * as calendar from './calendar';
import * as ceremony from './seeds/ceremony';
import * as seedsDomain from './seeds/domain';
import * as charter from './charter/content';
import * as charterDomain from './charter/domain';
import * as ed from './ed25519';
import * as join from './membership/join';
import * as mandate from './mandates/domain';
import * as decision from './decision/domain';
import * as credit from './credit/domain';
import * as lib from './library/domain';
import * as mirror from './reciprocity/domain';
import * as score from './scorecard/domain';
import type { Answer, Area, RecordKind } from './scorecard/book';
import { RECORDED_KINDS } from './reciprocity/book';
import * as membership from './membership/fold';
import * as random from './random';
import * as reset from './reset/domain';
import { absenceBody, benchBody, benchSecondBody, stepdownBody, BENCH_SECOND } from './rotation/domain';
import { openCircle, type GovernanceState } from './circle';
import { library as libraryDomain, mandates } from './domains';
import type { LibraryView } from './library/view';
import { ACK } from './witness/domain';
import { circleIdFor, createGenesis } from './membership/genesis';
import { MAX_SEEN, entryId, signingBytes } from './entry';
import { bytesToHex, concatBytes, sha256Bytes, sha256Hex, utf8ToBytes } from './bytes';
import type { Json } from './canonical';
import type { MemberSpan } from './membership/view';
import type { CircleId, Entry, EntryId, MemberKey, Millis, UnsignedEntry } from './types';
import type { PrivateKind } from './privacy/section';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';

/** Which demo entries another phone acknowledges at once: governance, not notes or payments. */
const ACKED = (type: string): boolean =>
	type !== ACK && type !== 'circle.genesis' && !/^(credit|note|reciprocity|scorecard)\./.test(type);

export const DEMO_NAMES = [
	'Maya',
	'Zoë',
	'Ngọc',
	'Tomasz',
	'Aïcha',
	'Kwame',
	'İlkay',
	'Sione',
	'Rahel',
	'Bruno'
];

export interface DemoOptions {
	/** 2 to 10 members (default 8). */
	members?: number;
	/** Days of history (default 365). */
	days?: number;
	/** Pad the history to at least this many entries (default: no padding, a few hundred). */
	entries?: number;
	/** The genesis instant (default 2025-03-03T09:00Z). */
	start?: Millis;
	/** Kinds every charter version keeps out of the published record (default: none, no section). */
	privacy?: PrivateKind[];
}

export interface DemoKey {
	name: string;
	key: MemberKey;
	secretKey: Uint8Array;
}

export interface DemoCircle {
	circle: CircleId;
	name: string;
	keys: DemoKey[];
	entries: Entry[];
	/** The instant just after the last entry: pass it as `now`. */
	end: Millis;
}

const L = ed25519.Point.Fn.ORDER;
const leToBig = (b: Uint8Array): bigint => {
	let x = 0n;
	for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
	return x;
};
const bigToLe32 = (x: bigint): Uint8Array => {
	const out = new Uint8Array(32);
	for (let i = 0; i < 32; i++, x >>= 8n) out[i] = Number(x & 0xffn);
	return out;
};

/**
 * RFC 8032 §5.1.6 signing with the expanded key computed once per member instead of
 * once per signature (noble's sign recomputes it), halving the work of generating a
 * 100k-entry demo. The output is byte-identical to ed25519.sign (tested).
 */
export const signerFor = (secretKey: Uint8Array): ((msg: Uint8Array) => Uint8Array) => {
	const { prefix, scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(secretKey);
	return (msg) => {
		const r = leToBig(sha512(concatBytes(prefix, msg))) % L;
		const R = ed25519.Point.BASE.multiply(r).toBytes();
		const k = leToBig(sha512(concatBytes(R, pointBytes, msg))) % L;
		return concatBytes(R, bigToLe32((r + k * scalar) % L));
	};
};

const DEFAULT_START = calendar.daysFromCivil(2025, 3, 3) * calendar.DAY_MS + 9 * calendar.HOUR_MS;

export const demoCircle = (seed: string, opts: DemoOptions = {}): DemoCircle => {
	const n = Math.max(2, Math.min(10, opts.members ?? 8));
	const totalDays = Math.max(30, opts.days ?? 365);
	const start = opts.start ?? DEFAULT_START;
	const end = start + totalDays * calendar.DAY_MS;
	const derive = (label: string) => sha256Bytes(utf8ToBytes(`circulate-demo/v1|${seed}|${label}`));
	const rng = random.stream(sha256Hex(`demo|${seed}`), ['demo/v1']);
	const pick = <T>(xs: readonly T[]): T => xs[rng.below(xs.length)]!;

	const keys: DemoKey[] = DEMO_NAMES.slice(0, n).map((name, i) => {
		const secretKey = derive(`member/${i}`);
		return { name, secretKey, key: bytesToHex(ed.publicKeyOf(secretKey)) as MemberKey };
	});
	const genesisSeed = bytesToHex(derive('genesis-seed'));
	const circle = circleIdFor(keys[0]!.key, genesisSeed);
	const signerOf = new Map(keys.map((k) => [k.key, signerFor(k.secretKey)]));
	const ids: EntryId[] = [];
	const idMap = new WeakMap<Entry, EntryId>();
	const chains = new Map<MemberKey, { seq: number; prev: EntryId | null }>();
	const entries: Entry[] = [];
	const members = new Map<MemberKey, MemberSpan>();
	const book = openCircle(circle);
	let folded = 0;
	let clock = start;

	// Phones that sync all the time: each entry names the heads it saw (Ledger.nextFor does the
	// same on a phone), so every entry takes effect when the next member writes (fold.ts).
	const heads = new Map<EntryId, MemberKey>();
	const sign = (u: UnsignedEntry): Entry => {
		const e = { ...u, sig: bytesToHex(signerOf.get(u.author)!(signingBytes(u))) } as Entry;
		const id = entryId(e);
		for (const named of [u.prev, ...(u.seen ?? [])]) if (named) heads.delete(named);
		heads.set(id, u.author);
		chains.set(u.author, { seq: u.seq, prev: id });
		entries.push(e);
		ids.push(id);
		idMap.set(e, id);
		if (ACKED(u.type)) acknowledge(u.author, u.hlc[0]);
		return e;
	};
	// Another member's phone syncs a couple of minutes later and acknowledges (as the app does),
	// so a governance entry takes effect then and not at the next entry someone happens to write.
	// The member is the next active one after the author in key order: no draw from the rng, so the
	// rest of the story is the same with or without acknowledgements.
	const acknowledge = (author: MemberKey, at: Millis) => {
		const t = at + 2 * 60_000;
		const others = active(t).filter((k) => k.key !== author);
		if (others.length === 0) return;
		const i = keys.findIndex((k) => k.key === author);
		const next = others.find((k) => keys.indexOf(k) > i) ?? others[0]!;
		sign(membership.draft(slot(next.key, t), ACK, {}));
	};
	const slot = (author: MemberKey, at: Millis): membership.Slot => {
		clock = Math.max(clock + 1, at);
		const c = chains.get(author) ?? { seq: 0, prev: null };
		const seen = [...heads].filter(([, a]) => a !== author).map(([id]) => id);
		const s: membership.Slot = { circle, author, seq: c.seq + 1, prev: c.prev, hlc: [clock, 0] };
		if (seen.length) s.seen = seen.sort().slice(0, MAX_SEEN);
		return s;
	};
	const write = (author: MemberKey, at: Millis, type: string, body: Json): Entry =>
		sign(membership.draft(slot(author, at), type, body));
	const idOf = (e: Entry) => idMap.get(e) ?? entryId(e);
	const active = (t: Millis) =>
		keys.filter((k) => {
			const m = members.get(k.key);
			return m && m.since <= t && (m.until === null || t < m.until);
		});
	/** Folds what was written since the last look, then reads the circle at t. */
	const fold = () => {
		book.add(
			entries.slice(folded).map((entry, i) => ({ entry, sigValid: true, id: ids[folded + i]! })),
			clock
		);
		folded = entries.length;
		return book;
	};
	const state = (t: Millis): GovernanceState => fold().state(t);

	// Mutual credit, as honest phones write it: a payer never goes below the floor (-20 hours), so
	// each payment is checked against the balances written so far (every one counts at once: the
	// demo's charter does not ask payees to accept). Its own random stream, so the rest of the
	// year is drawn as it was before the economy existed.
	const econ = random.stream(sha256Hex(`demo|${seed}`), ['demo/credit/v1']);
	const balances = new Map<MemberKey, number>();
	const balance = (k: MemberKey) => balances.get(k) ?? 0;
	const pay = (
		from: MemberKey,
		to: MemberKey,
		t: Millis,
		amount: number,
		memo: string,
		request: EntryId | null = null
	): Entry | null => {
		if (from === to || balance(from) - amount < ECONOMY.floor) return null;
		balances.set(from, balance(from) - amount);
		balances.set(to, balance(to) + amount);
		return write(from, t, credit.TRANSFER, { to, amount, memo, request });
	};
	/** A payer who can afford it: `first` if they can, else whoever has the most. */
	const payerFor = (first: DemoKey, here: DemoKey[], amount: number): DemoKey =>
		balance(first.key) - amount >= ECONOMY.floor
			? first
			: here.reduce((a, b) => (balance(b.key) > balance(a.key) ? b : a));
	const openRequests: { id: EntryId; by: DemoKey; from: DemoKey; amount: number; memo: string }[] = [];

	// Day 0: Maya founds the circle.
	const founder = keys[0]!;
	sign(
		createGenesis({
			founderKey: founder.key,
			founderName: founder.name,
			name: 'Elm Street Tool Library',
			commons: 'the tools in the shed behind no. 14',
			seed: genesisSeed,
			now: start
		})
	);
	members.set(founder.key, { key: founder.key, name: founder.name, since: start, until: null });

	// Days 0–3: the neighbours join at the shed, each admitted by someone already in.
	for (let i = 1; i < n; i++) {
		const k = keys[i]!;
		const at = start + Math.floor((i * 3 * calendar.DAY_MS) / n) + calendar.HOUR_MS;
		const request = join.createJoinRequest({
			circle,
			key: k.key,
			name: k.name,
			nonce: bytesToHex(derive(`nonce/${i}`).slice(0, 16)),
			now: at
		});
		const signed: join.JoinRequest = {
			...request,
			sig: bytesToHex(ed.sign(join.joinSigningBytes(request), k.secretKey))
		};
		const admitter = pick(active(at));
		const e = sign(membership.admit(slot(admitter.key, at), signed));
		members.set(k.key, { key: k.key, name: k.name, since: e.hlc[0], until: null });
	}

	// Days 4–6: the first charter, consented by all, ratified.
	const privacy: { privacy?: { kinds: PrivateKind[] } } = opts.privacy?.length
		? { privacy: { kinds: [...opts.privacy] } }
		: {};
	const content = { ...charter.defaultCharter(), economy: ECONOMY, ...privacy } as charter.CharterContent;
	content.roles[1]!.duties = 'Keeps the shed keys, checks tools in and out, and tops up the oil.';
	const text = 'We share tools, not power. Roles rotate by lottery; every office expires.';
	const ratifyByConsent = (t0: Millis, c: charter.CharterContent, body: string, objector: DemoKey | null) => {
		const proposer = pick(active(t0));
		const p = write(proposer.key, t0, charterDomain.PROPOSE, charterDomain.proposalBody(c, body));
		const pid = idOf(p);
		let t = t0 + calendar.HOUR_MS;
		if (objector && objector.key !== proposer.key) {
			write(
				objector.key,
				t,
				charterDomain.OBJECT,
				charterDomain.objectionBody(pid, 'The recall threshold is too low for a circle of eight.')
			);
			t += calendar.DAY_MS;
			write(objector.key, t, charterDomain.CONSENT, charterDomain.consentBody(pid));
		}
		for (const m of active(t)) {
			if (m.key === proposer.key || m.key === objector?.key) continue;
			t += 2 * calendar.HOUR_MS;
			write(m.key, t, charterDomain.CONSENT, charterDomain.consentBody(pid));
		}
		const proposal = state(t + 1).charter.proposals.find((x) => x.id === pid)!;
		write(
			pick(active(t)).key,
			t + calendar.HOUR_MS,
			charterDomain.RATIFY,
			charterDomain.ratifyBody(proposal)
		);
	};
	ratifyByConsent(start + 4 * calendar.DAY_MS, content, text, null);

	// Day 10: a dice ceremony at the shed, four phones; two real dice, rolled before anyone commits
	// and typed into the first phone, which commits them with its value, and later closes.
	const runCeremony = (t0: Millis, label: string) => {
		const id = bytesToHex(derive(`ceremony/${label}`).slice(0, 16));
		const present = active(t0).slice(0, Math.min(4, active(t0).length));
		const values = present.map((m, i) => bytesToHex(derive(`ceremony/${label}/${i}`)));
		const dice = present.map((_, i) => (i === 0 ? '3526' : ''));
		let t = t0;
		present.forEach((m, i) =>
			write(m.key, (t += 60_000), seedsDomain.COMMIT, ceremony.commitBody(id, m.key, values[i]!, dice[i]!))
		);
		// Everyone at the table has committed: the first phone closes the commitments.
		const commitments = present.map((m, i) => ({
			member: m.key,
			commitment: ceremony.commitmentFor(id, m.key, values[i]!, dice[i]!)
		}));
		const close = idOf(
			write(present[0]!.key, (t += 60_000), seedsDomain.CLOSE, ceremony.closeBody(id, commitments))
		);
		present.forEach((m, i) =>
			write(m.key, (t += 60_000), seedsDomain.REVEAL, ceremony.revealBody(id, close, values[i]!, dice[i]!))
		);
		const previous = state(t).seeds.at(-1)!.seed;
		const reveals = present.map((m, i) => ({ member: m.key, value: values[i]!, dice: dice[i]! }));
		write(
			present[0]!.key,
			t + 60_000,
			seedsDomain.CEREMONY,
			ceremony.ceremonyBody(id, close, previous, reveals)
		);
	};
	runCeremony(start + 10 * calendar.DAY_MS + 18 * calendar.HOUR_MS, 'first');

	// Day 12: the catalogue of the shed, each tool kept by a member who stays, or by the circle. Then,
	// through the year, loans handed over in person (both phones sign), most back on time, some late.
	const shelf = random.stream(sha256Hex(`demo|${seed}`), ['demo/library/v1']);
	const care = random.stream(sha256Hex(`demo|${seed}`), ['demo/reciprocity/v1']);
	const drifting = n > 6 ? keys[5]! : null;
	const driftDay = totalDays - 50;
	const stayers = keys.slice(0, Math.max(1, n - 1));
	const catalogue = TOOLS.map(([name, category, value], i) => {
		const keeper = i % 4 === 3 ? null : stayers[i % stayers.length]!;
		const e = write(
			(keeper ?? founder).key,
			start + 12 * calendar.DAY_MS + i * 60_000,
			lib.ITEM,
			lib.itemBody({
				name,
				category,
				keeper: keeper?.key ?? null,
				value,
				condition: 'Checked at the spring swap.'
			})
		);
		return { id: idOf(e), keeper, out: null as null | { lend: EntryId; borrower: DemoKey; back: number } };
	});

	// The year, a day at a time: seal what is due, and let life happen.
	const padTo = opts.entries ?? 0;
	const plannedDays = totalDays - 11;
	let mandateCount = 0;
	const day = (d: number) => start + d * calendar.DAY_MS;
	let nextBoundary = 0;
	for (let d = 11; d < totalDays; d++) {
		const morning = day(d) + 7 * calendar.HOUR_MS;
		if (morning >= nextBoundary) {
			const s = state(morning);
			for (const body of s.seals.due) write(pick(active(morning)).key, morning, 'rotation.seal', body);
			nextBoundary = Math.min(...s.roles.map((r) => r.next?.start ?? Infinity));
		}
		let s: GovernanceState;
		const noon = day(d) + 12 * calendar.HOUR_MS;
		// A mandate roughly every ten days; the holder marks it done a few days later.
		if (d % 10 === 3) {
			const m = pick(active(noon));
			write(m.key, noon, mandate.PROPOSE, mandate.proposeBody(pick(TASKS), noon + 30 * calendar.DAY_MS));
			mandateCount++;
		}
		if (d % 10 === 7) {
			s = state(noon);
			const open = s.mandates.filter(
				(m) => m.status === 'open' && m.holder && members.get(m.holder)?.until === null
			);
			const first = open[0];
			if (first && mandateCount % 4 !== 2)
				write(first.holder!, noon, mandate.DONE, mandate.doneBody(first.id));
		}
		// The shed: a loan every few days; loans come back after 3 to 12 days (due after 7: some late).
		const evening = day(d) + 19 * calendar.HOUR_MS;
		for (const tool of catalogue) {
			if (tool.out && tool.out.back <= d) {
				const at = evening - calendar.HOUR_MS;
				write(tool.out.borrower.key, at, lib.RETURN, lib.returnBody(tool.out.lend, at));
				tool.out = null;
			}
		}
		if (shelf.below(3) === 0) {
			const tool = catalogue[shelf.below(catalogue.length)]!;
			const here = active(evening).filter((m) => stayers.includes(m));
			const lender = tool.keeper ?? here[shelf.below(here.length)]!;
			const borrowers = here.filter((m) => m !== lender && !(m === drifting && d >= driftDay));
			if (!tool.out && borrowers.length && !(lender === drifting && d >= driftDay)) {
				const borrower = borrowers[shelf.below(borrowers.length)]!;
				const at = evening - 30 * 60_000;
				const lend = write(lender.key, evening, lib.LEND, lib.lendBody(tool.id, borrower.key, at, 7));
				write(borrower.key, evening, lib.RECEIVE, lib.receiveBody(idOf(lend)));
				tool.out = { lend: idOf(lend), borrower, back: d + 3 + shelf.below(10) };
			}
		}
		// Now and then someone reserves a tool that is out (the queue and its lapses are derived).
		if (shelf.below(6) === 0) {
			const tool = catalogue[shelf.below(catalogue.length)]!;
			const here = active(evening).filter((m) => stayers.includes(m) && m !== tool.out?.borrower);
			if (tool.out && here.length) {
				const who = here[shelf.below(here.length)]!;
				const q = fold()
					.view<LibraryView>(libraryDomain, evening)
					.items.find((i) => i.id === tool.id)?.queue;
				if (!q?.some((h) => h.holder === who.key))
					write(who.key, evening + 60_000, lib.RESERVE, lib.reserveBody(tool.id));
			}
		}
		// Everyday exchanges: a payment most days, in quarter hours; Tomasz (the fourth member)
		// is everybody's favourite repairer and is paid so often that his account runs full.
		const afternoon = day(d) + 17 * calendar.HOUR_MS;
		if (econ.below(3) !== 0) {
			const here = active(afternoon);
			const amount = 25 * (1 + econ.below(12));
			const carrier = keys[3];
			const to =
				carrier && here.includes(carrier) && econ.below(12) === 0 ? carrier : here[econ.below(here.length)]!;
			const others = here.filter((m) => m.key !== to.key);
			if (others.length) {
				// Those who earned hours spend them: half the time the payer is whoever has the most.
				// Tomasz himself rarely spends: he is the one the reciprocity mirror will worry about.
				const spenders = others.filter((m) => m !== carrier);
				const first =
					econ.below(2) === 0 && spenders.length
						? spenders.reduce((a, b) => (balance(b.key) > balance(a.key) ? b : a))
						: others[econ.below(others.length)]!;
				const from = payerFor(first, others, amount);
				pay(from.key, to.key, afternoon, amount, TRANSFERS[econ.below(TRANSFERS.length)]!);
			}
		}
		// Contributions for the reciprocity mirror, about every third day: hours, skills, meals and
		// care, most recorded by whoever received them (they count at once), the rest by the giver and
		// confirmed by the receiver. Tomasz gives two in three of them (he carries the circle); Kwame drifts
		// quiet for the last fifty days (he gives, receives and borrows nothing). Its own stream.
		if (care.below(3) === 0) {
			const t = afternoon + 30 * 60_000;
			const here = active(t).filter((m) => !(m === drifting && d >= driftDay));
			const carrier = keys[3];
			const giver =
				carrier && here.includes(carrier) && care.below(3) !== 0 ? carrier : here[care.below(here.length)]!;
			const others = here.filter((m) => m !== giver);
			const toCircle = care.below(8) === 0;
			const receiver = others.length ? others[care.below(others.length)]! : null;
			const kind = RECORDED_KINDS[care.below(4)]!;
			const amount =
				kind === 'meals'
					? 2 + care.below(7)
					: kind === 'skills'
						? 1 + care.below(2)
						: 15 * (2 + care.below(11));
			const byGiver = care.below(3) === 0;
			if (receiver && !toCircle) {
				const body = mirror.recordBody({
					kind,
					amount,
					giver: giver.key,
					receiver: receiver.key,
					on: t - 2 * calendar.HOUR_MS,
					note: CARE[care.below(CARE.length)]!
				});
				const e = write(byGiver ? giver.key : receiver.key, t, mirror.RECORD, body);
				if (byGiver) write(receiver.key, t + calendar.HOUR_MS, mirror.CONFIRM, mirror.confirmBody(idOf(e)));
			} else if (receiver) {
				const body = mirror.recordBody({
					kind,
					amount,
					giver: giver.key,
					receiver: null,
					on: t - 2 * calendar.HOUR_MS,
					note: CARE[care.below(CARE.length)]!
				});
				const e = write(giver.key, t, mirror.RECORD, body);
				write(receiver.key, t + calendar.HOUR_MS, mirror.CONFIRM, mirror.confirmBody(idOf(e)));
			}
		}
		// The scorecard: now and then a repair, a dependency reversed, a dispute settled or a decision
		// (most needed nobody's permission), seconded by another member; a sufficiency round a season.
		if (d % 17 === 6 || d % 91 === 30) {
			const t = afternoon + 45 * 60_000;
			const here = active(t).filter((m) => !(m === drifting && d >= driftDay));
			const by = here[care.below(here.length)]!;
			const seconder = here.filter((m) => m !== by)[care.below(here.length - 1)]!;
			const on = t - 3 * calendar.HOUR_MS;
			const e =
				d % 91 === 30
					? write(
							by.key,
							t,
							score.ROUND,
							score.roundBody({
								answers: ROUNDS[Math.floor(d / 91) % ROUNDS.length]!,
								on,
								what: 'At the work day'
							})
						)
					: write(by.key, t, score.RECORD, score.recordBody({ ...SCORE[care.below(SCORE.length)]!, on }));
			write(seconder.key, t + calendar.HOUR_MS, score.SECOND, score.secondBody(idOf(e)));
		}
		// Every nine days someone asks for hours they gave; the payer pays it the next day.
		if (d % 9 === 4) {
			const here = active(afternoon);
			const by = here[econ.below(here.length)]!;
			const others = here.filter((m) => m.key !== by.key);
			if (others.length) {
				const from = others[econ.below(others.length)]!;
				const amount = 50 * (1 + econ.below(4));
				const memo = REQUESTS[econ.below(REQUESTS.length)]!;
				const e = write(by.key, afternoon + 60_000, credit.REQUEST, { from: from.key, amount, memo });
				openRequests.push({ id: idOf(e), by, from, amount, memo });
			}
		}
		if (d % 9 === 5) {
			for (const r of openRequests.splice(0)) {
				const here = active(afternoon);
				if (here.includes(r.from) && here.includes(r.by))
					pay(r.from.key, r.by.key, afternoon + 120_000, r.amount, r.memo, r.id);
			}
		}
		if (d === 215 && n > 3) {
			// The member who left owes the circle what they had not paid back: three members decide
			// to write it off to the commons (nobody does it alone).
			const leaver = keys[n - 1]!;
			if (balance(leaver.key) !== 0) {
				const [by, ...seconds] = active(afternoon).slice(0, 3);
				const p = write(by!.key, afternoon, credit.WRITE_OFF, {
					member: leaver.key,
					reason: 'Moved to another town; we wish them well.'
				});
				for (const m of seconds) write(m.key, afternoon, credit.SUPPORT, { proposal: idOf(p) });
				balances.set(leaver.key, 0);
			}
		}
		// Padding for benchmarks, shaped like a busy circle: mostly everyday payments, and every
		// tenth a small mandate done the same day.
		const remainingDays = totalDays - d;
		const perDay = padTo > entries.length ? Math.ceil((padTo - entries.length) / remainingDays / 2) : 0;
		for (let i = 0; i < perDay; i++) {
			const t = noon + 60_000 + i * 2000;
			const here = active(t);
			const who = pick(here);
			if (i % 10 === 4) {
				// A contribution, recorded by whoever received it.
				const to = pick(here.filter((m) => m.key !== who.key));
				write(
					to.key,
					t,
					mirror.RECORD,
					mirror.recordBody({
						kind: 'hours',
						amount: 15 * (1 + rng.below(8)),
						giver: who.key,
						receiver: to.key,
						on: t - calendar.HOUR_MS
					})
				);
				continue;
			}
			if (i % 10 === 9) {
				const p = write(
					who.key,
					t,
					mandate.PROPOSE,
					mandate.proposeBody(`Fix item ${entries.length}`, t + 7 * calendar.DAY_MS)
				);
				const drawn = fold().host.book(mandates).get(idOf(p))?.holder;
				if (drawn) write(drawn, t + 1000, mandate.DONE, mandate.doneBody(idOf(p)));
				continue;
			}
			for (let j = 0; j < 2; j++) {
				const amount = 25 * (1 + rng.below(12));
				const from = payerFor(j === 0 ? who : pick(here), here, amount);
				const to = pick(here.filter((m) => m.key !== from.key));
				const memo = TRANSFERS[rng.below(TRANSFERS.length)]!;
				pay(from.key, to.key, t + j * 500, amount, memo);
			}
		}
		if (d === 60) {
			// A recall: three members vote to end a mandate that drifted.
			const t = day(d) + 15 * calendar.HOUR_MS;
			const m = state(t).mandates.find((x) => x.status === 'open' && x.holder);
			if (m) {
				let k = 0;
				for (const v of active(t)) {
					if (v.key === m.holder || k >= 3) continue;
					write(
						v.key,
						t + k * 60_000,
						mandate.RECALL_VOTE,
						mandate.recallVoteBody(m.id, 'No news for three weeks.')
					);
					k++;
				}
			}
		}
		if (d === 100) {
			// A temperature check: the facilitator who held the floor sits out four weeks, proposed
			// by one member and supported by two more (the default threshold: nobody benches alone).
			const t = day(d) + 20 * calendar.HOUR_MS;
			const fac = state(t).roles.find((r) => r.role.id === 'facilitator')?.current?.holders[0];
			const [by, ...seconds] = active(t)
				.filter((m) => m.key !== fac)
				.slice(0, 3);
			if (fac && by) {
				const proposal = write(
					by.key,
					t,
					'member.bench',
					benchBody(
						fac,
						'facilitator',
						t + 28 * calendar.DAY_MS,
						'Named most often in the temperature check.'
					)
				);
				for (const m of seconds) write(m.key, t, BENCH_SECOND, benchSecondBody(idOf(proposal)));
			}
		}
		if (d === 130) {
			const m = active(noon)[1 % active(noon).length]!;
			write(
				m.key,
				noon,
				'member.absence',
				absenceBody(noon + 10 * calendar.DAY_MS, noon + 40 * calendar.DAY_MS, 'Visiting family.')
			);
		}
		if (d === 150) {
			// The steward steps down early: a handoff to celebrate.
			const t = day(d) + 16 * calendar.HOUR_MS;
			const cur = state(t).roles.find((r) => r.role.id === 'steward')?.current;
			if (cur && cur.holders[0])
				write(
					cur.holders[0],
					t,
					'role.stepdown',
					stepdownBody('steward', cur.term, 'Starting a new job; thank you all.')
				);
		}
		if (d === 200 && n > 3) {
			const leaver = keys[n - 1]!;
			const e = write(leaver.key, noon, membership.LEAVE, {});
			members.set(leaver.key, { ...members.get(leaver.key)!, until: e.hlc[0] });
		}
		if (d === 260) {
			// Three members press reset within two days.
			const callers = active(noon).slice(-3);
			nextBoundary = 0;
			callers.forEach((c, i) =>
				write(
					c.key,
					noon + i * 20 * calendar.HOUR_MS,
					reset.CALL,
					reset.callBody('Decisions keep happening outside meetings.')
				)
			);
		}
		// Decisions by consent (issue 10): one in force with a volunteer, one amended after an
		// objection and then consented to, and, near the end, a decision and a mandate still waiting.
		if ((d === totalDays - 40 || d === totalDays - 25) && active(noon).length >= 5) {
			const ks = active(noon);
			const amended = d === totalDays - 25;
			const [proposer, volunteer, objector] = amended ? [ks[2]!, ks[0]!, ks[4]!] : [ks[1]!, ks[3]!, null];
			const title = amended ? 'Buy a second extension ladder' : 'Open the shed on Sunday mornings';
			const p = write(proposer.key, noon, decision.PROPOSE, decision.proposeBody({ title, outside: false }));
			const id = idOf(p);
			let version = 1;
			if (objector) {
				write(
					objector.key,
					noon + 20 * 60_000,
					decision.OBJECT,
					decision.objectionBody(id, 'We have nowhere dry to keep a second long ladder.', 1)
				);
				version = 2;
				write(
					proposer.key,
					noon + 40 * 60_000,
					decision.AMEND,
					decision.amendBody(id, { title: 'Buy a folding ladder that fits the shed', outside: false })
				);
			}
			write(volunteer.key, noon + 50 * 60_000, decision.VOLUNTEER, decision.volunteerBody(id));
			ks.filter((k) => k !== proposer).forEach((k, i) =>
				write(
					k.key,
					noon + (60 + 10 * i) * 60_000,
					i % 3 === 2 ? decision.STAND_ASIDE : decision.CONSENT,
					decision.answerBody(id, '', version)
				)
			);
		}
		if (d === totalDays - 3 && active(noon).length >= 4) {
			const ks = active(noon);
			const p = write(
				ks[0]!.key,
				noon,
				decision.PROPOSE,
				decision.proposeBody({ title: 'Ask the council for the empty lot', outside: true })
			);
			write(ks[1]!.key, noon + calendar.HOUR_MS, decision.CONSENT, decision.answerBody(idOf(p), '', 1));
			const m = write(
				ks[2]!.key,
				noon + 2 * calendar.HOUR_MS,
				mandate.PROPOSE,
				mandate.proposeRoundBody('Oil the shed’s hinges and locks', noon + 40 * calendar.DAY_MS)
			);
			write(ks[3]!.key, noon + 3 * calendar.HOUR_MS, mandate.CONSENT, mandate.answerBody(idOf(m), '', 1));
		}
		if (d === plannedDays - 20) {
			const c2 = { ...charter.defaultCharter(), ...privacy } as charter.CharterContent;
			c2.thresholds.recall = 4;
			ratifyByConsent(noon, c2, `${text} Recall now needs four of us.`, active(noon)[2] ?? null);
		}
	}
	const last = Math.max(end, clock + 1);
	for (const body of state(last).seals.due) write(pick(active(last)).key, last, 'rotation.seal', body);
	return { circle, name: 'Elm Street Tool Library', keys, entries, end: clock + 1 };
};

/** The shed's catalogue: name, category, replacement value. */
const TOOLS: [string, string, number][] = [
	['Cordless drill', 'Power tools', 120],
	['Circular saw', 'Power tools', 150],
	['Jigsaw', 'Power tools', 90],
	['Orbital sander', 'Power tools', 70],
	['Pressure washer', 'Cleaning', 200],
	['Carpet cleaner', 'Cleaning', 180],
	['Extension ladder', 'Ladders', 160],
	['Step ladder', 'Ladders', 60],
	['Wheelbarrow', 'Garden', 80],
	['Hedge trimmer', 'Garden', 110],
	['Lawn aerator', 'Garden', 60],
	['Pruning saw', 'Garden', 25],
	['Tile cutter', 'Hand tools', 75],
	['Stud finder', 'Hand tools', 30],
	['Socket set', 'Hand tools', 55],
	['Pipe wrench', 'Hand tools', 35],
	['Sewing machine', 'Crafts', 220],
	['Canning pot', 'Kitchen', 45],
	['Dehydrator', 'Kitchen', 90],
	['Camping tent', 'Outdoors', 140],
	['Angle grinder', 'Power tools', 95],
	['Router', 'Power tools', 130],
	['Heat gun', 'Power tools', 40],
	['Shop vacuum', 'Cleaning', 120],
	['Scaffold tower', 'Ladders', 400],
	['Lawn mower', 'Garden', 250],
	['Strimmer', 'Garden', 120],
	['Garden shredder', 'Garden', 300],
	['Post hole digger', 'Garden', 45],
	['Spirit level', 'Hand tools', 25],
	['Bolt cutters', 'Hand tools', 40],
	['Clamps, set of six', 'Hand tools', 45],
	['Soldering iron', 'Crafts', 35],
	['Knitting machine', 'Crafts', 150],
	['Stand mixer', 'Kitchen', 240],
	['Pasta maker', 'Kitchen', 50],
	['Folding gazebo', 'Outdoors', 120],
	['Camping stove', 'Outdoors', 60],
	['Bike repair stand', 'Bikes', 110],
	['Child bike trailer', 'Bikes', 180]
];

/** The demo charter's economy section: hours, to the hundredth; 20 down, 30 up. */
const ECONOMY = {
	unit: 'hours',
	decimals: 2,
	floor: -2000,
	ceiling: 3000,
	payeeMustAccept: false,
	support: 3
};

const REQUESTS = [
	'Two hours at the garden',
	'Helped with the move',
	'Fixed your bike',
	'Cooked for the swap'
];

const TRANSFERS = [
	'Borrowed the drill',
	'An hour of childcare',
	'Shared meal',
	'Bike repair',
	'Seedlings',
	'Ladder for a day'
];

const CARE = [
	'',
	'Helped at the work day',
	'Soup for the swap',
	'Showed how to sharpen',
	'Sat with the kids',
	'Fixed the gate',
	''
];

const SCORE: { kind: RecordKind; what: string; outside?: boolean }[] = [
	{ kind: 'repair', what: 'Mended the wheelbarrow tyre' },
	{ kind: 'repair', what: 'New cord on the hedge trimmer' },
	{ kind: 'dependency', what: 'Seedlings from our own trays, not the garden centre' },
	{ kind: 'dependency', what: 'Compost from our own bins' },
	{ kind: 'dispute', what: 'Who pays for the lost drill bit: settled at the meeting' },
	{ kind: 'decision', what: 'Open the shed on Sunday mornings', outside: false },
	{ kind: 'decision', what: 'A water butt on the shared wall', outside: true },
	{ kind: 'decision', what: 'Lend the ladder to the Oak Lane circle', outside: false }
];

const ROUNDS: { [A in Area]: Answer }[] = [
	{ tools: 'yes', time: 'partly', skills: 'partly', care: 'yes', space: 'no' },
	{ tools: 'yes', time: 'partly', skills: 'yes', care: 'yes', space: 'partly' },
	{ tools: 'yes', time: 'no', skills: 'yes', care: 'partly', space: 'partly' },
	{ tools: 'yes', time: 'partly', skills: 'yes', care: 'yes', space: 'yes' }
];

const TASKS = [
	'Fix the sharpening station',
	'Ask the council about the empty lot',
	'Organise the spring swap',
	'Write the loan rules card',
	'Repair the wheelbarrow',
	'Carry our charter to the Oak Lane circle'
];
