/**
 * Yjs sync (y-protocols: sync step 1, step 2, then live updates) over any FramePort,
 * with every message framed by chunk.ts so nothing over 16 KiB ever touches the wire.
 * The same code runs for QR pairing and for rooms.
 *
 * Messages (after reassembly), first byte is the kind — see docs/PROTOCOL.md "Sync channel":
 *   0 HELLO    UTF-8 JSON {"v":1,"circle":<id>,"name":<display name>}; sent first
 *   1 SYNC     a y-protocols sync message (step 1 / step 2 / update)
 *   2 APPLIED  empty: "your step 2 is applied here"
 *   3 ERROR    UTF-8 text for a person; the sender closes after it
 *   4 SYNC_Z   a SYNC payload compressed with raw DEFLATE (RFC 1951); used above 32 KiB
 *              (a first sync of 20,000 entries shrinks from 11.8 MB to 3.1 MB on the wire)
 *   5 PLAN     UTF-8 JSON {"entries":n,"slices":k}: what the answer to a step 1 carries
 *   6 FED_WANT    UTF-8 JSON {"federations":[{"id":<fed>,"ids":[<entry id>…]}]}: the federation
 *                 ledgers this side takes from this peer, with the entries it holds of each
 *   7 FED_ENTRIES UTF-8 JSON {"federation":<fed>,"entries":[…]}: what the peer lacks of one of them
 *   8 FED_END     empty: "every FED_ENTRIES for your FED_WANT is sent"
 *
 * Federation ledgers (issue 14, item 3) travel after the circle's own sync, only between phones
 * that both say `"fed":1` in HELLO: each side, once the circle is in sync here, says which
 * federation ledgers it takes (the state layer decides: those it holds, and those the circle's own
 * ledger has a mandate for), and each side answers with what the other lacks of each. Entries
 * for a ledger this side did not ask for are set aside whole; every entry is checked by the
 * caller as a file's entries are (core/federation takeCarried).
 *
 * A step 1 is answered with PLAN, then what the peer lacks as k SYNC updates ("slices",
 * slices.ts) that each apply on their own, then a closing step 2 (deletions, and anything
 * written meanwhile). The sender never waits for the receiver; the receiver applies, stores
 * and checks each slice as it arrives. A sync is complete when this side has applied the
 * peer's step 2 and the peer says APPLIED for ours. An applied slice is persisted by
 * y-indexeddb, so a sync cut halfway keeps every slice that arrived whole: the next sync
 * sends only what is still missing (the state vectors say what that is).
 */
import * as Y from 'yjs';
import { nextTask } from './next-task';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { deflateSync } from 'fflate';
import { MESSAGE_MAX, createAssembler, createSender, type FramePort } from './chunk';
import { InflateError, inflateRawCappedAsync } from './gzip';
import { planSlices } from './slices';
import { FILE_MAX } from '$lib/core/federation/carry';
import { CodedError, worded, type Failure } from './failure';

const HELLO = 0;
const SYNC = 1;
const APPLIED = 2;
const ERROR = 3;
const SYNC_Z = 4;
const PLAN = 5;
const FED_WANT = 6;
const FED_ENTRIES = 7;
const FED_END = 8;
/** The most federation ledgers one FED_WANT names (a circle takes part in a handful). */
export const FED_WANT_MAX = 64;
/** A peer announcing more entries than this is refused (T-flood): a real circle holds far fewer. */
export const PLAN_ENTRIES_MAX = 1_000_000;
/** Slices queued ahead of the channel: enough to keep it busy, few enough to bound memory. */
const SLICES_AHEAD = 3;
/** Sync payloads above this size travel compressed. */
const COMPRESS_ABOVE = 32 * 1024;
/**
 * A SYNC_Z payload unpacks to at most this many times its size (and never past MESSAGE_MAX,
 * the limit of an uncompressed message): Yjs updates of real entries shrink about 4:1 with
 * DEFLATE, a compression bomb by up to 1032:1 (T32). The floor keeps small messages easy.
 */
export const INFLATE_RATIO_MAX = 64;
const INFLATE_FLOOR = 1024 * 1024;
export const inflateLimit = (compressed: number): number =>
	Math.min(MESSAGE_MAX, Math.max(INFLATE_FLOOR, compressed * INFLATE_RATIO_MAX));

export interface Hello {
	circle: string;
	name: string;
}

export interface SyncSummary {
	newEntries: number;
	newMembers: number;
	bytesIn: number;
	bytesOut: number;
	peer: Hello;
	/** What the federation ledgers brought, when both phones exchanged them. */
	federations?: FederationsTaken;
}

/** What a sync's federation exchange brought: entries kept, and entries set aside with their code. */
export interface FederationsTaken {
	/** The ledgers that gained entries here. */
	ledgers: number;
	added: number;
	aside: { federation: string; id: string | null; code: string }[];
}

/**
 * The federation ledgers a phone exchanges over a sync channel (state/federation-sync.ts holds
 * the answers). `want` is asked once this side's circle sync is complete; `take` for each
 * ledger the other phone sends (`asked` false: this side did not ask for it, and takes nothing).
 */
export interface FederationExchange {
	want(): Promise<{ id: string; ids: string[] }[]>;
	/**
	 * For a path with no way back (the camera): the ledgers this phone holds that the circle has a
	 * mandate for, whole (the other phone cannot say what it lacks of them).
	 */
	offer?(): { id: string; entries: unknown[] }[];
	lacking(federation: string, ids: ReadonlySet<string>): unknown[];
	take(
		federation: string,
		entries: unknown[],
		asked: boolean
	): { added: number; aside: { id: string | null; code: string }[] };
}

export interface SyncProgress {
	direction: 'in' | 'out';
	done: number;
	total: number;
}

/** What the other phone announced it will send: the entries in its slices. */
export interface SyncPlan {
	entries: number;
	slices: number;
}

/**
 * A sync that stopped: a code the messages word (rule_sync_*), and the code of what a person can try
 * next (rule_sync_advice_*), worded when read.
 */
export class SyncFailure extends CodedError {
	constructor(
		code: string,
		readonly adviceCode: string,
		params?: Failure['params']
	) {
		super(code, params);
	}
	/** What a person can try next, in their language. */
	get advice(): string {
		return worded({ code: this.adviceCode });
	}
}

/** What one phone tells the other when it stops the sync (sent as a code; words on arrival). */
type PeerRefusal = 'not-protocol' | 'other-circle' | 'bad-plan' | 'bomb';
/** How each reads on the phone it was sent to. */
const PEER_REFUSED: Record<string, string> = {
	'not-protocol': 'sync-peer-not-protocol',
	'other-circle': 'sync-peer-other-circle',
	'bad-plan': 'sync-peer-bad-plan',
	bomb: 'sync-peer-bomb'
};

export interface ChannelSyncOptions {
	doc: Y.Doc;
	hello: Hello;
	/** Name of the Y.Map of entries (circle-doc's schema). */
	entriesKey?: string;
	onProgress?: (p: SyncProgress) => void;
	/** The other phone's announcement of how many entries its slices carry (for progress in entries). */
	onPlan?: (p: SyncPlan) => void;
	/** Entries applied to the doc from the other phone's slices so far (before they are checked). */
	onReceived?: (entries: number) => void;
	/** Called again for every later batch of live changes from this peer. */
	onChange?: (c: { newEntries: number; newMembers: number }) => void;
	/** The federation ledgers to exchange after the circle's sync (none without it). */
	federations?: FederationExchange;
}

export interface ChannelSync {
	/** Resolves when both sides hold each other's state, rejects with a SyncFailure. */
	done: Promise<SyncSummary>;
	/** Hello of the other side once it arrived. */
	peer(): Hello | null;
	/** Stops syncing and closes the port. */
	close(): void;
}

/** Words for a summary, in the member's language: "in sync — 3 new entries, 1 new member". */
export const describeSummary = (s: { newEntries: number; newMembers: number }): string => {
	if (s.newEntries === 0) return worded({ code: 'sync-summary-nothing' });
	const parts = [worded({ code: 'sync-summary-entries', params: { count: s.newEntries } })];
	if (s.newMembers > 0)
		parts.push(worded({ code: 'sync-summary-new-members', params: { count: s.newMembers } }));
	return worded({ code: 'sync-summary', params: { parts: parts.join(', ') } });
};

/**
 * Whether a stored value is an entry that adds a member, counted for the summary without parsing
 * every value (the session parses each once): canonical text sorts its members, so it ends with
 * `"type":…,"v":…}` (docs/protocol/entries.md); any other text naming such a type is parsed.
 */
const MEMBER_TAIL = /"type":"(?:member\.admit|circle\.genesis)","v":\d+\}$/;
const MEMBER_TYPES = new Set(['member.admit', 'circle.genesis']);
export const isMemberText = (value: unknown): boolean => {
	if (typeof value !== 'string') return false;
	if (MEMBER_TAIL.test(value.slice(-64))) return true;
	if (!value.includes('"member.admit"') && !value.includes('"circle.genesis"')) return false;
	try {
		const type = (JSON.parse(value) as { type?: unknown } | null)?.type;
		return typeof type === 'string' && MEMBER_TYPES.has(type);
	} catch {
		return false;
	}
};

const textEncoder = new TextEncoder();

const textDecoder = new TextDecoder();

const withKind = (kind: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array => {
	const out = new Uint8Array(payload.length + 1);
	out[0] = kind;
	out.set(payload, 1);
	return out;
};

export const syncOverPort = (port: FramePort, opts: ChannelSyncOptions): ChannelSync => {
	const { doc } = opts;
	const origin = Symbol('channel-sync');
	const entries = doc.getMap<string>(opts.entriesKey ?? 'entries');
	const sender = createSender(port);
	let peer: Hello | null = null;
	let gotStep2 = false;
	let gotApplied = false;
	let finished = false;
	let bytesIn = 0;
	let bytesOut = 0;
	let newEntries = 0;
	let newMembers = 0;
	const fed = opts.federations;
	/** The peer speaks the federation exchange too (HELLO "fed":1). */
	let peerFed = false;
	/** What this side asked for (null: not yet), and whether the peer has answered all of it. */
	let asked: Set<string> | null = null;
	let askedAt = false;
	let gotFedEnd = false;
	const fedTaken: FederationsTaken = { ledgers: 0, added: 0, aside: [] };
	let resolve!: (s: SyncSummary) => void;
	let reject!: (e: SyncFailure) => void;
	const done = new Promise<SyncSummary>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	// Callers that only watch progress must not see an unhandled rejection.
	done.catch(() => {});

	const send = (kind: number, payload?: Uint8Array, progress = false): Promise<void> => {
		const z = kind === SYNC && payload && payload.length > COMPRESS_ABOVE;
		const m = z ? withKind(SYNC_Z, deflateSync(payload, { level: 1 })) : withKind(kind, payload);
		bytesOut += m.length;
		return sender
			.send(m, progress ? (p) => opts.onProgress?.({ direction: 'out', ...p }) : undefined)
			.catch(() => fail(new SyncFailure('sync-send-failed', tryAgain)));
	};
	/** Tells the other side why we stop, then fails once the message is out. */
	const refusePeer = (toPeer: PeerRefusal, e: SyncFailure) => {
		if (finished) return;
		finished = true;
		stop();
		const closeAndReject = () => {
			try {
				port.close();
			} catch {
				/* already closed */
			}
			reject(e);
		};
		send(ERROR, textEncoder.encode(toPeer)).then(closeAndReject, closeAndReject);
	};

	const tryAgain = 'sync-advice-try-again';

	const cleanups: (() => void)[] = [];
	let stopped = false;
	const stop = () => {
		stopped = true;
		cleanups.splice(0).forEach((f) => f());
	};
	/**
	 * Messages are handled one after another in the order they came, each after the one before
	 * is done (inflating one is asynchronous: the browser's own DEFLATE), and so is the port's
	 * closing: a sync whose last message is still being read when the channel closes completes.
	 */
	let inbox: Promise<void> = Promise.resolve();
	const inOrder = (f: () => unknown) => {
		inbox = inbox.then(f).then(
			() => undefined,
			() => undefined
		);
	};
	const fail = (e: SyncFailure) => {
		if (finished) {
			stop();
			return;
		}
		finished = true;
		stop();
		try {
			port.close();
		} catch {
			/* already closed */
		}
		reject(e);
	};
	const maybeDone = () => {
		if (finished || !gotStep2 || !gotApplied || !peer) return;
		if (fed && peerFed) {
			if (!askedAt) {
				askedAt = true;
				void askFederations();
			}
			if (!gotFedEnd || asked === null) return;
		}
		finished = true;
		resolve({
			newEntries,
			newMembers,
			bytesIn,
			bytesOut,
			peer,
			...(fed && peerFed ? { federations: fedTaken } : {})
		});
	};

	/** Once the circle is in sync here: which federation ledgers this side takes, and what it holds of each. */
	const askFederations = async () => {
		let want: { id: string; ids: string[] }[];
		try {
			want = (await fed!.want()).slice(0, FED_WANT_MAX);
		} catch {
			want = [];
		}
		if (finished) return;
		asked = new Set(want.map((w) => w.id));
		void send(FED_WANT, textEncoder.encode(JSON.stringify({ federations: want })));
		maybeDone();
	};

	const fedJson = (body: Uint8Array): unknown => {
		try {
			return JSON.parse(textDecoder.decode(body)) as unknown;
		} catch {
			return null;
		}
	};

	/** The peer's FED_WANT: what it lacks of each ledger it names that this phone holds, then FED_END. */
	const answerFederations = (body: Uint8Array) => {
		const o = fedJson(body) as { federations?: unknown } | null;
		const list = Array.isArray(o?.federations) ? o.federations.slice(0, FED_WANT_MAX) : [];
		for (const w of list as { id?: unknown; ids?: unknown }[]) {
			if (typeof w?.id !== 'string' || !/^[0-9a-f]{32}$/.test(w.id) || !Array.isArray(w.ids)) continue;
			const ids = new Set(w.ids.filter((x): x is string => typeof x === 'string'));
			const entries = fed!.lacking(w.id, ids);
			if (entries.length > 0)
				void send(FED_ENTRIES, textEncoder.encode(JSON.stringify({ federation: w.id, entries })));
		}
		void send(FED_END);
	};

	/** One ledger's entries from the peer: taken only if this side asked for it (the caller checks each). */
	const takeFederation = (body: Uint8Array) => {
		// No larger than a federation file a phone reads: the same limit by either path.
		if (body.length > FILE_MAX) {
			fedTaken.aside.push({ federation: '', id: null, code: 'fed-file-large' });
			return;
		}
		const o = fedJson(body) as { federation?: unknown; entries?: unknown } | null;
		if (typeof o?.federation !== 'string' || !Array.isArray(o.entries)) {
			fedTaken.aside.push({ federation: '', id: null, code: 'fed-carry-unreadable' });
			return;
		}
		let r: ReturnType<FederationExchange['take']>;
		try {
			r = fed!.take(o.federation, o.entries, asked?.has(o.federation) ?? false);
		} catch {
			// The phone could not keep them (its storage full): what it held stays, the circle's sync stands.
			fedTaken.aside.push({ federation: o.federation, id: null, code: 'fed-carry-unstored' });
			return;
		}
		if (r.added > 0) fedTaken.ledgers++;
		fedTaken.added += r.added;
		for (const a of r.aside) fedTaken.aside.push({ federation: o.federation, ...a });
	};

	const onEntries = (event: Y.YMapEvent<string>, tr: Y.Transaction) => {
		if (tr.origin !== origin) return;
		let e = 0;
		let m = 0;
		event.changes.keys.forEach((change, key) => {
			if (change.action !== 'add') return;
			e++;
			// Read from the text's end, not parsed: the session parses each value once (unreadable
			// values are the ledger's business, quarantine).
			if (isMemberText(entries.get(key))) m++;
		});
		newEntries += e;
		newMembers += m;
		if (finished && e > 0) opts.onChange?.({ newEntries: e, newMembers: m });
	};
	entries.observe(onEntries);
	cleanups.push(() => entries.unobserve(onEntries));

	const onUpdate = (update: Uint8Array, from: unknown) => {
		if (from === origin || !peer) return;
		const enc = encoding.createEncoder();
		syncProtocol.writeUpdate(enc, update);
		send(SYNC, encoding.toUint8Array(enc));
	};
	doc.on('update', onUpdate);
	cleanups.push(() => doc.off('update', onUpdate));

	const handle = async (m: Uint8Array) => {
		if (stopped) return;
		bytesIn += m.length;
		let kind = m[0];
		let body = m.subarray(1);
		if (kind === SYNC_Z) {
			try {
				body = await inflateRawCappedAsync(body, inflateLimit(body.length));
				if (stopped) return;
			} catch (err) {
				if (err instanceof InflateError && err.code === 'inflate-too-long')
					return refusePeer('bomb', new SyncFailure('sync-bomb', 'sync-advice-other-path'));
				return fail(new SyncFailure('sync-damaged', tryAgain));
			}
			kind = SYNC;
		}
		if (kind === HELLO) {
			let h: unknown;
			try {
				h = JSON.parse(textDecoder.decode(body));
			} catch {
				h = null;
			}
			const o = h as Partial<Hello> | null;
			if (!o || typeof o.circle !== 'string' || typeof o.name !== 'string') {
				return refusePeer('not-protocol', new SyncFailure('sync-not-protocol', updateBoth));
			}
			if (o.circle !== opts.hello.circle) {
				return refusePeer(
					'other-circle',
					new SyncFailure('sync-other-circle', 'sync-advice-same-circle', { name: String(o.name) })
				);
			}
			peer = { circle: o.circle, name: o.name };
			peerFed = (o as { fed?: unknown }).fed === 1;
			return;
		}
		if (!peer) return fail(new SyncFailure('sync-no-hello', updateBoth));
		if (kind === PLAN) {
			let p: unknown;
			try {
				p = JSON.parse(textDecoder.decode(body));
			} catch {
				p = null;
			}
			const o = p as Partial<SyncPlan> | null;
			if (
				!o ||
				!Number.isSafeInteger(o.entries) ||
				!Number.isSafeInteger(o.slices) ||
				o.entries! < 0 ||
				o.slices! < 0 ||
				o.entries! > PLAN_ENTRIES_MAX
			)
				return refusePeer('bad-plan', new SyncFailure('sync-bad-plan', updateBoth));
			opts.onPlan?.({ entries: o.entries!, slices: o.slices! });
			return;
		}
		if (kind === SYNC && body[0] === syncProtocol.messageYjsSyncStep1) {
			let sv: Map<number, number>;
			try {
				const d = decoding.createDecoder(body);
				decoding.readVarUint(d);
				sv = Y.decodeStateVector(decoding.readVarUint8Array(d));
			} catch {
				return fail(new SyncFailure('sync-unreadable', updateBoth));
			}
			void sendSlices(sv);
			return;
		}
		if (kind === SYNC) {
			const decoder = decoding.createDecoder(body);
			const reply = encoding.createEncoder();
			let type: number;
			try {
				// A slice or step 2 that Yjs cannot read fails the sync (y-protocols would only log it).
				type = syncProtocol.readSyncMessage(decoder, reply, doc, origin, (e: Error) => {
					throw e;
				});
			} catch {
				return fail(new SyncFailure('sync-unreadable', updateBoth));
			}
			if (type === syncProtocol.messageYjsUpdate && !gotStep2) opts.onReceived?.(newEntries);
			if (type === syncProtocol.messageYjsSyncStep2) {
				gotStep2 = true;
				send(APPLIED);
			}
		} else if (kind === APPLIED) {
			gotApplied = true;
		} else if (kind === FED_WANT && fed) {
			answerFederations(body);
		} else if (kind === FED_ENTRIES && fed) {
			takeFederation(body);
		} else if (kind === FED_END) {
			gotFedEnd = true;
		} else if (kind === ERROR) {
			// A code from this version (worded here), or an older phone's own words, shown as sent.
			const why = textDecoder.decode(body);
			return fail(
				Object.hasOwn(PEER_REFUSED, why)
					? new SyncFailure(PEER_REFUSED[why]!, tryAgain)
					: new SyncFailure('sync-peer-stopped', tryAgain, { why })
			);
		}
		maybeDone();
	};

	const updateBoth = 'sync-advice-update';

	/**
	 * Answers the peer's step 1: PLAN, then what it lacks as slices it can apply one by one
	 * (slices.ts), then a closing step 2 for the state the slices end at (deletions and anything
	 * written meanwhile). Nothing waits for the peer: the only pause is the channel's own
	 * backpressure, with a few slices queued ahead so the link never idles.
	 */
	const sendSlices = async (sv: Map<number, number>) => {
		const plan = planSlices(doc, sv, opts.entriesKey ?? 'entries');
		void send(PLAN, textEncoder.encode(JSON.stringify({ entries: plan.entries, slices: plan.count })));
		const inFlight: Promise<void>[] = [];
		for (let k = 0; k < plan.count; k++) {
			if (inFlight.length >= SLICES_AHEAD) await inFlight.shift();
			// One slice per task: encoding and compressing the next one never joins the last in
			// one long task, so the sender's page stays responsive.
			if (k > 0) await nextTask();
			if (finished) return;
			const enc = encoding.createEncoder();
			syncProtocol.writeUpdate(enc, plan.slice(k));
			const at = k + 1;
			inFlight.push(
				send(SYNC, encoding.toUint8Array(enc)).then(() =>
					opts.onProgress?.({ direction: 'out', done: at, total: plan.count })
				)
			);
		}
		const step2 = encoding.createEncoder();
		syncProtocol.writeSyncStep2(step2, doc, Y.encodeStateVector(plan.until));
		void send(SYNC, encoding.toUint8Array(step2));
	};
	const asm = createAssembler({
		onMessage: (m) => inOrder(() => handle(m)),
		onProgress: (p) => opts.onProgress?.({ direction: 'in', done: p.done, total: p.total }),
		onError: () => fail(new SyncFailure('sync-damaged', tryAgain))
	});
	cleanups.push(port.onMessage((f) => asm.push(f)));
	cleanups.push(
		port.onClose(() => {
			asm.reset();
			inOrder(() => closed());
		})
	);
	function closed() {
		if (!finished) fail(new SyncFailure('sync-closed', tryAgain));
		else stop();
	}

	send(
		HELLO,
		textEncoder.encode(
			JSON.stringify({ v: 1, circle: opts.hello.circle, name: opts.hello.name, ...(fed ? { fed: 1 } : {}) })
		)
	);
	const step1 = encoding.createEncoder();
	syncProtocol.writeSyncStep1(step1, doc);
	send(SYNC, encoding.toUint8Array(step1));

	return {
		done,
		peer: () => peer,
		close: () => {
			stop();
			if (!finished) {
				finished = true;
				reject(new SyncFailure('sync-stopped', tryAgain));
			}
			port.close();
		}
	};
};
